"""Score extracted text against gold text: precision, recall and F1 over tokens and shingles.

The convention is the Scrapinghub article-extraction benchmark's: per page, precision and recall
are the multiset overlap of output and gold units; an empty output has no precision (it is left
out of the mean) and recall 0; F1 is the harmonic mean of the mean precision and the mean recall.
Tokens are the ``\\w+`` matches of the lowercased text (`regex` semantics).

>>> summary = summarize([score_page("the cat sat", "the cat sat on the mat").tokens])
>>> summary.precision, summary.recall, round(summary.f1, 3)
(1.0, 0.5, 0.667)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

import regex

__all__ = [
    "SHINGLE_SIZE",
    "PageScore",
    "PageScores",
    "Summary",
    "harmonic_mean",
    "overlap",
    "score_page",
    "shingle",
    "summarize",
    "tokenize",
]

SHINGLE_SIZE = 4
_WORD = regex.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens, the unit of the token scores.

    >>> tokenize("Café-Bar, 2 rooms!")
    ['café', 'bar', '2', 'rooms']
    """
    return _WORD.findall(text.lower())


def shingle(tokens: Sequence[str], size: int = SHINGLE_SIZE) -> list[tuple[str, ...]]:
    """Overlapping runs of `size` tokens; fewer tokens than that make one short shingle.

    The short-text rule is Scrapinghub's, so that a two-word output still counts.

    >>> shingle(["a", "b", "c", "d", "e"], size=4)
    [('a', 'b', 'c', 'd'), ('b', 'c', 'd', 'e')]
    >>> shingle(["a", "b"], size=4), shingle([], size=4)
    ([('a', 'b')], [])
    """
    if not tokens:
        return []
    return [tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1))]


def harmonic_mean(precision: float, recall: float) -> float:
    """F1 of a precision and a recall; 0 when both are 0.

    >>> harmonic_mean(1.0, 0.5)
    0.6666666666666666
    """
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page's precision and recall; ``None`` where undefined (empty output, empty gold)."""

    precision: float | None
    recall: float | None

    @property
    def f1(self) -> float | None:
        """Per-page F1: 0 for an empty output, ``None`` when the gold is empty."""
        if self.recall is None:
            return None
        return harmonic_mean(self.precision or 0.0, self.recall)


@dataclass(frozen=True, slots=True)
class PageScores:
    """A page scored on tokens and on shingles of `SHINGLE_SIZE` tokens."""

    tokens: PageScore
    shingles: PageScore


@dataclass(frozen=True, slots=True)
class Summary:
    """Scores over many pages: means of the per-page numbers, and the F1s built from them."""

    precision: float
    recall: float
    f1: float
    macro_f1: float
    pages: int
    empty_outputs: int


def overlap(output: Iterable[Hashable], gold: Iterable[Hashable]) -> PageScore:
    """Precision and recall of `output` units against `gold` units, counted as multisets.

    >>> overlap(["a", "a", "b"], ["a", "c"])
    PageScore(precision=0.3333333333333333, recall=0.5)
    >>> overlap([], ["a"])
    PageScore(precision=None, recall=0.0)
    """
    found, wanted = Counter(output), Counter(gold)
    common = (found & wanted).total()
    n_found, n_wanted = found.total(), wanted.total()
    return PageScore(
        precision=common / n_found if n_found else None,
        recall=common / n_wanted if n_wanted else None,
    )


def score_page(output: str, gold: str) -> PageScores:
    """Score one extracted text against its gold text, on tokens and on shingles."""
    found, wanted = tokenize(output), tokenize(gold)
    return PageScores(
        tokens=overlap(found, wanted),
        shingles=overlap(shingle(found), shingle(wanted)),
    )


def summarize(scores: Sequence[PageScore]) -> Summary:
    """Mean precision (over pages with output), mean recall, their F1, and the mean page F1.

    >>> summarize([PageScore(1.0, 1.0), PageScore(None, 0.0)])
    Summary(precision=1.0, recall=0.5, f1=0.6666666666666666, macro_f1=0.5, pages=2, empty_outputs=1)
    """
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    f1s = [f1 for f1 in (s.f1 for s in scores) if f1 is not None]
    precision = fmean(precisions) if precisions else 0.0
    recall = fmean(recalls) if recalls else 0.0
    return Summary(
        precision=precision,
        recall=recall,
        f1=harmonic_mean(precision, recall),
        macro_f1=fmean(f1s) if f1s else 0.0,
        pages=len(scores),
        empty_outputs=len(scores) - len(precisions),
    )
