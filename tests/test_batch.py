"""clean_many: the results of clean(), in input order, lazily, on one or more processes."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Options, batch, clean, clean_many
from cleantext.batch import map_ordered

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "seeds" / "000_4492f097607dd5f0.txt", *sorted((ROOT / "tests" / "golden").glob("*.txt"))]
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}
TEXTS = [p.read_text(encoding="utf-8") for p in PAGES] + ["", "Skip to content\n\nShare on Facebook"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_equal_clean_in_input_order(jobs: int) -> None:
    assert list(clean_many(TEXTS * 2, jobs=jobs, chunksize=3)) == [clean(t) for t in TEXTS * 2]


def test_jobs_default_to_every_core() -> None:
    results = clean_many(TEXTS)
    assert next(results) == clean(TEXTS[0])
    workers = multiprocessing.active_children()
    assert len(workers) == len(os.sched_getaffinity(0))
    assert [clean(TEXTS[0]), *results] == [clean(t) for t in TEXTS]
    assert not any(w.is_alive() for w in workers)  # the generator stopped them when it ended


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_texts_give_no_results(jobs: int) -> None:
    assert list(clean_many([], jobs=jobs)) == []


def _die_on_three(chunk: list[int]) -> list[int]:
    if 3 in chunk:
        os._exit(9)  # as when the out-of-memory killer takes a worker
    return chunk


def test_a_worker_that_dies_raises_instead_of_hanging() -> None:
    got: list[int] = []
    with pytest.raises(BrokenProcessPool, match=r"worker process ended abruptly.*after \d+ result"):
        got.extend(map_ordered(_die_on_three, range(10), jobs=2, chunksize=1))
    # the results before it, in order (chunks still running when it died are lost with it)
    assert got == list(range(len(got))) and len(got) <= 3


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=200), max_size=12), st.integers(1, 5))
def test_any_texts_any_chunking_give_clean_in_order(texts: list[str], chunksize: int) -> None:
    assert list(clean_many(texts, jobs=1, chunksize=chunksize)) == [clean(t) for t in texts]


def test_options_and_keyword_overrides_reach_the_workers() -> None:
    text = TEXTS[0]
    options = Options(drop_phrases=("Negotiators in Istanbul",))
    # Two chunks of one page: two workers start (one chunk would run in this process).
    got = list(clean_many([text] * 2, jobs=2, chunksize=1, options=options))
    assert got == [clean(text, options)] * 2
    got = list(clean_many([text] * 2, jobs=2, chunksize=1, min_content_score=0.9))
    assert got == [clean(text, min_content_score=0.9)] * 2


def test_bad_arguments_fail_at_the_call_not_at_the_first_result() -> None:
    with pytest.raises(TypeError, match="unknown option"):
        clean_many(["x"], colour="red")
    with pytest.raises(ValueError, match="min_content_score"):
        clean_many(["x"], min_content_score=2)
    with pytest.raises(ValueError, match="jobs"):
        clean_many(["x"], jobs=0)
    with pytest.raises(ValueError, match="chunksize"):
        clean_many(["x"], chunksize=0)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_non_str_item_raises_with_its_index_after_the_earlier_results(jobs: int) -> None:
    results = clean_many([TEXTS[0], "Menu", b"bytes page", "never reached"], jobs=jobs, chunksize=1)
    assert next(results) == clean(TEXTS[0])
    assert next(results) == clean("Menu")
    with pytest.raises(TypeError, match=r"item 2 is bytes.*decode"):
        next(results)


@pytest.mark.parametrize(("jobs", "chunksize"), [(1, 4), (2, 3)])
def test_input_is_consumed_lazily_with_a_bounded_window(jobs: int, chunksize: int) -> None:
    consumed = 0

    def pages() -> Iterator[str]:
        nonlocal consumed
        for _ in itertools.count():
            consumed += 1
            yield "Menu"

    results = clean_many(pages(), jobs=jobs, chunksize=chunksize)
    for _ in range(50):
        next(results)
    # Never more than the window (4 chunks per job) plus the chunk being read ahead of it.
    assert consumed <= 50 + (4 * jobs + 1) * chunksize
    results.close()  # an endless input: closing stops the worker processes


def test_options_pickle_for_worker_processes() -> None:
    options = Options(language="de", drop_patterns=(r"^Anzeige\b",), keep_phrases=("Stadtrat",))
    copy = pickle.loads(pickle.dumps(options))
    assert copy == options
    assert copy.drop_regex is not None and copy.drop_regex.search("Anzeige: Rabatt")


def test_spawned_workers_give_the_same_results() -> None:
    """Under the 'spawn' start method (macOS, Windows) everything sent must pickle."""
    script = (
        "import multiprocessing, sys\n"
        "from cleantext import clean, clean_many\n"
        "if __name__ == '__main__':\n"
        "    multiprocessing.set_start_method('spawn')\n"
        "    pages = [open(p, encoding='utf-8').read() for p in sys.argv[1:]]\n"
        "    assert list(clean_many(pages, jobs=2, chunksize=1, drop_phrases=('Read also',))) == "
        "[clean(p, drop_phrases=('Read also',)) for p in pages]\n"
        "    print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, PAGES[:3])],
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "ok\n"


def _double(chunk: list[int]) -> list[int]:
    return [x * 2 for x in chunk]


def test_no_more_workers_than_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A sized input of one chunk runs in this process (a CLI run on one page starts no pool);
    # two chunks or an unsized input still go to the pool.
    started: list[int] = []
    pool = batch._map_pool

    def counting_pool(func, chunks, jobs):  # type: ignore[no-untyped-def]
        started.append(jobs)
        return pool(func, chunks, jobs)

    monkeypatch.setattr(batch, "_map_pool", counting_pool)
    assert list(map_ordered(_double, [1, 2, 3, 4], jobs=2, chunksize=4)) == [2, 4, 6, 8]
    assert started == []
    assert list(map_ordered(_double, [1, 2, 3, 4, 5], jobs=3, chunksize=4)) == [2, 4, 6, 8, 10]
    assert started == [2]
    assert list(map_ordered(_double, iter([1, 2]), jobs=2, chunksize=4)) == [2, 4]
    assert started == [2, 2]
