"""Where pages come from: files (a compressed one read as its content), directory trees and
standard input, as whole pages or as lines. Every failure to read is an OSError whose message
says what went wrong."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol, cast

__all__ = [
    "COMPRESSION_SUFFIXES",
    "compression_suffix",
    "content_name",
    "find_pages",
    "is_directory",
    "open_input",
    "read_page",
    "read_stdin",
]

#: A file whose name ends in one of these is read as its decompressed content. `.zst` needs the
#: standard library's `compression.zstd` (Python 3.14 or later).
COMPRESSION_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")


def compression_suffix(name: str) -> str:
    """The compression suffix `name` ends in, in lower case; '' for an uncompressed file.

    >>> compression_suffix("page.txt.GZ"), compression_suffix("page.txt")
    ('.gz', '')
    """
    lowered = name.lower()
    return next((suffix for suffix in COMPRESSION_SUFFIXES if lowered.endswith(suffix)), "")


def content_name(name: str) -> str:
    """The name of what file `name` holds: `name` without its compression suffix.

    >>> content_name("news/page.txt.gz"), content_name("page.txt")
    ('news/page.txt', 'page.txt')
    """
    return name[: len(name) - len(compression_suffix(name))]


def is_directory(name: str) -> bool:
    """Whether `name` is a directory; False for a name that cannot be looked up (it fails when read)."""
    try:
        return name != "-" and os.path.isdir(name)
    except (OSError, ValueError):  # a name too long, a NUL byte
        return False


def find_pages(directory: Path, pattern: str) -> list[Path]:
    """The files under `directory` whose name matches `pattern`, or does once a compression suffix
    is taken off it (`*.txt` takes `a.txt.gz`), in sorted order."""
    found: set[Path] = set()
    for suffix in ("", *COMPRESSION_SUFFIXES):
        found.update(directory.rglob(pattern + suffix))
    return sorted(path for path in found if path.is_file())


def read_page(name: str) -> bytes:
    """The content of file `name`, decompressed when its name says it is compressed."""
    with open_input(name) as stream:
        return stream.read()


def read_stdin() -> bytes:
    """All of standard input, as bytes."""
    return _stdin().read()


@contextlib.contextmanager
def open_input(name: str) -> Iterator[_Content]:
    """File `name` ('-': standard input) as a stream of its content, read whole or by lines."""
    if name == "-":
        yield _stdin()
        return
    suffix = compression_suffix(name)
    if not suffix:
        with open(name, "rb") as handle:
            yield _Content(handle, (), "")
        return
    stream, errors, format_name = _open_compressed(name, suffix)
    with stream:
        yield _Content(stream, errors, format_name)


def _open_compressed(name: str, suffix: str) -> tuple[IO[bytes], tuple[type[BaseException], ...], str]:
    """The decompressing stream of `name`, the errors its data can raise, and the format's name."""
    # Each module is imported only for a file that needs it.
    if suffix == ".gz":
        import gzip
        import zlib

        return cast(IO[bytes], gzip.open(name, "rb")), (EOFError, zlib.error, gzip.BadGzipFile), "gzip"
    if suffix == ".bz2":
        import bz2

        return bz2.open(name, "rb"), (EOFError,), "bzip2"
    if suffix == ".xz":
        import lzma

        return lzma.open(name, "rb"), (EOFError, lzma.LZMAError), "xz"
    try:
        zstd: Any = importlib.import_module("compression.zstd")
    except ImportError:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        raise OSError(
            f"reading .zst needs the standard library's compression.zstd, which Python 3.14 added "
            f"(this is Python {version}); decompress it first (zstd -d) or use .gz, .bz2 or .xz"
        ) from None
    return zstd.open(name, "rb"), (EOFError, zstd.ZstdError), "zstd"


class _Readable(Protocol):
    def read(self) -> bytes: ...

    def __iter__(self) -> Iterator[bytes]: ...


class _Content:
    """A binary input read whole (`read`) or by lines (iteration). A compressed file's bad or cut
    data raises OSError, as a disk error does, so that every reader handles one kind of error."""

    def __init__(self, stream: _Readable, errors: tuple[type[BaseException], ...], format_name: str):
        self.stream = stream
        self.errors = errors
        self.format_name = format_name

    def read(self) -> bytes:
        with self._translated():
            return self.stream.read()

    def __iter__(self) -> Iterator[bytes]:
        with self._translated():
            yield from self.stream

    @contextlib.contextmanager
    def _translated(self) -> Iterator[None]:
        if not self.errors:
            yield
            return
        try:
            yield
        except EOFError:
            raise OSError(f"the {self.format_name} data ends early (a file cut short?)") from None
        except self.errors as exc:
            raise OSError(f"not valid {self.format_name} data: {exc}") from None


def _stdin() -> _Content:
    stream = sys.stdin
    if stream is None:  # started with standard input closed (`<&-`)
        raise OSError("standard input is closed; name an input file or pipe one in")
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # a replaced sys.stdin
        buffer = getattr(stream, "buffer", None)
        return _Content(buffer if buffer is not None else _TextAsBytes(stream), (), "")
    return _Content(_FdReader(fd), (), "")


class _FdReader:
    """A file descriptor read without Python's buffered reader: the thread that reads may still
    wait for input when the program ends, and a buffered reader's lock held then makes the
    interpreter abort at exit."""

    def __init__(self, fd: int, block_size: int = 1 << 20) -> None:
        self.fd = fd
        self.block_size = block_size

    def read(self) -> bytes:
        blocks = []
        while block := os.read(self.fd, self.block_size):
            blocks.append(block)
        return b"".join(blocks)

    def __iter__(self) -> Iterator[bytes]:
        pending = bytearray()
        while block := os.read(self.fd, self.block_size):
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


class _TextAsBytes:
    """A text stream seen as bytes, for a replaced sys.stdin that has no binary buffer."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def __iter__(self) -> Iterator[bytes]:
        return (line.encode("utf-8", "surrogateescape") for line in self.stream)

    def read(self) -> bytes:
        return self.stream.read().encode("utf-8", "surrogateescape")
