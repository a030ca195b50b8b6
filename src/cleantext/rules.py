"""Phrase rules: the boilerplate reason that phrase data or the user's patterns give a block.

Phrase data (`phrases.py`) per reason and language, compiled once per language on first use; the
user's drop/keep patterns and phrases come compiled in `Options`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from cleantext.options import Options
from cleantext.phrases import CONTAINS, CONTAINS_KEYWORDS, MAX_WORDS, PHRASES

__all__ = ["RULE_REASONS", "match_rules", "phrase_reason", "ruled_flags"]

_WORD = re.compile(r"\w+")
# Decoration a phrase may carry around it: bullets, arrows, counts, colons ("Comments (3)", "» Read more").
_DECOR = r"[\s\W\d_]*"
# Whole-block phrases are short; longer blocks skip that test.
_WHOLE_MAX_CHARS = 200
_ORDER = {reason: k for k, reason in enumerate(PHRASES)}
# The first character of a block that is not decoration (_DECOR's complement).
_FIRST_LETTER = re.compile(r"[^\s\W\d_]")
#: Every reason a rule can give.
RULE_REASONS = frozenset(PHRASES) | frozenset(CONTAINS) | {"user_drop", "user_keep"}


class _Phrases(NamedTuple):
    whole: re.Pattern[str]  # all whole-block phrases, one named group per reason
    # The same split in two. A phrase that starts with a plain letter can only match a block
    # that this letter (in any case) opens, so `by_letter` holds, per letter, only the phrases
    # it opens; `rest` holds the phrases that start otherwise. `starts` matches every letter
    # that opens a phrase, as the regex engine itself compares them.
    by_letter: dict[str, re.Pattern[str]]
    rest: re.Pattern[str]
    starts: re.Pattern[str]
    # (reason, pattern, max words, keywords) for phrases that may stand anywhere in a block
    contains: tuple[tuple[str, re.Pattern[str], int, tuple[str, ...]], ...]
    keywords: re.Pattern[str]  # any keyword of `contains`, in a lower-cased block


def _first_letters(phrase: str) -> frozenset[str] | None:
    """The letters a match of `phrase` can start with, or None when that is not plain to see:
    a leading letter, a group of such branches, an optional group of them or of a count."""
    levels = _levels(phrase)
    if levels is None or any(c == "|" and level == 0 for c, level in zip(phrase, levels)):
        return None
    if phrase[:1].isalpha():
        return frozenset(phrase[0]) if phrase[1:2] not in ("?", "*", "{") else None
    if phrase.startswith(r"\d+ "):
        return _first_letters(phrase[4:])
    if not phrase.startswith("(?:"):
        return None
    close = next(k for k in range(1, len(phrase)) if phrase[k] == ")" and levels[k] == 0)
    body, after = phrase[3:close], phrase[close + 1 :]
    letters: set[str] = set()
    if after[:1] == "?":
        following = _first_letters(after[1:])
        if following is None:
            return None
        letters |= following
    elif after[:1] in ("*", "+", "{"):
        return None
    body_levels = levels[3:close]
    bars = [k for k, (c, level) in enumerate(zip(body, body_levels)) if c == "|" and level == 1]
    for start, end in zip([0, *(k + 1 for k in bars)], [*bars, len(body)]):
        branch = body[start:end]
        if branch == r"\d+ " and after[:1] == "?":  # a count, no letter
            continue
        first = _first_letters(branch)
        if first is None:
            return None
        letters |= first
    return frozenset(letters)


def _levels(phrase: str) -> list[int] | None:
    """The group depth at each character of `phrase` (-1 in an escape or a class), or None when
    a class is not plain (an escape, a "]" or a "^" first in it)."""
    levels: list[int] = []
    depth, k = 0, 0
    while k < len(phrase):
        c = phrase[k]
        if c == "\\":
            levels += [-1, -1]
            k += 2
            continue
        if c == "[":
            end = phrase.find("]", k + 1)
            if end < 0 or phrase[k + 1 : k + 2] in ("]", "^") or "\\" in phrase[k + 1 : end]:
                return None
            levels += [-1] * (end + 1 - k)
            k = end + 1
            continue
        if c == ")":
            depth -= 1
        levels.append(depth)
        if c == "(":
            depth += 1
        k += 1
    return levels[: len(phrase)] if depth == 0 else None


def _opened_by(letters: frozenset[str]) -> Callable[[frozenset[str] | None], bool]:
    return lambda first: first is not None and not first.isdisjoint(letters)


@functools.cache
def _phrases(language: str) -> _Phrases:
    """Compile the phrase data once per language (on first use, not at import)."""

    def pick(by_language: dict[str, tuple[str, ...]]) -> list[str]:
        return [
            p
            for code, items in by_language.items()
            if language == "auto" or code in (language, "all")
            for p in items
        ]

    def whole_of(keep: Callable[[frozenset[str] | None], bool]) -> re.Pattern[str]:
        """The whole-block pattern of the phrases whose first letters (or None) `keep` accepts."""
        groups = "|".join(
            f"(?P<{reason}>{body})"
            for reason, table in PHRASES.items()
            if (body := "|".join(f"(?:{p})" for p in pick(table) if keep(first_letters[p])))
        )
        return re.compile(f"^{_DECOR}(?:{groups or '(?!)'}){_DECOR}$", re.IGNORECASE)

    first_letters = {p: _first_letters(p) for table in PHRASES.values() for p in pick(table)}
    firsts = {f for letters in first_letters.values() for f in letters or ()}
    by_letter: dict[str, re.Pattern[str]] = {}
    compiled: dict[frozenset[str], re.Pattern[str]] = {}
    for c in sorted({c for f in firsts for c in (f, f.lower(), f.upper(), f.swapcase())}):
        opens = frozenset(f for f in firsts if re.fullmatch(re.escape(f), c, re.IGNORECASE))
        if opens not in compiled:
            compiled[opens] = whole_of(_opened_by(opens))
        by_letter[c] = compiled[opens]
    contains = tuple(
        (
            reason,
            re.compile("|".join(f"(?:{p})" for p in body), re.IGNORECASE),
            MAX_WORDS[reason],
            CONTAINS_KEYWORDS[reason],
        )
        for reason, table in CONTAINS.items()
        if (body := pick(table))
    )
    return _Phrases(
        whole_of(lambda first: True),
        by_letter,
        whole_of(lambda first: first is None),
        re.compile("|".join(map(re.escape, sorted(firsts))) or "(?!)", re.IGNORECASE),
        contains,
        re.compile("|".join(re.escape(k) for *_, keywords in contains for k in keywords) or "(?!)"),
    )


def phrase_reason(text: str, words: int, language: str = "auto") -> str | None:
    """Return the boilerplate reason whose phrase data matches this block, if any.

    >>> phrase_reason("Skip to content", 3)
    'skip_link'
    >>> phrase_reason("We use cookies to improve your experience.", 7, "en")
    'cookie_notice'
    >>> phrase_reason("The minister said cookies were not discussed at the summit.", 10) is None
    True
    """
    return _phrase_reason(text, _phrases(language), words)


def _phrase_reason(text: str, phrases: _Phrases, words: int | None) -> str | None:
    """phrase_reason(), counting the block's words only when a phrase needs them (None: not yet)."""
    if len(text) <= _WHOLE_MAX_CHARS:
        # Decoration holds no letter, so a phrase's match holds the block's first letter, first.
        first = _FIRST_LETTER.search(text)
        letter = first.group() if first is not None else ""
        plain = phrases.by_letter.get(letter)
        if plain is not None:
            reason = _first_of(plain.match(text), phrases.rest.match(text))
        elif letter and not phrases.starts.fullmatch(letter):
            reason = _first_of(None, phrases.rest.match(text))
        else:
            reason = _first_of(phrases.whole.match(text), None)
        if reason is not None:
            return reason
    lower = text.lower()
    # One pass for all reasons: most blocks hold none of their keywords.
    if phrases.keywords.search(lower) is None:
        return None
    for reason, pattern, max_words, keywords in phrases.contains:
        if words is not None and words > max_words:
            continue
        if any(map(lower.__contains__, keywords)):
            if words is None:
                words = len(_WORD.findall(text))
            if words <= max_words and pattern.search(text):
                return reason
    return None


