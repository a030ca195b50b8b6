"""Stage 1: repair broken Unicode and tidy white space inside one block."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

__all__ = ["INVISIBLE", "is_settled", "normalize_block"]

# Simple character classes: the stdlib engine is faster than `regex` for these.
# Zero-width and bidi-control characters, other C0/C1 controls (tab and newline are handled as
# white space), surrogates, non-characters and the object replacement character (ftfy removes it
# too): none is ever wanted in an article body.
INVISIBLE = re.compile(
    r"[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b\u200e\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffc\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
# The zero-width non-joiner and joiner are spelling inside a word (Persian "می‌خواهم", Indic
# conjuncts) and glue emoji sequences ("👨‍👩‍👧"): kept between two visible characters, dropped
# anywhere else, where they are only invisible noise (Unicode's own advice, UAX #31 and UTS #51).
_JOINERS = re.compile(r"[\u200c\u200d]+")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085\u000b\u000c]")
# In a block that keeps its layout only segmentation's line breaks are lines (a vertical tab or
# form feed goes as an invisible character), and each space is one space: indentation and the
# alignment of columns are the layout.
_LAYOUT_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\u0085]")
_WIDE_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_TRAILING_SPACES = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")

# Code pages whose reading of UTF-8 bytes ftfy can undo (its CHARMAP_ENCODINGS, less the two
# that add nothing to these: ISO-8859-2 is close to Windows-1250 and Latin-1 to Windows-1252).
_CODE_PAGES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "mac-roman", "cp437")


def decoded(first: int, last: int) -> str:
    """Every character the code pages make of the bytes first..last, sorted."""
    chars = {chr(b) for b in range(first, last + 1)}  # Latin-1, and C1 for undefined bytes
    for code_page in _CODE_PAGES:
        chars.update(bytes(range(first, last + 1)).decode(code_page, errors="ignore"))
    return "".join(sorted(chars))


#: The characters a UTF-8 lead byte and a continuation byte become in those code pages (the
#: compiled core's test of _NEEDS_FTFY reads them).
LEAD_CHARS, CONTINUATION_CHARS = decoded(0xC2, 0xF4), decoded(0x80, 0xBF)

# What UTF-8 read in one of those code pages leaves behind: a lead byte's character before a
# continuation byte's, or before a space where a no-break space was lost (ftfy's
# restore_byte_a0); stray C1 controls; "\ufffd"; HTML entities; terminal escapes. Only blocks
# with one of these pay for ftfy (own measurement: on the development pages "é" or "–" alone
# sent a tenth of all blocks through ftfy, for nothing).
_NEEDS_FTFY = re.compile(
    f"[{re.escape(LEAD_CHARS)}][{re.escape(CONTINUATION_CHARS)}]"
    f"|[\u00c2\u00c3\u00c5\u00ce\u00d0\u00d9\u00f0] |[\u00e2\u00e3] [{re.escape(CONTINUATION_CHARS)}]"
    r"|[\u0080-\u009f\ufffd\x1b]|&#?[0-9A-Za-z]{1,24};"
)
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# A block with none of these (and no double space, no white space at either end) is tidy already.
_UNTIDY = re.compile(
    r"[\u0000-\u001f\u007f-\u00a0\u00ad\u1680\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f"
    r"\u3000\ud800-\udfff\ufdd0-\ufdef\ufeff\ufff9-\ufffc\ufffe\uffff]"
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


def normalize_block(text: str, *, fix_unicode: bool = True, layout: str = "") -> str:
    """Return one block's text repaired and with its white space tidied.

    A block that segmentation found to be code or a table (`layout`: "code" or "table") keeps
    its line breaks, its indentation and the spaces inside its lines; only white space at line
    ends goes, and a run of blank lines is one. Code is not repaired either: a code sample may
    show an entity or mojibake on purpose, and repair could change what its lines read as.

    >>> normalize_block("The cafÃ©\\u200b  opens\\r\\nat  nine")
    'The café opens at nine'
    >>> normalize_block("for line in f:  \\r\\n\\u00a0   print('cafÃ©')", layout="code")
    "for line in f:\\n    print('cafÃ©')"
    """
    if layout:
        # Line breaks first: ftfy reads a lone U+0085 (NEL, a line break to segmentation) as the
        # "…" that byte stands for in Windows-1252.
        text = _LAYOUT_BREAKS.sub("\n", text)
        if layout == "code":
            return _tidy_layout(text)
    if fix_unicode and not text.isascii():
        if _SURROGATES.search(text):
            # A pair of surrogates is one character written in UTF-16: join it. A lone one
            # stands for nothing: drop it (ftfy would make it "\ufffd", only in blocks it repairs).
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
        if _NEEDS_FTFY.search(text):
            fix_text, config = _ftfy()
            text = fix_text(text, config)
        elif not unicodedata.is_normalized("NFC", text):
            # What ftfy would do last; the same for every block, whether it needed repair or not.
            text = unicodedata.normalize("NFC", text)
    elif fix_unicode and ("&" in text or "\x1b" in text) and _NEEDS_FTFY.search(text):
        fix_text, config = _ftfy()
        text = fix_text(text, config)
    if layout:
        return _tidy_layout(text)
    if _UNTIDY.search(text) is None and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    text = _LINE_BREAKS.sub("\n", text)
    text = INVISIBLE.sub("", text)
    # A block is one paragraph: its inner line breaks are soft wraps. Joining them keeps the
    # output stable when it is cleaned again (a lone multi-line block would re-split by lines).
    text = text.replace("\n", " ")
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub(_joiner_or_nothing, text)
    return _SPACES.sub(" ", text).strip()


def _tidy_layout(text: str) -> str:
    """The white space of a code or table block tidied, its lines and indentation kept."""
    text = INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub(_joiner_or_nothing, text)
    text = _TRAILING_SPACES.sub("", _WIDE_SPACES.sub(" ", text))
    # A line that held only invisible characters is blank now: two blank lines would end the
    # block when the output is cleaned again.
    return _BLANK_LINES.sub("\n\n", text).strip("\n")


def is_settled(text: str) -> bool:
    """Whether repair leaves a non-ASCII block as it is: no surrogates, nothing ftfy would look
    at, already NFC (the compiled core asks before it takes a block as it stands).

    >>> is_settled("Café"), is_settled("CafÃ©")
    (True, False)
    """
    return (
        _SURROGATES.search(text) is None
        and _NEEDS_FTFY.search(text) is None
        and unicodedata.is_normalized("NFC", text)
    )


def _joiner_or_nothing(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    inside = 0 < start and end < len(text) and not text[start - 1].isspace() and not text[end].isspace()
    return match.group() if inside else ""
