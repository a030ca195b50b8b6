"""The runs: files and directory trees, a JSONL stream, the HTML report; Ctrl-C between writes."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from cleantext.batch import map_ordered
from cleantext.cli.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    reason,
    say,
)
from cleantext.cli.inputs import open_input, stdin_bytes
from cleantext.cli.progress import Progress
from cleantext.cli.records import Job, decode, file_chunk, jsonl_chunk
from cleantext.cli.sinks import open_output, silence_stdout, write_file
from cleantext.options import Options
from cleantext.pipeline import Result, explain
from cleantext.report import TSV_HEADER, render_html

__all__ = ["run", "run_report"]

#: Pages per task sent to a worker process: large enough to hide the cost of a task, small enough
#: that one long page does not hold up the ordered output (own measurement on the benchmark).
CHUNKSIZE = 4


def run(args: argparse.Namespace, options: Options) -> int:
    """Clean the inputs `args` names (files, directories, standard input or JSONL); the exit status."""
    if args.format and not args.explain:
        raise UsageError("--format chooses how --explain writes; add --explain")
    fmt = "jsonl" if args.jsonl else "text"
    if args.explain and args.format:
        fmt = args.format
    job = Job(options, args.encoding, args.explain, fmt, args.field, args.output_field)
    names = args.inputs or ["-"]
    progress_on = sys.stderr.isatty() if args.progress is None else args.progress
    with _SigintGuard() as guard, Progress(sys.stderr, progress_on) as progress:
        try:
            if args.jsonl:
                return _run_jsonl(args, job, names, guard, progress)
            return _run_files(args, job, names, guard, progress)
        except KeyboardInterrupt:
            progress.message("interrupted; the output holds every record finished so far")
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): not an error worth a traceback.
            silence_stdout()
            return EXIT_BROKEN_PIPE
        except Exception as exc:
            if not _broken_pool(exc):
                raise
            progress.message(f"{exc}; the output holds every record before it")
            return EXIT_FAILED


def _run_jsonl(
    args: argparse.Namespace, job: Job, names: list[str], guard: _SigintGuard, progress: Progress
) -> int:
    if len(names) > 1:
        raise UsageError("--jsonl reads one input (a file or '-'); concatenate files first, e.g. cat a b |")
    name = names[0]
    status = EXIT_OK
    replaced_total = replaced_records = 0
    first_replaced: int | None = None
    with contextlib.ExitStack() as stack:
        try:
            stream = stack.enter_context(open_input(name))
        except OSError as exc:
            progress.message(f"{name}: {reason(exc)}")
            return EXIT_FAILED
        if name != "-" and not name.endswith(".gz"):
            progress.total_bytes = os.path.getsize(name)
        sink = stack.enter_context(open_output(args.output))
        if job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        reader = _LineReader(stream, name, progress)
        numbered = enumerate(reader, 1)
        outcomes = stack.enter_context(
            contextlib.closing(
                map_ordered(partial(jsonl_chunk, job), numbered, args.jobs, chunksize=CHUNKSIZE)
            )
        )
        for number, outcome in enumerate(outcomes, 1):
            with guard.critical():
                sink.write(outcome.output)
            if outcome.replaced:
                replaced_total += outcome.replaced
                replaced_records += 1
                first_replaced = first_replaced or number
            progress.advance(outcome.size)
            if outcome.error is not None:
                status = EXIT_FAILED
                progress.message(f"{name}: line {number}: {outcome.error}")
                if args.fail_fast:
                    progress.message("stopping at the first failed record (--fail-fast)")
                    break
    if reader.failed:
        status = EXIT_FAILED
    if replaced_total:
        progress.message(
            f"{name}: replaced {replaced_total} undecodable byte sequence(s) with U+FFFD in "
            f"{replaced_records} record(s), first on line {first_replaced} (decoded as {job.encoding}; "
            "see --encoding)"
        )
    return status


class _LineReader:
    """The lines of the input; a reading error mid-stream (a truncated .gz, a disk error) ends the
    input with a message and `failed` set, and the records read before it still go through."""

    def __init__(self, stream: Iterable[bytes], name: str, progress: Progress) -> None:
        self.stream = stream
        self.name = name
        self.progress = progress
        self.failed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.stream
        except (OSError, EOFError) as exc:
            self.progress.message(f"{self.name}: reading stopped: {reason(exc)}")
            self.failed = True


def _run_files(
    args: argparse.Namespace, job: Job, names: list[str], guard: _SigintGuard, progress: Progress
) -> int:
    directories = [name for name in names if name != "-" and Path(name).is_dir()]
    mirror = args.output is not None and bool(directories)
    if mirror and len(names) > 1:
        raise UsageError("-o with a directory input takes that one directory only")
    status = EXIT_OK
    pages: list[tuple[str, str | bytes]] = []
    targets: list[Path] = []
    for name in names:
        if name == "-":
            pages.append(("<stdin>", stdin_bytes().read()))
        elif name in directories:
            found = sorted(p for p in Path(name).rglob(args.glob) if p.is_file())
            if not found:
                progress.message(f"{name}: no files match {args.glob!r} (see --glob)")
            for path in found:
                pages.append((str(path), str(path)))
                targets.append(Path(args.output or ".") / path.relative_to(name))
        else:
            pages.append((name, name))
    progress.total_items = len(pages)
    with contextlib.ExitStack() as stack:
        sink = None if mirror else stack.enter_context(open_output(args.output))
        if sink is not None and job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        outcomes = stack.enter_context(
            contextlib.closing(map_ordered(partial(file_chunk, job), pages, args.jobs, chunksize=CHUNKSIZE))
        )
        written = False
        for n, outcome in enumerate(outcomes):
            label = pages[n][0]
            if outcome.error is not None:
                status = EXIT_FAILED
                progress.message(f"{label}: {outcome.error}")
                if args.fail_fast:
                    progress.message("stopping at the first failed file (--fail-fast)")
                    break
            elif mirror:
                header = TSV_HEADER.encode() if job.explain and job.format == "tsv" else b""
                with guard.critical():
                    write_file(targets[n], header + outcome.output)
            elif outcome.output:
                with guard.critical():
                    # A blank line between pages, as between the blocks of a page.
                    if written and not job.explain:
                        sink.write(b"\n")  # type: ignore[union-attr]
                    sink.write(outcome.output)  # type: ignore[union-attr]
                written = True
            if outcome.replaced:
                progress.message(
                    f"{label}: replaced {outcome.replaced} undecodable byte sequence(s) with U+FFFD "
                    f"(decoded as {job.encoding}; see --encoding)"
                )
            progress.advance(outcome.size)
    return status


def _broken_pool(exc: BaseException) -> bool:
    """Whether `exc` is the executor's BrokenProcessPool (a worker died). Its module is imported
    only by a run on several processes (batch._map_pool): if it is not loaded, `exc` is not one."""
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(exc, module.BrokenProcessPool)


def run_report(args: argparse.Namespace, options: Options) -> int:
    """Write the HTML report of the pages `args` names; the exit status."""
    status = EXIT_OK
    pages: list[tuple[str, Result]] = []
    for name in args.inputs:
        sources: list[tuple[str, str | bytes]]
        if name == "-":
            sources = [("<stdin>", stdin_bytes().read())]
        elif Path(name).is_dir():
            sources = [(str(p), str(p)) for p in sorted(Path(name).rglob(args.glob)) if p.is_file()]
        else:
            sources = [(name, name)]
        for label, source in sources:
            try:
                data = source if isinstance(source, bytes) else Path(source).read_bytes()
            except OSError as exc:
                say(f"{label}: {reason(exc)}")
                status = EXIT_FAILED
                continue
            text, replaced = decode(data, args.encoding)
            if replaced:
                say(f"{label}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
            pages.append((label, explain(text, options)))
    page = render_html(pages).encode("utf-8")
    with open_output(args.output) as sink:
        sink.write(page)
    return status


class _SigintGuard:
    """Ctrl-C raises KeyboardInterrupt as usual, except inside `critical()`, where it waits until the
    write is done, so that the output only ever holds complete lines and files."""

    def __init__(self) -> None:
        self._writing = False
        self._deferred = False
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None
        self._installed = False

    def __enter__(self) -> _SigintGuard:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous if self._previous is not None else signal.SIG_DFL)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._writing:
            self._deferred = True
        else:
            raise KeyboardInterrupt

    @contextlib.contextmanager
    def critical(self) -> Iterator[None]:
        self._writing = True
        try:
            yield
        finally:
            self._writing = False
        if self._deferred:
            raise KeyboardInterrupt
