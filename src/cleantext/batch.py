"""Clean many pages on several processes, in input order, with bounded memory."""

from __future__ import annotations

import itertools
import os
import queue
import signal
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sized
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from cleantext.options import Options, resolve_options
from cleantext.pipeline import clean, tally
from cleantext.stats import Stats

if TYPE_CHECKING:
    from concurrent.futures import Future

__all__ = ["clean_many", "default_jobs", "map_ordered"]

T = TypeVar("T")
R = TypeVar("R")

#: Chunks in flight per worker process: enough that no worker waits for work while the consumer
#: reads results in order, few enough that memory stays bounded (own measurement on the benchmark).
WINDOW_PER_JOB = 4


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def clean_many(
    texts: Iterable[str],
    jobs: int | None = None,
    *,
    options: Options | None = None,
    chunksize: int = 8,
    stats: Stats | None = None,
    **overrides: Any,
) -> Iterator[str]:
    """Yield the clean body of each page of `texts`, in input order, on `jobs` processes.

    `texts` is consumed lazily and at most ``4 * jobs * chunksize`` pages are in flight, so a
    generator over a file of any size runs in constant memory. `jobs=None` uses every core;
    `jobs=1` runs in this process, and so does a list too short to fill two chunks (no more
    workers start than there are chunks). Options are those of `clean`. An item that is not a str
    raises TypeError, naming its index, when the output reaches it, and so does a page clean()
    cannot read (ImportError: HTML without the html extra); every earlier result has been yielded by then. The results equal ``[clean(t, options) for t in texts]``.

    With `stats` (a `cleantext.Stats`), each page is counted into it as its body is yielded (the
    workers count it while cleaning, with `cleantext.pipeline.tally`), and an item that raises is
    counted as a failed page; the bodies are the same.

    >>> pages = ["Menu\\n\\nThe council approved the budget on Monday, after a long debate.", "Home"]
    >>> list(clean_many(pages, jobs=2)) == [clean(page) for page in pages]
    True
    >>> stats = Stats()
    >>> bodies = list(clean_many(pages, jobs=2, stats=stats))
    >>> stats.pages, stats.empty_pages, stats.blocks
    (2, 1, {'nav_menu': 2, 'content': 1})
    """
    opts = resolve_options(options, overrides, "clean_many")
    _check_workers(jobs, chunksize, "clean_many")
    if stats is not None and not isinstance(stats, Stats):
        raise TypeError(
            f"clean_many() stats takes a cleantext.Stats to fill, or None; got {type(stats).__name__}"
        )
    if isinstance(texts, Sized):
        jobs = _workers_for(len(texts), default_jobs() if jobs is None else jobs, chunksize)
    items = ((i, t if isinstance(t, str) else _NotStr(type(t).__name__)) for i, t in enumerate(texts))
    work = partial(_clean_chunk, opts, stats is not None)
    return _raise_failures(map_ordered(work, items, jobs, chunksize=chunksize), stats)


def map_ordered(
    func: Callable[[list[T]], list[R]],
    items: Iterable[T],
    jobs: int | None = None,
    *,
    chunksize: int = 8,
) -> Generator[R, None, None]:
    """Yield ``func(chunk)`` results item by item, in input order, running chunks on `jobs` processes.

    `func` maps a list of items to a list of as many results; it and the items must pickle.
    The input is read lazily, on a thread, ``WINDOW_PER_JOB * jobs`` chunks at most ahead of the
    output (`multiprocessing.Pool.imap` would read all of it ahead). Worker processes ignore SIGINT, so
    Ctrl-C reaches only this process, which stops the workers when the generator is closed. A worker
    that dies (killed by the out-of-memory killer, a crash) raises BrokenProcessPool, not a hang.

    >>> list(map_ordered(lambda chunk: [x * 2 for x in chunk], range(5), jobs=1, chunksize=2))
    [0, 2, 4, 6, 8]
    """
    _check_workers(jobs, chunksize, "map_ordered")
    n_jobs = default_jobs() if jobs is None else jobs
    if isinstance(items, Sized):
        n_jobs = _workers_for(len(items), n_jobs, chunksize)
    chunks = _chunked(items, chunksize)
    if n_jobs == 1:
        return (result for chunk in chunks for result in func(chunk))
    return _map_pool(func, chunks, n_jobs)


