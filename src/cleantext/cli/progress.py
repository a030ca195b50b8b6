"""The progress bar on standard error."""

from __future__ import annotations

import time
from typing import IO

__all__ = ["Progress"]


class Progress:
    """A one-line progress bar on standard error: pages, pages/s, and how far through the input."""

    #: Seconds between two redraws: often enough to look alive, rarely enough to cost nothing.
    INTERVAL = 0.2

    def __init__(self, stream: IO[str], enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total_bytes: int | None = None
        self.total_items: int | None = None
        self.pages = 0
        self.bytes = 0
        self._start = time.monotonic()
        self._last = 0.0
        self._width = 0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.enabled and self.pages:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def advance(self, size: int) -> None:
        self.pages += 1
        self.bytes += size
        if self.enabled:
            now = time.monotonic()
            if now - self._last >= self.INTERVAL:
                self._last = now
                self._draw()

    def message(self, text: str) -> None:
        """Print one line on standard error without garbling the bar."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
        self.stream.write(f"cleantext: {text}\n")
        if self.enabled and self.pages:
            self._draw()
        self.stream.flush()

    def _draw(self) -> None:
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self.pages / elapsed
        done: float | None = None
        if self.total_items:
            done = self.pages / self.total_items
            count = f"{self.pages:,}/{self.total_items:,} pages"
        else:
            count = f"{self.pages:,} pages"
        if self.total_bytes:
            done = self.bytes / self.total_bytes
            count += f" {self.bytes / 1e6:,.1f}/{self.total_bytes / 1e6:,.1f} MB"
        line = f"{count}  {rate:,.1f} pages/s  {_clock(elapsed)}"
        if done is not None:
            filled = int(min(done, 1.0) * 24)
            eta = f"  ETA {_clock(elapsed / done - elapsed)}" if 0 < done < 1 else ""
            line = f"[{'#' * filled}{'.' * (24 - filled)}] {done:4.0%} {line}{eta}"
        padding = " " * max(self._width - len(line), 0)
        self._width = len(line)
        self.stream.write("\r" + line + padding)
        self.stream.flush()


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
