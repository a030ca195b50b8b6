"""The `cleantext` command: clean files, directories, standard input or JSONL dumps, on every core."""

from __future__ import annotations

import argparse
import codecs
import contextlib
import gzip
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import IO, Any, NamedTuple, cast

from cleantext import __version__
from cleantext.batch import default_jobs, map_ordered
from cleantext.options import LANGUAGES, PRESETS, Options
from cleantext.pipeline import Result, explain
from cleantext.report import TSV_HEADER, block_record, render_html, render_text, render_tsv

__all__ = ["main"]

#: Exit statuses; see docs/cli.md.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141

#: Pages per task sent to a worker process: large enough to hide the cost of a task, small enough
#: that one long page does not hold up the ordered output (own measurement on the benchmark).
CHUNKSIZE = 4

_RULE_KINDS = {
    "drop": "drop_patterns",
    "keep": "keep_patterns",
    "drop-phrase": "drop_phrases",
    "keep-phrase": "keep_phrases",
}

_EXAMPLES = """\
examples:
  cleantext page.txt                          clean one page to standard output
  cleantext pages/ --glob '*.txt' -o clean/   clean a tree into a mirrored tree
  cat page.txt | cleantext                    clean standard input
  cleantext --jsonl dump.jsonl -o clean.jsonl add the body under "clean" to each record
  cleantext --jsonl --field body --output-field body_clean < in.jsonl > out.jsonl
  cleantext --explain --format tsv page.txt   every block with its decision, as TSV
  cleantext report a.txt b.txt -o report.html see the decisions in a browser

exit status: 0 all went well; 1 some record or file failed (each reported on standard error);
2 bad usage, options or rules file; 130 interrupted (Ctrl-C). Full guide: docs/cli.md
"""

_RULES_HELP = """\
rules file format, one rule a line, '#' starts a comment line:
  drop: REGEX          drop a block matching REGEX (regex module syntax, case-insensitive)
  keep: REGEX          always keep a block matching REGEX
  drop-phrase: TEXT    drop a block that contains TEXT (case-insensitive, from a word start)
  keep-phrase: TEXT    always keep a block that contains TEXT (the same way)
"""


