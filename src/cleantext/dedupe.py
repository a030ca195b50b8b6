"""Stage 4: find blocks that repeat another block of the page, exactly or nearly."""

from __future__ import annotations

import bisect
import re
import zlib
from collections.abc import Sequence
from typing import NamedTuple

from rapidfuzz import fuzz

from cleantext.segment import split_sentences

__all__ = ["Duplicate", "mark_duplicates"]


class Duplicate(NamedTuple):
    """Block `block` repeats block `of`; `kind` says how, `score` how closely (0-100)."""

    block: int
    of: int
    kind: str  # "exact" | "truncated" | "fuzzy" | "sentences"
    score: float


_NON_WORD = re.compile(r"[\W_]+")
_ELLIPSIS = re.compile(r"(?:\.{3,}|\u2026)[\s\"'\u201d\u2019)\]]*$")
# How many shingles of each block go into the candidate index (a bottom-k MinHash sketch, Broder
# 1997): near-duplicates share most shingles, so they share sketch entries too.
_SKETCH = 4
_SHINGLE = 3
_PREFIX_WORDS = 3
# A teaser must keep this many characters before its "..." to be matched (own choice: shorter
# stems such as "Read..." match too much).
_TEASER_MIN_CHARS = 20


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()


def mark_duplicates(
    texts: Sequence[str],
    candidates: Sequence[int],
    *,
    fuzzy_min_score: float | None = 90.0,
    teaser_min_score: float | None = 90.0,
    sentence_min_words: int | None = 6,
    language: str = "auto",
) -> list[Duplicate]:
    """Return the duplicates among the blocks `candidates` (indices into `texts`, page order).

    The most complete version of a repeated text survives: the first of exact repeats, the full
    sentence rather than its truncated teaser, the longer of two lightly edited copies.

    >>> mark_duplicates(["Same title", "Body text here.", "Same  TITLE!"], [0, 1, 2])
    [Duplicate(block=2, of=0, kind='exact', score=100.0)]
    """
    keys = {i: _key(texts[i]) for i in candidates}
    alive = [i for i in candidates if keys[i]]
    found: dict[int, Duplicate] = {}

    first_with_key: dict[str, int] = {}
    for i in alive:
        j = first_with_key.setdefault(keys[i], i)
        if j != i:
            found[i] = Duplicate(i, j, "exact", 100.0)
    alive = [i for i in alive if i not in found]

    if teaser_min_score is not None:
        _mark_teasers(texts, keys, alive, teaser_min_score, found)
        alive = [i for i in alive if i not in found]
    if fuzzy_min_score is not None:
        _mark_fuzzy(keys, alive, fuzzy_min_score, found)
        alive = [i for i in alive if i not in found]
    if sentence_min_words is not None:
        _mark_sentence_repeats(texts, keys, alive, sentence_min_words, language, found)
    return [found[i] for i in sorted(found)]


def _mark_teasers(
    texts: Sequence[str],
    keys: dict[int, str],
    alive: list[int],
    min_score: float,
    found: dict[int, Duplicate],
) -> None:
    """A block cut off with "..." whose start matches the start of a longer block repeats it."""
    by_prefix: dict[str, list[int]] = {}
    for i in alive:
        by_prefix.setdefault(" ".join(keys[i].split(" ", _PREFIX_WORDS)[:_PREFIX_WORDS]), []).append(i)
    for i in alive:
        match = _ELLIPSIS.search(texts[i])
        if match is None:
            continue
        # The last word before "..." is often cut in the middle: compare without it.
        stem = _key(texts[i][: match.start()]).rsplit(" ", 1)[0]
        if len(stem) < _TEASER_MIN_CHARS:
            continue
        prefix = " ".join(stem.split(" ", _PREFIX_WORDS)[:_PREFIX_WORDS])
        best, best_score = -1, min_score
        for j in by_prefix.get(prefix, ()):
            if j == i or j in found or len(keys[j]) <= len(stem):
                continue
            score = fuzz.ratio(stem, keys[j][: len(stem)], score_cutoff=best_score)
            if score >= best_score and (best < 0 or score > best_score):
                best, best_score = j, score
        if best >= 0:
            found[i] = Duplicate(i, best, "truncated", round(best_score, 1))


