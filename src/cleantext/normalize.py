"""Stage 1: repair broken Unicode and tidy white space inside one block."""

from __future__ import annotations

import functools
import re
from typing import Any

__all__ = ["normalize_block"]

# Simple character classes: the stdlib engine is faster than `regex` for these.
# Zero-width and bidi-control characters, other C0/C1 controls (tab and newline are handled as
# white space), lone surrogates and non-characters: none is ever wanted in an article body.
_INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\u000b\u000c]")

# Text made only of these cannot hold mojibake or the HTML entities ftfy decodes, so it skips
# ftfy's cost (own measurement: most scraped pages are plain ASCII or clean UTF-8 Latin text).
_NEEDS_FTFY = re.compile(
    r"[\u0080-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    r"\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122\ufffd]"
    r"|&[#a-zA-Z0-9]{2,8};"
)


@functools.cache
def _ftfy() -> tuple[Any, Any]:
    # ftfy costs ~40 ms to import: pay it only when a page needs repair.
    import ftfy

    # Chosen on purpose: keep "…" and curly quotes (uncurl_quotes, fix_latin_ligatures off keeps
    # the author's typography), no NFKC (it would rewrite "½", "²", full-width CJK punctuation),
    # no HTML unescaping beyond ftfy's safe "auto" default.
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        normalization="NFC",
        explain=False,
    )
    return ftfy.fix_text, config


def normalize_block(text: str, *, fix_unicode: bool = True) -> str:
    """Return one block's text repaired and with its white space tidied.

    >>> normalize_block("The cafÃ©\\u200b  opens\\r\\nat  nine")
    'The café opens at nine'
    """
    if fix_unicode and _NEEDS_FTFY.search(text):
        fix_text, config = _ftfy()
        text = fix_text(text, config)
    text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    # A block is one paragraph: its inner line breaks are soft wraps. Joining them keeps the
    # output stable when it is cleaned again (a lone multi-line block would re-split by lines).
    text = _SPACES.sub(" ", text.replace("\n", " "))
    return text.strip()
