"""The docs show what the code does: every example shown with its output prints exactly that, and CI
runs the README's set-up and test commands.

A runnable example is a fenced block whose info string is `console`: each line that starts with
`$ ` is a command, run with bash in a scratch directory that holds a copy of `seeds/` (this
checkout's `cleantext` and `python` first on PATH); the lines after it, up to the next `$ `
line, are exactly what it prints, standard output and standard error together. A command shown
without its output goes in an `sh` block, which is not run (and may not hold a `$ ` prompt).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
ENV = {
    **os.environ,
    "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}


class Example(NamedTuple):
    where: str
    command: str
    output: str


def _blocks(language: str) -> list[tuple[str, str]]:
    """The fenced blocks of `language` in the docs, each with where it starts."""
    found = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) == language:
                line = text.count("\n", 0, match.start()) + 1
                found.append((f"{doc.relative_to(ROOT)}:{line}", match.group(2)))
    return found


def _examples() -> list[Example]:
    examples = []
    for where, body in _blocks("console"):
        command: str | None = None
        output: list[str] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    examples.append(Example(where, command, "".join(output)))
                command, output = line[2:], []
            else:
                assert command is not None, f"{where}: a console block starts with a '$ ' command"
                output.append(line + "\n")
        assert command is not None, f"{where}: a console block holds at least one '$ ' command"
        examples.append(Example(where, command, "".join(output)))
    return examples


EXAMPLES = _examples()


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.where} {e.command[:40]}" for e in EXAMPLES])
def test_example_prints_what_the_docs_show(example: Example, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    done = subprocess.run(
        ["bash", "-c", example.command],
        cwd=tmp_path,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=120,
    )
    assert done.stdout == example.output, f"{example.where}: $ {example.command}"


def test_docs_have_runnable_examples_and_no_output_outside_them() -> None:
    assert any(e.where.startswith("docs/cli.md") for e in EXAMPLES)
    for language in ("sh", "bash", "shell", ""):
        for where, body in _blocks(language):
            prompts = [line for line in body.splitlines() if line.startswith("$ ")]
            assert not prompts, f"{where}: a command shown with its output goes in a console block"


def _commands(script: str) -> list[str]:
    """The commands of a shell script, one per '&&' or line, with comments, quiet flags and
    redirections of output dropped, so that CI and the README can be compared."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        for command in line.split(" && "):
            words = [word for word in command.split() if word not in ("-q", "--quiet")]
            if ">" in words:
                words = words[: words.index(">")]
            commands.append(" ".join(words))
    return commands


def test_ci_runs_the_readme_set_up_and_test_commands() -> None:
    """.ci/run installs as the README's first command does and ends with its test command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up, test = FENCE.findall(readme)[0][1].splitlines()
    ci = _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    steps = _commands(set_up)
    assert [c for c in ci if c in steps] == steps, ".ci/run must run the README's set-up, in order"
    assert "pip install --upgrade pip" in steps[1]  # before any extra is installed
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("\n" + test)
