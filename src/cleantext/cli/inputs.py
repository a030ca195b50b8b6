"""Where pages come from: files, standard input, read as bytes or as lines."""

from __future__ import annotations

import contextlib
import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from typing import IO, cast

__all__ = ["open_input", "stdin_bytes"]


@contextlib.contextmanager
def open_input(name: str) -> Iterator[Iterable[bytes]]:
    if name == "-":
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):  # a replaced sys.stdin
            yield stdin_bytes()
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


def stdin_bytes() -> IO[bytes]:
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
