"""Run statistics: the Stats value, clean_many(stats=...) and the command's --stats and --stats-json."""

from __future__ import annotations

import io
import json
import pickle
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import REASONS, Options, Stats, clean, clean_many, explain
from cleantext.cli import main
from cleantext.core import core_status
from cleantext.pipeline import tally

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"
GOLDEN = sorted(p for p in (ROOT / "tests" / "golden").glob("*.txt") if ".expected" not in p.name)
PROSE = "The council approved the budget on Monday, after a long debate about the new library and its opening hours."
BOILERPLATE = "Skip to content\n\nShare on Facebook\n\nAll rights reserved."
HTML = "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello there</p></body></html>"
# Pages that reach each way a block can go: furniture, repeats, an emptied block (only control
# characters), a page that is not language, an empty page.
PAGES = [
    *(p.read_text(encoding="utf-8") for p in [SEED, *GOLDEN]),
    f"Skip to content\n\n{PROSE}\n\n\x07\x07\x07\n\n{PROSE}\n\nShare on Facebook",
    BOILERPLATE,
    "aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZW5jb2RlZCBkYXRh" * 20,
    "",
]
ENGINES = ["python", *(["compiled"] if core_status() == "compiled" else [])]
HEADER = "cleantext: statistics\n"

Capture = pytest.CaptureFixture[str]


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _tallied(texts: list[str]) -> Stats:
    stats = Stats()
    for text in texts:
        stats.add(text, *tally(text))
    return stats


# -- the value --------------------------------------------------------------------------------


def test_counts_equal_a_hand_count() -> None:
    stats = Stats()
    page = f"Skip to content\n\n{PROSE}\n\n\x07\x07\x07\n\n{PROSE}\n\nShare on Facebook"
    stats.add(page, *tally(page))
    stats.add("", *tally(""))
    stats.add_failure()
    # "Skip to content" 3 words, PROSE 19 (kept once, then a duplicate), the bell characters an
    # emptied block, "Share on Facebook" 3.
    assert stats.blocks == {"skip_link": 1, "content": 1, "empty": 1, "duplicate": 1, "share_buttons": 1}
    assert stats.words == {"skip_link": 3, "content": 19, "empty": 0, "duplicate": 19, "share_buttons": 3}
    assert (stats.pages, stats.failed_pages, stats.empty_pages) == (3, 1, 1)
    assert (stats.input_chars, stats.output_chars) == (len(page), len(PROSE))
    assert (stats.kept_blocks, stats.dropped_blocks, stats.kept_words, stats.dropped_words) == (1, 4, 19, 25)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("page", range(len(PAGES)))
def test_tally_and_explain_count_alike_and_cover_every_block(page: int, engine: str) -> None:
    text, options = PAGES[page], Options(engine=engine)
    result = explain(text, options)
    from_tally, from_explain = Stats(), Stats()
    from_tally.add(text, *tally(text, options))
    from_explain.add_result(text, result)
    assert from_tally == from_explain
    assert sum(from_tally.blocks.values()) == len(result.blocks)
    assert sum(from_tally.words.values()) == sum(_words(b.text) for b in result.blocks)
    assert from_tally.kept_words == sum(_words(b.text) for b in result.kept)
    assert from_tally.kept_blocks == len(result.kept)
    assert set(from_tally.blocks) <= set(REASONS)
    assert from_tally.output_chars == len(clean(text, options))


