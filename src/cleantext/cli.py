"""The `cleantext` command: clean files or standard input."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cleantext import __version__
from cleantext.pipeline import clean

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Turn the text of scraped web pages into clean article bodies.",
        epilog="example: cleantext seeds/000_4492f097607dd5f0.txt",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="text files to clean (UTF-8); none, or '-', reads standard input",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit status."""
    args = _parser().parse_args(argv)
    status = 0
    names = args.files or ["-"]
    for n, name in enumerate(names):
        try:
            if name == "-":
                text = sys.stdin.buffer.read().decode("utf-8", "replace")
            else:
                with open(name, "rb") as handle:
                    text = handle.read().decode("utf-8", "replace")
        except OSError as exc:
            print(f"cleantext: {name}: {exc.strerror or exc}", file=sys.stderr)
            status = 1
            continue
        if n:
            sys.stdout.write("\n")
        body = clean(text)
        sys.stdout.write(body + "\n" if body else "")
    return status
