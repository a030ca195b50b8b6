"""`cleantext learn`: learn a site profile from a JSONL dump, on every core, into one file."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from cleantext.batch import default_jobs, map_ordered
from cleantext.cli.arguments import RULES_HELP, add_option_arguments, positive_int
from cleantext.cli.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, UsageError, reason
from cleantext.cli.inputs import compression_suffix, is_directory, open_input
from cleantext.cli.progress import Progress
from cleantext.cli.records import read_jsonl_line
from cleantext.cli.sinks import check_output
from cleantext.options import Options
from cleantext.profile import ProfileBuilder, page_fingerprints, record_site

__all__ = ["learn_parser", "run_learn"]

#: Pages per task sent to a worker process (as for cleaning: runners.CHUNKSIZE).
CHUNKSIZE = 4

_EXAMPLES = """\
examples:
  cleantext learn --jsonl pages.jsonl -o profile.json              sites from each record's "url"
  cleantext learn --jsonl pages.jsonl.gz --site-field site -o profile.json.gz -j 4
  cleantext --jsonl pages.jsonl --profile profile.json             then clean with it

A profile holds, per site and for the whole corpus, the pages seen and on how many of them each
block stands (fingerprints and counts, never texts). Full guide: docs/scale.md
"""


def learn_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext learn",
        description="Learn a site profile from many pages: the blocks that stand on a large share of a "
        "site's pages (newsletter pitches, author bios, legal notes), which `cleantext --profile` "
        "then drops as site_boilerplate.",
        epilog=_EXAMPLES + "\n" + RULES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="one JSONL file (compressed or not) or '-' for standard input (default)",
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="read JSON Lines, one page per line (required: learn reads JSONL dumps)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PROFILE",
        help="the profile file to write, JSON; gzip-compressed when it ends in .gz (e.g. -o profile.json)",
    )
    parser.add_argument(
        "--field",
        default="text",
        help="the field with the page text (default: %(default)s; e.g. --field body)",
    )
    parser.add_argument(
        "--site-field",
        metavar="NAME",
        help="the field that names a record's site (default: the host of its 'url' field; a record with "
        "neither counts for the corpus part only; e.g. --site-field domain)",
    )
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="how to decode input bytes (default: %(default)s); bytes that do not decode are replaced",
    )
    parser.add_argument(
        "--error-share",
        type=float,
        default=0.01,
        metavar="E",
        help="lossy counting: a count may fall short by this share of a site's pages, which bounds memory "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=positive_int,
        default=None,
        help=f"worker processes (default: every core, here {default_jobs()}; e.g. -j 1)",
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar with pages/s on standard error (default: when it is a terminal)",
    )
    add_option_arguments(parser)
    return parser


@dataclass(frozen=True)
class _Job:
    """What a worker needs to fingerprint a record; pickled once per chunk."""

    options: Options
    field: str
    site_field: str | None
    encoding: str


class _Seen(NamedTuple):
    """One JSONL line: its page's fingerprints (None: not text, or a failure) and site, or its error."""

    fingerprints: frozenset[int] | None
    site: str | None
    error: str | None
    size: int


def run_learn(args: argparse.Namespace, options: Options) -> int:
    """Learn a profile from the JSONL input `args` names and write it; the exit status."""
    if not args.jsonl:
        raise UsageError(
            "learn reads JSON Lines: add --jsonl (e.g. cleantext learn --jsonl pages.jsonl -o profile.json)"
        )
    if not args.output or args.output == "-":
        raise UsageError("learn needs -o PROFILE, the file to write (e.g. -o profile.json)")
    names = args.inputs or ["-"]
    if len(names) > 1:
        raise UsageError(
            "learn --jsonl reads one input (a file or '-'); concatenate files first, e.g. cat a b |"
        )
    name = names[0]
    if is_directory(name):
        raise UsageError(f"learn --jsonl reads a file or '-', and {name} is a directory")
    if os.path.isdir(args.output):
        raise UsageError(
            f"-o {args.output} is a directory; name the profile file, e.g. {args.output}/profile.json"
        )
    check_output(args.output, names)
    try:
        builder = ProfileBuilder(options, error_share=args.error_share)
    except ValueError as exc:
        raise UsageError(f"--error-share: {exc}") from None
    label = "<stdin>" if name == "-" else name
    stderr = sys.stderr if sys.stderr is not None else io.StringIO()
    status = EXIT_OK
    job = _Job(builder.options, args.field, args.site_field, args.encoding)
    with Progress(stderr, stderr.isatty() if args.progress is None else args.progress) as progress:
        if name != "-" and not compression_suffix(name):
            with contextlib.suppress(OSError):
                progress.total_bytes = os.path.getsize(name)
        try:
            with open_input(name) as stream:
                work = partial(_fingerprint_chunk, job)
                seen = map_ordered(work, enumerate(stream, 1), args.jobs, chunksize=CHUNKSIZE)
                with contextlib.closing(seen):
                    for number, page in enumerate(seen, 1):
                        progress.advance(page.size)
                        if page.error is not None:
                            status = EXIT_FAILED
                            progress.message(f"{label}: line {number}: {page.error}")
                        else:
                            builder.add_fingerprints(page.fingerprints, page.site)
        except KeyboardInterrupt:
            progress.message("interrupted; no profile written")
            return EXIT_INTERRUPTED
        except OSError as exc:
            progress.message(f"{label}: {reason(exc)}; no profile written")
            return EXIT_FAILED
        # A block on one page repeats nothing: left out, the file holds only what can match (a
        # profile learned by the API keeps them, so that the profiles of shards merge exactly).
        profile = builder.profile().prune(2)
        try:
            profile.save(args.output)
        except OSError as exc:
            progress.message(f"{args.output}: cannot write the profile: {reason(exc)}")
            return EXIT_FAILED
        repeated = sum(len(counts.counts) for counts in profile.sites.values())
        progress.message(
            f"learned {profile.corpus.pages} pages of {len(profile.sites)} site(s), {repeated} block(s) on "
            f"two pages or more of a site; wrote {args.output}"
        )
    return status


def _fingerprint_chunk(job: _Job, chunk: list[tuple[int, bytes]]) -> list[_Seen]:
    return [_fingerprint_line(job, number, raw) for number, raw in chunk]


def _fingerprint_line(job: _Job, number: int, raw: bytes) -> _Seen:
    record, error, _ = read_jsonl_line(raw, number, job.encoding)
    if record is None:
        return _Seen(None, None, error, len(raw))
    text = record.get(job.field)
    if not isinstance(text, str):
        missing = (
            f"no field {job.field!r}" if job.field not in record else f"field {job.field!r} is not a string"
        )
        return _Seen(None, None, f"{missing} (pick one with --field)", len(raw))
    try:
        fingerprints = page_fingerprints(text, job.options)
    except (ValueError, ImportError) as exc:  # a page cleantext cannot read (HTML without the html extra)
        return _Seen(None, None, str(exc), len(raw))
    return _Seen(fingerprints, record_site(record, job.site_field), None, len(raw))