def _first_of(one: re.Match[str] | None, other: re.Match[str] | None) -> str | None:
    """The reason `whole` would give where two parts of it matched: `whole` backs off from the
    longest leading decoration, and tries its phrases in order (grouped by reason) at each length."""
    if one is None or one.lastgroup is None:
        return other.lastgroup if other is not None else None
    if other is None or other.lastgroup is None:
        return one.lastgroup
    by_start = one.start(one.lastgroup) - other.start(other.lastgroup)
    if by_start > 0 or (by_start == 0 and _ORDER[one.lastgroup] < _ORDER[other.lastgroup]):
        return one.lastgroup
    return other.lastgroup


def match_rules(texts: Sequence[str], options: Options) -> list[str | None]:
    """Return, per block, the reason a rule (user pattern or phrase data) gives, or None."""
    drop_regex, keep_regex = options.drop_regex, options.keep_regex
    phrases = _phrases(options.language)
    rules: list[str | None] = []
    for text in texts:
        if keep_regex is not None and keep_regex.search(text):
            rules.append("user_keep")
        elif drop_regex is not None and drop_regex.search(text):
            rules.append("user_drop")
        else:
            rules.append(_phrase_reason(text, phrases, None))
    return rules


def ruled_flags(rules: Sequence[str | None]) -> list[bool]:
    """Which blocks a drop rule matched: what the content model reads as "rule"."""
    return [rule is not None and rule != "user_keep" for rule in rules]
