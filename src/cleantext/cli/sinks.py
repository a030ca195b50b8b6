"""Where output goes: standard output or a file, each record written whole, or a file per page."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

from cleantext.cli.errors import UsageError, reason

__all__ = ["Sink", "open_output", "silence_stdout", "write_file"]


def write_file(path: Path, data: bytes) -> None:
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
def open_output(name: str | None) -> Iterator[Sink]:
    """A sink for standard output (None or '-') or the file `name`."""
    if name is None or name == "-":
        sys.stdout.flush()
        try:
            sink = Sink(partial(_write_all, sys.stdout.fileno()))
        except (AttributeError, OSError, ValueError):  # a replaced sys.stdout
            buffer = getattr(sys.stdout, "buffer", None)
            sink = Sink(buffer.write if buffer is not None else _text_writer(sys.stdout))
        try:
            yield sink
        finally:
            sys.stdout.flush()
        return
    try:
        handle = open(name, "wb", buffering=0)
    except OSError as exc:
        raise UsageError(f"cannot write {name}: {reason(exc)}") from None
    with handle:
        yield Sink(partial(_write_all, handle.fileno()))


class Sink:
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


def silence_stdout() -> None:
    # Python flushes stdout at exit; a closed pipe would turn that into a second error.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
