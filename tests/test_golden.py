"""Golden pages: each input's clean body, through the API and the CLI, equals its expected file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleantext import clean, explain
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"


def _pages() -> list[tuple[Path, Path]]:
    pages = [(SEED, GOLDEN / f"{SEED.stem}.expected.txt")]
    for path in sorted(GOLDEN.glob("*.txt")):
        if not path.name.endswith(".expected.txt"):
            pages.append((path, path.with_name(f"{path.stem}.expected.txt")))
    return pages


PAGES = _pages()


@pytest.mark.parametrize(("page", "expected"), PAGES, ids=[p.stem for p, _ in PAGES])
def test_api_matches_golden(page: Path, expected: Path) -> None:
    assert clean(page.read_text(encoding="utf-8")) + "\n" == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(("page", "expected"), PAGES, ids=[p.stem for p, _ in PAGES])
def test_cli_matches_golden(page: Path, expected: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(page)]) == 0
    assert capsys.readouterr().out == expected.read_text(encoding="utf-8")


def test_seed_keeps_the_article_and_drops_the_noise() -> None:
    """The seed's requirements, stated independently of the expected file."""
    body = clean(SEED.read_text(encoding="utf-8"))
    paragraphs = body.split("\n\n")
    headline = paragraphs[0]
    assert headline.startswith("Russia-Ukraine Dialogue: No truce")
    assert paragraphs.count(headline) == 1
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("In a recent development"))
    last = next(i for i, p in enumerate(paragraphs) if p.startswith("The turmoil in Ukraine"))
    assert last - first == 8  # every news paragraph in between, none lost
    for noise in ("Skip to content", "Read also:", "Latest", "Military shuts down", "spews skepticism"):
        assert noise not in body
    negotiators = [p for p in paragraphs if p.startswith("Negotiators in Istanbul")]
    assert negotiators == [
        "Negotiators in Istanbul reach accord on exchanging over a thousand captives, "
        "yet a truce remains elusive."
    ]


def test_seed_explains_the_duplicates() -> None:
    result = explain(SEED.read_text(encoding="utf-8"))
    duplicates = [b for b in result.blocks if b.reason == "duplicate"]
    assert {(b.detail["duplicate_kind"], result.blocks[b.duplicate_of].kept) for b in duplicates} == {
        ("truncated", True),
        ("exact", True),
    }