class UsageError(Exception):
    """A bad command line, option value or rules file: reported on one line, exit status 2."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit status."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    is_report = bool(args_list) and args_list[0] == "report"
    parser = _report_parser() if is_report else _parser()
    try:
        args = parser.parse_intermixed_args(args_list[1:] if is_report else args_list)
    except SystemExit as exc:  # --help, --version, or an argparse error already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        options = _build_options(args)
        _check_encoding(args.encoding)
        if is_report:
            return _run_report(args, options)
        return _run(args, options)
    except UsageError as exc:
        _say(f"error: {exc}")
        return EXIT_USAGE


# -- command line ---------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Turn the text of scraped web pages into clean article bodies. "
        "'cleantext report --help' shows the HTML report command.",
        epilog=_EXAMPLES + "\n" + _RULES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or directories to clean; none, or '-', reads standard input "
        "(e.g. cleantext a.txt b.txt, cleantext pages/)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    io_group = parser.add_argument_group("input and output")
    io_group.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of standard output; for a directory input, an output directory "
        "that mirrors the input tree (e.g. -o clean/)",
    )
    io_group.add_argument(
        "--glob",
        default="*.txt",
        help="which files of a directory input to clean, searched recursively (default: %(default)s; "
        "e.g. --glob '*.md')",
    )
    io_group.add_argument(
        "--encoding",
        default="utf-8",
        help="how to decode input bytes (default: %(default)s); bytes that do not decode are replaced "
        "with U+FFFD and counted on standard error (e.g. --encoding cp1252)",
    )
    jsonl = parser.add_argument_group("JSONL")
    jsonl.add_argument(
        "--jsonl",
        action="store_true",
        help="read JSON Lines (one file, .gz too, or standard input) and write one JSON line per input "
        "line, in order, every input field kept (e.g. cleantext --jsonl dump.jsonl)",
    )
    jsonl.add_argument(
        "--field",
        default="text",
        help="the input field with the page text (default: %(default)s; e.g. --field body)",
    )
    jsonl.add_argument(
        "--output-field",
        default="clean",
        help="the field the clean body is written to; in --explain --format jsonl of files, the key "
        "of the body (default: %(default)s; e.g. --output-field body)",
    )
    jsonl.add_argument(
        "--fail-fast",
        action="store_true",
        help="stop at the first record or file that fails, instead of reporting it and going on",
    )
    explain_group = parser.add_argument_group("explaining")
    explain_group.add_argument(
        "--explain",
        action="store_true",
        help="show every block with its decision (kept/dropped, reason, numbers, the block a "
        "duplicate repeats); with --jsonl, adds a 'blocks' list to each record",
    )
    explain_group.add_argument(
        "--format",
        choices=("text", "jsonl", "tsv"),
        help="how --explain writes: text for people (default for files), jsonl (one object per page "
        "or record; default with --jsonl), tsv (one row per block; e.g. --explain --format tsv)",
    )
    run = parser.add_argument_group("running")
    run.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        default=None,
        help=f"worker processes (default: every core, here {default_jobs()}); output order is always "
        "the input order (e.g. -j 1)",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar with pages/s on standard error (default: when it is a terminal)",
    )
    _add_option_arguments(parser)
    return parser


def _report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext report",
        description="Write a self-contained HTML page that shows each page's blocks coloured kept or "
        "dropped, the reason on hover, and a link from each duplicate to the block it repeats.",
        epilog="example: cleantext report seeds/*.txt -o report.html",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="PAGE",
        help="text files or directories of pages ('-' for standard input)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="the HTML file to write (default: standard output)"
    )
    parser.add_argument(
        "--glob", default="*.txt", help="files to take from a directory (default: %(default)s)"
    )
    parser.add_argument("--encoding", default="utf-8", help="how to decode the pages (default: %(default)s)")
    _add_option_arguments(parser)
    return parser


def _add_option_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "cleaning options", "the options of cleantext.clean(); a preset first, then each one given here"
    )
    group.add_argument(
        "--language",
        choices=LANGUAGES,
        help="phrase data to use (default: auto, every language; e.g. --language de)",
    )
    group.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default="balanced",
        help="a named option set (default: %(default)s; e.g. --preset precision drops more)",
    )
    group.add_argument(
        "--rules",
        metavar="FILE",
        help="extra drop/keep patterns and phrases, one per line (format below; e.g. --rules site.rules)",
    )
    group.add_argument(
        "--min-content-score",
        type=float,
        metavar="P",
        help="keep blocks whose content probability is at least P, 0-1 (default 0.5; e.g. 0.65)",
    )
    group.add_argument(
        "--fuzzy-min-score",
        type=_score_or_off,
        metavar="S",
        help="rapidfuzz ratio, 0-100, from which a lightly edited repeat is a duplicate, or 'off' "
        "(default 90; e.g. 95)",
    )
    group.add_argument(
        "--teaser-min-score",
        type=_score_or_off,
        metavar="S",
        help="ratio, 0-100, from which a teaser ending in '...' duplicates a longer block, or 'off' "
        "(default 90)",
    )
    group.add_argument(
        "--sentence-repeat-min-words",
        type=_int_or_off,
        metavar="N",
        help="a block of at least N words whose sentences all stand in other kept blocks is a "
        "duplicate; 'off' disables (default 6)",
    )
    group.add_argument(
        "--no-fix-unicode",
        dest="fix_unicode",
        action="store_false",
        default=None,
        help="do not repair mojibake and broken Unicode with ftfy",
    )


class _Off:
    """The value 'off' for an option whose None means disabled."""


_OFF = _Off()


def _score_or_off(value: str) -> float | _Off:
    if value.strip().lower() in ("off", "none"):
        return _OFF
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number 0-100 or 'off', got {value!r}") from None


def _int_or_off(value: str) -> int | _Off:
    if value.strip().lower() in ("off", "none"):
        return _OFF
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 'off', got {value!r}") from None


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return number


def _build_options(args: argparse.Namespace) -> Options:
    settings: dict[str, Any] = dict(PRESETS[args.preset])
    for name in (
        "language",
        "min_content_score",
        "fuzzy_min_score",
        "teaser_min_score",
        "sentence_repeat_min_words",
        "fix_unicode",
    ):
        value = getattr(args, name)
        if value is not None:
            settings[name] = None if value is _OFF else value
    if args.rules:
        settings.update(_read_rules(args.rules))
    try:
        return Options(**settings)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"invalid option: {exc}") from None


def _read_rules(path: str) -> dict[str, tuple[str, ...]]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read rules file {path}: {_reason(exc)}") from None
    rules: dict[str, list[str]] = {name: [] for name in _RULE_KINDS.values()}
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        kind, colon, value = stripped.partition(":")
        kind = kind.strip().lower()
        value = value.strip()
        if not colon or kind not in _RULE_KINDS:
            known = ", ".join(f"{k}:" for k in _RULE_KINDS)
            raise UsageError(f"{path}:{number}: a rule starts with one of {known}; got {stripped!r}")
        if not value:
            raise UsageError(f"{path}:{number}: '{kind}:' needs a pattern or phrase after the colon")
        if kind in ("drop", "keep"):
            import regex  # only a rules file with patterns needs it (~10 ms of start-up)

            try:
                regex.compile(value)
            except regex.error as exc:
                raise UsageError(f"{path}:{number}: bad pattern {value!r}: {exc}") from None
        rules[_RULE_KINDS[kind]].append(value)
    return {name: tuple(values) for name, values in rules.items() if values}


def _check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1)") from None


# -- the work done per page, in worker processes --------------------------------------------


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs for one kind of record; pickled once per chunk."""

    options: Options
    encoding: str
    explain: bool
    format: str
    field: str = "text"
    output_field: str = "clean"


