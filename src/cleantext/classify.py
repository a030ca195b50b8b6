"""Stage 3: decide for each block whether it is article text or page furniture, and why."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

import regex

from cleantext import model
from cleantext.options import Options
from cleantext.phrases import CONTAINS, MAX_WORDS, PHRASES, SECTION_HEADERS

__all__ = ["REASONS", "Decision", "classify_blocks"]

Detail = dict[str, "float | int | str"]


class Decision(NamedTuple):
    """Whether a block is kept, the stable reason code, and the numbers behind it."""

    kept: bool
    reason: str
    detail: Detail


#: Every reason code classify can give, kept ones first.
REASONS = (
    "content",
    "heading",
    "user_keep",
    "skip_link",
    "nav_menu",
    "related_header",
    "related_links",
    "share_buttons",
    "login_subscribe",
    "cookie_notice",
    "advertisement",
    "comments",
    "legal_footer",
    "user_drop",
    "low_content",
)

_WORD = re.compile(r"\w+")
# Decoration a phrase may carry around it: bullets, arrows, counts, colons ("Comments (3)", "» Read more").
_DECOR = r"[\s\W\d_]*"


@functools.cache
def _phrase_patterns(language: str) -> tuple[tuple[str, regex.Pattern[str], int, bool], ...]:
    """Compile the phrase data once per language: (reason, pattern, max words, whole-block)."""
    compiled = []
    for table, whole in ((PHRASES, True), (CONTAINS, False)):
        for reason, by_language in table.items():
            phrases = [
                phrase
                for code, items in by_language.items()
                if language == "auto" or code in (language, "all")
                for phrase in items
            ]
            if not phrases:
                continue
            body = "|".join(f"(?:{p})" for p in phrases)
            pattern = f"^{_DECOR}(?:{body}){_DECOR}$" if whole else f"(?:{body})"
            compiled.append(
                (reason, regex.compile(pattern, regex.IGNORECASE | regex.V0), MAX_WORDS[reason], whole)
            )
    return tuple(compiled)


def phrase_reason(text: str, words: int, language: str) -> str | None:
    """Return the boilerplate reason whose phrase data matches this block, if any.

    >>> phrase_reason("Skip to content", 3, "auto")
    'skip_link'
    >>> phrase_reason("We use cookies to improve your experience.", 7, "en")
    'cookie_notice'
    >>> phrase_reason("The minister said cookies were not discussed at the summit.", 10, "en") is None
    True
    """
    for reason, pattern, max_words, whole in _phrase_patterns(language):
        if words > max_words or (whole and len(text) > 200):
            continue
        if pattern.search(text):
            return reason
    return None


def classify_blocks(texts: Sequence[str], options: Options) -> list[Decision]:
    """Classify every block of one page, in page order."""
    n = len(texts)
    words = [len(_WORD.findall(t)) for t in texts]
    drop_regex, keep_regex = options.drop_regex, options.keep_regex
    rules: list[str | None] = []
    for text, count in zip(texts, words):
        if keep_regex is not None and keep_regex.search(text):
            rules.append("user_keep")
        elif drop_regex is not None and drop_regex.search(text):
            rules.append("user_drop")
        else:
            rules.append(phrase_reason(text, count, options.language))
    scores = model.content_scores(texts, words, rules, options.language)
    decisions: list[Decision] = []
    in_section = False  # inside a list of teasers that a "Related"/"Comments" header opened
    for i in range(n):
        rule, score = rules[i], scores[i]
        detail: Detail = {"words": words[i], "score": round(score.probability, 3)}
        detail.update(score.detail)
        if rule == "user_keep":
            decisions.append(Decision(True, rule, detail))
            in_section = False
            continue
        if rule is not None:
            decisions.append(Decision(False, rule, detail))
            in_section = rule in SECTION_HEADERS or (in_section and rule != "user_drop")
            continue
        if in_section and not score.is_prose:
            decisions.append(Decision(False, "related_links", detail))
            continue
        in_section = False
        if score.probability >= options.min_content_score:
            decisions.append(Decision(True, "heading" if score.is_heading else "content", detail))
        else:
            decisions.append(Decision(False, score.drop_reason, detail))
    return decisions
