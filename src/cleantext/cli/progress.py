"""The progress bar on standard error, redrawn by a thread of its own, so that it moves on while one
long page is being cleaned."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import IO

__all__ = ["Progress"]


def _nothing_pending(index: int) -> tuple[str, int | None] | None:
    return None


class Progress:
    """A one-line progress bar on standard error: pages, pages/s, how far through the input, and
    for a page that takes long, which one it is, its size and how long it has taken so far.

    `pending(index)` names the page (0-based) the output waits for and its size in bytes, or is
    None when that page has not been read yet. With `enabled` false, only `message` writes.
    """

    #: Seconds between two redraws: often enough to look alive, rarely enough to cost nothing.
    INTERVAL = 0.2
    #: Seconds after which the page the output waits for is shown on the bar.
    SLOW_PAGE = 0.5

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total_bytes: int | None = None
        self.total_items: int | None = None
        self.pending: Callable[[int], tuple[str, int | None] | None] = _nothing_pending
        self.pages = 0
        self.bytes = 0
        self._start = self._since = time.monotonic()
        self._width = 0
        # The bar is drawn by the ticker and by `message`, from two threads.
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __enter__(self) -> Progress:
        if self.enabled:
            self._ticker = threading.Thread(target=self._tick, name="cleantext-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._ticker is not None:
            self._stop.set()
            self._ticker.join()
        if self.enabled and (self.pages or self._width):
            with self._lock, contextlib.suppress(OSError, ValueError):
                self._draw()
                self.stream.write("\n")
                self.stream.flush()

    def advance(self, size: int) -> None:
        """Count one page done, of `size` bytes."""
        self.pages += 1
        self.bytes += size
        self._since = time.monotonic()

    def message(self, text: str) -> None:
        """Print one line on standard error without garbling the bar."""
        with self._lock, contextlib.suppress(OSError, ValueError):  # stderr closed: nothing to say
            if self.enabled and self._width:
                self.stream.write("\r" + " " * self._width + "\r")
            self.stream.write(f"cleantext: {text}\n")
            if self.enabled and self._width:
                self._draw()
            self.stream.flush()

    def _tick(self) -> None:
        while not self._stop.wait(self.INTERVAL):
            with self._lock, contextlib.suppress(OSError, ValueError):  # stderr closed: no bar
                self._draw()

    def _draw(self) -> None:
        now = time.monotonic()
        elapsed = max(now - self._start, 1e-9)
        pages = self.pages
        rate = pages / elapsed
        done: float | None = None
        if self.total_items:
            done = pages / self.total_items
            count = f"{pages:,}/{self.total_items:,} pages"
        else:
            count = f"{pages:,} pages"
        if self.total_bytes:
            done = self.bytes / self.total_bytes
            count += f" {self.bytes / 1e6:,.1f}/{self.total_bytes / 1e6:,.1f} MB"
        line = f"{count}  {rate:,.1f} pages/s  {_clock(elapsed)}"
        if done is not None:
            filled = int(min(done, 1.0) * 24)
            eta = f"  ETA {_clock(elapsed / done - elapsed)}" if 0 < done < 1 else ""
            line = f"[{'#' * filled}{'.' * (24 - filled)}] {done:4.0%} {line}{eta}"
        waited = now - self._since
        if waited >= self.SLOW_PAGE and (self.total_items is None or pages < self.total_items):
            page = self.pending(pages)
            if page is None:
                line += f"  waiting for input {_clock(waited)}"
            else:
                label, size = page
                if len(label) > 40:  # the bar must fit on one line of a terminal to be redrawn
                    label = "…" + label[-39:]
                shown = label if size is None else f"{label} ({_size(size)})"
                line += f"  {shown}: working for {_clock(waited)}"
        padding = " " * max(self._width - len(line), 0)
        self._width = len(line)
        self.stream.write("\r" + line + padding)
        self.stream.flush()


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def _size(size: int) -> str:
    """A size in bytes for people.

    >>> _size(532), _size(50_000), _size(52_400_000)
    ('532 B', '50.0 kB', '52.4 MB')
    """
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1e3:.1f} kB"
    return f"{size / 1e6:,.1f} MB"
