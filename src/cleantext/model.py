"""The content model: two logistic stages over named block features, loaded from package data.

Stage 1 reads each block's own shape and its neighbourhood (features.py); stage 2 reads the
stage-1 scores of the blocks around it, a learned form of jusText's context smoothing. The
weights and the word lexicon are data files (`data/model.json`, `data/lexicon.tsv`), written by
training/train_model.py from the development pages, with cross-validation grouped by site.
A model names the features it was trained on, and refuses to load when they are not the ones
the code computes, in the same order.
"""

from __future__ import annotations

import functools
import json
import math
import operator
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cleantext import features
from cleantext.core import compiled_core
from cleantext.dom import DOM

if TYPE_CHECKING:
    from cleantext.page import Page

__all__ = [
    "STAGE1",
    "STAGE1_HTML",
    "STAGE2",
    "STAGE2_HTML",
    "ContentModel",
    "Layer",
    "Scores",
    "default_html_model",
    "default_model",
]

#: The features stage 1 reads, in order: each block's own shape, then its neighbourhood.
STAGE1 = features.OWN + features.CONTEXT
#: The features stage 2 reads, in order: stage 1's, then the stage-1 logits around the block.
STAGE2 = STAGE1 + features.LOGIT_CONTEXT
#: The same for the blocks of an HTML page: the markup's numbers (dom.DOM) join the own shape.
STAGE1_HTML = features.OWN + DOM + features.CONTEXT
STAGE2_HTML = STAGE1_HTML + features.LOGIT_CONTEXT

_I_PROSE = STAGE1.index("prose")
_I_TERMINAL = STAGE1.index("terminal")
_MENU_RUN = math.log1p(3)  # three or more short lines in a row read as a menu (jusText's "short")


@dataclass(frozen=True)
class Layer:
    """One logistic stage: standardization folded into the weights, `z = bias + x . coef`."""

    names: tuple[str, ...]
    coef: tuple[float, ...]
    bias: float

    @classmethod
    def from_standardized(
        cls,
        names: Sequence[str],
        mean: Sequence[float],
        scale: Sequence[float],
        coef: Sequence[float],
        intercept: float,
    ) -> Layer:
        """Fold (x - mean) / scale * coef into one weight per feature and one bias."""
        folded = tuple(c / s for s, c in zip(scale, coef))
        bias = intercept
        for m, s, c in zip(mean, scale, coef):
            bias -= m * c / s
        return cls(tuple(names), folded, bias)

    def logits(self, rows: Sequence[tuple[float, ...]]) -> list[float]:
        """The layer's logit for each row of features (in `names` order)."""
        coef, bias = self.coef, self.bias
        return [bias + _dot(row, coef) for row in rows]


def _dot(row: Sequence[float], coef: Sequence[float]) -> float:
    # A plain left-to-right sum: the compiled core adds in the same order, and sum() of floats
    # rounds differently from Python 3.12 on.
    total = 0.0
    for product in map(operator.mul, row, coef):
        total += product
    return total


class Scores(NamedTuple):
    """What the model says of the blocks it scored, as columns in the order given."""

    probability: list[float]
    is_prose: list[bool]
    in_main: list[bool]
    #: the block stands in a run of short lines (a menu) rather than alone
    in_menu_run: list[bool]


