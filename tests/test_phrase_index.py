"""The phrase index (whole-block phrases looked up by the block's first letter) gives the same
reason as one plain regular expression over all the phrases, the slow reference it replaces."""

from __future__ import annotations

import functools
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleantext.options import LANGUAGES
from cleantext.phrases import PHRASES
from cleantext.rules import phrase_reason

# Decoration around a phrase: anything but letters ("Comments (12)", "» Read more").
DECOR = r"[\s\W\d_]*"
# Words enough that no "contains" phrase applies: only whole-block phrases decide.
MANY_WORDS = 10**6


@functools.cache
def reference(language: str) -> re.Pattern[str]:
    groups = []
    for reason, table in PHRASES.items():
        phrases = [
            p
            for code, items in table.items()
            if language == "auto" or code in (language, "all")
            for p in items
        ]
        if phrases:
            groups.append(f"(?P<{reason}>{'|'.join(f'(?:{p})' for p in phrases)})")
    return re.compile(f"^{DECOR}(?:{'|'.join(groups)}){DECOR}$", re.IGNORECASE)


ALL_PHRASES = sorted({p for table in PHRASES.values() for items in table.values() for p in items})
decoration = st.text(alphabet=" \t-–—•»«|:()[]0123456789.!?*#_/©", max_size=6)
case = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase, str.capitalize])


@st.composite
def phrase_like(draw: st.DrawFn) -> str:
    phrase = draw(st.sampled_from(ALL_PHRASES))
    core = draw(st.from_regex(re.compile(phrase), fullmatch=True))
    return draw(decoration) + draw(case)(core) + draw(decoration)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(LANGUAGES), st.one_of(phrase_like(), st.text(max_size=60)))
def test_same_reason_as_one_plain_regex(language: str, text: str) -> None:
    match = reference(language).match(text) if len(text) <= 200 else None
    expected = match.lastgroup if match is not None else None
    assert phrase_reason(text, MANY_WORDS, language) == expected
