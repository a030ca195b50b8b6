"""Where output goes: standard output or a file, each record written whole, or a file per page;
and the check that no output can write over an input."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import IO

from cleantext.cli.errors import OutputError, UsageError, reason

__all__ = ["Sink", "check_output", "open_output", "prepare_directory", "silence_stdout", "write_file"]

_ELSEWHERE = "an input is never written to: choose an output outside the inputs"


class Sink:
    """Where records go, each written whole and at once: a reader of a pipe sees every record as
    soon as it is done, and an interrupted run leaves only complete ones. A failed write (a full
    disk) raises OutputError; a reader that went away, BrokenPipeError."""

    def __init__(self, write: Callable[[bytes], object], name: str) -> None:
        self._write = write
        self.name = name

    def write(self, data: bytes) -> None:
        try:
            self._write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputError(f"cannot write {self.name}: {reason(exc)}") from None


@contextlib.contextmanager
def open_output(name: str | None) -> Iterator[Sink]:
    """A sink for standard output (None or '-') or the file `name`."""
    if name is None or name == "-":
        stdout = sys.stdout
        if stdout is None:  # started with standard output closed (`>&-`)
            raise UsageError("standard output is closed; name an output file with -o FILE")
        stdout.flush()
        try:
            sink = Sink(partial(_write_all, stdout.fileno()), "standard output")
        except (AttributeError, OSError, ValueError):  # a replaced sys.stdout
            buffer = getattr(stdout, "buffer", None)
            sink = Sink(buffer.write if buffer is not None else _text_writer(stdout), "standard output")
        try:
            yield sink
        finally:
            with contextlib.suppress(OSError, ValueError):  # already reported, or a closed pipe
                stdout.flush()
        return
    try:
        handle = open(name, "wb", buffering=0)
    except IsADirectoryError:
        raise UsageError(
            f"cannot write {name}: it is a directory (-o names a file here; it names a directory only "
            "for one directory input)"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {name}: {reason(exc)}") from None
    with handle:
        yield Sink(partial(_write_all, handle.fileno()), name)


def prepare_directory(name: str) -> None:
    """Create the output directory `name` of a mirrored tree, or raise UsageError saying why not."""
    try:
        Path(name).mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise UsageError(
            f"cannot write into {name}: it is a file, and -o with a directory input names a directory"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot create the output directory {name}: {reason(exc)}") from None


def write_file(path: Path, data: bytes) -> None:
    """Write one page's output file of a mirrored tree, creating its directory."""
    # Written beside the target and renamed into place: a run stopped by a full disk, a kill or
    # a crash leaves each output file whole or absent, never cut short under its final name.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((parent for parent in path.parents if parent.exists()), path.parent)
        raise OSError(f"{blocker} is a file, not a directory") from None
    partial = path.with_name(f".{path.name}.cleantext-partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def check_output(output: str | None, inputs: Sequence[str], tree: Sequence[tuple[Path, Path]] = ()) -> None:
    """Raise UsageError, before anything is written, if writing `output` (None or '-': standard
    output) could write an input: it is one of `inputs` (by any path, link or spelling), lies
    inside an input directory, or holds an input. `tree` pairs each input file of a mirrored tree
    with its target, whose directories must not lead into an input."""
    named = [(name, os.path.realpath(name)) for name in inputs if name != "-"]
    if output is None or output == "-":
        _check_stdout(named)
        return
    where = os.path.realpath(output)
    for name, real in named:
        if where == real or _same_file(output, name):
            raise UsageError(f"the output {output} is the input {name}; {_ELSEWHERE}")
        if _inside(where, real):
            raise UsageError(f"the output {output} lies inside the input {name}; {_ELSEWHERE}")
        if _inside(real, where):
            raise UsageError(f"the output {output} holds the input {name}; {_ELSEWHERE}")
    directories = [(name, real) for name, real in named if os.path.isdir(real)]
    for parent in sorted({target.parent for _, target in tree}):
        real_parent = os.path.realpath(parent)
        for name, real in directories:
            if real_parent == real or _inside(real_parent, real):
                raise UsageError(f"the output {parent} leads into the input {name} (a link?); {_ELSEWHERE}")
    for source, _ in tree:
        if source.is_symlink() and _inside(os.path.realpath(source), where):
            raise UsageError(f"the input {source} is a link into the output {output}; {_ELSEWHERE}")


def _check_stdout(named: list[tuple[str, str]]) -> None:
    """Standard output redirected to a file (`> page.txt`, `>> dump.jsonl`) must not be an input."""
    try:
        fd = sys.stdout.fileno()
        info = os.fstat(fd)
    except (AttributeError, OSError, ValueError):  # closed, replaced, or not a file
        return
    if not stat.S_ISREG(info.st_mode):
        return
    try:
        where: str | None = os.readlink(f"/proc/self/fd/{fd}")  # Linux: the file's path
    except OSError:
        where = None
    for name, real in named:
        with contextlib.suppress(OSError):
            if os.path.samestat(info, os.stat(name)):
                raise UsageError(f"standard output is the input {name}; {_ELSEWHERE}")
        if where is not None and where.startswith("/") and _inside(where, real):
            raise UsageError(f"standard output ({where}) lies inside the input {name}; {_ELSEWHERE}")


def _same_file(a: str, b: str) -> bool:
    """Whether `a` and `b` name one existing file (a hard link, a bind mount)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _inside(path: str, directory: str) -> bool:
    """Whether absolute `path` lies strictly inside absolute `directory`."""
    return path != directory and os.path.commonpath([path, directory]) == directory


def silence_stdout() -> None:
    """Point standard output at /dev/null after its reader went away."""
    # Python flushes stdout at exit; a closed pipe would turn that into a second error.
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _write_all(fd: int, data: bytes) -> None:
    # Not through io.BufferedWriter: when a signal cuts a write to a pipe short, CPython 3.11's
    # BufferedWriter can lose the rest of the data (own observation); os.write returns the
    # short count and the loop writes the rest.
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _text_writer(stream: IO[str]) -> Callable[[bytes], object]:
    return lambda data: stream.write(data.decode("utf-8"))
