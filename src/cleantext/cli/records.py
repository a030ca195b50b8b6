"""The work on one record or page, done in worker processes: decode, clean, render its output and
count its statistics."""

from __future__ import annotations

import codecs
import dataclasses
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

from cleantext.cli.errors import reason
from cleantext.cli.inputs import read_page
from cleantext.dom import declared_charset
from cleantext.options import Options
from cleantext.pipeline import Result, explain, tally
from cleantext.profile import record_site
from cleantext.report import block_record, render_text, render_tsv
from cleantext.stats import Stats

__all__ = [
    "Job",
    "JsonlLine",
    "Outcome",
    "decode",
    "decode_page",
    "file_chunk",
    "jsonl_chunk",
    "read_jsonl_line",
]


@dataclass(frozen=True)
class Job:
    """Everything a worker needs for one kind of record; pickled once per chunk."""

    options: Options
    encoding: str
    explain: bool
    format: str
    field: str = "text"
    output_field: str = "clean"
    id_fields: tuple[str, ...] = ("id", "url")
    stats: bool = False
    #: With a profile, the field that names a record's site (None: the host of its "url").
    site_field: str | None = None


class Outcome(NamedTuple):
    """One record's output (complete lines, UTF-8) and what to report about it."""

    output: bytes
    error: str | None
    replaced: int
    size: int
    where: str = ""  # a failed JSONL record: its line number and identifiers
    stats: Stats | None = None  # with --stats, the page's statistics; None for a failure or a blank line


class _Cleaned(NamedTuple):
    """A page's body, with its blocks and decisions under --explain and its statistics under --stats."""

    body: str
    result: Result | None
    stats: Stats | None


def _clean(job: Job, text: str, record: dict[str, Any] | None = None) -> _Cleaned:
    # tally() gives the body and the counts without building a Block per block; only --explain,
    # which shows the blocks, needs explain(). Both give the same body and the same counts.
    stats = Stats() if job.stats else None
    options = job.options
    if options.profile is not None and record is not None:
        site = record_site(record, job.site_field)
        if site is not None and site != options.site:
            options = dataclasses.replace(options, site=site)
    if job.explain:
        result = explain(text, options)
        if stats is not None:
            stats.add_result(text, result)
        return _Cleaned(result.text, result, stats)
    body, counts = tally(text, options)
    if stats is not None:
        stats.add(text, body, counts)
    return _Cleaned(body, None, stats)


def decode(data: bytes, encoding: str) -> tuple[str, int]:
    """Decode with U+FFFD for bytes that do not decode; return the text and how many were replaced."""
    try:
        return data.decode(encoding), 0
    except UnicodeDecodeError:
        # "ignore" drops exactly the sequences that "replace" marks, so the difference counts
        # them and not the U+FFFD characters that were in the input.
        text = data.decode(encoding, "replace")
        return text, text.count("\ufffd") - data.decode(encoding, "ignore").count("\ufffd")


def decode_page(data: bytes, encoding: str) -> tuple[str, int]:
    """decode(), except that a page which does not decode in `encoding` and declares its charset
    (an HTML page's ``<meta charset>``) is decoded by what it declares."""
    text, replaced = decode(data, encoding)
    if replaced:
        declared = declared_charset(data)
        if declared is not None and codecs.lookup(declared).name != codecs.lookup(encoding).name:
            return decode(data, declared)
    return text, replaced


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


def jsonl_chunk(job: Job, chunk: list[tuple[int, bytes]]) -> list[Outcome]:
    """The outcome of each numbered JSONL line of `chunk`."""
    return [_jsonl_record(job, number, raw) for number, raw in chunk]


class JsonlLine(NamedTuple):
    """One line of a JSONL input, read: its object, or why it has none (None and None: blank)."""

    record: dict[str, Any] | None
    error: str | None
    #: byte sequences that did not decode and were replaced with U+FFFD
    replaced: int