def _map_pool(
    func: Callable[[list[T]], list[R]], chunks: Iterator[list[T]], jobs: int
) -> Generator[R, None, None]:
    # A feeder thread reads the input and submits chunks while this generator waits for results:
    # a slow or never-ending input (a pipe) does not hold back results already computed, and the
    # semaphore keeps at most `window` chunks read ahead of the output.
    # ProcessPoolExecutor rather than multiprocessing.Pool: a Pool whose worker is killed waits
    # for that worker's task forever (bpo-22393); the executor fails the task instead.
    # Imported here: multiprocessing and the executor are a third of `import cleantext`, and
    # only a run on several processes needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    window = WINDOW_PER_JOB * jobs
    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(), initializer=_ignore_sigint)
    # Start the workers here, before the feeder thread exists: forking from a process with a second
    # thread that holds a lock can leave the child stuck on that lock.
    executor.submit(int).result()
    slots = threading.Semaphore(window)
    submitted: queue.SimpleQueue[Future[list[R]] | _End] = queue.SimpleQueue()
    stop = threading.Event()
    yielded = 0

    def feed() -> None:
        try:
            while slots.acquire() and not stop.is_set():
                chunk = next(chunks, None)
                if chunk is None:
                    break
                submitted.put(executor.submit(func, chunk))
            submitted.put(_End(None))
        except BaseException as exc:  # the input's own error (or Ctrl-C in it) is the consumer's
            submitted.put(_End(exc))

    feeder = threading.Thread(target=feed, name="cleantext-feeder", daemon=True)
    feeder.start()
    try:
        while not isinstance(item := submitted.get(), _End):
            try:
                results = item.result()
            except BrokenProcessPool:
                raise BrokenProcessPool(
                    f"a worker process ended abruptly (killed, e.g. by the out-of-memory killer, or "
                    f"crashed) after {yielded} result(s); the rest are lost: try fewer jobs"
                ) from None
            slots.release()
            for result in results:
                yield result
                yielded += 1
        if item.error is not None:
            raise item.error
    finally:
        # Reached on an exception, on Ctrl-C and when the consumer stops early: nothing that is
        # still queued is wanted (chunks already running finish, a fraction of a second), and a
        # feeder waiting for a slot must wake up to end.
        stop.set()
        slots.release()
        executor.shutdown(wait=True, cancel_futures=True)
        # Let a feeder that is between two reads end before the caller closes the input; one
        # waiting on a pipe is left behind, a daemon.
        feeder.join(timeout=0.5)


class _End(NamedTuple):
    """The feeder's last word: the input ended, or raised `error`."""

    error: BaseException | None


def _workers_for(n_items: int, jobs: int, chunksize: int) -> int:
    """No more workers than chunks: a page or a few run in this process, starting no pool."""
    return min(jobs, max(1, -(-n_items // chunksize)))


def _chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_workers(jobs: int | None, chunksize: int, caller: str) -> None:
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"{caller}() jobs must be an int >= 1, or None for every core; got {jobs!r}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"{caller}() chunksize must be an int >= 1; got {chunksize!r}")


class _NotStr:
    """Stands in for an item that is not a str, so that only its type name crosses processes."""

    __slots__ = ("type_name",)

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name

    def __reduce__(self) -> tuple[type[_NotStr], tuple[str]]:
        return (_NotStr, (self.type_name,))


class _Refused(NamedTuple):
    """A page clean() cannot read (ImportError: HTML without the html extra; ValueError), raised
    again in input order."""

    message: str
    missing_parser: bool = False


class _Counted(NamedTuple):
    """A page's body and its statistics, counted in the worker that cleaned it."""

    body: str
    stats: Stats


def _clean_chunk(
    opts: Options, counted: bool, chunk: list[tuple[int, str | _NotStr]]
) -> list[tuple[int, str | _Counted | _NotStr | _Refused]]:
    return [(i, t if isinstance(t, _NotStr) else _clean_or_refuse(t, opts, counted)) for i, t in chunk]


def _clean_or_refuse(text: str, opts: Options, counted: bool) -> str | _Counted | _Refused:
    try:
        if not counted:
            return clean(text, opts)
        body, counts = tally(text, opts)
    except (ValueError, ImportError) as exc:
        return _Refused(str(exc), isinstance(exc, ImportError))
    page = Stats()
    page.add(text, body, counts)
    return _Counted(body, page)


def _raise_failures(
    results: Iterator[tuple[int, str | _Counted | _NotStr | _Refused]], stats: Stats | None
) -> Iterator[str]:
    for index, result in results:
        if isinstance(result, (_Refused, _NotStr)) and stats is not None:
            stats.add_failure()
        if isinstance(result, _Refused):
            error = ImportError if result.missing_parser else ValueError
            raise error(f"clean_many() item {index}: {result.message}")
        if isinstance(result, _NotStr):
            hint = (
                "decode bytes first, e.g. data.decode('utf-8', 'replace')"
                if result.type_name in ("bytes", "bytearray")
                else "pass each page as one str"
            )
            raise TypeError(f"clean_many() takes str items; item {index} is {result.type_name}: {hint}")
        if isinstance(result, _Counted):
            assert stats is not None  # only a run with stats counts
            stats.update(result.stats)
            result = result.body
        yield result
