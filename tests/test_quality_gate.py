"""The benchmark's quality floors as a test, and hand-computed checks of the scorer itself."""

from __future__ import annotations

import doctest
import gzip
import importlib.util
import json
import sys
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, metadata, version
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.requirements import Requirement

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


# Small, but a whole page: any reader of HTML accepts it, so an error here means "cannot read HTML".
HTML_PROBE = (
    "<!DOCTYPE html><html><head><title>Probe</title></head>"
    "<body><p>One short paragraph of text.</p></body></html>"
)


def _pages() -> list[dict[str, str]]:
    if not DATA.is_file():
        pytest.skip(f"benchmark data not found at {DATA} (it lives outside the repository)")
    with gzip.open(DATA, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _floors() -> dict[str, Any]:
    floors: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
    return floors


def _check_floors(
    floors: Mapping[str, float | None],
    outputs: list[str],
    pages: list[dict[str, str]],
    where: str,
    how: str,
) -> None:
    """Fail when token F1, precision or recall of `outputs` is below a pinned floor (None: not pinned)."""
    scores = [score.score_page(output, page["gold"]).tokens for output, page in zip(outputs, pages)]
    summary = score.summarize(scores)
    measured = {
        "token_f1": summary.f1,
        "precision": summary.precision,
        "recall": summary.recall,
    }
    below = {
        name: round(measured[name], 4)
        for name, floor in floors.items()
        if floor is not None and measured[name] < floor
    }
    assert not below, (
        f"quality fell below the floors in {where} on {len(pages)} pages: "
        f"{below} (floors {dict(floors)}); see {how}"
    )


def test_quality_floors() -> None:
    pages = _pages()
    floors = {name: floor for name, floor in _floors().items() if name != "html"}
    outputs = [cleantext.clean(p["text"]) for p in pages]
    _check_floors(
        floors,
        outputs,
        pages,
        "benchmarks/floors.json",
        "python benchmarks/quality.py --tools cleantext --explain-worst 5",
    )


def _html_extra_missing() -> list[str]:
    """Requirements of cleantext's HTML extra(s) (an extra whose name holds "html") not installed."""
    meta = metadata("cleantext-blocks")
    extras = [extra for extra in meta.get_all("Provides-Extra") or [] if "html" in extra]
    missing = []
    for line in meta.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        marker = requirement.marker
        # A requirement of the extra, not one every install has (whose marker holds without it).
        wanted = (
            marker is not None
            and any(marker.evaluate({"extra": extra}) for extra in extras)
            and not marker.evaluate({"extra": ""})
        )
        if wanted and not _installed(requirement.name):
            missing.append(str(requirement))
    return missing


def _installed(distribution: str) -> bool:
    try:
        version(distribution)
    except PackageNotFoundError:
        return False
    return True


def _html_unavailable() -> str | None:
    """Why this cleantext cannot be gated on HTML, or None when clean(page, input="html") works."""
    try:
        cleantext.clean(HTML_PROBE, input="html")
    except (TypeError, ValueError) as error:
        # The first clause says what failed; the rest of cleantext's messages is the hint.
        reason = str(error).split("; ")[0]
        return f"this cleantext does not read HTML yet ({type(error).__name__}: {reason})"
    except ImportError as error:
        return f"cleantext's HTML parser is not importable ({error})"
    missing = _html_extra_missing()
    if missing:
        return f"cleantext's HTML extra is not installed: {', '.join(missing)}"
    return None


def test_html_quality_floors() -> None:
    why = _html_unavailable()
    if why is not None:
        pytest.skip(why)
    floors: dict[str, float | None] = _floors().get("html", {})
    if all(floor is None for floor in floors.values()):
        pytest.skip("no HTML floor is pinned in benchmarks/floors.json yet (null: not pinned)")
    pages = _pages()
    outputs = [cleantext.clean(p["html"], input="html") for p in pages]
    _check_floors(
        floors,
        outputs,
        pages,
        'the "html" section of benchmarks/floors.json',
        "python benchmarks/quality.py --tools cleantext-html,trafilatura",
    )
