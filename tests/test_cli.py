"""The command line: inputs, outputs, JSONL, options, explain formats, bad input, Ctrl-C."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cleantext import PRESETS, clean, explain
from cleantext.cli import main
from cleantext.pipeline import tally

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"
GOLDEN = ROOT / "tests" / "golden"
PAGES = [SEED, *sorted(p for p in GOLDEN.glob("*.txt") if ".expected" not in p.name)]
BOILERPLATE = "Skip to content\n\nShare on Facebook\n\nAll rights reserved."
SCRIPT = Path(sys.executable).with_name("cleantext")
# Subprocesses run this checkout's code, whatever else is installed.
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}

Capture = pytest.CaptureFixture[str]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def _records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _expected_jsonl(records: list[dict[str, str]]) -> str:
    return "".join(json.dumps({**r, "clean": clean(r["text"])}) + "\n" for r in records)


# -- files, directories, standard input ------------------------------------------------------


def test_help_explains_every_option_with_an_example(capsys: Capture) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in (
        "--output", "--glob", "--encoding", "--jsonl", "--field", "--output-field", "--id-field", "--fail-fast",
        "--explain", "--format", "--jobs", "--progress", "--language", "--preset", "--rules",
        "--min-content-score", "--fuzzy-min-score", "--teaser-min-score", "--sentence-repeat-min-words",
        "--no-fix-unicode", "--stats", "--stats-json", "drop-phrase:", "exit status",
    ):  # fmt: skip
        assert option in out
    assert out.count("e.g.") >= 10
    assert main(["report", "--help"]) == 0
    assert "HTML" in capsys.readouterr().out


def test_several_files_are_separated_by_a_blank_line(capsys: Capture) -> None:
    # Six files make two chunks of pages (CHUNKSIZE 4): they run on two worker processes.
    files = [PAGES[1], PAGES[2]] * 3
    assert main([*map(str, files), "-j", "2"]) == 0
    expected = "\n\n".join(clean(p.read_text(encoding="utf-8")) for p in files)
    assert capsys.readouterr().out == expected + "\n"


def test_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    _stdin(monkeypatch, SEED.read_bytes())
    assert main([]) == 0
    assert capsys.readouterr().out == clean(SEED.read_text(encoding="utf-8")) + "\n"


@pytest.mark.parametrize("data", [b"", SEED.read_bytes()])
def test_dash_names_standard_input_and_empty_input_gives_nothing(
    data: bytes, monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    _stdin(monkeypatch, data)
    assert main(["-", "-j", "1"]) == 0
    body = clean(data.decode("utf-8"))
    assert capsys.readouterr() == (body + "\n" if body else "", "")


def test_directory_to_a_mirrored_tree(tmp_path: Path, capsys: Capture) -> None:
    tree = tmp_path / "in"
    (tree / "news" / "de").mkdir(parents=True)
    (tree / "news" / "de" / "stadtrat.txt").write_bytes(PAGES[1].read_bytes())
    (tree / "seed.txt").write_bytes(SEED.read_bytes())
    (tree / "notes.md").write_text("not a page", encoding="utf-8")
    (tree / "empty.txt").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(tree), "-o", str(out), "-j", "2"]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["empty.txt", "news/de/stadtrat.txt", "seed.txt"]
    assert (out / "seed.txt").read_text(encoding="utf-8") == clean(SEED.read_text(encoding="utf-8")) + "\n"
    assert (out / "empty.txt").read_text(encoding="utf-8") == ""
    assert main([str(tree), "--glob", "*.md", "-o", str(tmp_path / "md")]) == 0
    assert (tmp_path / "md" / "notes.md").exists()
    assert capsys.readouterr().err == ""


def test_a_directory_without_matching_files_says_so(tmp_path: Path, capsys: Capture) -> None:
    assert main([str(tmp_path)]) == 0
    assert "no files match '*.txt'" in capsys.readouterr().err


def test_output_file(tmp_path: Path) -> None:
    out = tmp_path / "seed.clean.txt"
    assert main([str(SEED), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == clean(SEED.read_text(encoding="utf-8")) + "\n"


def test_unreadable_file_is_one_line_and_the_others_go_through(tmp_path: Path, capsys: Capture) -> None:
    missing = tmp_path / "missing.txt"
    assert main([str(missing), str(SEED), "-j", "2"]) == 1
    captured = capsys.readouterr()
    assert captured.out == clean(SEED.read_text(encoding="utf-8")) + "\n"
    assert captured.err == f"cleantext: {missing}: No such file or directory\n"


def test_fail_fast_stops_at_the_first_unreadable_file(tmp_path: Path, capsys: Capture) -> None:
    assert main([str(tmp_path / "missing.txt"), str(SEED), "--fail-fast", "-j", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "--fail-fast" in captured.err


@pytest.mark.parametrize("text", ["", "\n\n  \n", BOILERPLATE])
def test_empty_pages_give_an_empty_body_not_an_error(text: str, tmp_path: Path, capsys: Capture) -> None:
    page = tmp_path / "page.txt"
    page.write_text(text, encoding="utf-8")
    assert main([str(page)]) == 0
    assert capsys.readouterr() == (clean(text) + "\n" if clean(text) else "", "")


def test_invalid_utf8_is_replaced_and_counted(tmp_path: Path, capsys: Capture) -> None:
    page = tmp_path / "latin1.txt"
    body = "The café on the corner reopens next week after a long renovation of its kitchen and terrace."
    page.write_bytes(body.encode("latin-1") + "\n\nA legit \ufffd stays.".encode())
    assert main([str(page)]) == 0
    captured = capsys.readouterr()
    assert "caf\ufffd on the corner" in captured.out
    assert captured.err == (
        f"cleantext: {page}: replaced 1 undecodable byte sequence(s) with U+FFFD "
        "(decoded as utf-8; see --encoding)\n"
    )
    assert main([str(page), "--encoding", "cp1252"]) == 0
    assert "café on the corner" in capsys.readouterr().out


# -- JSONL --------------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_keeps_order_and_fields_and_adds_the_body(jobs: str, tmp_path: Path, capsys: Capture) -> None:
    records = [
        {"id": n, "text": p.read_text(encoding="utf-8"), "meta": {"n": [n]}} for n, p in enumerate(PAGES)
    ]
    source = _jsonl(tmp_path / "in.jsonl", records * 3)
    assert main(["--jsonl", str(source), "-j", jobs, "--no-progress"]) == 0
    out = _records(capsys.readouterr().out)
    assert out == [{**r, "clean": clean(r["text"])} for r in records * 3]  # type: ignore[arg-type]


def test_jsonl_field_names_gzip_and_output_file(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"body": SEED.read_text(encoding="utf-8"), "url": "u"}) + "\n")
    out = tmp_path / "out.jsonl"
    assert (
        main(["--jsonl", str(source), "--field", "body", "--output-field", "body_clean", "-o", str(out)]) == 0
    )
    [record] = _records(out.read_text(encoding="utf-8"))
    assert list(record) == ["body", "url", "body_clean"]
    assert record["body_clean"] == clean(SEED.read_text(encoding="utf-8"))


def test_jsonl_output_field_replaces_an_existing_field(tmp_path: Path, capsys: Capture) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [{"clean": "stale", "text": BOILERPLATE, "id": 3}])
    assert main(["--jsonl", str(source)]) == 0
    assert _records(capsys.readouterr().out) == [{"clean": clean(BOILERPLATE), "text": BOILERPLATE, "id": 3}]


def test_jsonl_byte_order_mark_at_the_start_is_skipped(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'\xef\xbb\xbf{"text": "Menu"}\r\n{"text": "Home"}\r\n')
    assert main(["--jsonl", str(source)]) == 0
    assert capsys.readouterr() == (_expected_jsonl([{"text": "Menu"}, {"text": "Home"}]), "")


def test_jsonl_encoding_option_decodes_every_record(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes('{"text": "café"}\n{"text": "naïve"}\n'.encode("cp1252"))
    assert main(["--jsonl", str(source), "--encoding", "cp1252"]) == 0
    captured = capsys.readouterr()
    assert [r["text"] for r in _records(captured.out)] == ["café", "naïve"]
    assert captured.err == ""


def test_jsonl_from_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: Capture) -> None:
    _stdin(monkeypatch, b'{"text": "Menu"}\n{"text": ""}\n')
    assert main(["--jsonl"]) == 0
    assert _records(capsys.readouterr().out) == [
        {"text": "Menu", "clean": clean("Menu")},
        {"text": "", "clean": ""},
    ]


def test_jsonl_bad_records_become_error_records_in_place(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"text": BOILERPLATE}),
        '{"text": "unterminated',
        json.dumps({"body": "x", "id": 7}),
        json.dumps({"text": None}),
        json.dumps({"text": 12}),
        json.dumps(["text"]),
        json.dumps({"text": SEED.read_text(encoding="utf-8")}),
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--jsonl", str(source), "-j", "2"]) == 1
    captured = capsys.readouterr()
    out = _records(captured.out)
    assert len(out) == len(lines)
    assert out[0] == {"text": BOILERPLATE, "clean": clean(BOILERPLATE)}
    assert out[1] == {"line": 2, "error": "invalid JSON: Unterminated string starting at column 10"}
    assert out[2] == {
        "line": 3,
        "id": 7,
        "error": "no field 'text'; fields: body, id (pick one with --field)",
    }
    assert out[3] == {"line": 4, "error": "field 'text' is null, not a string"}
    assert out[4] == {"line": 5, "error": "field 'text' is a number, not a string"}
    assert out[5] == {"line": 6, "error": "expected a JSON object, got an array"}
    assert out[6]["clean"] == clean(SEED.read_text(encoding="utf-8"))
    errors = captured.err.splitlines()
    where = [f"line {r['line']}" + (" (id=7)" if "id" in r else "") for r in out[1:6]]
    assert errors == [f"cleantext: {source}: {w}: {r['error']}" for w, r in zip(where, out[1:6])]


def test_jsonl_error_records_carry_the_record_identifiers(tmp_path: Path, capsys: Capture) -> None:
    """A failed record can be traced to its source in a dump of millions of lines."""
    url = "https://example.com/a?x=1"
    source = _jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a1", "url": url, "body": "no text field", "meta": {"n": 1}},
            {"url": url, "text": None},
            {"doc": [5, "b"], "text": 3},
            {"id": 9, "text": "Menu"},
        ],
    )
    with source.open("a", encoding="utf-8") as handle:
        handle.write('{"id": 10, "text": \n["id", 11]\n')
    assert main(["--jsonl", str(source)]) == 1
    captured = capsys.readouterr()
    missing = "no field 'text'; fields: id, url, body, meta (pick one with --field)"
    assert _records(captured.out) == [
        {"line": 1, "id": "a1", "url": url, "error": missing},
        {"line": 2, "url": url, "error": "field 'text' is null, not a string"},
        {"line": 3, "error": "field 'text' is a number, not a string"},
        {"id": 9, "text": "Menu", "clean": clean("Menu")},
        {"line": 5, "error": "invalid JSON: Expecting value at column 20"},  # not parsed: no identifiers
        {"line": 6, "error": "expected a JSON object, got an array"},
    ]
    assert f'line 1 (id="a1", url="{url}"): no field' in captured.err
    assert main(["--jsonl", str(source), "--id-field", "doc", "--id-field", "id"]) == 1
    out = _records(capsys.readouterr().out)
    assert out[0] == {"line": 1, "id": "a1", "error": missing}
    assert out[1] == {"line": 2, "error": "field 'text' is null, not a string"}
    assert out[2] == {"line": 3, "doc": [5, "b"], "error": "field 'text' is a number, not a string"}
    assert main(["--jsonl", str(source), "--id-field", "line"]) == 2
    assert capsys.readouterr().err.startswith("cleantext: error: --id-field cannot be 'line'")


def test_jsonl_fail_fast_stops_after_the_first_error_record(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "a"}\nnot json\n{"text": "c"}\n', encoding="utf-8")
    assert main(["--jsonl", str(source), "--fail-fast", "-j", "2"]) == 1
    out = _records(capsys.readouterr().out)
    assert [r.get("line") for r in out] == [None, 2]


def test_jsonl_empty_input_and_blank_lines(tmp_path: Path, capsys: Capture) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    assert main(["--jsonl", str(empty)]) == 0
    assert capsys.readouterr() == ("", "")
    blank = tmp_path / "blank.jsonl"
    blank.write_text('{"text": ""}\n\n{"text": "Menu"}', encoding="utf-8")  # and no final newline
    assert main(["--jsonl", str(blank)]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert lines[1] == "" and len(lines) == 4 and lines[3] == ""  # a blank line stays in its place


def test_jsonl_invalid_utf8_is_replaced_and_counted_once(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"text": "caf\xe9"}\n{"text": "ok"}\n{"text": "\xff\xfe and \xff"}\n')
    assert main(["--jsonl", str(source)]) == 0
    captured = capsys.readouterr()
    assert [r["text"] for r in _records(captured.out)] == ["caf\ufffd", "ok", "\ufffd\ufffd and \ufffd"]
    assert captured.err == (
        f"cleantext: {source}: replaced 4 undecodable byte sequence(s) with U+FFFD in 2 record(s), "
        "first on line 1 (decoded as utf-8; see --encoding)\n"
    )


def test_jsonl_lone_surrogates_stay_valid_json(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "broken \\ud800 pair", "id": "s"}\n', encoding="utf-8")
    assert main(["--jsonl", str(source)]) == 0
    [record] = _records(capsys.readouterr().out)
    assert record["id"] == "s"


def test_jsonl_unreadable_input(tmp_path: Path, capsys: Capture) -> None:
    assert main(["--jsonl", str(tmp_path / "nope.jsonl")]) == 1
    assert capsys.readouterr() == ("", f"cleantext: {tmp_path / 'nope.jsonl'}: No such file or directory\n")


def test_jsonl_truncated_gzip_keeps_what_was_read(tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / "in.jsonl.gz"
    data = gzip.compress(b"".join(b'{"text": "Menu %d"}\n' % n for n in range(2000)))
    source.write_bytes(data[: len(data) // 2])
    assert main(["--jsonl", str(source)]) == 1
    captured = capsys.readouterr()
    assert "reading stopped" in captured.err
    out = _records(captured.out)
    assert 0 < len(out) < 2000  # every record before the cut, in order, then nothing
    assert out == [{"text": f"Menu {n}", "clean": clean(f"Menu {n}")} for n in range(len(out))]


def test_a_bug_on_one_page_costs_that_record_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    def tally_or_fail(text: str, options: object) -> object:
        if "boom" in text:
            raise RuntimeError("boom")
        return tally(text, options)  # type: ignore[arg-type]

    monkeypatch.setattr("cleantext.cli.records.tally", tally_or_fail)
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "Menu"}, {"text": "boom"}, {"text": "Home"}])
    assert main(["--jsonl", str(source), "-j", "1"]) == 1
    captured = capsys.readouterr()
    error = "internal error, please report: RuntimeError: boom"
    assert _records(captured.out) == [
        {"text": "Menu", "clean": clean("Menu")},
        {"line": 2, "error": error},
        {"text": "Home", "clean": clean("Home")},
    ]
    assert captured.err == f"cleantext: {source}: line 2: {error}\n"
    page = tmp_path / "boom.txt"
    page.write_text("boom", encoding="utf-8")
    assert main([str(page), str(SEED), "-j", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == clean(SEED.read_text(encoding="utf-8")) + "\n"
    assert captured.err == f"cleantext: {page}: {error}\n"


def test_a_worker_killed_mid_run_ends_the_run_with_a_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    def tally_or_die(text: str, options: object) -> object:
        if text == "die":
            os._exit(9)  # as when the out-of-memory killer takes a worker
        return tally(text, options)  # type: ignore[arg-type]

    monkeypatch.setattr("cleantext.cli.records.tally", tally_or_die)  # forked workers inherit it
    records = [{"text": f"Menu {n}"} for n in range(8)] + [{"text": "die"}] + [{"text": "Home"}] * 8
    source = _jsonl(tmp_path / "in.jsonl", records)
    assert main(["--jsonl", str(source), "-j", "2"]) == 1
    captured = capsys.readouterr()
    # complete lines, in order, of records before it (chunks running when it died are lost too)
    assert _expected_jsonl(records[:8]).startswith(captured.out)
    assert captured.out.endswith("\n") or captured.out == ""
    assert captured.err.startswith("cleantext: a worker process ended abruptly")
    assert captured.err.endswith("the output holds every record before it\n")
    assert "Traceback" not in captured.err


class _EndlessStdin:
    """Standard input that never ends, counting the lines read from it."""

    def __init__(self) -> None:
        self.read = 0
        self.buffer = self

    def __iter__(self) -> Iterator[bytes]:
        while True:
            self.read += 1
            yield b'{"text": "Menu"}\n'

    def close(self) -> None:
        """Worker processes close their inherited standard input when they start."""


class _WatchingStdout:
    """Standard output that records how far the input was read ahead of each write, then presses
    Ctrl-C after `stop` lines."""

    def __init__(self, stdin: _EndlessStdin, stop: int) -> None:
        self.stdin = stdin
        self.stop = stop
        self.lines = 0
        self.ahead = 0
        self.buffer = self

    def write(self, data: bytes) -> int:
        self.lines += data.count(b"\n")
        self.ahead = max(self.ahead, self.stdin.read - self.lines)
        if self.lines >= self.stop:
            raise KeyboardInterrupt
        return len(data)

    def flush(self) -> None:
        pass


@pytest.mark.parametrize("jobs", [1, 2])
def test_jsonl_streams_with_a_bounded_read_ahead(jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """An endless input is cleaned as it comes, never more than 4 x jobs chunks of 4 pages ahead."""
    stdin = _EndlessStdin()
    stdout = _WatchingStdout(stdin, stop=300)
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    assert main(["--jsonl", "-j", str(jobs), "--no-progress"]) == 130
    assert stdout.lines == 300
    # the window, the chunk whose results are being written, the chunk the reader is filling
    assert 0 < stdout.ahead <= (4 * jobs + 2) * 4


# -- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_presets_reach_clean(preset: str, capsys: Capture) -> None:
    assert main([str(SEED), "--preset", preset]) == 0
    assert capsys.readouterr().out == clean(SEED.read_text(encoding="utf-8"), **PRESETS[preset]) + "\n"


def test_thresholds_and_language_reach_clean(capsys: Capture) -> None:
    argv = [str(SEED), "--language", "en", "--min-content-score", "0.7", "--fuzzy-min-score", "off"]
    argv += ["--teaser-min-score", "95", "--sentence-repeat-min-words", "off", "--no-fix-unicode"]
    assert main(argv) == 0
    settings = {
        "language": "en",
        "min_content_score": 0.7,
        "fuzzy_min_score": None,
        "teaser_min_score": 95.0,
        "sentence_repeat_min_words": None,
        "fix_unicode": False,
    }
    assert capsys.readouterr().out == clean(SEED.read_text(encoding="utf-8"), **settings) + "\n"


def test_rules_file(tmp_path: Path, capsys: Capture) -> None:
    rules = tmp_path / "site.rules"
    rules.write_text(
        "# drops for this site\n\ndrop: ^Istanbul committees\ndrop-phrase: Negotiators in Istanbul\n"
        "keep: ^Read also:$\nkeep-phrase: Latest\n",
        encoding="utf-8",
    )
    assert main([str(SEED), "--rules", str(rules)]) == 0
    expected = clean(
        SEED.read_text(encoding="utf-8"),
        drop_patterns=("^Istanbul committees",),
        drop_phrases=("Negotiators in Istanbul",),
        keep_patterns=("^Read also:$",),
        keep_phrases=("Latest",),
    )
    body = capsys.readouterr().out
    assert body == expected + "\n"
    assert "Istanbul committees" not in body and "Read also:" in body


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("dorp: x\n", "site.rules:1: a rule starts with one of drop:, keep:, drop-phrase:, keep-phrase:"),
        ("# ok\ndrop: (unclosed\n", "site.rules:2: bad pattern '(unclosed'"),
        ("keep-phrase:\n", "site.rules:1: 'keep-phrase:' needs a pattern or phrase"),
    ],
)
def test_bad_rules_file_is_one_line_and_exit_2(
    rules: str, message: str, tmp_path: Path, capsys: Capture
) -> None:
    path = tmp_path / "site.rules"
    path.write_text(rules, encoding="utf-8")
    assert main([str(SEED), "--rules", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"cleantext: error: {tmp_path}/{message}")
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--min-content-score", "1.5"],
            "cleantext: error: invalid option: min_content_score must be between 0 and 1",
        ),
        (
            ["--fuzzy-min-score", "101"],
            "cleantext: error: invalid option: fuzzy_min_score must be between 0 and 100",
        ),
        (["--sentence-repeat-min-words", "0"], "cleantext: error: invalid option: sentence_repeat_min_words"),
        (["--encoding", "klingon"], "cleantext: error: unknown encoding 'klingon'"),
        (["--rules", "/nonexistent/rules"], "cleantext: error: cannot read rules file /nonexistent/rules"),
        (["--format", "tsv"], "cleantext: error: --format chooses how --explain writes"),
        (["--jsonl", "a", "b"], "cleantext: error: --jsonl reads one input"),
        (["-o", "/nonexistent/dir/out.txt"], "cleantext: error: cannot write /nonexistent/dir/out.txt"),
        ([str(GOLDEN), "-o", "/nonexistent/out"], "cleantext: error: -o with a directory input takes"),
    ],
)
def test_option_errors_are_one_line_and_exit_2(argv: list[str], message: str, capsys: Capture) -> None:
    assert main([str(SEED), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message)
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize(
    "argv", [["-j", "0"], ["--preset", "fast"], ["--fuzzy-min-score", "high"], ["--nope"]]
)
def test_argument_errors_exit_2(argv: list[str], capsys: Capture) -> None:
    assert main([str(SEED), *argv]) == 2
    assert "error:" in capsys.readouterr().err


# -- explain --------------------------------------------------------------------------------


def test_explain_text(capsys: Capture) -> None:
    assert main([str(SEED), "--explain"]) == 0
    out = capsys.readouterr().out.splitlines()
    result = explain(SEED.read_text(encoding="utf-8"))
    assert (
        out[0]
        == f"== {SEED}: {len(result.blocks)} blocks, {len(result.kept)} kept, {len(result.dropped)} dropped =="
    )
    assert len(out) == 1 + len(result.blocks)
    duplicate = next(b for b in result.blocks if b.duplicate_of is not None)
    assert f"duplicate of #{duplicate.duplicate_of}" in out[1 + duplicate.index]


def test_explain_tsv(capsys: Capture) -> None:
    assert main([str(SEED), str(PAGES[1]), "--explain", "--format", "tsv"]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["source", "index", "kept", "reason", "duplicate_of", "detail", "text"]
    result = explain(SEED.read_text(encoding="utf-8"))
    seed_rows = [r for r in rows[1:] if r[0] == str(SEED)]
    assert [(int(r[1]), r[2] == "1", r[3]) for r in seed_rows] == [
        (b.index, b.kept, b.reason) for b in result.blocks
    ]
    assert all(len(r) == 7 for r in rows)


def test_explain_tsv_escapes_tabs_newlines_and_backslashes(tmp_path: Path, capsys: Capture) -> None:
    page = tmp_path / "tab\there\nnewline.txt"
    page.write_text("Saved under C:\\temp\\new on the shared drive of the newsroom.", encoding="utf-8")
    assert main([str(page), "--explain", "--format", "tsv"]) == 0
    _, row = capsys.readouterr().out.splitlines()
    cells = row.split("\t")
    assert len(cells) == 7
    assert cells[0] == str(page).replace("\t", "\\t").replace("\n", "\\n")
    assert cells[6] == "Saved under C:\\\\temp\\\\new on the shared drive of the newsroom."


def test_explain_jsonl_for_files(capsys: Capture) -> None:
    assert main([str(SEED), "--explain", "--format", "jsonl"]) == 0
    [record] = _records(capsys.readouterr().out)
    result = explain(SEED.read_text(encoding="utf-8"))
    assert record["file"] == str(SEED) and record["clean"] == result.text
    blocks = record["blocks"]
    assert isinstance(blocks, list)
    assert [(b["index"], b["kept"], b["reason"], b["duplicate_of"]) for b in blocks] == [
        (b.index, b.kept, b.reason, b.duplicate_of) for b in result.blocks
    ]


def test_explain_with_jsonl_adds_blocks_and_tsv_rows(tmp_path: Path, capsys: Capture) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [{"text": SEED.read_text(encoding="utf-8")}, {"no": 1}])
    assert main(["--jsonl", str(source), "--explain"]) == 1
    ok, failed = _records(capsys.readouterr().out)
    assert ok["blocks"] and ok["clean"] == clean(SEED.read_text(encoding="utf-8"))
    assert failed == {"line": 2, "error": "no field 'text'; fields: no (pick one with --field)"}
    assert main(["--jsonl", str(source), "--explain", "--format", "tsv"]) == 1
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert {r[0] for r in rows[1:]} == {"line 1", "line 2"}
    assert rows[-1][3] == "error"


# -- progress, Ctrl-C, real processes ---------------------------------------------------------


def test_progress_bar_on_request_only(tmp_path: Path, capsys: Capture) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "Menu"}] * 5)
    assert main(["--jsonl", str(source), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "5 pages" in err and "pages/s" in err and "100%" in err and err.endswith("\n")
    assert main(["--jsonl", str(source)]) == 0  # stderr is not a terminal here
    assert capsys.readouterr().err == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_by_default_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "Menu"}] * 5)
    for argv, shown in ((["--jsonl", str(source)], True), (["--jsonl", str(source), "--no-progress"], False)):
        terminal = _Terminal()
        monkeypatch.setattr(sys, "stderr", terminal)
        assert main(argv) == 0
        assert ("pages/s" in terminal.getvalue()) is shown
        assert len(_records(capsys.readouterr().out)) == 5


# A page of exactly 50,000 bytes: the bar shows its size as 50.0 kB.
LONG_PAGE = (
    "The council approved the new budget on Monday after a long debate about the roads and the schools.\n\n"
    * 500
)


def _slow_tally(shown: Callable[[], bool]) -> Callable[[str, object], object]:
    """tally() on a page that takes until `shown()` is true (or a minute: then the test fails)."""

    def slow(text: str, options: object) -> object:
        deadline = time.monotonic() + 60
        while not shown() and time.monotonic() < deadline:
            time.sleep(0.01)
        return tally(text, options)  # type: ignore[arg-type]

    return slow


@pytest.mark.parametrize("mode", ["file", "jsonl"])
def test_progress_shows_a_long_page_at_work(
    mode: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: Capture
) -> None:
    """One long page shows, while it is being cleaned, which page it is, its size and its time so far."""
    assert len(LONG_PAGE.encode()) == 50_000
    monkeypatch.chdir(tmp_path)  # a short name: the bar shortens a long one to fit the line
    text = LONG_PAGE if mode == "file" else LONG_PAGE[:45_000]
    if mode == "file":
        Path("long.txt").write_text(text, encoding="utf-8")
        argv, working = ["long.txt"], r"long.txt \(50.0 kB\): working for \d+:\d\d:\d\d"
    else:
        line = json.dumps({"text": text, "pad": ""}) + "\n"
        line = line.replace('"pad": ""', '"pad": "' + "x" * (50_000 - len(line)) + '"')
        Path("long.jsonl").write_text(line, encoding="utf-8")
        argv, working = ["--jsonl", "long.jsonl"], r"line 1 \(50.0 kB\): working for \d+:\d\d:\d\d"
    assert Path(argv[-1]).stat().st_size == 50_000
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(
        "cleantext.cli.records.tally",
        _slow_tally(lambda: re.search(working, terminal.getvalue()) is not None),
    )
    assert main([*argv, "-j", "1"]) == 0  # on by default on a terminal
    assert re.search(working, terminal.getvalue()), terminal.getvalue()
    assert terminal.getvalue().endswith("\n")
    out = capsys.readouterr().out
    assert (out if mode == "file" else json.loads(out)["clean"] + "\n") == clean(text) + "\n"


@pytest.mark.parametrize("argv", [[], ["--jsonl"]])
def test_progress_is_off_by_default_when_stderr_is_not_a_terminal(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    threads: list[str] = []

    def tally_and_look(text: str, options: object) -> object:
        threads.extend(thread.name for thread in threading.enumerate())
        return tally(text, options)  # type: ignore[arg-type]

    monkeypatch.setattr("cleantext.cli.records.tally", tally_and_look)
    _stdin(monkeypatch, json.dumps({"text": LONG_PAGE}).encode() if argv else LONG_PAGE.encode())
    assert main([*argv, "-j", "1"]) == 0
    assert capsys.readouterr().err == ""
    assert threads and "cleantext-progress" not in threads  # no bar is drawn, and no thread runs to draw it


class _InterruptedStdin:
    """Standard input whose reader presses Ctrl-C after a few lines."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.buffer = self

    def __iter__(self) -> Iterator[bytes]:
        for n in range(self.lines):
            yield json.dumps({"text": f"Menu {n}"}).encode() + b"\n"
        raise KeyboardInterrupt


