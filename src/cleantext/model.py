"""The structural content score of each block: how much it looks like part of the article."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from cleantext.stopwords import stopwords

__all__ = ["BlockScore", "content_scores"]


class BlockScore(NamedTuple):
    """A block's content probability (0-1) and what the decision can say about it."""

    probability: float
    is_prose: bool
    is_heading: bool
    drop_reason: str
    detail: dict[str, float | int | str]


_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?:;\u3002\uff01\uff1f\u2026\"'\u201d\u00bb)]\s*$")
# A teaser cut off with "..." is not a finished sentence.
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|\u2026)\W*$")
_INNER_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f]\s+\S")
# Runs of short lines are menus (jusText's "short" class; Boilerpipe's link-density cue without links).
_MENU_RUN = 3
_PROSE_MIN_WORDS = 12


@functools.cache
def _stopwords(language: str) -> frozenset[str]:
    return stopwords(language)


def content_scores(
    texts: Sequence[str], words: Sequence[int], rules: Sequence[str | None], language: str
) -> list[BlockScore]:
    """Score every block of a page; `rules` holds each block's phrase verdict (None if none)."""
    n = len(texts)
    stop = _stopwords(language)
    prose: list[bool] = []
    for text, count in zip(texts, words):
        tokens = _WORD.findall(text.lower())
        stop_ratio = sum(t in stop for t in tokens) / count if count else 0.0
        ends = _SENTENCE_END.search(text) is not None and _ELLIPSIS_END.search(text) is None
        inner = _INNER_SENTENCE_END.search(text) is not None
        prose.append(
            (count >= _PROSE_MIN_WORDS and ends and stop_ratio >= 0.15)
            or (count >= 40 and inner and ends)
            or (count >= 80 and inner)
        )
    start, end = _main_run(words, prose, rules)
    short_run = _short_runs(prose, rules)
    scores: list[BlockScore] = []
    for i in range(n):
        inside = start <= i <= end
        detail: dict[str, float | int | str] = {"main_run": f"{start}-{end}"}
        if prose[i]:
            p = 0.9 if inside else 0.55
            scores.append(BlockScore(p, True, False, "low_content", detail))
            continue
        nxt = _next_unruled(i, rules)
        # A short line right before prose of the main run is its title or a subheading.
        heading = nxt is not None and prose[nxt] and start <= nxt <= end and 0 < words[i] <= 20
        if heading:
            p = 0.7
        elif inside and short_run[i] < _MENU_RUN:
            p = 0.6
        else:
            p = 0.1
        reason = "nav_menu" if short_run[i] >= _MENU_RUN else "low_content"
        scores.append(BlockScore(p, False, heading, reason, detail))
    return scores


def _main_run(words: Sequence[int], prose: Sequence[bool], rules: Sequence[str | None]) -> tuple[int, int]:
    """Return the first and last index of the densest run of prose (Kadane over block weights)."""
    best, best_span = 0.0, (0, -1)
    total, run_start = 0.0, 0
    for i, (count, is_prose, rule) in enumerate(zip(words, prose, rules)):
        weight = float(count) if is_prose else (-15.0 if rule else -4.0)
        if total <= 0:
            total, run_start = weight, i
        else:
            total += weight
        if total > best:
            best, best_span = total, (run_start, i)
    return best_span


def _short_runs(prose: Sequence[bool], rules: Sequence[str | None]) -> list[int]:
    """Return, for each block, the length of the run of non-prose blocks it stands in."""
    n = len(prose)
    runs = [0] * n
    i = 0
    while i < n:
        if prose[i]:
            i += 1
            continue
        j = i
        while j < n and not prose[j]:
            j += 1
        for k in range(i, j):
            runs[k] = j - i
        i = j
    return runs


def _next_unruled(i: int, rules: Sequence[str | None]) -> int | None:
    for j in range(i + 1, len(rules)):
        if rules[j] is None:
            return j
    return None
