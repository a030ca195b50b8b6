"""The content model: a two-stage logistic model over block features, in pure Python.

Stage 1 reads each block's own shape and its neighbourhood (features.py); stage 2 reads the
stage-1 scores of the blocks around it, a learned form of jusText's context smoothing. The
weights are data (weights.py), trained by training/train_model.py on the development pages only,
with cross-validation grouped by site.
"""

from __future__ import annotations

import functools
import math
import operator
import re
from collections.abc import Sequence
from typing import NamedTuple

from cleantext import features, weights
from cleantext.stopwords import stopwords

__all__ = ["BlockScore", "Prepared", "content_scores", "page_features", "prepare", "stage2_features"]


class BlockScore(NamedTuple):
    """A block's content probability (0-1) and what the decision can say about it."""

    probability: float
    is_prose: bool
    drop_reason: str
    detail: dict[str, float | int | str]


_NON_WORD = re.compile(r"\W+")
_I_PROSE = features.OWN.index("prose")
_I_RULE = features.OWN.index("rule")
_I_IN_MAIN = len(features.OWN) + features.CONTEXT.index("in_main")
_I_SHORT_RUN = len(features.OWN) + features.CONTEXT.index("log_short_run")
_MENU_RUN = math.log1p(3)  # three or more short lines in a row read as a menu (jusText's "short")


# What a block that a phrase rule matched gets: the model does not score it.
_RULED = BlockScore(0.0, False, "rule", {})


@functools.cache
def _stopwords(language: str) -> frozenset[str]:
    return stopwords(language)


class Prepared(NamedTuple):
    """What the model needs of a block that does not depend on its neighbours."""

    shape: tuple[float, ...]  # features.OWN
    key: str  # the block's lower-cased words, joined by single spaces


def prepare(texts: Sequence[str], rules: Sequence[bool], language: str) -> list[Prepared]:
    """Compute each block's own shape and key once per page (the fixpoint reuses them)."""
    shapes = features.block_shapes(texts, _stopwords(language), rules)
    # The words joined by one space, without a list of them in between (a block may be huge).
    return [Prepared(shape, _NON_WORD.sub(" ", t.lower()).strip(" ")) for shape, t in zip(shapes, texts)]


def page_features(
    texts: Sequence[str],
    rules: Sequence[bool],
    language: str,
    prepared: Sequence[Prepared] | None = None,
) -> tuple[list[int], list[tuple[float, ...]]]:
    """Return the blocks the model scores (those no phrase rule matched) and their stage-1
    feature vectors (features.NAMES).

    Rule-matched blocks are furniture already; leaving them out of the neighbourhood keeps an
    article whose paragraphs are interleaved with "Advertisement" labels in one piece. That a
    block touches such furniture stays visible: its "rule" feature says so.
    """
    stop = _stopwords(language)
    if prepared is None:
        prepared = prepare(texts, rules, language)
    n = len(texts)
    chosen = [i for i in range(n) if not rules[i]]
    own = []
    for i in chosen:
        shape = prepared[i].shape
        touches = float((i > 0 and rules[i - 1]) or (i + 1 < n and rules[i + 1]))
        own.append((*shape[:_I_RULE], touches, *shape[_I_RULE + 1 :]))
    keys = [prepared[i].key for i in chosen]
    before, count = [], 0
    for i in range(n):
        if rules[i]:
            count += 1
        else:
            before.append(count)
    context = features.context_features(own, keys, stop, before)
    # Rows are tuples: tuples of floats leave the garbage collector's lists at its first pass,
    # lists stay, and on a page of thousands of blocks, re-scored every round, walking them
    # again and again made the cost grow faster than the page.
    return chosen, [a + b for a, b in zip(own, context)]


def stage2_features(logits: Sequence[float]) -> list[tuple[float, ...]]:
    """Return, for each block, its own stage-1 logit and those of its neighbourhood."""
    n = len(logits)
    if n == 0:
        return []
    prefix = [0.0]
    for value in logits:
        prefix.append(prefix[-1] + value)
    top = max(logits)
    # The page's own scale: a block among the best of a weak page is still its article.
    third = sorted(logits, reverse=True)[min(2, n - 1)]
    # The page's best-scoring run (maximum-sum run of the logits): where stage 1 puts the body
    # when the page has no run of prose (product pages, listings).
    start, end = features.max_sum_run(logits)
    mean = prefix[n] / n
    positive = sum(1 for z in logits if z > 0) / n
    rows: list[tuple[float, ...]] = []
    for i, z in enumerate(logits):
        before = prefix[i] / i if i else 0.0
        after = (prefix[n] - prefix[i + 1]) / (n - i - 1) if i + 1 < n else 0.0
        rows.append(
            (
                z,
                z - top,
                z - third,
                top,
                logits[i - 1] if i else 0.0,
                logits[i + 1] if i + 1 < n else 0.0,
                _window_mean(prefix, i - 2, i + 3, n),
                _window_mean(prefix, i - 5, i + 6, n),
                _window_mean(prefix, i - 15, i + 16, n),
                before,
                after,
                float(start <= i <= end),
                math.log1p(start - i if i < start else i - end if i > end else 0) if end >= start else 0.0,
                mean,
                positive,
            )
        )
    return rows


def _window_mean(prefix: Sequence[float], lo: int, hi: int, n: int) -> float:
    lo = lo if lo > 0 else 0
    hi = hi if hi < n else n
    return (prefix[hi] - prefix[lo]) / (hi - lo)


@functools.cache
def _folded(layer: weights.Layer) -> tuple[tuple[float, ...], float]:
    """Fold standardization into the weights: (x - m) / s * c == x * (c / s) - m * c / s."""
    mean, scale, coef, intercept = layer
    return tuple(c / s for s, c in zip(scale, coef)), intercept - sum(
        m * c / s for m, s, c in zip(mean, scale, coef)
    )


def _linear(rows: Sequence[Sequence[float]], layer: weights.Layer) -> list[float]:
    coef, bias = _folded(layer)
    return [bias + sum(map(operator.mul, row, coef)) for row in rows]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def content_scores(
    texts: Sequence[str],
    rules: Sequence[bool],
    language: str,
    prepared: Sequence[Prepared] | None = None,
) -> list[BlockScore]:
    """Score every block of a page; `rules` says which blocks a boilerplate phrase matched;
    `prepared` may hold the blocks' prepare() computed earlier."""
    chosen, rows = page_features(texts, rules, language, prepared)
    first = _linear(rows, weights.STAGE1)
    second = _linear([r + s for r, s in zip(rows, stage2_features(first))], weights.STAGE2)
    scores = [_RULED] * len(texts)
    for i, row, z in zip(chosen, rows, second):
        detail: dict[str, float | int | str] = {"in_main_run": int(row[_I_IN_MAIN])}
        reason = "nav_menu" if row[_I_SHORT_RUN] >= _MENU_RUN else "low_content"
        scores[i] = BlockScore(_sigmoid(z), bool(row[_I_PROSE]), reason, detail)
    return scores
