"""The command line: the parsers of `cleantext` and `cleantext report`, and the options they build."""

from __future__ import annotations

import argparse
import codecs
from typing import TYPE_CHECKING, Any

from cleantext import __version__
from cleantext.batch import default_jobs
from cleantext.cli.errors import UsageError, reason
from cleantext.options import LANGUAGES, PRESETS, Options

if TYPE_CHECKING:
    from cleantext.profile import Profile

__all__ = [
    "RULES_HELP",
    "add_option_arguments",
    "build_options",
    "check_encoding",
    "command_parser",
    "positive_int",
    "report_parser",
]

_RULE_KINDS = {
    "drop": "drop_patterns",
    "keep": "keep_patterns",
    "drop-phrase": "drop_phrases",
    "keep-phrase": "keep_phrases",
}

_EXAMPLES = """\
examples:
  cleantext page.txt                          clean one page to standard output
  cleantext page.txt.gz                       .gz, .bz2, .xz (and .zst) are read decompressed
  cleantext pages/ --glob '*.txt' -o clean/   clean a tree (a.txt.gz too) into a mirrored tree
  cat page.txt | cleantext                    clean standard input
  cleantext --jsonl dump.jsonl -o clean.jsonl add the body under "clean" to each record
  cleantext --jsonl --field body --output-field body_clean < in.jsonl > out.jsonl
  cleantext --explain --format tsv page.txt   every block with its decision, as TSV
  cleantext pages/ -o clean/ --stats          and the blocks and words kept and dropped, by reason
  cleantext report a.txt b.txt -o report.html see the decisions in a browser
  cleantext learn --jsonl dump.jsonl -o profile.json
  cleantext --jsonl dump.jsonl --profile profile.json
                                              drop what repeats across a site's pages (learn --help)

exit status: 0 all went well; 1 some record or file failed (each reported on standard error);
2 bad usage, options or rules file, an output that cannot be created or would write an input;
130 interrupted (Ctrl-C). Full guide: docs/cli.md
"""

RULES_HELP = """\
rules file format, one rule a line, '#' starts a comment line:
  drop: REGEX          drop a block matching REGEX (regex module syntax, case-insensitive)
  keep: REGEX          always keep a block matching REGEX
  drop-phrase: TEXT    drop a block that contains TEXT (case-insensitive, from a word start)
  keep-phrase: TEXT    always keep a block that contains TEXT (the same way)
"""


def command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Turn the text of scraped web pages into clean article bodies. "
        "'cleantext report --help' shows the HTML report command, 'cleantext learn --help' the command "
        "that learns a site profile.",
        epilog=_EXAMPLES + "\n" + RULES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="files or directories to clean, compressed or not; none, or '-', reads standard input "
        "(e.g. cleantext a.txt b.txt.gz, cleantext pages/)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    io_group = parser.add_argument_group("input and output")
    io_group.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write here instead of standard output; for a directory input, an output directory "
        "that mirrors the input tree, without compression suffixes (e.g. -o clean/); never an input "
        "or a path inside one",
    )
    io_group.add_argument(
        "--glob",
        default="*.txt",
        help="which files of a directory input to clean, searched recursively; a compressed file "
        "matches by its name without the suffix (default: %(default)s; e.g. --glob '*.md')",
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
        help="read JSON Lines (one file, compressed or not, or standard input) and write one JSON line per input "
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
        "--id-field",
        action="append",
        metavar="NAME",
        help="a field that identifies a record, copied into its error record if it fails; repeat for "
        "several (default: id and url, when present; e.g. --id-field doc_id)",
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
        type=positive_int,
        default=None,
        help=f"worker processes (default: every core, here {default_jobs()}); output order is always "
        "the input order (e.g. -j 1)",
    )
    run.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar with pages/s on standard error, and a page that takes long with its "
        "size and time so far (default: when it is a terminal)",
    )
    stats = parser.add_argument_group("statistics")
    stats.add_argument(
        "--stats",
        action="store_true",
        help="after the run, print on standard error the pages (failed, with an empty body), the "
        "characters in and out, and the blocks and words kept and dropped by each reason; the output "
        "is unchanged (e.g. cleantext --jsonl dump.jsonl --stats -o clean.jsonl)",
    )
    stats.add_argument(
        "--stats-json",
        metavar="FILE",
        help="write the same statistics as JSON to FILE, with or without --stats; never an input or "
        "the output (e.g. --stats-json stats.json)",
    )
    profile = parser.add_argument_group(
        "site profile", "drop what repeats across a site's pages, from a profile 'cleantext learn' wrote"
    )
    profile.add_argument(
        "--profile",
        metavar="FILE",
        help="the profile to use: blocks that stand on many pages of a page's site go as site_boilerplate "
        "(e.g. --profile profile.json)",
    )
    profile.add_argument(
        "--site-field",
        metavar="NAME",
        help="with --jsonl, the field that names a record's site (default: the host of its 'url' field; "
        "e.g. --site-field domain)",
    )
    profile.add_argument(
        "--site",
        metavar="NAME",
        help="the site of every page (a name or URL) where a record names none, e.g. for files "
        "(e.g. --site example.com)",
    )
    profile.add_argument(
        "--profile-min-pages",
        type=int,
        metavar="N",
        help="a block is site boilerplate when it stands on at least N pages of the site (default 3) ...",
    )
    profile.add_argument(
        "--profile-min-share",
        type=float,
        metavar="S",
        help="... and on at least this share, 0-1, of them (default 0.2; e.g. 0.5 drops less)",
    )
    profile.add_argument(
        "--profile-corpus-min-share",
        type=_share_or_off,
        metavar="S",
        help="a block on at least this share, 0-1, of all the profile's pages is boilerplate whatever "
        "the site, or 'off' (default 0.05)",
    )
    add_option_arguments(parser)
    return parser