class ContentModel:
    """The two-stage content model with its word lexicon.

    >>> model = default_model()
    >>> model.stage1.names == STAGE1 and model.stage2.names == STAGE2
    True
    """

    def __init__(self, stage1: Layer, stage2: Layer, lexicon: Mapping[str, float], neutral: float) -> None:
        #: whether the model reads the markup's numbers: a model for HTML pages
        self.reads_dom = len(stage1.names) > len(STAGE1) and stage1.names[len(features.OWN)] == DOM[0]
        expected1, expected2 = (STAGE1_HTML, STAGE2_HTML) if self.reads_dom else (STAGE1, STAGE2)
        for layer, expected, stage in ((stage1, expected1, "stage 1"), (stage2, expected2, "stage 2")):
            if layer.names != expected:
                raise ValueError(_mismatch(stage, layer.names, expected))
            if len(layer.coef) != len(expected):
                raise ValueError(f"{stage} has {len(layer.coef)} weights for {len(expected)} features")
            if not all(map(math.isfinite, (*layer.coef, layer.bias))):
                raise ValueError(f"{stage} has a weight that is not a finite number")
        if not math.isfinite(neutral):
            raise ValueError("the lexicon's neutral value must be a finite number")
        self.stage1 = stage1
        self.stage2 = stage2
        self.lexicon = dict(lexicon)
        self.neutral = float(neutral)
        #: the width of a block's own row: features.OWN, and DOM for a model of HTML pages
        self.own_width = len(features.OWN) + (len(DOM) if self.reads_dom else 0)
        self._i_in_main = expected1.index("in_main")
        self._i_short_run = expected1.index("log_short_run")
        # The compiled core's word tables, one per stopword list, built on first use.
        self._tables: dict[frozenset[str], Any] = {}

    @classmethod
    def load(cls, directory: str | Path | None = None) -> ContentModel:
        """Load a model from `directory` (model.json and its lexicon), or the one cleantext ships."""
        return cls.read(resources.files("cleantext") / "data" if directory is None else Path(directory))

    @classmethod
    def read(cls, root: Any) -> ContentModel:
        """Load a model from `root`, a directory as a Path or an importlib.resources Traversable."""
        spec = json.loads((root / "model.json").read_text(encoding="utf-8"))
        stages = [
            Layer.from_standardized(s["names"], s["mean"], s["scale"], s["coef"], s["intercept"])
            for s in (spec["stage1"], spec["stage2"])
        ]
        lexicon: dict[str, float] = {}
        for line in (root / spec["lexicon"]["file"]).read_text(encoding="utf-8").splitlines():
            word, _, value = line.partition("\t")
            lexicon[word] = float(value)
        return cls(stages[0], stages[1], lexicon, spec["lexicon"]["neutral"])

    def shapes(
        self,
        texts: Sequence[str],
        skip: Sequence[bool],
        stopwords: frozenset[str],
        engine: str = "auto",
        dom: Sequence[tuple[float, ...]] | None = None,
    ) -> features.Rows:
        """Each block's own shape (features.OWN, then for a model of HTML pages the markup's
        numbers `dom`, one row per block), zeros for the blocks `skip` says."""
        core = compiled_core(engine)
        if core is None:
            shapes = features.block_shapes(texts, skip, stopwords, self.lexicon, self.neutral)
        else:
            values = core.block_shapes(
                list(texts),
                skip,
                self._table(core, stopwords),
                self.neutral,
                features.DATE.search,
                features.PRICE.search,
                len(features.OWN),
            )
            shapes = features.Rows(len(features.OWN), values)
        if not self.reads_dom:
            return shapes
        if dom is None or len(dom) != len(texts):
            raise ValueError("a model of HTML pages reads the markup's numbers of every block (dom=)")
        width, own = len(features.OWN), shapes.values
        values = array("d")
        zeros = (0.0,) * len(DOM)
        for k, (markup, skipped) in enumerate(zip(dom, skip)):
            values.extend(own[k * width : (k + 1) * width])
            values.extend(zeros if skipped else markup)
        return features.Rows(self.own_width, values)

    def word_table(self, core: Any, stopwords: frozenset[str]) -> Any:
        """The compiled core's table of the words the features look up, for these stopwords."""
        return self._table(core, stopwords)

    def _table(self, core: Any, stopwords: frozenset[str]) -> Any:
        table = self._tables.get(stopwords)
        if table is None:
            flags: dict[str, int] = {}
            for flag, words in zip(core.WORD_FLAGS, (stopwords, *features.WORD_SETS)):
                for word in words:
                    flags[word] = flags.get(word, 0) | flag
            table = self._tables[stopwords] = core.WordTable(flags, self.lexicon)
        return table

    def score_page(self, page: Page, alive: Sequence[int], stopwords: frozenset[str]) -> Scores:
        """Score the blocks `alive` of `page` (indices in page order) as a page of their own;
        blocks a rule matched get nothing (probability 0). (The compiled core does this, and
        classify's decisions, in one call per round: pipeline.settle.)"""
        chosen, rows = self.stage1_rows(page, alive, stopwords)
        scored = self.score(rows)
        if len(chosen) == len(alive):
            return scored
        where = iter(range(len(chosen)))
        at = [-1 if page.ruled[i] else next(where) for i in alive]
        return Scores(
            [scored.probability[k] if k >= 0 else 0.0 for k in at],
            [k >= 0 and scored.is_prose[k] for k in at],
            [k >= 0 and scored.in_main[k] for k in at],
            [k >= 0 and scored.in_menu_run[k] for k in at],
        )

    def stage1_rows(
        self, page: Page, alive: Sequence[int], stopwords: frozenset[str]
    ) -> tuple[list[int], list[tuple[float, ...]]]:
        """The blocks of `alive` that the model scores, and their stage-1 features (STAGE1).

        Blocks a rule matched are furniture already; leaving them out of the neighbourhood keeps
        an article whose paragraphs are interleaved with "Advertisement" labels in one piece.
        That a block touches such furniture stays visible in its `touches_rule` feature.
        """
        chosen, touches, rules_before = _neighbourhood(page, alive)
        shapes = [page.shapes[i] for i in chosen]
        rules_total = len(alive) - len(chosen)
        context = features.context_features(
            [page.words[i] for i in chosen],
            [s[_I_PROSE] for s in shapes],
            [s[_I_TERMINAL] for s in shapes],
            touches,
            rules_before,
            [page.keys[i] for i in chosen],
            stopwords,
            rules_total,
        )
        return chosen, [a + b for a, b in zip(shapes, context)]

    def score(self, rows: Sequence[tuple[float, ...]]) -> Scores:
        """Score blocks from their stage-1 feature rows (STAGE1 order), in page order."""
        first = self.stage1.logits(rows)
        second = self.stage2.logits([r + s for r, s in zip(rows, features.logit_context(first))])
        return Scores(
            [_sigmoid(z) for z in second],
            [bool(row[_I_PROSE]) for row in rows],
            [bool(row[self._i_in_main]) for row in rows],
            [row[self._i_short_run] >= _MENU_RUN for row in rows],
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (ContentModel, (self.stage1, self.stage2, self.lexicon, self.neutral))


def _neighbourhood(page: Page, alive: Sequence[int]) -> tuple[list[int], list[float], list[int]]:
    """The blocks of `alive` that no rule matched; for each, whether it stands next to one a
    rule matched, and how many such blocks stand before it."""
    ruled = [page.ruled[i] for i in alive]
    n = len(alive)
    chosen: list[int] = []
    touches: list[float] = []
    rules_before: list[int] = []
    count = 0
    for k, i in enumerate(alive):
        if ruled[k]:
            count += 1
            continue
        chosen.append(i)
        touches.append(float((k > 0 and ruled[k - 1]) or (k + 1 < n and ruled[k + 1])))
        rules_before.append(count)
    return chosen, touches, rules_before


def _mismatch(stage: str, got: Sequence[str], expected: Sequence[str]) -> str:
    missing = [n for n in expected if n not in got]
    extra = [n for n in got if n not in expected]
    what = f"missing {missing}" if missing else ""
    what += ("; " if what and extra else "") + (f"unknown {extra}" if extra else "")
    what = what or "the same names in another order"
    return (
        f"the model's {stage} weights were trained on other features than the code computes "
        f"({what}); retrain with training/train_model.py --write"
    )


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@functools.cache
def default_model() -> ContentModel:
    """The model cleantext ships, loaded once per process (on the first page, not at import)."""
    return ContentModel.load()


@functools.cache
def default_html_model() -> ContentModel:
    """The model cleantext ships for the blocks of HTML pages (data/html/), loaded once."""
    return ContentModel.read(resources.files("cleantext") / "data" / "html")
