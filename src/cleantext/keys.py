"""A block's key: its casefolded words, what repeats, titles and profiles compare."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["block_key", "block_keys"]

_NON_KEY = re.compile(r"\W+")
# The same, for many blocks joined by "\n" at once (one C-level pass instead of one per block).
_NON_KEY_BUT_NEWLINE = re.compile(r"[^\w\n]+")


def block_key(text: str) -> str:
    """A block's key: its casefolded words (runs of `\\w`) joined by one space.

    >>> block_key("Same  TITLE! navigate_next, Straße")
    'same title navigate_next strasse'
    """
    return _NON_KEY.sub(" ", text.casefold()).strip()


def block_keys(texts: Sequence[str]) -> list[str]:
    """block_key() of every block, in one pass over the page rather than one per block.

    >>> block_keys(["Same  TITLE!", "navigate_next, Straße"])
    ['same title', 'navigate_next strasse']
    """
    joined = "\n".join(texts).casefold()
    if joined.count("\n") != len(texts) - 1:  # a block holds a line break: key them one by one
        return [block_key(t) for t in texts]
    if not texts:
        return []
    return [line.strip() for line in _NON_KEY_BUT_NEWLINE.sub(" ", joined).split("\n")]