def read_jsonl_line(raw: bytes, number: int, encoding: str) -> JsonlLine:
    """Decode and parse line `number` (from 1) of a JSONL input."""
    line, replaced = decode(raw, encoding)
    if number == 1:
        # Editors on Windows start UTF-8 files with a byte order mark, which JSON does not allow.
        line = line.removeprefix("\ufeff")
    if not line.strip():
        return JsonlLine(None, None, replaced)
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return JsonlLine(None, f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}", replaced)
    if not isinstance(record, dict):
        return JsonlLine(None, f"expected a JSON object, got {_json_type(record)}", replaced)
    return JsonlLine(record, None, replaced)


def _jsonl_record(job: Job, number: int, raw: bytes) -> Outcome:
    record, error, replaced = read_jsonl_line(raw, number, job.encoding)
    if error is not None:
        return _failed(job, number, error, {}, replaced, len(raw))
    if record is None:
        return Outcome(b"\n" if job.format == "jsonl" else b"", None, replaced, len(raw))
    # Copied into an error record, so that a failure can be traced to its source in a large dump.
    ids = {name: record[name] for name in job.id_fields if name in record}
    if job.field not in record:
        hint = f"; fields: {', '.join(list(record)[:8])} (pick one with --field)" if record else ""
        return _failed(job, number, f"no field {job.field!r}{hint}", ids, replaced, len(raw))
    text = record[job.field]
    if not isinstance(text, str):
        message = f"field {job.field!r} is {_json_type(text)}, not a string"
        return _failed(job, number, message, ids, replaced, len(raw))
    try:
        cleaned = _clean(job, text, record)
    except (ValueError, ImportError) as exc:  # input cleantext cannot read: the record's fault
        return _failed(job, number, str(exc), ids, replaced, len(raw))
    except Exception as exc:  # a bug must cost one record, not a multi-gigabyte run
        message = f"internal error, please report: {type(exc).__name__}: {exc}"
        return _failed(job, number, message, ids, replaced, len(raw))
    record[job.output_field] = cleaned.body
    if cleaned.result is not None and job.format == "jsonl":
        record["blocks"] = [block_record(b) for b in cleaned.result.blocks]
    if job.format == "jsonl":
        output = _json_line(record)
    else:
        assert cleaned.result is not None  # a format other than jsonl is one of --explain
        output = _encode(_render(job, f"line {number}", cleaned.result))
    return Outcome(output, None, replaced, len(raw), stats=cleaned.stats)


def _failed(job: Job, number: int, message: str, ids: dict[str, Any], replaced: int, size: int) -> Outcome:
    """The error record of line `number`, in the output format, with the identifiers of its record."""
    where = f"line {number}"
    if ids:
        shown = ", ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in ids.items())
        where += f" ({shown})"
    if job.format == "tsv":
        output = _encode(f"line {number}\t\t\terror\t\t\t{message}\n")
    elif job.format == "text":
        output = _encode(f"== {where}: error: {message} ==\n")
    else:
        output = _json_line({"line": number, **ids, "error": message})
    return Outcome(output, message, replaced, size, where)


def file_chunk(job: Job, chunk: list[tuple[str, str | bytes]]) -> list[Outcome]:
    """The outcome of each page of `chunk`: its label and its file name (or standard input's bytes)."""
    return [_file_record(job, label, source) for label, source in chunk]


def _file_record(job: Job, label: str, source: str | bytes) -> Outcome:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            data = read_page(source)
        except OSError as exc:
            return Outcome(b"", reason(exc), 0, 0)
    text, replaced = decode_page(data, job.encoding)
    size = len(data)
    del data  # a page of hundreds of megabytes need not stay in memory twice
    try:
        cleaned = _clean(job, text)
    except (ValueError, ImportError) as exc:  # input cleantext cannot read: the page's fault
        return Outcome(b"", str(exc), replaced, 0)
    except Exception as exc:  # a bug must cost one page, not the whole run
        return Outcome(b"", f"internal error, please report: {type(exc).__name__}: {exc}", replaced, 0)
    if cleaned.result is None:
        output = _encode(cleaned.body + "\n" if cleaned.body else "")
    else:
        output = _encode(_render(job, label, cleaned.result))
    return Outcome(output, None, replaced, size, stats=cleaned.stats)


def _render(job: Job, label: str, result: Result) -> str:
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