def test_ctrl_c_in_process_exits_130_with_complete_lines(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setattr(sys, "stdin", _InterruptedStdin(9))
    assert main(["--jsonl", "-j", "1"]) == 130
    captured = capsys.readouterr()
    out = _records(captured.out)
    # the records cleaned before Ctrl-C, whole and in order; the chunk being read is dropped
    assert out == [{"text": f"Menu {n}", "clean": clean(f"Menu {n}")} for n in range(8)]
    assert captured.err.endswith("interrupted; the output holds every record finished so far\n")


def test_ctrl_c_in_a_real_process_exits_130_with_complete_lines() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "cleantext", "--jsonl", "-j", "2"],
        bufsize=0,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdin is not None and process.stdout is not None
    page = json.dumps({"text": SEED.read_text(encoding="utf-8")}).encode() + b"\n"
    process.stdin.write(page * 20)  # and more input may come: standard input stays open
    first = b""
    while b"\n" not in first:
        first += process.stdout.read(1 << 16)
    time.sleep(0.3)  # the output pipe fills up, so Ctrl-C comes in the middle of a write
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err
    out = (first + rest).decode()
    assert out.endswith("\n") and all("clean" in r for r in _records(out))


def test_ctrl_c_during_a_directory_run_leaves_only_whole_files(tmp_path: Path) -> None:
    source, target, reference = tmp_path / "in", tmp_path / "out", tmp_path / "reference"
    seed = SEED.read_text(encoding="utf-8")
    for n in range(300):
        page = source / f"part{n % 3}" / f"page{n:03}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"{seed}\n\nPage {n} of the archive, kept whole or not written at all.\n" * 3)
    process = subprocess.Popen(
        [sys.executable, "-m", "cleantext", str(source), "-o", str(target), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    while sum(1 for _ in target.rglob("*.txt")) < 10 and time.monotonic() < deadline:
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert b"Traceback" not in err and b"interrupted" in err
    written = sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file())
    assert 10 <= len(written) < 300  # stopped part-way, not before or after the run
    assert main([str(source), "-o", str(reference), "--no-progress"]) == 0
    for name in written:  # every file written is whole; no partial file is left behind
        assert (target / name).read_bytes() == (reference / name).read_bytes(), name


def test_python_dash_m_and_the_script(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cleantext", str(SEED)], capture_output=True, timeout=60, env=ENV
    )
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout.decode() == (GOLDEN / f"{SEED.stem}.expected.txt").read_text(encoding="utf-8")
    if not SCRIPT.exists():
        pytest.skip(f"no cleantext script next to {sys.executable}; install the package to test it")
    source = _jsonl(
        tmp_path / "in.jsonl", [{"text": p.read_text(encoding="utf-8")} for p in PAGES] + [{"x": 1}]
    )
    done = subprocess.run(
        [str(SCRIPT), "--jsonl", "-j", "2"], stdin=source.open("rb"), capture_output=True, timeout=60, env=ENV
    )
    assert done.returncode == 1
    out = _records(done.stdout.decode())
    assert [r.get("clean") for r in out[:-1]] == [clean(p.read_text(encoding="utf-8")) for p in PAGES]
    assert out[-1] == {"line": len(PAGES) + 1, "error": "no field 'text'; fields: x (pick one with --field)"}
    assert done.stderr.decode().count("\n") == 1


def test_bad_input_in_a_real_process_never_gives_a_traceback(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"text": "caf\xe9 \xff"}\n{"text": \n{"body": "x"}\n{"text": null}\n\n{"text": "Menu"}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "cleantext", "--jsonl", str(source), "-j", "2"],
        capture_output=True,
        timeout=60,
        env=ENV,
    )
    assert done.returncode == 1
    lines = done.stdout.decode().split("\n")
    assert len(lines) == 7 and lines[4] == "" and lines[6] == ""  # one line per input line
    assert json.loads(lines[0])["text"] == "caf\ufffd \ufffd"
    assert [json.loads(lines[n])["line"] for n in (1, 2, 3)] == [2, 3, 4]
    assert json.loads(lines[5])["clean"] == clean("Menu")
    err = done.stderr.decode()
    assert "Traceback" not in err
    assert err.count("\n") == 4  # three failed records and the replacement count
    assert "replaced 2 undecodable byte sequence(s) with U+FFFD in 1 record(s), first on line 1" in err


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    source = _jsonl(tmp_path / "in.jsonl", [{"text": "Menu " * 2000}] * 400)
    process = subprocess.Popen(
        [sys.executable, "-m", "cleantext", "--jsonl", str(source), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    assert process.wait(timeout=30) == 141
    assert err == b""


def test_environment_is_left_as_found() -> None:
    """main() restores the Ctrl-C handler it installs while it runs."""
    before = signal.getsignal(signal.SIGINT)
    main(["--version"])
    main([str(SEED), "-o", os.devnull])
    assert signal.getsignal(signal.SIGINT) is before
