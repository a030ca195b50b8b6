"""The public API's contract: types, options, explanations, offsets."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

import cleantext
from cleantext import REASONS, Options, clean, explain

PAGE = "\n\n".join(
    [
        "Skip to content",
        "Home",
        "World",
        "Business",
        "Storm closes mountain roads",
        "Heavy snow closed three mountain passes on Sunday, and the police asked drivers to stay at "
        "home until the ploughs had cleared the main roads.",
        "Forecasters expect the weather to improve on Tuesday, when temperatures should climb above "
        "freezing for the first time this week.",
        "Forecasters expect the weather to improve on Tuesday, when temperatures should climb above "
        "freezing for the first time this week.",
        "Share on Facebook",
        "© 2025 Mountain News",
    ]
)


def test_public_surface() -> None:
    assert set(cleantext.__all__) >= {"clean", "explain", "Options", "Result", "Block", "REASONS"}


@pytest.mark.parametrize("bad", [None, 42, ["list"]])
def test_non_str_input_is_a_clear_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"takes the page as str \(or bytes\)"):
        clean(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"takes the page as str"):
        explain(bad)  # type: ignore[arg-type]


def test_bytes_are_decoded_utf8_else_windows_1252() -> None:
    page = "Le café ouvre à huit heures, a dit la mairie de la ville mardi matin."
    assert clean(page.encode("utf-8")) == clean(page)
    assert clean(page.encode("cp1252")) == clean(page)


def test_explain_agrees_with_clean_and_accounts_for_every_block() -> None:
    result = explain(PAGE)
    assert result.text == clean(PAGE)
    assert [b.index for b in result.blocks] == list(range(len(result.blocks)))
    assert len(result.blocks) == PAGE.count("\n\n") + 1
    for block in result.blocks:
        assert block.reason in REASONS
        assert PAGE[block.start : block.end].strip() == block.text
    assert result.text == "\n\n".join(b.text for b in result.kept)
    assert sorted(b.index for b in (*result.kept, *result.dropped)) == [b.index for b in result.blocks]


def test_duplicate_points_at_the_block_it_repeats() -> None:
    result = explain(PAGE)
    duplicates = [b for b in result.blocks if b.reason == "duplicate"]
    assert len(duplicates) == 1
    original = result.blocks[duplicates[0].duplicate_of]  # type: ignore[index]
    assert original.kept and original.text == duplicates[0].text
    assert duplicates[0].detail["duplicate_kind"] == "exact"


def test_options_object_and_keywords_agree() -> None:
    options = Options(min_content_score=0.9, fuzzy_min_score=None)
    assert clean(PAGE, options) == clean(PAGE, min_content_score=0.9, fuzzy_min_score=None)
    assert explain(PAGE, options, min_content_score=0.5).options.min_content_score == 0.5


def test_unknown_option_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="unknown option"):
        clean(PAGE, min_score=0.5)


@pytest.mark.parametrize(
    "options",
    [
        {"min_content_score": 1.5},
        {"fuzzy_min_score": -1},
        {"teaser_min_score": 101},
        {"language": "xx"},
        {"sentence_repeat_min_words": 0},
        {"drop_patterns": ("(unclosed",)},
    ],
)
def test_out_of_range_options_are_value_errors(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Options(**options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options", [{"min_content_score": "high"}, {"drop_patterns": "one"}, {"fix_unicode": 1}]
)
def test_wrong_option_types_are_type_errors(options: dict[str, object]) -> None:
    with pytest.raises(TypeError):
        Options(**options)  # type: ignore[arg-type]


def test_options_are_frozen_and_results_picklable() -> None:
    options = Options(drop_phrases=("tip of the week",))
    with pytest.raises(AttributeError):
        options.min_content_score = 0.1  # type: ignore[misc]
    result = explain(PAGE, options)
    again = pickle.loads(pickle.dumps(result))
    assert again.text == result.text
    assert pickle.loads(pickle.dumps(options)).drop_regex is not None


def test_mojibake_is_repaired_and_typography_kept() -> None:
    body = clean(
        "The cafÃ© on the corner reopened on Monday â€“ its owners said theyâ€™re â€œdelightedâ€\x9d "
        "to welcome back the regulars who kept writing to them all winter…"
    )
    assert "café" in body and "–" in body and "they’re" in body and "“delighted”" in body
    assert body.endswith("…")


def test_import_does_not_load_what_only_some_pages_or_runs_need() -> None:
    # nltk: sentences; ftfy: mojibake; regex: user patterns; multiprocessing: jobs > 1.
    code = (
        "import sys, cleantext; "
        "print(*(m in sys.modules for m in ('nltk', 'ftfy', 'regex', 'multiprocessing')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False"] * 4


def test_sentences_work_offline_without_nltk_data(tmp_path: object) -> None:
    """Punkt runs from cleantext's own abbreviations: no nltk data directory is needed."""
    code = (
        "from cleantext.segment import split_sentences;"
        "print(split_sentences('Dr. Smith arrived at 9 a.m. on Monday. He left early!'))"
    )
    env = {"NLTK_DATA": str(tmp_path), "PATH": ""}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "['Dr. Smith arrived at 9 a.m. on Monday.', 'He left early!']"
