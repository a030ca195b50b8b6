"""The content model: data files that load, names that are checked, a lexicon used as documented."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest

from cleantext import features
from cleantext.features import block_shapes, word_log_odds
from cleantext.model import STAGE1, STAGE2, ContentModel, default_model

_LEXICON = features.OWN.index("lexicon")
_DATA = Path(__file__).resolve().parent.parent / "src" / "cleantext" / "data"


def test_the_shipped_model_reads_the_features_the_code_computes() -> None:
    model = default_model()
    assert model.stage1.names == STAGE1
    assert model.stage2.names == STAGE2
    assert len(model.stage1.coef) == len(STAGE1) and len(model.stage2.coef) == len(STAGE2)


def _copy_with(tmp_path: Path, edit: object) -> Path:
    shutil.copy(_DATA / "lexicon.tsv", tmp_path / "lexicon.tsv")
    spec = json.loads((_DATA / "model.json").read_text(encoding="utf-8"))
    edit(spec)  # type: ignore[operator]
    (tmp_path / "model.json").write_text(json.dumps(spec), encoding="utf-8")
    return tmp_path


def test_a_model_loads_from_a_directory(tmp_path: Path) -> None:
    model = ContentModel.load(_copy_with(tmp_path, lambda spec: None))
    assert model.stage1 == default_model().stage1 and model.lexicon == default_model().lexicon


def test_weights_for_other_features_are_refused(tmp_path: Path) -> None:
    def rename(spec: dict) -> None:  # type: ignore[type-arg]
        spec["stage1"]["names"][0] = "log_letters"

    with pytest.raises(
        ValueError, match=r"stage 1 .*missing \['log_words'\].*unknown \['log_letters'\].*retrain"
    ):
        ContentModel.load(_copy_with(tmp_path, rename))


def test_weights_for_the_same_features_in_another_order_are_refused(tmp_path: Path) -> None:
    def swap(spec: dict) -> None:  # type: ignore[type-arg]
        names = spec["stage2"]["names"]
        names[0], names[1] = names[1], names[0]

    with pytest.raises(ValueError, match=r"stage 2 .*another order"):
        ContentModel.load(_copy_with(tmp_path, swap))


def test_a_missing_weight_is_refused(tmp_path: Path) -> None:
    def drop(spec: dict) -> None:  # type: ignore[type-arg]
        spec["stage1"]["coef"].pop()

    with pytest.raises(ValueError, match="stage 1 has 56 weights for 57 features"):
        ContentModel.load(_copy_with(tmp_path, drop))


def test_lexicon_entries_are_lowercase_words_with_bounded_finite_values() -> None:
    model = default_model()
    assert len(model.lexicon) > 1000
    for word, value in model.lexicon.items():
        assert re.fullmatch(r"\w+", word) and word == word.lower(), word
        assert math.isfinite(value) and -3.0 <= value <= 3.0, (word, value)
    assert math.isfinite(model.neutral) and -3.0 <= model.neutral <= 3.0


def test_furniture_words_score_below_article_words() -> None:
    # The direction the labels teach: what menus, share bars and sign-up boxes say against
    # what reporting says. A table trained on flipped or shuffled labels fails here.
    # ("share" is not among them: labelled by coverage, it stands in many gold bodies.)
    furniture = ["login", "subscribe", "cookies", "newsletter", "unsubscribe"]
    prose = ["said", "however", "because", "although", "would", "which"]
    odds = default_model().lexicon
    assert max(odds.get(w, 0.0) for w in furniture) < 0 < min(odds.get(w, 0.0) for w in prose)


def test_a_block_of_unknown_words_reads_as_neutral() -> None:
    model = default_model()
    (shape,) = model.shapes(["Жители северных районов ждут открытия станций"], [False], frozenset())
    assert shape[_LEXICON] == model.neutral


def test_another_lexicon_changes_the_feature_and_nothing_else() -> None:
    text = ["The council approved the budget after a long debate."]
    shipped = block_shapes(text, [False], frozenset(), default_model().lexicon, 0.5)
    other = block_shapes(text, [False], frozenset(), {"council": 2.0}, 0.5)
    assert other[0][_LEXICON] == (2.0 + 0.5) / 2
    assert shipped[0][:_LEXICON] == other[0][:_LEXICON]


def test_the_value_does_not_depend_on_word_order_or_repeats() -> None:
    words = "the council approved the budget after a long debate".split()
    shuffled = sorted(words, reverse=True) + words[:3]
    odds = default_model().lexicon
    assert word_log_odds(words, odds, 0.1) == word_log_odds(shuffled, odds, 0.1)


def test_the_model_pickles() -> None:
    import pickle

    model = default_model()
    again = pickle.loads(pickle.dumps(model))
    assert again.stage2 == model.stage2 and again.neutral == model.neutral