def _sketch(key: str) -> list[int]:
    words = key.split(" ")
    if len(words) < _SHINGLE:
        shingles = {key}
    else:
        shingles = {" ".join(words[k : k + _SHINGLE]) for k in range(len(words) - _SHINGLE + 1)}
    # crc32, not hash(): str hashes change between processes, and results must not.
    return sorted(zlib.crc32(s.encode("utf-8", "surrogatepass")) for s in shingles)[:_SKETCH]


def _mark_fuzzy(
    keys: dict[int, str], alive: list[int], min_score: float, found: dict[int, Duplicate]
) -> None:
    """Lightly edited repeats: rapidfuzz ratio at or above `min_score` among blocks whose length
    allows it (indel ratio <= 200 * shorter / (shorter + longer)) and that share a sketch shingle."""
    index: dict[int, list[int]] = {}
    survivor: dict[int, int] = {}  # a kept block -> the block now standing for it
    min_length_ratio = min_score / (200.0 - min_score) if min_score < 100 else 1.0
    for i in alive:
        key = keys[i]
        candidates: set[int] = set()
        sketch = _sketch(key)
        for h in sketch:
            candidates.update(survivor[j] for j in index.get(h, ()))
        best, best_score = -1, min_score
        for j in sorted(candidates):
            shorter, longer = sorted((len(key), len(keys[j])))
            if shorter < min_length_ratio * longer:
                continue
            score = fuzz.ratio(key, keys[j], score_cutoff=best_score)
            if score >= best_score and (best < 0 or score > best_score):
                best, best_score = j, score
        if best < 0:
            survivor[i] = i
            for h in sketch:
                index.setdefault(h, []).append(i)
            continue
        if len(key) > len(keys[best]):
            # The later copy is more complete: it survives, the earlier one repeats it.
            found[best] = Duplicate(best, i, "fuzzy", round(best_score, 1))
            for j, s in survivor.items():
                if s == best:
                    survivor[j] = i
            survivor[i] = i
        else:
            found[i] = Duplicate(i, best, "fuzzy", round(best_score, 1))
    for dup in list(found.values()):
        if dup.kind == "fuzzy" and dup.of in found:
            found[dup.block] = dup._replace(of=_final(dup.of, found))


def _final(i: int, found: dict[int, Duplicate]) -> int:
    seen = set()
    while i in found and i not in seen:
        seen.add(i)
        i = found[i].of
    return i


def _mark_sentence_repeats(
    texts: Sequence[str],
    keys: dict[int, str],
    alive: list[int],
    min_words: int,
    language: str,
    found: dict[int, Duplicate],
) -> None:
    """A block all of whose sentences stand in other surviving blocks repeats them."""
    if len(alive) < 2:
        return
    starts: list[int] = []
    parts: list[str] = []
    position = 0
    for i in alive:
        starts.append(position)
        parts.append(keys[i])
        position += len(keys[i]) + 3
    joined = " | ".join(parts)
    dead: set[int] = set()
    # Longest first: of two blocks that repeat each other's sentences, the longer survives.
    for rank in sorted(range(len(alive)), key=lambda r: (-len(parts[r]), r)):
        i = alive[rank]
        if parts[rank].count(" ") + 1 < min_words:
            continue
        # Cheap filter before sentence splitting: the block's first words must stand elsewhere.
        head = " ".join(parts[rank].split(" ", _PREFIX_WORDS + 1)[: _PREFIX_WORDS + 1])
        if _occurs_elsewhere(joined, head, rank, starts, parts, dead) is None:
            continue
        sentences = [_key(s) for s in split_sentences(texts[i], language)]
        sentences = [s for s in sentences if s]
        holders = [_occurs_elsewhere(joined, s, rank, starts, parts, dead) for s in sentences]
        if all(h is not None for h in holders):
            first = holders[0]
            assert first is not None
            found[i] = Duplicate(i, alive[first], "sentences", 100.0)
            dead.add(rank)


def _occurs_elsewhere(
    joined: str, needle: str, rank: int, starts: list[int], parts: list[str], dead: set[int]
) -> int | None:
    """Return the rank of a live block other than `rank` that contains `needle`, if any."""
    at = joined.find(needle)
    while at >= 0:
        holder = bisect.bisect_right(starts, at) - 1
        end = at + len(needle)
        if (
            holder != rank
            and holder not in dead
            and end <= starts[holder] + len(parts[holder])
            and (at == starts[holder] or joined[at - 1] == " ")
            and (end == len(joined) or joined[end] == " ")
        ):
            return holder
        at = joined.find(needle, at + 1)
    return None
