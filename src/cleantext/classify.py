"""Stage 3: decide for each block whether it is article text or page furniture, and why."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from cleantext.model import Scores
from cleantext.phrases import SECTION_HEADERS

__all__ = ["MODEL_DROPS", "REASONS", "Verdicts", "classify_blocks"]


class Verdicts(NamedTuple):
    """Per block, in page order: kept or not, the stable reason code, and a note on which rule
    after the model decided it ("joined", "title", "fallback", "no_words"; None: no such rule)."""

    kept: list[bool]
    reasons: list[str]
    notes: list[str | None]


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
    "site_boilerplate",
    "low_content",
    "nav_element",
    "link_dense",
    "not_text",
)

# Prose next to kept prose is kept from this share of min_content_score up.
_JOIN_SHARE = 0.5
# When no block reaches min_content_score, blocks reaching this share of the best score are kept.
_FALLBACK_SHARE = 0.5
#: What the model's drops are called (on an HTML page, nav_element and link_dense say where the
#: markup put the block; pipeline.settle names them after classification).
MODEL_DROPS = ("low_content", "nav_menu")
_MODEL_DROPS = MODEL_DROPS
# A title has at least this many words (and one more where it ends a run of short lines).
_TITLE_MIN_WORDS = 2


def classify_blocks(
    rules: Sequence[str | None],
    words: Sequence[int],
    scores: Scores,
    min_content_score: float,
    keep_weak_page: bool = True,
    layouts: Sequence[str] | None = None,
) -> Verdicts:
    """Decide on every block of a page, in page order, from the reason a rule gives it (None:
    none), its count of words, what the content model says of it, and its layout ("code",
    "table"; "" for a line of text; None: every block is text)."""
    laid_out = [bool(layout) for layout in layouts] if layouts is not None else [False] * len(rules)
    verdicts = model_verdicts(rules, words, scores, min_content_score)
    join_prose_runs(verdicts, rules, scores, min_content_score * _JOIN_SHARE)
    keep_title(verdicts, words, scores, min_content_score * _JOIN_SHARE, laid_out)
    if keep_weak_page and not any(verdicts.kept):
        keep_best_of_weak_page(verdicts, rules, scores)
    name_headings(verdicts, scores, laid_out)
    return verdicts


def model_verdicts(
    rules: Sequence[str | None], words: Sequence[int], scores: Scores, min_content_score: float
) -> Verdicts:
    """Rules first, then the teasers under a "Related"/"Comments" header, then the model."""
    kept: list[bool] = []
    reasons: list[str] = []
    notes: list[str | None] = []
    in_section = False  # inside a list of teasers that a "Related"/"Comments" header opened
    for k, (count, rule) in enumerate(zip(words, rules)):
        is_prose = scores.is_prose[k]
        note = None
        if rule == "user_keep":
            keep, reason = True, rule
            in_section = False
        elif rule is not None:
            keep, reason = False, rule
            in_section = rule in SECTION_HEADERS or (in_section and rule != "user_drop")
        elif in_section and not is_prose:
            keep, reason = False, "related_links"
        elif not count:
            # Punctuation, symbols and emoji alone ("|", "»", "* * *") carry nothing to read.
            keep, reason, note = False, "low_content", "no_words"
        elif scores.probability[k] >= min_content_score:
            keep, reason = True, "content"
            in_section = False
        else:
            in_section = in_section and not is_prose
            keep, reason = False, "nav_menu" if scores.in_menu_run[k] else "low_content"
        kept.append(keep)
        reasons.append(reason)
        notes.append(note)
    return Verdicts(kept, reasons, notes)


def _keep(verdicts: Verdicts, i: int, note: str) -> None:
    verdicts.kept[i] = True
    verdicts.reasons[i] = "content"
    verdicts.notes[i] = note


def join_prose_runs(verdicts: Verdicts, rules: Sequence[str | None], scores: Scores, floor: float) -> None:
    """Keep prose that stands next to kept prose (what a rule decided between them not
    counting) when it scores at least `floor`: an article's paragraphs go together (jusText's
    context smoothing)."""
    kept, reasons = verdicts.kept, verdicts.reasons
    order = [i for i, rule in enumerate(rules) if rule is None]
    for sweep in (order, order[::-1]):
        previous_kept_prose = False
        for i in sweep:
            is_prose = scores.is_prose[i]
            if (
                previous_kept_prose
                and not kept[i]
                and is_prose
                and scores.probability[i] >= floor
                and reasons[i] in _MODEL_DROPS
            ):
                _keep(verdicts, i, "joined")
            previous_kept_prose = kept[i] and is_prose


def keep_title(
    verdicts: Verdicts,
    words: Sequence[int],
    scores: Scores,
    floor: float,
    laid_out: Sequence[bool] | None = None,
) -> None:
    """Keep the line right before the page's first kept block when that block is prose and the
    line, not prose, scores at least `floor` and reads like a headline: two words or more, and
    three or more where it ends a run of short lines (the menu above a headline often runs into
    it; a one-word label that ends a menu, "Sport" or "News", is the menu's). The benchmark's
    gold bodies leave titles out, so the model leans against them; this rule keeps them."""
    kept, is_prose, reasons = verdicts.kept, scores.is_prose, verdicts.reasons
    for i in range(len(kept) - 1):
        if kept[i]:
            return
        if (
            kept[i + 1]
            and is_prose[i + 1]
            and not is_prose[i]
            and scores.probability[i] >= floor
            and words[i] >= _TITLE_MIN_WORDS
            and not (laid_out is not None and laid_out[i])  # code or a table is no headline
            and (reasons[i] == "low_content" or (reasons[i] == "nav_menu" and words[i] > _TITLE_MIN_WORDS))
        ):
            _keep(verdicts, i, "title")
            return


def keep_best_of_weak_page(verdicts: Verdicts, rules: Sequence[str | None], scores: Scores) -> None:
    """Where nothing reached the threshold, keep the blocks that score near the page's best.

    Own measurement: an empty output was the worst case on the benchmark's short pages, and a
    small article amid much furniture scores low. Only prose, though, where phrase data found
    furniture: on such a page, short lines that no phrase knows are more furniture (a page of
    nothing but menus has no body).
    """
    furnished = any(rule is not None and rule != "user_keep" for rule in rules)
    candidates = [
        i
        for i, reason in enumerate(verdicts.reasons)
        if reason in _MODEL_DROPS and rules[i] is None and (scores.is_prose[i] or not furnished)
    ]
    floor = _FALLBACK_SHARE * max((scores.probability[i] for i in candidates), default=1.0)
    for i in candidates:
        if scores.probability[i] >= floor:
            _keep(verdicts, i, "fallback")


def name_headings(verdicts: Verdicts, scores: Scores, laid_out: Sequence[bool] | None = None) -> None:
    """A kept short line before kept prose is a title or subheading: say so (not of code or a
    table, which is no line of text)."""
    following = -1  # the next kept block
    for i in range(len(verdicts.kept) - 1, -1, -1):
        if (
            verdicts.reasons[i] == "content"
            and following >= 0
            and not scores.is_prose[i]
            and not (laid_out is not None and laid_out[i])
            and scores.is_prose[following]
        ):
            verdicts.reasons[i] = "heading"
        if verdicts.kept[i]:
            following = i
