"""The phrase index (whole-block phrases looked up by the folded block's first letter) gives the
same reason as one plain regular expression over all the phrases, the slow reference it replaces;
and `fold` (an ASCII fast path, a regex for the marks) equals a plain per-character fold."""

from __future__ import annotations

import functools
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext.options import LANGUAGES
from cleantext.phrases import PHRASES
from cleantext.rules import fold, phrase_reason

# Decoration around a phrase: anything but letters ("Comments (12)", "» Read more").
DECOR = r"[\s\W\d_]*"
# Words enough that no "contains" phrase applies: only whole-block phrases decide.
MANY_WORDS = 10**6


def fold_pattern(phrase: str) -> str:
    """Fold a phrase's literal characters, not its escapes (the data folds to one character a
    letter wherever that matters: rules checks it)."""
    return re.sub(r"\\.|.", lambda m: m[0] if m[0][0] == "\\" else fold(m[0]), phrase, flags=re.DOTALL)


@functools.cache
def reference(language: str) -> re.Pattern[str]:
    groups = []
    for reason, table in PHRASES.items():
        phrases = [
            fold_pattern(p)
            for code, items in table.items()
            if language == "auto" or code in (language, "all")
            for p in items
        ]
        if phrases:
            groups.append(f"(?P<{reason}>{'|'.join(f'(?:{p})' for p in phrases)})")
    return re.compile(f"^{DECOR}(?:{'|'.join(groups)}){DECOR}$")


ALL_PHRASES = sorted({p for table in PHRASES.values() for items in table.values() for p in items})
decoration = st.text(alphabet=" \t-–—•»«|:()[]0123456789.!?*#_/©", max_size=6)
case = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase, str.capitalize])


def strip_accents(text: str) -> str:
    """What a hurried editor or an old scraper does to accents."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


accents = st.sampled_from([str, strip_accents, lambda text: unicodedata.normalize("NFD", text)])


@st.composite
def phrase_like(draw: st.DrawFn) -> str:
    phrase = draw(st.sampled_from(ALL_PHRASES))
    core = draw(st.from_regex(re.compile(phrase), fullmatch=True))
    return draw(decoration) + draw(case)(draw(accents)(core)) + draw(decoration)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LANGUAGES), st.one_of(phrase_like(), st.text(max_size=60)))
def test_same_reason_as_one_plain_regex(language: str, text: str) -> None:
    match = reference(language).match(fold(text)) if len(text) <= 200 else None
    expected = match.lastgroup if match is not None else None
    assert phrase_reason(text, MANY_WORDS, language) == expected


# Letters that casefold and NFD leave whole although a reader sees a plain letter in them.
SPELT_OUT = {"ł": "l", "œ": "oe", "æ": "ae", "ı": "i"}
MARK_BLOCKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))


def slow_fold(text: str) -> str:
    """The fold, one character at a time and without the ASCII shortcut."""
    out = []
    for c in unicodedata.normalize("NFD", text.casefold()):
        if any(low <= ord(c) <= high for low, high in MARK_BLOCKS):
            continue
        out.append(SPELT_OUT.get(c, c))
    return "".join(out)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(st.text(max_size=40), st.text(alphabet="AaÀàÉéßẞŁłŒœÆæİıIiЁёЙй ́̈-", max_size=20)))
def test_fold_equals_a_plain_per_character_fold(text: str) -> None:
    assert fold(text) == slow_fold(text)
    assert fold(fold(text)) == fold(text)
