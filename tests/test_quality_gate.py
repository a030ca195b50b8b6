"""The benchmark's quality floors as a test, and hand-computed checks of the scorer itself."""

from __future__ import annotations

import doctest
import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

import cleantext

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
FLOORS = ROOT / "benchmarks" / "floors.json"


def _load_score() -> ModuleType:
    # benchmarks/ is a folder of scripts, not a package: load the scorer from its file.
    name = "cleantext_benchmarks_score"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while the module runs.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


score = _load_score()


def test_identical_text_scores_one() -> None:
    page = score.score_page("The cat sat on the mat.", "the CAT sat, on the mat")
    assert page.tokens == score.PageScore(precision=1.0, recall=1.0)
    assert page.shingles == score.PageScore(precision=1.0, recall=1.0)
    assert page.tokens.f1 == 1.0


def test_disjoint_text_scores_zero() -> None:
    page = score.score_page("alpha beta gamma delta", "one two three four")
    assert page.tokens == score.PageScore(precision=0.0, recall=0.0)
    assert page.tokens.f1 == 0.0
    summary = score.summarize([page.tokens])
    assert (summary.precision, summary.recall, summary.f1, summary.macro_f1) == (0, 0, 0, 0)


def test_tokens_are_counted_as_multisets() -> None:
    # Output "a a a b" against gold "a b b": overlap min(3,1) + min(1,2) = 2 tokens.
    page = score.score_page("a a a b", "a b b")
    assert page.tokens == score.PageScore(precision=2 / 4, recall=2 / 3)
    assert page.tokens.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_empty_output_has_no_precision_and_zero_recall() -> None:
    empty = score.score_page("  ...  ", "some gold words").tokens
    assert empty == score.PageScore(precision=None, recall=0.0)
    assert empty.f1 == 0.0
    full = score.score_page("some gold words", "some gold words").tokens
    summary = score.summarize([full, empty])
    # Precision is the mean over the one page with output; recall and macro F1 count both pages.
    assert summary.precision == 1.0
    assert summary.recall == 0.5
    assert summary.f1 == pytest.approx(2 / 3)
    assert summary.macro_f1 == 0.5
    assert summary.empty_outputs == 1


def test_f1_is_harmonic_mean_of_mean_precision_and_mean_recall() -> None:
    pages = [score.PageScore(1.0, 0.5), score.PageScore(0.5, 1.0)]
    summary = score.summarize(pages)
    assert (summary.precision, summary.recall) == (0.75, 0.75)
    assert summary.f1 == 0.75
    assert summary.macro_f1 == pytest.approx(2 / 3)


def test_shingles_are_four_tokens_and_short_texts_are_one_shingle() -> None:
    assert score.shingle(["a", "b", "c", "d", "e"]) == [("a", "b", "c", "d"), ("b", "c", "d", "e")]
    assert score.shingle(["a", "b"]) == [("a", "b")]
    # Same tokens, other order: token scores are perfect, shingle scores are not.
    page = score.score_page("one two three four five", "five four three two one")
    assert page.tokens.f1 == 1.0
    assert page.shingles.f1 == 0.0


def test_score_examples() -> None:
    failures, _ = doctest.testmod(score, verbose=False)
    assert failures == 0


def test_quality_floors() -> None:
    if not DATA.is_file():
        pytest.skip(f"benchmark data not found at {DATA} (it lives outside the repository)")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        pages = [json.loads(line) for line in lines]
    scores = [score.score_page(cleantext.clean(p["text"]), p["gold"]).tokens for p in pages]
    summary = score.summarize(scores)
    measured = {
        "token_f1": summary.f1,
        "precision": summary.precision,
        "recall": summary.recall,
    }
    below = {name: round(measured[name], 4) for name, floor in floors.items() if measured[name] < floor}
    assert not below, (
        f"quality fell below the floors in benchmarks/floors.json on {len(pages)} pages: "
        f"{below} (floors {floors}); see python benchmarks/quality.py --tools cleantext "
        "--explain-worst 5"
    )
