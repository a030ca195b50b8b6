"""Stage 5: join the kept blocks into the clean body."""

from __future__ import annotations

from collections.abc import Iterable

from cleantext.layout import apart

__all__ = ["join_blocks"]


def join_blocks(texts: Iterable[str]) -> str:
    """Join block texts in page order, one blank line between them.

    Two blank lines stand where one would let segmentation read lines of two blocks as one run
    of code or a table (a run may hold single blank lines), so that the body is cut into the
    same blocks when it is cleaned again.

    >>> join_blocks(["Title", "First paragraph."])
    'Title\\n\\nFirst paragraph.'
    >>> join_blocks(["x = 1", "y = 2"])
    'x = 1\\n\\n\\ny = 2'
    """
    blocks = list(texts)
    out = blocks[:1]
    for text, gap in zip(blocks[1:], apart(blocks)):
        out.append("\n\n\n" if gap else "\n\n")
        out.append(text)
    return "".join(out)
