"""Stage 3: decide for each block whether it is article text or page furniture, and why."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from cleantext import model
from cleantext.options import Options
from cleantext.phrases import CONTAINS, CONTAINS_KEYWORDS, MAX_WORDS, PHRASES, SECTION_HEADERS

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
# Whole-block phrases are short; longer blocks skip that test.
_WHOLE_MAX_CHARS = 200
# Prose next to kept prose is kept from this share of min_content_score up.
_JOIN_SHARE = 0.5
_RULE_REASONS = frozenset(PHRASES) | frozenset(CONTAINS) | {"user_drop", "user_keep"}
# When no block reaches min_content_score, blocks reaching this share of the best score are kept.
_FALLBACK_SHARE = 0.5
_CONTAINS_MAX_WORDS = max(MAX_WORDS[reason] for reason in CONTAINS)


class _Phrases(NamedTuple):
    whole: re.Pattern[str]  # all whole-block phrases, one named group per reason
    # (reason, pattern, max words, keywords) for phrases that may stand anywhere in a block
    contains: tuple[tuple[str, re.Pattern[str], int, tuple[str, ...]], ...]


@functools.cache
def _phrases(language: str) -> _Phrases:
    """Compile the phrase data once per language (on first use, not at import)."""

    def pick(by_language: dict[str, tuple[str, ...]]) -> str:
        return "|".join(
            f"(?:{p})"
            for code, items in by_language.items()
            if language == "auto" or code in (language, "all")
            for p in items
        )

    groups = "|".join(f"(?P<{reason}>{body})" for reason, table in PHRASES.items() if (body := pick(table)))
    whole = re.compile(f"^{_DECOR}(?:{groups}){_DECOR}$", re.IGNORECASE)
    contains = tuple(
        (reason, re.compile(body, re.IGNORECASE), MAX_WORDS[reason], CONTAINS_KEYWORDS[reason])
        for reason, table in CONTAINS.items()
        if (body := pick(table))
    )
    return _Phrases(whole, contains)


def phrase_reason(text: str, words: int, language: str = "auto") -> str | None:
    """Return the boilerplate reason whose phrase data matches this block, if any.

    >>> phrase_reason("Skip to content", 3)
    'skip_link'
    >>> phrase_reason("We use cookies to improve your experience.", 7, "en")
    'cookie_notice'
    >>> phrase_reason("The minister said cookies were not discussed at the summit.", 10) is None
    True
    """
    phrases = _phrases(language)
    if len(text) <= _WHOLE_MAX_CHARS:
        match = phrases.whole.match(text)
        if match is not None and match.lastgroup is not None:
            return match.lastgroup
    if words <= _CONTAINS_MAX_WORDS:
        lower = text.lower()
        for reason, pattern, max_words, keywords in phrases.contains:
            if words <= max_words and any(map(lower.__contains__, keywords)) and pattern.search(text):
                return reason
    return None


def match_rules(texts: Sequence[str], options: Options) -> list[str | None]:
    """Return, per block, the reason a rule (user pattern or phrase data) gives, or None."""
    drop_regex, keep_regex = options.drop_regex, options.keep_regex
    rules: list[str | None] = []
    for text in texts:
        if keep_regex is not None and keep_regex.search(text):
            rules.append("user_keep")
        elif drop_regex is not None and drop_regex.search(text):
            rules.append("user_drop")
        else:
            rules.append(phrase_reason(text, len(_WORD.findall(text)), options.language))
    return rules


def _join_prose_runs(decisions: list[Decision], scores: Sequence[model.BlockScore], floor: float) -> None:
    """Keep prose that stands next to kept prose (furniture between them not counting) when it
    scores at least `floor`: an article's paragraphs go together (jusText's context smoothing)."""
    order = [i for i, d in enumerate(decisions) if d.reason not in _RULE_REASONS]
    for sweep in (order, order[::-1]):
        previous_kept_prose = False
        for i in sweep:
            decision, score = decisions[i], scores[i]
            if (
                previous_kept_prose
                and not decision.kept
                and score.is_prose
                and score.probability >= floor
                and decision.reason in ("low_content", "nav_menu")
            ):
                decisions[i] = Decision(True, "content", {**decision.detail, "joined": 1})
                decision = decisions[i]
            previous_kept_prose = decision.kept and score.is_prose


def ruled_flags(rules: Sequence[str | None]) -> list[bool]:
    """Which blocks a drop rule matched: what the content model reads as "rule"."""
    return [rule is not None and rule != "user_keep" for rule in rules]


def classify_blocks(
    texts: Sequence[str],
    rules: Sequence[str | None],
    options: Options,
    prepared: Sequence[model.Prepared] | None = None,
) -> list[Decision]:
    """Classify every block of one page, in page order, given each block's rule verdict (and,
    to save work, the blocks' model.prepare())."""
    scores = model.content_scores(texts, ruled_flags(rules), options.language, prepared)
    decisions: list[Decision] = []
    in_section = False  # inside a list of teasers that a "Related"/"Comments" header opened
    for text, rule, score in zip(texts, rules, scores):
        if rule is None or rule == "user_keep":
            detail: Detail = {"score": round(score.probability, 3), **score.detail}
        else:
            detail = {"rule": "user pattern" if rule == "user_drop" else "phrase data"}
        if rule == "user_keep":
            decisions.append(Decision(True, rule, detail))
            in_section = False
        elif rule is not None:
            decisions.append(Decision(False, rule, detail))
            in_section = rule in SECTION_HEADERS or (in_section and rule != "user_drop")
        elif in_section and not score.is_prose:
            decisions.append(Decision(False, "related_links", detail))
        elif _WORD.search(text) is None:
            # Punctuation, symbols and emoji alone ("|", "»", "* * *") carry nothing to read.
            decisions.append(Decision(False, "low_content", {**detail, "no_words": 1}))
        elif score.probability >= options.min_content_score:
            in_section = False
            decisions.append(Decision(True, "content", detail))
        else:
            in_section = in_section and not score.is_prose
            decisions.append(Decision(False, score.drop_reason, detail))
    _join_prose_runs(decisions, scores, options.min_content_score * _JOIN_SHARE)
    if not any(d.kept for d in decisions):
        # Nothing reached the threshold: rather than an empty body, keep the blocks that score
        # near the page's best (own measurement: empty output was the worst case on the
        # benchmark's short pages, and a small article amid much furniture scores low).
        # Only prose, though, where phrase data found furniture: on such a page, short lines
        # that no phrase knows are more furniture (a page of nothing but menus has no body).
        furnished = any(rule is not None and rule != "user_keep" for rule in rules)
        candidates = [
            sc.probability
            for d, sc in zip(decisions, scores)
            if d.reason in ("low_content", "nav_menu") and (sc.is_prose or not furnished)
        ]
        floor = _FALLBACK_SHARE * max(candidates, default=1.0)
        for i, (decision, score) in enumerate(zip(decisions, scores)):
            if (
                decision.reason in ("low_content", "nav_menu")
                and (score.is_prose or not furnished)
                and score.probability >= floor
            ):
                decisions[i] = Decision(True, "content", {**decision.detail, "fallback": 1})
    # A kept short line before kept prose is a title or subheading: say so.
    for i in range(len(decisions) - 1, -1, -1):
        if decisions[i].reason == "content" and not scores[i].is_prose:
            following = next((j for j in range(i + 1, len(decisions)) if decisions[j].kept), None)
            if following is not None and scores[following].is_prose:
                decisions[i] = decisions[i]._replace(reason="heading")
    return decisions
