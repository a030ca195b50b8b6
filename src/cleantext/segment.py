"""Stage 2: split a page into blocks (with their offsets) and blocks into sentences."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from cleantext import sentences as _sentence_data
from cleantext.layout import layout_runs

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

__all__ = ["Span", "split_blocks", "split_sentences"]


class Span(NamedTuple):
    """A block of the input: its raw text and where it stands (``text == page[start:end]``), and
    "code" or "table" for a run of lines that keeps its layout (`layout.layout_runs`), else ""."""

    start: int
    end: int
    text: str
    layout: str = ""


_NEWLINE = re.compile(r"\r\n|[\n\r\u2028\u2029\u0085]")
_VISIBLE = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff]")
# A line that ends with one of these (before trailing white space) is done: the next line starts
# a block of its own.
_LINE_DONE = frozenset('.!?:;\u2026\u3002\uff01\uff1f"\u201d\u00bb)]|')
# A line whose first visible character is one of these continues the line before (a hard-wrapped
# paragraph). One character, found after the white space: "\s*[...]" made searching quadratic.
_CONTINUES = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u044f(,;]")
_NON_SPACE = re.compile(r"\S")


def split_blocks(page: str) -> list[Span]:
    """Split a page into blocks: one per line, blank lines being only separators, except that a
    run of lines that is code or a table is one block.

    Scrapers write one visual block per line; a line is joined to the one before only where it
    continues a hard-wrapped sentence (the line before ends mid-sentence and this one starts in
    lower case). A code listing or a table is a run of lines (single blank lines inside it
    included) that `layout.layout_runs` recognises: it stays one block, with its layout.

    >>> [s.text for s in split_blocks("Title\\n\\nFirst para, hard-\\nwrapped here.\\nNext line\\n\\n\\nEnd")]
    ['Title', 'First para, hard-\\nwrapped here.', 'Next line', 'End']
    >>> [(s.text, s.layout) for s in split_blocks("Read it:\\nfor line in f:\\n    print(line)")]
    [('Read it:', ''), ('for line in f:\\n    print(line)', 'code')]
    """
    lines: list[tuple[int, int]] = []
    start = 0
    for end, after in _line_ends(page):
        lines.append((start, end))
        start = after
    visible = [k for k, (start, end) in enumerate(lines) if _VISIBLE.search(page, start, end)]
    gaps = [k - before - 1 for before, k in zip([-1, *visible], visible)]
    runs = {
        visible[first]: (visible[last], layout)
        for first, last, layout in layout_runs([page[lines[k][0] : lines[k][1]] for k in visible], gaps)
    }
    shown = [False] * len(lines)
    for k in visible:
        shown[k] = True
    spans: list[Span] = []
    open_start = -1  # start of the block being built, -1 when none
    last_start = open_end = 0  # the open block's last line
    k = 0
    while k < len(lines):
        start, end = lines[k]
        run = runs.get(k)
        if run is not None:
            if open_start >= 0:
                spans.append(Span(open_start, open_end, page[open_start:open_end]))
                open_start = -1
            last, layout = run
            spans.append(Span(start, lines[last][1], page[start : lines[last][1]], layout))
            k = last + 1
            continue
        if not shown[k]:
            if open_start >= 0:
                spans.append(Span(open_start, open_end, page[open_start:open_end]))
                open_start = -1
        elif open_start >= 0 and not _ends_line(page[last_start:open_end]) and _continues(page, start, end):
            last_start, open_end = start, end
        else:
            if open_start >= 0:
                spans.append(Span(open_start, open_end, page[open_start:open_end]))
            open_start = last_start = start
            open_end = end
        k += 1
    if open_start >= 0:
        spans.append(Span(open_start, open_end, page[open_start:open_end]))
    return spans


def _line_ends(page: str) -> Iterator[tuple[int, int]]:
    """Yield (end of line, start of the next) for every line of the page, the last one included."""
    for match in _NEWLINE.finditer(page):
        yield match.start(), match.end()
    yield len(page), len(page)


def _continues(page: str, start: int, end: int) -> bool:
    first = _NON_SPACE.search(page, start, end)
    return first is not None and _CONTINUES.match(page, first.start()) is not None


def _ends_line(line: str) -> bool:
    # Only the last line of an open block is read: reading the whole block at every line made
    # a page of many short lower-case lines quadratic.
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in _LINE_DONE


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