def report_parser() -> argparse.ArgumentParser:
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
        help="text files (compressed or not) or directories of pages ('-' for standard input)",
    )
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="the HTML file to write (default: standard output)"
    )
    parser.add_argument(
        "--glob", default="*.txt", help="files to take from a directory (default: %(default)s)"
    )
    parser.add_argument("--encoding", default="utf-8", help="how to decode the pages (default: %(default)s)")
    add_option_arguments(parser)
    return parser


def add_option_arguments(parser: argparse.ArgumentParser) -> None:
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
        "--input",
        choices=("auto", "text", "html"),
        help="what the pages are: auto reads an HTML document as HTML and anything else as text "
        "(default: auto; e.g. --input html for HTML fragments)",
    )
    group.add_argument(
        "--markdown",
        dest="output_format",
        action="store_const",
        const="markdown",
        help="write the body as Markdown: headings, list items and quotes marked, code fenced, tables as rows",
    )
    group.add_argument(
        "--headline-first",
        action="store_const",
        const=True,
        help="put an HTML page's headline (its first <h1>, else its title) first in the body",
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


def _share_or_off(value: str) -> float | _Off:
    if value.strip().lower() in ("off", "none"):
        return _OFF
    try:
        return float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a share 0-1 or 'off', got {value!r}") from None


def _int_or_off(value: str) -> int | _Off:
    if value.strip().lower() in ("off", "none"):
        return _OFF
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number or 'off', got {value!r}") from None


def positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number >= 1, got {value!r}")
    return number


def build_options(args: argparse.Namespace) -> Options:
    settings: dict[str, Any] = dict(PRESETS[args.preset])
    for name in (
        "language",
        "min_content_score",
        "fuzzy_min_score",
        "teaser_min_score",
        "sentence_repeat_min_words",
        "fix_unicode",
        "input",
        "headline_first",
    ):
        value = getattr(args, name)
        if value is not None:
            settings[name] = None if value is _OFF else value
    if args.output_format is not None:
        settings["output"] = args.output_format
    if args.rules:
        settings.update(_read_rules(args.rules))
    if hasattr(args, "profile"):  # the cleaning command's site profile
        if args.profile:
            settings["profile"] = _read_profile(args.profile)
        elif args.site or args.site_field:
            raise UsageError("--site and --site-field name a page's site in a profile; add --profile FILE")
        if args.site:
            settings["site"] = args.site
        for name in ("profile_min_pages", "profile_min_share", "profile_corpus_min_share"):
            value = getattr(args, name)
            if value is not None:
                settings[name] = None if value is _OFF else value
    try:
        return Options(**settings)
    except (ValueError, TypeError) as exc:
        raise UsageError(f"invalid option: {exc}") from None


def _read_rules(path: str) -> dict[str, tuple[str, ...]]:
    try:
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read rules file {path}: {reason(exc)}") from None
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


def _read_profile(path: str) -> Profile:
    from cleantext.profile import Profile

    try:
        return Profile.load(path)
    except OSError as exc:
        raise UsageError(f"cannot read profile {path}: {reason(exc)}") from None
    except ValueError as exc:
        raise UsageError(f"{exc}") from None


def check_encoding(encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise UsageError(f"unknown encoding {encoding!r} (e.g. utf-8, cp1252, latin-1)") from None
