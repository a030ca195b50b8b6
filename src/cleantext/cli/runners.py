"""The runs: files and directory trees, a JSONL stream, the HTML report; Ctrl-C between writes."""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from types import FrameType
from typing import IO, Any, NamedTuple

from cleantext.batch import map_ordered
from cleantext.cli.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    OutputError,
    UsageError,
    reason,
    say,
)
from cleantext.cli.inputs import (
    compression_suffix,
    content_name,
    find_pages,
    is_directory,
    open_input,
    read_page,
    read_stdin,
)
from cleantext.cli.progress import Progress
from cleantext.cli.records import Job, Outcome, decode_page, file_chunk, jsonl_chunk
from cleantext.cli.sinks import check_output, open_output, prepare_directory, silence_stdout, write_file
from cleantext.options import Options
from cleantext.pipeline import Result, explain
from cleantext.report import TSV_HEADER, render_html
from cleantext.stats import Stats

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
    id_fields = tuple(args.id_field) if args.id_field else Job.id_fields
    if {"line", "error"} & set(id_fields):
        raise UsageError("--id-field cannot be 'line' or 'error': an error record has fields of those names")
    names = args.inputs or ["-"]
    output = _output_name(args.output)
    stats_json = _stats_json_name(args.stats_json, names, output)
    stats = Stats() if args.stats or stats_json is not None else None
    job = Job(
        options,
        args.encoding,
        args.explain,
        fmt,
        args.field,
        args.output_field,
        id_fields,
        stats is not None,
        args.site_field,
    )
    stderr = sys.stderr if sys.stderr is not None else io.StringIO()  # started with stderr closed
    progress_on = stderr.isatty() if args.progress is None else args.progress
    with _SigintGuard() as guard, Progress(stderr, progress_on) as progress:
        status = _run_inputs(args, job, names, output, guard, progress, stats)
    # After the progress bar's last line, and also after Ctrl-C: the statistics of what was done.
    if stats is not None:
        status = _report_stats(stats, args.stats, stats_json, stderr, status)
    return status


def _run_inputs(
    args: argparse.Namespace,
    job: Job,
    names: list[str],
    output: str | None,
    guard: _SigintGuard,
    progress: Progress,
    stats: Stats | None,
) -> int:
    """Run over JSONL or files; the exit status, also when the run stops part-way."""
    try:
        if args.jsonl:
            return _run_jsonl(args, job, names, output, guard, progress, stats)
        return _run_files(args, job, names, output, guard, progress, stats)
    except KeyboardInterrupt:
        progress.message("interrupted; the output holds every record finished so far")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error worth a traceback.
        silence_stdout()
        return EXIT_BROKEN_PIPE
    except OutputError as exc:
        progress.message(f"{exc}; stopped, the output holds every record before it")
        return EXIT_FAILED
    except Exception as exc:
        if not _broken_pool(exc):
            raise
        progress.message(f"{exc}; the output holds every record before it")
        return EXIT_FAILED


def _output_name(output: str | None) -> str | None:
    """The output file or directory; None for standard output."""
    if output == "":
        raise UsageError("-o needs a file or directory name, or '-' for standard output")
    return None if output == "-" else output


def _stats_json_name(name: str | None, inputs: list[str], output: str | None) -> str | None:
    """The file --stats-json names, checked before anything runs: a run of hours must not end
    unable to write it, nor write it over an input or the output."""
    if name is None:
        return None
    if name in ("", "-"):
        raise UsageError(
            "--stats-json needs a file name (standard output holds the output; --stats prints the "
            "statistics on standard error)"
        )
    if os.path.isdir(name):
        raise UsageError(f"--stats-json {name} is a directory; name a file, e.g. {Path(name) / 'stats.json'}")
    directory = os.path.dirname(name) or "."
    if not os.path.isdir(directory):
        raise UsageError(f"cannot write --stats-json {name}: the directory {directory} does not exist")
    try:
        check_output(name, inputs)
    except UsageError as exc:
        raise UsageError(f"--stats-json: {exc}") from None
    if output is not None:
        where, out = os.path.realpath(name), os.path.realpath(output)
        if where == out or os.path.commonpath([where, out]) == out:
            raise UsageError(f"--stats-json {name} would write into the output {output}; name another file")
    return name


def _report_stats(stats: Stats, table: bool, json_name: str | None, stderr: IO[str], status: int) -> int:
    """Print the statistics on standard error and write them as JSON, as asked; the exit status."""
    if table:
        with contextlib.suppress(OSError, ValueError):  # standard error closed: nobody to tell
            stderr.write("cleantext: statistics\n" + stats.summary() + "\n")
            stderr.flush()
    if json_name is not None:
        data = json.dumps(stats.as_dict(), indent=2) + "\n"
        try:
            write_file(Path(json_name), data.encode("utf-8"))
        except OSError as exc:
            say(f"{json_name}: cannot write the statistics: {reason(exc)}")
            return EXIT_FAILED if status == EXIT_OK else status
    return status


