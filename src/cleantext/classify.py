"""Stage 3: decide for each block whether it is article text or page furniture, and why."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from cleantext import model
from cleantext.options import Options
from cleantext.phrases import SECTION_HEADERS
from cleantext.rules import RULE_REASONS, ruled_flags

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
# Prose next to kept prose is kept from this share of min_content_score up.
_JOIN_SHARE = 0.5
# When no block reaches min_content_score, blocks reaching this share of the best score are kept.
_FALLBACK_SHARE = 0.5


def _keep_title(decisions: list[Decision], scores: Sequence[model.BlockScore], floor: float) -> None:
    """Keep the line right before the page's first kept block when that block is prose and the
    line, neither prose nor in a run of short lines, scores at least `floor`: the article's
    headline. (The benchmark's gold bodies leave titles out, so the model leans against them;
    on the development pages this rule costs nothing: token F1 0.877 either way.)"""
    for i in range(len(decisions) - 1):
        decision = decisions[i]
        if decision.kept:
            return
        if (
            decisions[i + 1].kept
            and scores[i + 1].is_prose
            and decision.reason == "low_content"  # not a line of a menu
            and not scores[i].is_prose
            and scores[i].probability >= floor
        ):
            decisions[i] = Decision(True, "content", {**decision.detail, "title": 1})
            return


def _join_prose_runs(decisions: list[Decision], scores: Sequence[model.BlockScore], floor: float) -> None:
    """Keep prose that stands next to kept prose (furniture between them not counting) when it
    scores at least `floor`: an article's paragraphs go together (jusText's context smoothing)."""
    order = [i for i, d in enumerate(decisions) if d.reason not in RULE_REASONS]
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


def classify_blocks(
    texts: Sequence[str],
    rules: Sequence[str | None],
    options: Options,
    prepared: Sequence[model.Prepared] | None = None,
    worded: Sequence[bool] | None = None,
) -> list[Decision]:
    """Classify every block of one page, in page order, given each block's rule verdict (and,
    to save work, the blocks' model.prepare() and has_words())."""
    scores = model.content_scores(texts, ruled_flags(rules), options.language, prepared)
    decisions: list[Decision] = []
    in_section = False  # inside a list of teasers that a "Related"/"Comments" header opened
    for wordy, rule, score in zip(has_words(texts) if worded is None else worded, rules, scores):
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
        elif not wordy:
            # Punctuation, symbols and emoji alone ("|", "»", "* * *") carry nothing to read.
            decisions.append(Decision(False, "low_content", {**detail, "no_words": 1}))
        elif score.probability >= options.min_content_score:
            in_section = False
            decisions.append(Decision(True, "content", detail))
        else:
            in_section = in_section and not score.is_prose
            decisions.append(Decision(False, score.drop_reason, detail))
    _join_prose_runs(decisions, scores, options.min_content_score * _JOIN_SHARE)
    _keep_title(decisions, scores, options.min_content_score * _JOIN_SHARE)
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
    following = -1  # the next kept block
    for i in range(len(decisions) - 1, -1, -1):
        decision = decisions[i]
        if (
            decision.reason == "content"
            and following >= 0
            and not scores[i].is_prose
            and scores[following].is_prose
        ):
            decisions[i] = decision._replace(reason="heading")
        if decision.kept:
            following = i
    return decisions


def has_words(texts: Sequence[str]) -> list[bool]:
    """Which blocks hold a word at all (not only punctuation, symbols or emoji)."""
    return [_WORD.search(text) is not None for text in texts]