PARTS = [PROSE, "Skip to content", "Home", "Share on Facebook", "Read also:", "\x07", "Menu | News", "…"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PARTS), st.text(max_size=40)), max_size=12))
def test_tally_and_explain_count_alike_on_any_page(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    result = explain(text)
    from_explain = Stats()
    from_explain.add_result(text, result)
    assert _tallied([text]) == from_explain
    assert sum(from_explain.words.values()) == sum(_words(b.text) for b in result.blocks)


COUNTS = st.dictionaries(st.sampled_from(REASONS), st.tuples(st.integers(1, 10**6), st.integers(0, 10**8)))
STATS = st.builds(
    lambda numbers, counts: Stats(
        *numbers, blocks={r: b for r, (b, _) in counts.items()}, words={r: w for r, (_, w) in counts.items()}
    ),
    st.tuples(*[st.integers(0, 10**9)] * 5),
    COUNTS,
)


@given(STATS, STATS, STATS)
def test_merging_is_associative_and_commutative_with_an_identity(a: Stats, b: Stats, c: Stats) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + Stats() == a
    assert sum([a, b, c], Stats()) == a + b + c
    in_place = Stats()
    in_place.update(a)
    in_place.update(b)
    assert in_place == a + b
    assert (a + b).kept_words == a.kept_words + b.kept_words


@given(STATS)
def test_stats_pickle_and_go_through_json(stats: Stats) -> None:
    assert pickle.loads(pickle.dumps(stats)) == stats
    data = json.loads(json.dumps(stats.as_dict()))
    assert Stats.from_dict(data) == stats
    assert data["blocks"]["kept"] + data["blocks"]["dropped"] == data["blocks"]["total"]
    assert list(data["reasons"]) == stats.reasons()


def test_merging_is_for_stats_only() -> None:
    with pytest.raises(TypeError, match=r"Stats.update\(\) takes a Stats, not dict"):
        Stats().update({"pages": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Stats() + 1  # type: ignore[operator]
    with pytest.raises(
        ValueError, match=r"takes what Stats.as_dict\(\) returns; this lacks or garbles 'pages'"
    ):
        Stats.from_dict({"reasons": {}})


def test_summary_is_a_table_of_kept_and_dropped_by_reason_sorted_by_words() -> None:
    stats = Stats(
        pages=4,
        failed_pages=1,
        empty_pages=1,
        input_chars=2000,
        output_chars=500,
        blocks={"nav_menu": 30, "content": 4, "heading": 2, "duplicate": 2, "empty": 2},
        words={"nav_menu": 60, "content": 400, "heading": 10, "duplicate": 130, "empty": 0},
    )
    assert stats.summary() == (
        "pages        4 (1 failed, 1 with an empty body)\n"
        "characters   2,000 in, 500 out (25.0%)\n"
        "reason       blocks      %  words      %\n"
        "kept              6  15.0%    410  68.3%\n"
        "  content         4  10.0%    400  66.7%\n"
        "  heading         2   5.0%     10   1.7%\n"
        "dropped          34  85.0%    190  31.7%\n"
        "  duplicate       2   5.0%    130  21.7%\n"
        "  nav_menu       30  75.0%     60  10.0%\n"
        "  empty           2   5.0%      0   0.0%"
    )
    assert str(stats) == stats.summary()
    assert "0 in, 0 out (-)" in str(Stats())  # no page: no share to divide by zero


# -- clean_many -------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_fills_the_stats_with_the_same_results(jobs: int) -> None:
    stats = Stats()
    bodies = list(clean_many(PAGES * 2, jobs=jobs, chunksize=3, stats=stats))
    assert bodies == list(clean_many(PAGES * 2, jobs=jobs, chunksize=3)) == [clean(t) for t in PAGES * 2]
    assert stats == _tallied(PAGES * 2)


def test_clean_many_stats_do_not_depend_on_jobs_or_chunks() -> None:
    one, two = Stats(), Stats()
    list(clean_many(PAGES * 3, jobs=1, stats=one))
    list(clean_many(PAGES * 3, jobs=2, chunksize=2, stats=two))
    assert one == two
    assert one.pages == 3 * len(PAGES)


@pytest.mark.parametrize("jobs", [1, 2])
def test_clean_many_counts_each_page_as_it_is_yielded(jobs: int) -> None:
    stats = Stats()
    results = clean_many(iter(PAGES), jobs=jobs, chunksize=2, stats=stats)
    for n, body in enumerate(results, 1):
        assert stats.pages == n
        assert stats.output_chars == sum(len(clean(t)) for t in PAGES[:n])
        assert len(body) == len(clean(PAGES[n - 1]))


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("bad", "error"), [(None, TypeError), (42, TypeError)])
def test_clean_many_counts_an_item_that_raises_as_a_failed_page(
    jobs: int, bad: object, error: type[Exception]
) -> None:
    stats = Stats()
    results = clean_many([PROSE, bad, PROSE], jobs=jobs, chunksize=1, stats=stats)  # type: ignore[list-item]
    assert next(results) == PROSE
    with pytest.raises(error, match="item 1"):
        next(results)
    expected = _tallied([PROSE])
    expected.add_failure()
    assert stats == expected


def test_clean_many_stats_must_be_a_stats() -> None:
    with pytest.raises(TypeError, match=r"stats takes a cleantext.Stats to fill, or None; got dict"):
        clean_many([PROSE], stats={})  # type: ignore[arg-type]


# -- the command ------------------------------------------------------------------------------


def _run(
    argv: list[str], capsys: Capture, monkeypatch: pytest.MonkeyPatch, stdin: bytes = b""
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def _jsonl_lines() -> tuple[bytes, Stats]:
    """JSON Lines with good records, a blank line and records that fail, and their statistics."""
    lines = [json.dumps({"id": n, "text": text}) for n, text in enumerate(PAGES)]
    lines[2:2] = ["", "{not json", json.dumps({"id": "x", "body": PROSE}), json.dumps({"text": 42}), "[1]"]
    expected = _tallied(PAGES)
    for _ in range(4):
        expected.add_failure()
    return ("\n".join(lines) + "\n").encode(), expected


def _files(tmp_path: Path) -> tuple[list[str], Stats]:
    """Page files (one unreadable, one HTML, read as HTML) and their statistics."""
    names = []
    for n, text in enumerate(PAGES):
        path = tmp_path / "pages" / f"{n:02d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        names.append(str(path))
    (tmp_path / "pages" / "html.txt").write_text(HTML, encoding="utf-8")
    expected = _tallied([*PAGES, HTML])
    expected.add_failure()
    return [*names, str(tmp_path / "pages" / "html.txt"), str(tmp_path / "missing.txt")], expected


MODES = {
    "files": [],
    "files -j 2": ["-j", "2"],
    "files --explain": ["--explain"],
    "files --explain tsv": ["--explain", "--format", "tsv"],
    "files --explain jsonl -j 2": ["--explain", "--format", "jsonl", "-j", "2"],
    "jsonl": ["--jsonl", "-"],
    "jsonl -j 2": ["--jsonl", "-", "-j", "2"],
    "jsonl --explain": ["--jsonl", "-", "--explain"],
    "jsonl --explain tsv -j 2": ["--jsonl", "-", "--explain", "--format", "tsv", "-j", "2"],
}


@pytest.mark.parametrize("mode", MODES)
def test_stats_leave_the_output_as_it_was_and_follow_it_on_stderr(
    mode: str, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    if mode.startswith("jsonl"):
        stdin, expected = _jsonl_lines()
        argv = MODES[mode]
    else:
        names, expected = _files(tmp_path)
        stdin, argv = b"", [*names, *MODES[mode]]
    plain = _run(argv, capsys, monkeypatch, stdin)
    stats_json = tmp_path / "stats.json"
    counted = _run([*argv, "--stats", "--stats-json", str(stats_json)], capsys, monkeypatch, stdin)
    assert plain[0] == counted[0] == 1  # the failed records fail the run, with or without stats
    assert counted[1] == plain[1]
    assert counted[2] == plain[2] + HEADER + expected.summary() + "\n"
    assert json.loads(stats_json.read_text(encoding="utf-8")) == expected.as_dict()


def test_stats_of_standard_input_and_of_a_mirrored_tree(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    status, out, err = _run(["--stats"], capsys, monkeypatch, SEED.read_bytes())
    assert (status, out) == (0, clean(SEED.read_text(encoding="utf-8")) + "\n")
    assert err == HEADER + _tallied([SEED.read_text(encoding="utf-8")]).summary() + "\n"
    _files(tmp_path)
    (tmp_path / "pages" / "html.txt").unlink()
    plain = _run([str(tmp_path / "pages"), "-o", str(tmp_path / "a")], capsys, monkeypatch)
    counted = _run([str(tmp_path / "pages"), "-o", str(tmp_path / "b"), "--stats"], capsys, monkeypatch)
    assert plain == (0, "", "")
    assert counted == (0, "", HEADER + _tallied(PAGES).summary() + "\n")
    written = {p.name: p.read_bytes() for p in (tmp_path / "a").iterdir()}
    assert written == {p.name: p.read_bytes() for p in (tmp_path / "b").iterdir()}
    assert len(written) == len(PAGES)


def test_stats_json_alone_prints_nothing_and_equals_with_any_jobs(
    tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin, expected = _jsonl_lines()
    written = []
    for jobs in ("1", "2"):
        target = tmp_path / f"stats{jobs}.json"
        status, _, err = _run(
            ["--jsonl", "-", "-j", jobs, "--stats-json", str(target)], capsys, monkeypatch, stdin
        )
        assert status == 1
        assert HEADER not in err and "line 4" in err  # the failed records are reported, as ever
        written.append(target.read_bytes())
    assert written[0] == written[1]
    data = json.loads(written[0])
    assert Stats.from_dict(data) == expected
    assert (data["pages"], data["failed_pages"]) == (len(PAGES) + 4, 4)


def test_fail_fast_stats_count_up_to_the_stop(capsys: Capture, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin, _ = _jsonl_lines()
    status, _, err = _run(["--jsonl", "-", "--fail-fast", "--stats"], capsys, monkeypatch, stdin)
    expected = _tallied(PAGES[:2])
    expected.add_failure()
    assert status == 1
    assert err.endswith(HEADER + expected.summary() + "\n")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("-", "--stats-json needs a file name (standard output holds the output"),
        ("{tmp}", "is a directory; name a file, e.g. {tmp}/stats.json"),
        ("{tmp}/missing/stats.json", "the directory {tmp}/missing does not exist"),
        ("{tmp}/page.txt", "--stats-json: the output {tmp}/page.txt is the input {tmp}/page.txt"),
        ("{tmp}/out.txt", "--stats-json {tmp}/out.txt would write into the output {tmp}/out.txt"),
    ],
)
def test_a_stats_json_that_cannot_or_must_not_be_written_stops_the_run_before_it_starts(
    target: str, message: str, tmp_path: Path, capsys: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PROSE, encoding="utf-8")
    argv = [str(page), "-o", str(tmp_path / "out.txt"), "--stats-json", target.format(tmp=tmp_path)]
    status, out, err = _run(argv, capsys, monkeypatch)
    assert (status, out) == (2, "")
    assert err.startswith("cleantext: error: ") and err.count("\n") == 1
    assert message.format(tmp=tmp_path) in err
    assert page.read_text(encoding="utf-8") == PROSE
    assert not (tmp_path / "out.txt").exists()


class _InterruptedStdin:
    """Standard input of JSON Lines whose reader presses Ctrl-C after a few lines."""

    def __init__(self, lines: int) -> None:
        self.lines = lines
        self.buffer = self

    def __iter__(self) -> Iterator[bytes]:
        for n in range(self.lines):
            yield json.dumps({"text": f"Menu {n}"}).encode() + b"\n"
        raise KeyboardInterrupt


def test_ctrl_c_still_prints_the_stats_of_the_records_written(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setattr(sys, "stdin", _InterruptedStdin(9))
    assert main(["--jsonl", "-j", "1", "--stats"]) == 130
    out, err = capsys.readouterr()
    written = [json.loads(line)["text"] for line in out.splitlines()]
    assert len(written) == 8  # the chunk being read when Ctrl-C came is dropped
    assert err.endswith(
        "interrupted; the output holds every record finished so far\n"
        + HEADER
        + _tallied(written).summary()
        + "\n"
    )
