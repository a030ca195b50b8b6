"""Stage 5: join the kept blocks into the clean body."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["join_blocks"]


def join_blocks(texts: Iterable[str]) -> str:
    """Join block texts in page order, one blank line between paragraphs.

    >>> join_blocks(["Title", "First paragraph."])
    'Title\\n\\nFirst paragraph.'
    """
    return "\n\n".join(texts)
