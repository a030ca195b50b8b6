"""Phrase rules: the boilerplate reason that phrase data or the user's patterns give a block.

Phrase data (`phrases.py`) per reason and language, compiled once per language on first use; the
user's drop/keep patterns and phrases come compiled in `Options`. Phrases (the data's and the
user's) match the block's accent- and case-folded form (`fold`), so "A lire aussi" is "À lire
aussi" and "Zobacz rowniez" is "Zobacz również": scraped text and hurried editors drop accents
and change case in ways a reader does not notice (issue 15; the same equivalence as the primary
strength of Unicode collation, which accent-insensitive search in ICU and databases uses).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from cleantext.options import Options
from cleantext.phrases import CONTAINS, CONTAINS_KEYWORDS, MAX_WORDS, PHRASES

__all__ = ["RULE_REASONS", "fold", "match_rules", "phrase_reason", "ruled_flags"]

# The Combining Diacritical Marks blocks (and their supplements): after NFD, the accents of
# Latin and Cyrillic letters ("é" = "e" + U+0301, "ё" = "е" + U+0308, "ą" = "a" + U+0328).
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters of the phrase languages that casefold and NFD leave as they are: Polish "ł" has no
# decomposition, French "œ" and "æ" are ligatures; dotless "ı" goes with "İ" (which NFD splits).
_LETTERS = {"ł": "l", "œ": "oe", "æ": "ae", "ı": "i"}

_WORD = re.compile(r"\w+")
# Decoration a phrase may carry around it: bullets, arrows, counts, colons ("Comments (3)", "» Read more").
_DECOR = r"[\s\W\d_]*"
# Whole-block phrases are short; longer blocks skip that test.
_WHOLE_MAX_CHARS = 200
_ORDER = {reason: k for k, reason in enumerate(PHRASES)}
# The first run of characters of a block that are not decoration (_DECOR's complement).
_FIRST_RUN = re.compile(r"[^\s\W\d_]+")
#: The reasons of blocks a rule decided, which classify's prose-joining pass leaves aside: every
#: reason a rule can give but "related_links", which the structure gives too (to the lines under
#: a related header). A teaser a rule finds ("Read more: ...") counts in that pass as the
#: teasers under a header always have (leaving both aside joined prose after a block of teasers
#: to the article before it: see docs/model.md).
RULE_REASONS = (frozenset(PHRASES) | frozenset(CONTAINS) | {"user_drop", "user_keep"}) - {"related_links"}


def fold(text: str) -> str:
    """The accent- and case-folded form of `text` that phrases are matched on: casefolded
    ("ß" -> "ss"), decomposed (NFD) with the combining marks dropped, and "ł", "œ", "æ", "ı"
    spelt out; an ASCII block is only lower-cased (the same, faster).

    >>> fold("À LIRE AUSSI"), fold("Straße"), fold("Zobacz również"), fold("Ещё"), fold("İstanbul")
    ('a lire aussi', 'strasse', 'zobacz rowniez', 'еще', 'istanbul')
    """
    if text.isascii():
        return text.lower()
    folded = _MARKS.sub("", unicodedata.normalize("NFD", text.casefold()))
    for letter, spelt in _LETTERS.items():  # `in` scans faster than one regex for the four
        if letter in folded:
            folded = folded.replace(letter, spelt)
    return folded


def _fold_pattern(pattern: str) -> str:
    """`fold` applied to the literal characters of a regular expression (escapes stay as they
    are: `\\W` is not `\\w`). A letter that folds to more or less than one character may not
    stand in a class or before a quantifier, where that would change what the pattern means."""
    out: list[str] = []
    in_class = False
    k = 0
    while k < len(pattern):
        c = pattern[k]
        if c == "\\":
            out.append(pattern[k : k + 2])
            k += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        folded = fold(c)
        if len(folded) != 1 and (in_class or pattern[k + 1 : k + 2] in ("?", "*", "+", "{")):
            raise ValueError(f"phrase {pattern!r}: {c!r} folds to {folded!r}; write it out as a group")
        out.append(folded)
        k += 1
    return "".join(out)


class _Phrases(NamedTuple):
    # The whole-block phrases, split by first letter. A phrase that starts with a plain letter
    # can only match a (folded) block that this letter opens, so `by_letter` holds, per letter,
    # only the phrases it opens; `rest` holds the phrases that start otherwise. Both hold one
    # named group per reason and match the folded block.
    by_letter: dict[str, re.Pattern[str]]
    rest: re.Pattern[str]
    # The first letter-runs a `by_letter` phrase can open with, and the beginnings of those that
    # may go on (see _first_runs); None: not known, every block is tried.
    runs: frozenset[str] | None
    run_starts: tuple[str, ...]
    # (reason, pattern, max words, keywords) for phrases that may stand anywhere in a block
    contains: tuple[tuple[str, re.Pattern[str], int, tuple[str, ...]], ...]
    # (words, pattern): any keyword of the `contains` reasons that judge a block of at most that
    # many words, in a folded block; ascending, so a long block searches for few keywords.
    keywords: tuple[tuple[int, re.Pattern[str]], ...]


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


# Marks a first run that may go on with any letters ("abonnez.{0,40}").
_ANY_MORE = "\x00"


def _first_runs(phrase: str) -> frozenset[str] | None:
    """The letter-runs (maximal runs of characters outside `_DECOR`) that a match of the folded
    `phrase` can start with, its leading decoration aside ("" for a match without a letter), or
    None when they are too many or not plain to see: a block whose first run is none of them
    cannot be matched whole by the phrase. A run ending in _ANY_MORE stands for every run that
    starts with it.

    >>> sorted(_first_runs(r"(?:a )?lire aussi")), sorted(_first_runs(r"\\d+ comments?"))
    (['a', 'lire'], ['comment', 'comments'])
    >>> _first_runs(r"abonnez.{0,40}") == {"abonnez" + _ANY_MORE}
    True
    """
    try:
        import re._parser as parser  # type: ignore[import-not-found]
    except ImportError:  # Python 3.10
        import sre_parse as parser

    limit = 256

    def is_decor(item: tuple[Any, Any]) -> bool | None:
        """True: the item matches only decoration; False: only letters; None: either."""
        op, arg = str(item[0]), item[1]
        if op == "LITERAL":
            return re.match(_DECOR, chr(arg)).end() == 1  # type: ignore[union-attr]
        if op == "IN":
            kinds = {is_decor(sub) for sub in arg}
            return kinds.pop() if len(kinds) == 1 else None
        if op == "CATEGORY":
            return True if str(arg) in ("CATEGORY_SPACE", "CATEGORY_DIGIT", "CATEGORY_NOT_WORD") else None
        return None

    def letters_of(item: tuple[Any, Any]) -> list[str] | None:
        """The letters an item that matches only letters can match (a literal, a small class)."""
        op, arg = str(item[0]), item[1]
        if op == "LITERAL":
            return [chr(arg)]
        if op == "IN" and all(str(o) == "LITERAL" for o, _ in arg):
            return [chr(a) for _, a in arg]
        return None

    def walk(items: list[tuple[Any, Any]], run: str) -> set[str] | None:
        """The first runs of matches of `items`, the run so far being `run`."""
        if not items:
            return {run}
        (op, arg), rest = items[0], items[1:]
        name = str(op)
        if name == "AT":
            return walk(rest, run)
        if name == "SUBPATTERN":
            return walk(list(arg[-1]) + rest, run)
        if name == "BRANCH":
            out: set[str] = set()
            for branch in arg[1]:
                found = walk(list(branch) + rest, run)
                if found is None or len(out | found) > limit:
                    return None
                out |= found
            return out
        if name in ("MAX_REPEAT", "MIN_REPEAT"):
            low, high, sub = arg
            sub = list(sub)
            if all(is_decor(item) for item in sub):
                # decoration: it ends the run so far, or matches nothing (when it may)
                ended = {run} if run else walk(rest, run)
                if ended is None:
                    return None
                return ended | (walk(rest, run) or set()) if low == 0 else (ended if run else walk(rest, run))
            if high == 1:
                taken, skipped = walk(sub + rest, run), walk(rest, run) if low == 0 else set()
                return None if taken is None or skipped is None else taken | skipped
            return {run + _ANY_MORE} if run else None
        if name in ("ASSERT", "ASSERT_NOT"):
            return walk(rest, run)  # a look-around matches no character: more runs, never fewer
        kind = is_decor((op, arg))
        if kind is True:
            return {run} if run else walk(rest, run)
        letters = letters_of((op, arg)) if kind is False else None
        if letters is None or len(letters) > 8:
            return {run + _ANY_MORE} if run else None
        out = set()
        for letter in letters:
            found = walk(rest, run + letter)
            if found is None or len(out | found) > limit:
                return None
            out |= found
        return out

    runs = walk(list(parser.parse(phrase)), "")
    return frozenset(runs) if runs is not None else None


def _opened_by(letter: str) -> Callable[[frozenset[str] | None], bool]:
    return lambda first: first is not None and letter in first


@functools.cache
def _phrases(language: str) -> _Phrases:
    """Compile the phrase data, folded, once per language (on first use, not at import)."""

    def pick(by_language: dict[str, tuple[str, ...]]) -> list[str]:
        return [
            _fold_pattern(p)
            for code, items in by_language.items()
            if language == "auto" or code in (language, "all")
            for p in items
        ]

    def whole_of(keep: Callable[[frozenset[str] | None], bool]) -> re.Pattern[str]:
        """The whole-block pattern of the phrases whose first letters (or None) `keep` accepts."""
        groups = "|".join(
            f"(?P<{reason}>{body})"
            for reason, table in tables.items()
            if (body := "|".join(f"(?:{p})" for p in table if keep(first_letters[p])))
        )
        return re.compile(f"^{_DECOR}(?:{groups or '(?!)'}){_DECOR}$")

    tables = {reason: pick(table) for reason, table in PHRASES.items()}
    first_letters = {p: _first_letters(p) for table in tables.values() for p in table}
    firsts = sorted({f for letters in first_letters.values() for f in letters or ()})
    contains = tuple(
        (
            reason,
            re.compile("|".join(f"(?:{p})" for p in body)),
            MAX_WORDS[reason],
            tuple(fold(k) for k in CONTAINS_KEYWORDS[reason]),
        )
        for reason, table in CONTAINS.items()
        if (body := pick(table))
    )
    keywords = tuple(
        (
            limit,
            re.compile(
                "|".join(re.escape(k) for *_, most, words in contains if most >= limit for k in words)
                or "(?!)"
            ),
        )
        for limit in sorted({most for _, _, most, _ in contains})
    )
    firsts_of_runs = [_first_runs(p) for p, first in first_letters.items() if first is not None]
    runs: frozenset[str] | None = None
    if None not in firsts_of_runs:
        runs = frozenset(r for found in firsts_of_runs if found is not None for r in found)
    return _Phrases(
        {f: whole_of(_opened_by(f)) for f in firsts},
        whole_of(lambda first: first is None),
        frozenset(r for r in runs if not r.endswith(_ANY_MORE)) if runs is not None else None,
        tuple(sorted(r[:-1] for r in runs if r.endswith(_ANY_MORE))) if runs is not None else (),
        contains,
        keywords,
    )


def phrase_reason(text: str, words: int, language: str = "auto") -> str | None:
    """Return the boilerplate reason whose phrase data matches this block, if any.

    >>> phrase_reason("Skip to content", 3)
    'skip_link'
    >>> phrase_reason("A LIRE AUSSI :", 3)
    'related_header'
    >>> phrase_reason("We use cookies to improve your experience.", 7, "en")
    'cookie_notice'
    >>> phrase_reason("The minister said cookies were not discussed at the summit.", 10) is None
    True
    """
    return _phrase_reason(text, fold(text), _phrases(language), words)


def _phrase_reason(text: str, folded: str, phrases: _Phrases, words: int | None) -> str | None:
    """phrase_reason() on the block and its fold, given its count of words (None: count them
    if a phrase needs it)."""
    if len(text) <= _WHOLE_MAX_CHARS:
        # Decoration holds no letter, so a phrase's match holds the block's first letter-run,
        # first: only the phrases that this run can open are tried.
        first = _FIRST_RUN.search(folded)
        plain = None
        if first is not None:
            run = first.group()
            if phrases.runs is None or run in phrases.runs or run.startswith(phrases.run_starts):
                plain = phrases.by_letter.get(run[0])
        reason = _first_of(plain.match(folded) if plain is not None else None, phrases.rest.match(folded))
        if reason is not None:
            return reason
    # One pass for all reasons that judge a block of this length: most blocks hold none of their
    # keywords, and a long one is judged by few reasons (a search costs a pass over the block).
    if words is None:
        words = len(_WORD.findall(text))
    keywords = next((pattern for limit, pattern in phrases.keywords if words <= limit), None)
    if keywords is None or keywords.search(folded) is None:
        return None
    for reason, pattern, max_words, reason_keywords in phrases.contains:
        if words <= max_words and any(map(folded.__contains__, reason_keywords)) and pattern.search(folded):
            return reason
    return None


def _first_of(one: re.Match[str] | None, other: re.Match[str] | None) -> str | None:
    """The reason one pattern of all the phrases would give where two parts of it matched: that
    pattern backs off from the longest leading decoration, and tries its phrases in order (grouped
    by reason) at each length."""
    if one is None or one.lastgroup is None:
        return other.lastgroup if other is not None else None
    if other is None or other.lastgroup is None:
        return one.lastgroup
    by_start = one.start(one.lastgroup) - other.start(other.lastgroup)
    if by_start > 0 or (by_start == 0 and _ORDER[one.lastgroup] < _ORDER[other.lastgroup]):
        return one.lastgroup
    return other.lastgroup


def match_rules(
    texts: Sequence[str], options: Options, words: Sequence[int] | None = None
) -> list[str | None]:
    """Return, per block, the reason a rule (user pattern or phrase data) gives, or None;
    `words` may hold each block's count of words (\\w+), counted already."""
    drop_regex, keep_regex = options.drop_regex, options.keep_regex
    # The user's phrases match the folded block too: "Voir aussi" finds "VOIR AUSSI" and "Vóir".
    drop_folded, keep_folded = (
        _compile_user_phrases(options.drop_phrases),
        _compile_user_phrases(options.keep_phrases),
    )
    phrases = _phrases(options.language)
    rules: list[str | None] = []
    for k, text in enumerate(texts):
        folded = fold(text)
        if (keep_regex is not None and keep_regex.search(text)) or (
            keep_folded is not None and keep_folded.search(folded)
        ):
            rules.append("user_keep")
        elif (drop_regex is not None and drop_regex.search(text)) or (
            drop_folded is not None and drop_folded.search(folded)
        ):
            rules.append("user_drop")
        else:
            rules.append(_phrase_reason(text, folded, phrases, None if words is None else words[k]))
    return rules


@functools.lru_cache(maxsize=64)
def _compile_user_phrases(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """The user's phrases, folded, as one pattern for the folded block, each starting at the
    block's start or a word boundary as in `Options` (whose own pattern still runs on the raw
    block, so a phrase matches wherever it did before folding, and more)."""
    words = [fold(p.strip()) for p in phrases if p.strip()]
    if not words:
        return None
    return re.compile("|".join(rf"(?:(?:^|\b){re.escape(w)})" for w in words))


def ruled_flags(rules: Sequence[str | None]) -> list[bool]:
    """Which blocks a drop rule matched: what the content model reads as "rule"."""
    return [rule is not None and rule != "user_keep" for rule in rules]
