"""Stage 2: split a page into blocks (with their offsets) and blocks into sentences."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, NamedTuple

from cleantext import sentences as _sentence_data

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["Span", "split_blocks", "split_sentences"]


class Span(NamedTuple):
    """A block of the input: its raw text and where it stands (``text == page[start:end]``)."""

    start: int
    end: int
    text: str


_NEWLINE = re.compile(r"\r\n|[\n\r\u2028\u2029\u0085]")
_VISIBLE = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff]")
# A line that ends like this is done: the next line starts a block of its own.
_LINE_DONE = re.compile(r"[.!?:;\u2026\u3002\uff01\uff1f\"\u201d\u00bb)\]|]\s*$")
# A line that starts like this continues the line before (a hard-wrapped paragraph).
_CONTINUES = re.compile(r"\s*[a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u044f(,;]")


def split_blocks(page: str) -> list[Span]:
    """Split a page into blocks: one per line, blank lines being only separators.

    Scrapers write one visual block per line; a line is joined to the one before only where it
    continues a hard-wrapped sentence (the line before ends mid-sentence and this one starts in
    lower case).

    >>> [s.text for s in split_blocks("Title\\n\\nFirst para, hard-\\nwrapped here.\\nNext line\\n\\n\\nEnd")]
    ['Title', 'First para, hard-\\nwrapped here.', 'Next line', 'End']
    """
    spans: list[Span] = []
    start = 0
    open_start = -1  # start of the block being built, -1 when none
    open_end = 0
    for match in _NEWLINE.finditer(page):
        open_start, open_end = _take_line(page, start, match.start(), open_start, open_end, spans)
        start = match.end()
    open_start, open_end = _take_line(page, start, len(page), open_start, open_end, spans)
    if open_start >= 0:
        spans.append(Span(open_start, open_end, page[open_start:open_end]))
    return spans


def _take_line(
    page: str, start: int, end: int, open_start: int, open_end: int, spans: list[Span]
) -> tuple[int, int]:
    """Add the line page[start:end] to the open block or start a new one; return the open block."""
    if _VISIBLE.search(page, start, end) is None:
        if open_start >= 0:
            spans.append(Span(open_start, open_end, page[open_start:open_end]))
        return -1, 0
    if open_start >= 0:
        if open_end == start - 1 or open_end == start - 2:  # the lines are adjacent
            previous = page[open_start:open_end]
            if _LINE_DONE.search(previous) is None and _CONTINUES.match(page, start, end):
                return open_start, end
        spans.append(Span(open_start, open_end, page[open_start:open_end]))
    return start, end


def split_sentences(text: str, language: str = "auto") -> list[str]:
    """Split a block into sentences with Punkt, offline (abbreviations ship with cleantext).

    >>> split_sentences("Dr. Smith arrived at 9 a.m. on Monday. He left early!")
    ['Dr. Smith arrived at 9 a.m. on Monday.', 'He left early!']
    """
    if not _MAY_HAVE_TWO_SENTENCES.search(text):
        return [text] if text.strip() else []
    return [s for s in _tokenizer(language).tokenize(text) if s.strip()]


# A cheap test that spares Punkt (and importing nltk) for blocks with no inner sentence end.
_MAY_HAVE_TWO_SENTENCES = re.compile(r"[.!?\u3002\uff01\uff1f\u0964][\"'\u201d\u2019)\]]*\s+\S")


@functools.cache
def _tokenizer(language: str) -> PunktSentenceTokenizer:
    # nltk costs ~120 ms to import; only pages that need sentences pay it, once per process.
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(_sentence_data.abbreviations(language))
    return PunktSentenceTokenizer(params)
