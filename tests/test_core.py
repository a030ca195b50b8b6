"""The compiled core against its pure-Python reference: the same page table, the same decisions."""

from __future__ import annotations

import gzip
import importlib.util
import json
import shutil
import sysconfig
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Options, explain
from cleantext.core import core_status
from cleantext.model import default_model
from cleantext.page import build_page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
SOURCE = ROOT / "src" / "cleantext" / "_core.pyx"

compiled = pytest.mark.skipif(core_status() != "compiled", reason=f"the compiled core is {core_status()}")


def _compiler() -> str | None:
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return shutil.which(cc)


def test_the_core_is_built_and_current_where_a_compiler_is() -> None:
    # An install with a C compiler builds the core (pip install -e .); a build older than its
    # source is refused, not used: rebuild it.
    if _compiler() is None:
        pytest.skip("no C compiler here: cleantext runs in pure Python")
    assert SOURCE.exists()
    assert core_status() == "compiled"


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine must be 'auto', 'compiled' or 'python'"):
        Options(engine="gpu")


def _decisions(text: str, engine: str) -> list[tuple[object, ...]]:
    result = explain(text, engine=engine)
    return [(b.text, b.start, b.end, b.kept, b.reason, dict(b.detail), b.duplicate_of) for b in result.blocks]


def _tables(text: str, engine: str, fix_unicode: bool = True) -> object:
    return build_page(text, Options(engine=engine, fix_unicode=fix_unicode), default_model())


@compiled
def test_both_engines_build_the_same_table_and_decide_alike_on_every_dev_page() -> None:
    if not DATA.exists():
        pytest.skip(f"benchmark data not found at {DATA} (a user's clone has no ../shared)")
    html_parser = importlib.util.find_spec("selectolax") is not None
    differ = []
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        for line in lines:
            page = json.loads(line)
            for text in (page["text"], page["gold"]):
                if _tables(text, "python") != _tables(text, "compiled"):
                    differ.append((page["id"], "table"))
            if _decisions(page["text"], "python") != _decisions(page["text"], "compiled"):
                differ.append((page["id"], "decisions"))
            if html_parser and _decisions(page["html"], "python") != _decisions(page["html"], "compiled"):
                differ.append((page["id"], "html decisions"))
    assert differ == []


# Text with what the core reads character by character: line breaks of every kind, hard wraps,
# white space and invisible characters, sentence ends and closers, separators, digits of other
# scripts, mojibake, entities, surrogates, combining marks, and letters whose case is special;
# and lines of code and table rows, with what each rule of codeline.py and layout.py reads.
_PIECES = st.sampled_from(
    [
        "def mean(values):",
        "    total = 0",
        "  for v in values:",
        "\tif (x > 0) {",
        "return total / len(values)",
        "return",
        "break;",
        "}",
        "});",
        "else:",
        "while True:",
        "for example:",
        "class Foo(Base):",
        "async def f(x):",
        "pub fn main() {",
        "export const x = 1",
        "let y = f(a, b);",
        "int n = 0;",
        "x = 1",
        "x += 1",
        "a == b",
        "x\u200b = 1",
        "print(x)",
        "foo()",
        "app.run()",
        ".then(r => r.json())",
        "@app.route('/')",
        "@user",
        '"key": 1,',
        "import os, sys as s",
        "import React from 'react';",
        "from a import b",
        "package main",
        "#include <stdio.h>",
        "#!/bin/sh",
        "# comment",
        "#news",
        "// note",
        "<div>",
        "$ pip install cleantext",
        "$ 5",
        ">>> clean('x')",
        "... more",
        "user@host:~$ ls -la",
        "git clone x",
        "go build ./...",
        "go home",
        "make",
        "SELECT a, b",
        "FROM users",
        "WITH LOVE",
        "services:",
        "- name: x",
        "- Flour",
        "```",
        "~~~",
        "body {",
        "margin: 0;",
        "the second item;",
        "\\",
        "| a | b |",
        "|---|:-:|",
        "a | b",
        "\\|",
        "+--+--+",
        "a\tb",
        "a\t\tb \t c",
        "\u00a0\u00a0y = 2",
        "The council met on Monday.",
        "and it went on",
        "Read more",
        "Home | News | Sport",
        "© 2024",
        "(c) 2023 Acme",
        "https://example.com",
        "mail@example.org",
        "1. First",
        "– item",
        "Café",
        "CafÃ©",
        "&amp;",
        "&#8217;",
        "\u00a0|",
        "...",
        "\u2026",
        "\u3002",
        "İstanbul",
        "ΟΔΟΣ",
        "Straße",
        "٣٤٥",
        "e\u0301",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\ud800",
        "\x1b[0m",
        "\t",
        "  ",
        "\r\n",
        "\n",
        "\n\n",
        "\r",
        "\u2028",
        "\u0085",
        "Jan 5",
        "12/03/2024",
        "$5",
        "5 EUR",
        "» ",
        '"',
        "?",
        ":",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=40).map("".join)


@compiled
@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_both_engines_agree_on_any_text(text: str, fix_unicode: bool) -> None:
    assert _tables(text, "python", fix_unicode) == _tables(text, "compiled", fix_unicode)
    assert _decisions(text, "python") == _decisions(text, "compiled")