class _Outcome(NamedTuple):
    """One record's output (complete lines, UTF-8) and what to report about it."""

    output: bytes
    error: str | None
    replaced: int
    size: int


def _decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bytes that do not decode; return the text and how many were replaced."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        # "ignore" drops exactly the sequences that "replace" marks, so the difference counts
        # them and not the U+FFFD characters that were in the input.
        text = data.decode(encoding, "replace")
        return text, text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")


def _encode(text: str) -> bytes:
    # A lone surrogate (from a JSON "\ud800" escape) cannot be UTF-8; show it replaced.
    return text.encode("utf-8", "replace")


def _json_line(record: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: keep them, escaped, as JSON allows
        return (json.dumps(record) + "\n").encode("ascii")


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array", dict: "an object"}
    return names.get(type(value), type(value).__name__)


def _jsonl_chunk(job: _Job, chunk: list[tuple[int, bytes]]) -> list[_Outcome]:
    return [_jsonl_record(job, number, raw) for number, raw in chunk]


def _jsonl_record(job: _Job, number: int, raw: bytes) -> _Outcome:
    line, replaced = _decode(raw, job.encoding)
    if number == 1:
        # Editors on Windows start UTF-8 files with a byte order mark, which JSON does not allow.
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return _Outcome(b"\n" if job.format == "jsonl" else b"", None, replaced, len(raw))
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return _failed(
            job,
            number,
            f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}",
            replaced,
            len(raw),
        )
    if not isinstance(record, dict):
        return _failed(job, number, f"expected a JSON object, got {_json_type(record)}", replaced, len(raw))
    if job.field not in record:
        hint = f"; fields: {', '.join(list(record)[:8])} (pick one with --field)" if record else ""
        return _failed(job, number, f"no field {job.field!r}{hint}", replaced, len(raw))
    text = record[job.field]
    if not isinstance(text, str):
        message = f"field {job.field!r} is {_json_type(text)}, not a string"
        return _failed(job, number, message, replaced, len(raw))
    try:
        result = explain(text, job.options)
    except Exception as exc:  # a bug must cost one record, not a multi-gigabyte run
        message = f"internal error, please report: {type(exc).__name__}: {exc}"
        return _failed(job, number, message, replaced, len(raw))
    record[job.output_field] = result.text
    if job.explain and job.format == "jsonl":
        record["blocks"] = [block_record(b) for b in result.blocks]
    if job.format == "jsonl":
        return _Outcome(_json_line(record), None, replaced, len(raw))
    return _Outcome(_encode(_render(job, f"line {number}", result)), None, replaced, len(raw))