def _count(stats: Stats | None, outcome: Outcome, failed: bool) -> None:
    """Count one page or record into the run's statistics: as a failure, or with the numbers its
    worker counted (none for a blank JSONL line)."""
    if stats is None:
        return
    if failed:
        stats.add_failure()
    elif outcome.stats is not None:
        stats.update(outcome.stats)


def _run_jsonl(
    args: argparse.Namespace,
    job: Job,
    names: list[str],
    output: str | None,
    guard: _SigintGuard,
    progress: Progress,
    stats: Stats | None,
) -> int:
    if len(names) > 1:
        raise UsageError("--jsonl reads one input (a file or '-'); concatenate files first, e.g. cat a b |")
    name = names[0]
    label = "<stdin>" if name == "-" else name  # in messages
    if is_directory(name):
        raise UsageError(f"--jsonl reads a file or '-', and {name} is a directory")
    check_output(output, names)
    status = EXIT_OK
    replaced_total = replaced_records = 0
    first_replaced: int | None = None
    with contextlib.ExitStack() as stack:
        try:
            stream = stack.enter_context(open_input(name))
        except OSError as exc:
            progress.message(f"{label}: {reason(exc)}")
            return EXIT_FAILED
        if name != "-" and not compression_suffix(name):
            with contextlib.suppress(OSError):
                progress.total_bytes = os.path.getsize(name)
        sink = stack.enter_context(open_output(output))
        if job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        reader = _LineReader(stream)
        progress.pending = reader.pending
        numbered = enumerate(reader, 1)
        outcomes = stack.enter_context(
            contextlib.closing(
                map_ordered(partial(jsonl_chunk, job), numbered, args.jobs, chunksize=CHUNKSIZE)
            )
        )
        for number, outcome in enumerate(outcomes, 1):
            reader.sizes.pop(number, None)
            with guard.critical():
                sink.write(outcome.output)
                # Counted with its write: an interrupted run's statistics match its output.
                _count(stats, outcome, outcome.error is not None)
            if outcome.replaced:
                replaced_total += outcome.replaced
                replaced_records += 1
                first_replaced = first_replaced or number
            progress.advance(outcome.size)
            if outcome.error is not None:
                status = EXIT_FAILED
                progress.message(f"{label}: {outcome.where}: {outcome.error}")
                if args.fail_fast:
                    progress.message("stopping at the first failed record (--fail-fast)")
                    break
    if reader.error is not None:
        progress.message(f"{label}: reading stopped: {reader.error}")
        status = EXIT_FAILED
    if replaced_total:
        progress.message(
            f"{label}: replaced {replaced_total} undecodable byte sequence(s) with U+FFFD in "
            f"{replaced_records} record(s), first on line {first_replaced} (decoded as {job.encoding}; "
            "see --encoding)"
        )
    return status


class _LineReader:
    """The lines of the input; a reading error mid-stream (a truncated .gz, a disk error) ends the
    input with `error` set, and the records read before it still go through."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self.stream = stream
        self.error: str | None = None
        #: The size of each line read and not yet written, by line number, for the progress bar.
        self.sizes: dict[int, int] = {}

    def __iter__(self) -> Iterator[bytes]:
        try:
            for number, line in enumerate(self.stream, 1):
                self.sizes[number] = len(line)
                yield line
        except OSError as exc:
            self.error = reason(exc)

    def pending(self, index: int) -> tuple[str, int | None] | None:
        """Line `index` + 1 and its size, if it has been read."""
        size = self.sizes.get(index + 1)
        return None if size is None else (f"line {index + 1}", size)


class _Page(NamedTuple):
    """A page to clean: its name in messages, its file (or the bytes of standard input), and for a
    file found in a directory input, its path below that directory."""

    label: str
    source: str | bytes
    relative: Path | None = None


def _list_pages(names: list[str], pattern: str, progress: Progress) -> tuple[list[_Page], int]:
    """The pages the inputs `names` hold, in order; a directory is searched for `pattern`. What cannot
    be listed or read is reported, and makes the status EXIT_FAILED."""
    pages: list[_Page] = []
    status = EXIT_OK
    for name in names:
        if name == "-":
            try:
                pages.append(_Page("<stdin>", read_stdin()))
            except OSError as exc:
                progress.message(f"<stdin>: {reason(exc)}")
                status = EXIT_FAILED
        elif is_directory(name):
            try:
                found = find_pages(Path(name), pattern)
            except (ValueError, NotImplementedError) as exc:  # pathlib's words for a bad pattern
                raise UsageError(f"bad --glob {pattern!r}: {exc} (e.g. --glob '*.txt')") from None
            except OSError as exc:
                progress.message(f"{name}: cannot list the directory: {reason(exc)}")
                status = EXIT_FAILED
                continue
            if not found:
                progress.message(f"{name}: no files match {pattern!r} (see --glob)")
            pages.extend(_Page(str(path), str(path), path.relative_to(name)) for path in found)
        else:
            pages.append(_Page(name, name))
    return pages, status


def _page_size(page: _Page) -> int | None:
    """The size of a page in bytes (on disk, for a compressed file); None if it cannot be known."""
    if isinstance(page.source, bytes):
        return len(page.source)
    try:
        return os.stat(page.source).st_size
    except OSError:
        return None


def _mirror_targets(pages: list[_Page], directory: str) -> list[Path]:
    """Each page's file in the output tree: its path below the input, without a compression suffix."""
    targets: list[Path] = []
    seen: dict[Path, str] = {}
    for page in pages:
        assert page.relative is not None  # every page of a mirrored run comes from the directory
        target = Path(directory) / page.relative.with_name(content_name(page.relative.name))
        if target in seen:
            raise UsageError(
                f"{seen[target]} and {page.label} would both be written to {target}; "
                "keep one of them out (see --glob)"
            )
        seen[target] = page.label
        targets.append(target)
    return targets


