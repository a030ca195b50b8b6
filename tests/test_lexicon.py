"""The word lexicon behind the model's `lexicon` feature: well-formed data, used as documented."""

from __future__ import annotations

import math
import re

from cleantext import features, lexicon
from cleantext.features import block_shapes, word_log_odds

_LEXICON = features.OWN.index("lexicon")


def test_entries_are_lowercase_words_with_bounded_finite_values() -> None:
    assert len(lexicon.LOG_ODDS) > 1000
    for word, value in lexicon.LOG_ODDS.items():
        assert re.fullmatch(r"\w+", word) and word == word.lower(), word
        assert math.isfinite(value) and -3.0 <= value <= 3.0, (word, value)
    assert math.isfinite(lexicon.NEUTRAL) and -3.0 <= lexicon.NEUTRAL <= 3.0


def test_furniture_words_score_below_article_words() -> None:
    # The direction the labels teach: what menus, share bars and sign-up boxes say against
    # what reporting says. A table trained on flipped or shuffled labels fails here.
    furniture = ["login", "subscribe", "share", "cookies", "newsletter", "unsubscribe"]
    prose = ["said", "however", "because", "although", "would", "which"]
    odds = lexicon.LOG_ODDS
    assert max(odds.get(w, 0.0) for w in furniture) < 0 < min(odds.get(w, 0.0) for w in prose)


def test_a_block_of_unknown_words_reads_as_neutral() -> None:
    (shape,) = block_shapes(["Жители северных районов ждут открытия станций"], frozenset(), [False])
    assert shape[_LEXICON] == lexicon.NEUTRAL


def test_the_value_does_not_depend_on_word_order_or_repeats() -> None:
    words = "the council approved the budget after a long debate".split()
    shuffled = sorted(words, reverse=True) + words[:3]
    assert word_log_odds(words, lexicon.LOG_ODDS, 0.1) == word_log_odds(shuffled, lexicon.LOG_ODDS, 0.1)
