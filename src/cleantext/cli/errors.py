"""How the command reports problems: exit statuses, the error for bad usage, one line on stderr."""

from __future__ import annotations

import sys

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "OutputError",
    "UsageError",
    "reason",
    "say",
]

#: Exit statuses; see docs/cli.md.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 0, 1, 2, 130, 141


class UsageError(Exception):
    """A bad command line, option value or rules file: reported on one line, exit status 2."""


class OutputError(Exception):
    """Writing the output failed part-way (a full disk, an I/O error): the run stops, exit status 1."""


def say(message: str) -> None:
    """Write one line, `cleantext: ` first, on standard error (if there is one)."""
    if sys.stderr is not None:  # print(file=None) would write to standard output
        print(f"cleantext: {message}", file=sys.stderr, flush=True)


def reason(exc: BaseException) -> str:
    """The part of an error message worth showing: the system's words for an OSError."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)