def _failed(job: _Job, number: int, message: str, replaced: int, size: int) -> _Outcome:
    if job.format == "tsv":
        output = f"line {number}\t\t\terror\t\t\t{message}\n"
    elif job.format == "text":
        output = f"== line {number}: error: {message} ==\n"
    else:
        return _Outcome(_json_line({"line": number, "error": message}), message, replaced, size)
    return _Outcome(_encode(output), message, replaced, size)


def _file_chunk(job: _Job, chunk: list[tuple[str, str | bytes]]) -> list[_Outcome]:
    return [_file_record(job, label, source) for label, source in chunk]


def _file_record(job: _Job, label: str, source: str | bytes) -> _Outcome:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read()
        except OSError as exc:
            return _Outcome(b"", _reason(exc), 0, 0)
    text, replaced = _decode(data, job.encoding)
    try:
        result = explain(text, job.options)
    except Exception as exc:  # a bug must cost one page, not the whole run
        return _Outcome(b"", f"internal error, please report: {type(exc).__name__}: {exc}", replaced, 0)
    if not job.explain:
        return _Outcome(_encode(result.text + "\n" if result.text else ""), None, replaced, len(data))
    return _Outcome(_encode(_render(job, label, result)), None, replaced, len(data))


def _render(job: _Job, label: str, result: Result) -> str:
    if job.format == "tsv":
        return render_tsv(label, result)
    if job.format == "text":
        return render_text(label, result)
    record = {
        "file": label,
        job.output_field: result.text,
        "blocks": [block_record(b) for b in result.blocks],
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


# -- running --------------------------------------------------------------------------------


def _run(args: argparse.Namespace, options: Options) -> int:
    if args.format and not args.explain:
        raise UsageError("--format chooses how --explain writes; add --explain")
    fmt = "jsonl" if args.jsonl else "text"
    if args.explain and args.format:
        fmt = args.format
    job = _Job(options, args.encoding, args.explain, fmt, args.field, args.output_field)
    names = args.inputs or ["-"]
    progress_on = sys.stderr.isatty() if args.progress is None else args.progress
    with _SigintGuard() as guard, _Progress(sys.stderr, progress_on) as progress:
        try:
            if args.jsonl:
                return _run_jsonl(args, job, names, guard, progress)
            return _run_files(args, job, names, guard, progress)
        except KeyboardInterrupt:
            progress.message("interrupted; the output holds every record finished so far")
            return EXIT_INTERRUPTED
        except BrokenPipeError:
            # The reader went away (e.g. `| head`): not an error worth a traceback.
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except Exception as exc:
            if not _broken_pool(exc):
                raise
            progress.message(f"{exc}; the output holds every record before it")
            return EXIT_FAILED


def _run_jsonl(
    args: argparse.Namespace, job: _Job, names: list[str], guard: _SigintGuard, progress: _Progress
) -> int:
    if len(names) > 1:
        raise UsageError("--jsonl reads one input (a file or '-'); concatenate files first, e.g. cat a b |")
    name = names[0]
    status = EXIT_OK
    replaced_total = replaced_records = 0
    first_replaced: int | None = None
    with contextlib.ExitStack() as stack:
        try:
            stream = stack.enter_context(_open_input(name))
        except OSError as exc:
            progress.message(f"{name}: {_reason(exc)}")
            return EXIT_FAILED
        if name != "-" and not name.endswith(".gz"):
            progress.total_bytes = os.path.getsize(name)
        sink = stack.enter_context(_open_output(args.output))
        if job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        reader = _LineReader(stream, name, progress)
        numbered = enumerate(reader, 1)
        outcomes = stack.enter_context(
            contextlib.closing(
                map_ordered(partial(_jsonl_chunk, job), numbered, args.jobs, chunksize=CHUNKSIZE)
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

    def __init__(self, stream: Iterable[bytes], name: str, progress: _Progress) -> None:
        self.stream = stream
        self.name = name
        self.progress = progress
        self.failed = False

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self.stream
        except (OSError, EOFError) as exc:
            self.progress.message(f"{self.name}: reading stopped: {_reason(exc)}")
            self.failed = True


@contextlib.contextmanager
def _open_input(name: str) -> Iterator[Iterable[bytes]]:
    if name == "-":
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):  # a replaced sys.stdin
            yield _stdin_bytes()
        else:
            yield _fd_lines(fd)
    elif name.endswith(".gz"):
        with gzip.open(name, "rb") as compressed:
            yield cast(IO[bytes], compressed)
    else:
        with open(name, "rb") as handle:
            yield handle


def _fd_lines(fd: int, block_size: int = 1 << 20) -> Iterator[bytes]:
    """The lines of a file descriptor, read without Python's buffered reader: the thread that reads
    may still wait for input when the program ends, and a buffered reader's lock held then makes
    the interpreter abort at exit."""
    pending = bytearray()
    while block := os.read(fd, block_size):
        start = 0
        while (end := block.find(b"\n", start)) != -1:
            if pending:
                pending += block[start : end + 1]
                yield bytes(pending)
                pending.clear()
            else:
                yield block[start : end + 1]
            start = end + 1
        pending += block[start:]
    if pending:
        yield bytes(pending)


def _stdin_bytes() -> IO[bytes]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return _TextAsBytes(sys.stdin)  # type: ignore[return-value]


class _TextAsBytes:
    """A text stream seen as bytes, for a replaced sys.stdin that has no binary buffer."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        return (line.encode("utf-8", "surrogateescape") for line in self.stream)

    def read(self) -> bytes:
        return self.stream.read().encode("utf-8", "surrogateescape")


def _run_files(
    args: argparse.Namespace, job: _Job, names: list[str], guard: _SigintGuard, progress: _Progress
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
            pages.append(("<stdin>", _stdin_bytes().read()))
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
        sink = None if mirror else stack.enter_context(_open_output(args.output))
        if sink is not None and job.explain and job.format == "tsv":
            sink.write(TSV_HEADER.encode())
        outcomes = stack.enter_context(
            contextlib.closing(map_ordered(partial(_file_chunk, job), pages, args.jobs, chunksize=CHUNKSIZE))
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
                    _write_file(targets[n], header + outcome.output)
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


def _write_file(path: Path, data: bytes) -> None:
    # Written beside the target and renamed into place: a run stopped by a full disk, a kill or
    # a crash leaves each output file whole or absent, never cut short under its final name.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.cleantext-partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _open_output(name: str | None) -> Iterator[_Sink]:
    """A sink for standard output (None or '-') or the file `name`."""
    if name is None or name == "-":
        sys.stdout.flush()
        try:
            sink = _Sink(partial(_write_all, sys.stdout.fileno()))
        except (AttributeError, OSError, ValueError):  # a replaced sys.stdout
            buffer = getattr(sys.stdout, "buffer", None)
            sink = _Sink(buffer.write if buffer is not None else _text_writer(sys.stdout))
        try:
            yield sink
        finally:
            sys.stdout.flush()
        return
    try:
        handle = open(name, "wb", buffering=0)
    except OSError as exc:
        raise UsageError(f"cannot write {name}: {_reason(exc)}") from None
    with handle:
        yield _Sink(partial(_write_all, handle.fileno()))


class _Sink:
    """Where records go, each written whole and at once: a reader of a pipe sees every record as
    soon as it is done, and an interrupted run leaves only complete ones."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self.write = write


def _write_all(fd: int, data: bytes) -> None:
    # Not through io.BufferedWriter: when a signal cuts a write to a pipe short, CPython 3.11's
    # BufferedWriter can lose the rest of the data (own observation); os.write returns the
    # short count and the loop writes the rest.
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _text_writer(stream: IO[str]) -> Callable[[bytes], object]:
    return lambda data: stream.write(data.decode("utf-8"))


def _broken_pool(exc: BaseException) -> bool:
    """Whether `exc` is the executor's BrokenProcessPool (a worker died). Its module is imported
    only by a run on several processes (batch._map_pool): if it is not loaded, `exc` is not one."""
    module = sys.modules.get("concurrent.futures.process")
    return module is not None and isinstance(exc, module.BrokenProcessPool)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; a closed pipe would turn that into a second error.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _run_report(args: argparse.Namespace, options: Options) -> int:
    status = EXIT_OK
    pages: list[tuple[str, Result]] = []
    for name in args.inputs:
        sources: list[tuple[str, str | bytes]]
        if name == "-":
            sources = [("<stdin>", _stdin_bytes().read())]
        elif Path(name).is_dir():
            sources = [(str(p), str(p)) for p in sorted(Path(name).rglob(args.glob)) if p.is_file()]
        else:
            sources = [(name, name)]
        for label, source in sources:
            try:
                data = source if isinstance(source, bytes) else Path(source).read_bytes()
            except OSError as exc:
                _say(f"{label}: {_reason(exc)}")
                status = EXIT_FAILED
                continue
            text, replaced = _decode(data, args.encoding)
            if replaced:
                _say(f"{label}: replaced {replaced} undecodable byte sequence(s) with U+FFFD")
            pages.append((label, explain(text, options)))
    page = render_html(pages).encode("utf-8")
    with _open_output(args.output) as sink:
        sink.write(page)
    return status


def _say(message: str) -> None:
    print(f"cleantext: {message}", file=sys.stderr, flush=True)


# -- Ctrl-C and the progress bar ------------------------------------------------------------


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


class _Progress:
    """A one-line progress bar on standard error: pages, pages/s, and how far through the input."""

    #: Seconds between two redraws: often enough to look alive, rarely enough to cost nothing.
    INTERVAL = 0.2

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total_bytes: int | None = None
        self.total_items: int | None = None
        self.pages = 0
        self.bytes = 0
        self._start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.enabled and self.pages:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def advance(self, size: int) -> None:
        self.pages += 1
        self.bytes += size
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.INTERVAL:
                self._last = now
                self._draw()

    def message(self, text: str) -> None:
        """Print one line on standard error without garbling the bar."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.write(f"cleantext: {text}\n")
        if self.enabled and self.pages:
            self._draw()
        self.stream.flush()

    def _draw(self) -> None:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self.pages / elapsed
        done: float | None = None
        if self.total_items:
            done = self.pages / self.total_items
            count = f"{self.pages:,}/{self.total_items:,} pages"
        else:
            count = f"{self.pages:,} pages"
        if self.total_bytes:
            done = self.bytes / self.total_bytes
            count += f" {self.bytes / 1e6:,.1f}/{self.total_bytes / 1e6:,.1f} MB"
        line = f"{count}  {rate:,.1f} pages/s  {_clock(elapsed)}"
        if done is not None:
            filled = int(min(done, 1.0) * 24)
            eta = f"  ETA {_clock(elapsed / done - elapsed)}" if 0 < done < 1 else ""
            line = f"[{'#' * filled}{'.' * (24 - filled)}] {done:4.0%} {line}{eta}"
        padding = " " * max(self._width - len(line), 0)
        self._width = len(line)
        self.stream.write("\r" + line + padding)
        self.stream.flush()


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