def _run_files(
    args: argparse.Namespace,
    job: Job,
    names: list[str],
    output: str | None,
    guard: _SigintGuard,
    progress: Progress,
    stats: Stats | None,
) -> int:
    directories = [name for name in names if is_directory(name)]
    mirror = output is not None and bool(directories)
    if mirror and len(names) > 1:
        raise UsageError("-o with a directory input takes that one directory only")
    pages, status = _list_pages(names, args.glob, progress)
    targets: list[Path] = []
    if mirror:
        assert output is not None
        targets = _mirror_targets(pages, output)
        check_output(output, names, [(Path(str(p.source)), t) for p, t in zip(pages, targets)])
        prepare_directory(output)
    else:
        check_output(output, names)
    progress.total_items = len(pages)
    progress.pending = lambda index: (pages[index].label, _page_size(pages[index]))
    with contextlib.ExitStack() as stack:
        sink = None if mirror else stack.enter_context(open_output(output))
        if sink is not None and job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        work = [(page.label, page.source) for page in pages]
        outcomes = stack.enter_context(
            contextlib.closing(map_ordered(partial(file_chunk, job), work, args.jobs, chunksize=CHUNKSIZE))
        )
        written = False
        for n, outcome in enumerate(outcomes):
            label = pages[n].label
            failed = f"{label}: {outcome.error}" if outcome.error is not None else None
            if failed is None and mirror:
                header = TSV_HEADER.encode() if job.explain and job.format == "tsv" else b""
                try:
                    with guard.critical():
                        write_file(targets[n], header + outcome.output)
                        _count(stats, outcome, False)  # with its write, as for JSONL
                except OSError as exc:
                    failed = f"{targets[n]}: cannot write: {reason(exc)}"
            elif failed is None and outcome.output:
                assert sink is not None
                with guard.critical():
                    # A blank line between pages, as between the blocks of a page.
                    if written and not job.explain:
                        sink.write(b"\n")
                    sink.write(outcome.output)
                    _count(stats, outcome, False)
                written = True
            elif failed is None:  # an empty body: nothing to write
                _count(stats, outcome, False)
            if outcome.replaced:
                progress.message(
                    f"{label}: replaced {outcome.replaced} undecodable byte sequence(s) with U+FFFD "
                    f"(decoded as {job.encoding}; see --encoding)"
                )
            progress.advance(outcome.size)
            if failed is not None:
                _count(stats, outcome, True)
                status = EXIT_FAILED
                progress.message(failed)
                if args.fail_fast:
                    progress.message("stopping at the first failed file (--fail-fast)")
                    break
    return status


def _broken_pool(exc: BaseException) -> bool:
    """Whether `exc` is the executor's BrokenProcessPool (a worker died). Its module is imported
    only by a run on several processes (batch._map_pool): if it is not loaded, `exc` is not one."""
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(exc, module.BrokenProcessPool)


def run_report(args: argparse.Namespace, options: Options) -> int:
    """Write the HTML report of the pages `args` names; the exit status."""
    output = _output_name(args.output)
    stderr = sys.stderr if sys.stderr is not None else io.StringIO()
    with Progress(stderr, False) as progress:
        pages, status = _list_pages(args.inputs, args.glob, progress)
        check_output(output, args.inputs)
        with open_output(output) as sink:
            results: list[tuple[str, Result]] = []
            for page in pages:
                try:
                    data = page.source if isinstance(page.source, bytes) else read_page(page.source)
                except OSError as exc:
                    progress.message(f"{page.label}: {reason(exc)}")
                    status = EXIT_FAILED
                    continue
                text, replaced = decode_page(data, args.encoding)
                if replaced:
                    progress.message(
                        f"{page.label}: replaced {replaced} undecodable byte sequence(s) with U+FFFD"
                    )
                results.append((page.label, explain(text, options)))
            try:
                sink.write(render_html(results).encode("utf-8"))
            except OutputError as exc:
                progress.message(str(exc))
                return EXIT_FAILED
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
