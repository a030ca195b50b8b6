"""Stage 4: find blocks that repeat another block of the page, exactly or nearly."""

from __future__ import annotations

import bisect
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process

from cleantext.core import compiled_core
from cleantext.page import block_key
from cleantext.segment import split_sentences

__all__ = ["Duplicate", "mark_duplicates", "sketch_blocks"]


class Duplicate(NamedTuple):
    """Block `block` repeats block `of`; `kind` says how, `score` how closely (0-100)."""

    block: int
    of: int
    kind: str  # "exact" | "truncated" | "fuzzy" | "sentences"
    score: float


# Three dots, not "three or more": searching for \.{3,} backtracks through every run of dots
# (quadratic on a block of dots); the last three of a longer run give the same stem key.
_ELLIPSIS = re.compile(r"(?:\.\.\.|\u2026)[\s\"'\u201d\u2019)\]]*$")
# Punkt ends sentences only at these, so the text between two of them lies within one sentence.
_SENTENCE_END = re.compile(r"[.?!]")
_TERMINAL = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*$")
_NUMBER = re.compile(r"\d+")
# How many shingles of each block go into the candidate index (a bottom-k MinHash sketch, Broder
# 1997): near-duplicates share most shingles, so they share sketch entries too.
_SKETCH = 4
_SHINGLE = 3
_PREFIX_WORDS = 3
# Fuzzy matching needs this many words: a few changed letters in a short line are most often a
# different line ("Pros of ..." / "Cons of ...", "Extra Large" / "Large"), in a paragraph an edit
# (own measurement: on the gold bodies of the benchmark, shorter fuzzy matches were mostly
# distinct lines of the article).
_FUZZY_MIN_WORDS = 10
# A teaser must keep this many characters before its "..." to be matched (own choice: shorter
# stems such as "Read..." match too much).
_TEASER_MIN_CHARS = 20
# At most this many blocks are compared with one teaser, and a sketch entry shared by more
# surviving blocks than this stops collecting them: a shingle that common says nothing about
# near-duplication, and without a bound a page of thousands of similar paragraphs is quadratic.
# (Own measurement: no bucket on the 790 development pages comes near it.)
_MAX_BUCKET = 64
# Runs of this many words index where a sentence may stand in other blocks, once searching the
# page text has cost this many passes over it (own measurement: indexing costs about as much as
# 400 passes; a normal page needs a few dozen).
_GRAM = 4
_SCAN_BUDGET = 256


def sketch_blocks(
    keys: Sequence[str], candidates: Sequence[int], engine: str = "auto"
) -> dict[int, list[int]]:
    """The MinHash sketch of each candidate block's key (blocks of at least _FUZZY_MIN_WORDS
    words), for fuzzy matching; computed once per page, as dedupe may run again on fewer blocks."""
    core = compiled_core(engine)
    if core is not None:
        return core.sketches(list(keys), candidates, _SHINGLE, _SKETCH, _FUZZY_MIN_WORDS)  # type: ignore[no-any-return]
    return {i: _sketch(keys[i]) for i in candidates if keys[i].count(" ") >= _FUZZY_MIN_WORDS - 1}


def mark_duplicates(
    texts: Sequence[str],
    keys: Sequence[str],
    candidates: Sequence[int],
    *,
    fuzzy_min_score: float | None = 90.0,
    teaser_min_score: float | None = 90.0,
    sentence_min_words: int | None = 6,
    language: str = "auto",
    sketches: dict[int, list[int]] | None = None,
    engine: str = "auto",
) -> list[Duplicate]:
    """Return the duplicates among the blocks `candidates` (indices into `texts` and their
    `keys`, page order).

    The most complete version of a repeated text survives: the first of exact repeats, the full
    sentence rather than its truncated teaser, the longer of two lightly edited copies.

    >>> mark_duplicates(["Same title", "Body text here.", "Same  TITLE!"],
    ...                 ["same title", "body text here", "same title"], [0, 1, 2])
    [Duplicate(block=2, of=0, kind='exact', score=100.0)]

    `sketches` may hold sketch_blocks() of these blocks (or more) computed earlier.
    """
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
        if sketches is None:
            sketches = sketch_blocks(keys, alive, engine)
        _mark_fuzzy(keys, sketches, alive, fuzzy_min_score, found)
        alive = [i for i in alive if i not in found]
    if sentence_min_words is not None:
        _mark_sentence_repeats(texts, keys, alive, sentence_min_words, language, found, engine)
    return [found[i] for i in sorted(found)]


def _mark_teasers(
    texts: Sequence[str],
    keys: Sequence[str],
    alive: list[int],
    min_score: float,
    found: dict[int, Duplicate],
) -> None:
    """A block cut off with "..." whose start matches the start of a longer block repeats it."""
    cut = [
        (i, match)
        for i in alive
        if ("..." in texts[i] or "\u2026" in texts[i]) and (match := _ELLIPSIS.search(texts[i])) is not None
    ]
    if not cut:
        return
    by_prefix: dict[str, list[int]] = {}
    for i in alive:
        bucket = by_prefix.setdefault(" ".join(keys[i].split(" ", _PREFIX_WORDS)[:_PREFIX_WORDS]), [])
        if len(bucket) < _MAX_BUCKET:
            bucket.append(i)
    for i, match in cut:
        # The last word before "..." is often cut in the middle: compare without it.
        stem = block_key(texts[i][: match.start()]).rsplit(" ", 1)[0]
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
    words = key.encode("utf-8", "surrogatepass").split(b" ")
    # crc32, not hash(): str hashes change between processes, and results must not.
    shingles = set(map(b" ".join, zip(*(words[k:] for k in range(_SHINGLE)))))
    return sorted(map(zlib.crc32, shingles))[:_SKETCH]


def _mark_fuzzy(
    keys: Sequence[str],
    sketches: dict[int, list[int]],
    alive: list[int],
    min_score: float,
    found: dict[int, Duplicate],
) -> None:
    """Lightly edited repeats: rapidfuzz ratio at or above `min_score` among blocks whose length
    allows it (indel ratio <= 200 * shorter / (shorter + longer)) and that share a sketch shingle."""
    index: dict[int, list[int]] = {}
    # Each indexed block points towards the block now standing for it (a union-find forest:
    # when a later, longer copy takes over, one pointer changes, not every member's).
    stands_for: dict[int, int] = {}
    numbers: dict[int, list[str]] = {}  # each indexed block's digit runs
    min_length_ratio = min_score / (200.0 - min_score) if min_score < 100 else 1.0
    # A block that shares no sketch entry with another is nobody's candidate and has none.
    shared = Counter(h for i in alive if i in sketches for h in set(sketches[i]))
    alive = [i for i in alive if i in sketches and any(shared[h] > 1 for h in sketches[i])]
    for i in alive:
        key = keys[i]
        sketch = sketches[i]
        candidates = {_root(stands_for, j) for h in sketch for j in index.get(h, ())}
        # The length bound of the indel ratio prunes a pair before any comparison (RapidFuzz's
        # own advice); extractOne keeps the first best in page order.
        length = len(key)
        low = min_length_ratio * length
        # Lines that differ in a number name different things (sizes, models, prices, dates).
        numbers[i] = _NUMBER.findall(key)
        choices = [
            j
            for j in sorted(candidates)
            if low <= len(keys[j]) and min_length_ratio * len(keys[j]) <= length and numbers[j] == numbers[i]
        ]
        # No candidate, no call: RapidFuzz prepares the query first (a bit-parallel table of
        # about 2 KB per 64 characters), which for a one-block page of megabytes is most of
        # its peak memory.
        match = (
            process.extractOne(
                key, [keys[j] for j in choices], scorer=fuzz.ratio, processor=None, score_cutoff=min_score
            )
            if choices
            else None
        )
        best, best_score = (choices[match[2]], match[1]) if match is not None else (-1, 0.0)
        if best < 0:
            stands_for[i] = i
            for h in sketch:
                bucket = index.setdefault(h, [])
                if len(bucket) < _MAX_BUCKET:
                    bucket.append(i)
        elif len(key) > len(keys[best]):
            # The later copy is more complete: it survives, the earlier one repeats it.
            found[best] = Duplicate(best, i, "fuzzy", round(best_score, 1))
            stands_for[best] = stands_for[i] = i
        else:
            found[i] = Duplicate(i, best, "fuzzy", round(best_score, 1))
    for dup in list(found.values()):
        if dup.kind == "fuzzy" and dup.of in stands_for:
            found[dup.block] = dup._replace(of=_root(stands_for, dup.of))


def _root(parent: dict[int, int], i: int) -> int:
    """The block standing for `i` now, shortening the path for the next look-up."""
    root = i
    while parent[root] != root:
        root = parent[root]
    while parent[i] != root:
        parent[i], i = root, parent[i]
    return root


def _mark_sentence_repeats(
    texts: Sequence[str],
    keys: Sequence[str],
    alive: list[int],
    min_words: int,
    language: str,
    found: dict[int, Duplicate],
    engine: str,
) -> None:
    """A block all of whose sentences stand in other surviving blocks repeats them."""
    if len(alive) < 2:
        return
    parts = [keys[i] for i in alive]
    where = _WordRuns(parts)
    core = compiled_core(engine)
    # Which blocks' first words may stand in another block at all (never a wrong "no"): the
    # others need no search.
    heads = core.runs_elsewhere(parts, _PREFIX_WORDS + 1) if core is not None else None
    # Longest first: of two blocks that repeat each other's sentences, the longer survives.
    for rank in sorted(range(len(alive)), key=lambda r: (-len(parts[r]), r)):
        words = parts[rank].count(" ") + 1
        if words < min_words or (heads is not None and not heads[rank]):
            continue
        # A short line that ends no sentence is a heading or a label: that its words stand in a
        # sentence elsewhere ("Benefits of music" over "Here are the benefits of music:") makes
        # it no repeat (own measurement on the gold bodies of the benchmark).
        if words < _FUZZY_MIN_WORDS and _TERMINAL.search(texts[alive[rank]]) is None:
            continue
        # Cheap filters before sentence splitting: the block's first words must stand elsewhere,
        # and so must each stretch between two sentence ends (a sentence is made of such
        # stretches, so this never rejects a block whose sentences all stand elsewhere).
        head = " ".join(parts[rank].split(" ", _PREFIX_WORDS + 1)[: _PREFIX_WORDS + 1])
        if where.holder(head, rank) is None:
            continue
        i = alive[rank]
        stretches = (block_key(part) for part in _SENTENCE_END.split(texts[i]))
        if any(where.holder(s, rank) is None for s in stretches if s):
            continue
        holders = []
        for sentence in split_sentences(texts[i], language):
            needle = block_key(sentence)
            holder = where.holder(needle, rank) if needle else -1
            if holder is None:
                break
            if holder >= 0:
                holders.append(holder)
        else:
            if holders:
                found[i] = Duplicate(i, alive[holders[0]], "sentences", 100.0)
                where.dead.add(rank)


class _WordRuns:
    """Answers "which other live block holds these words in this order, first in page order".

    Searching the page text (str.find, at C speed) costs a pass over the page per question: cheap
    on a normal page, quadratic on one of thousands of paragraphs. So after `_SCAN_BUDGET` passes'
    worth of searching, runs of `_GRAM` words are indexed once, a longer run is looked up by its
    rarest `_GRAM`-word part and checked in place. Both ways give the same answer.
    """

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.dead: set[int] = set()
        self._joined = " | ".join(parts)
        self._starts = list(itertools.accumulate((len(p) + 3 for p in parts[:-1]), initial=0))
        self._budget = _SCAN_BUDGET * (len(self._joined) + 1)
        self._words: list[list[str]] | None = None
        self._runs: dict[int, _GramIndex] = {}

    def holder(self, needle: str, rank: int) -> int | None:
        """The first live block other than `rank` whose words include those of `needle` as a run."""
        if self._budget > 0:
            return self._search(needle, rank)
        return self._look_up(needle.split(" "), rank)

    def _search(self, needle: str, rank: int) -> int | None:
        joined, starts, parts = self._joined, self._starts, self.parts
        at = joined.find(needle)
        while at >= 0:
            holder = bisect.bisect_right(starts, at) - 1
            end = at + len(needle)
            if (
                holder != rank
                and holder not in self.dead
                and end <= starts[holder] + len(parts[holder])
                and (at == starts[holder] or joined[at - 1] == " ")
                and (end == len(joined) or joined[end] == " ")
            ):
                self._budget -= end
                return holder
            at = joined.find(needle, at + 1)
        self._budget -= len(joined)
        return None

    def _index(self, n: int) -> _GramIndex:
        """Where every run of `n` words stands, built once per `n`."""
        index = self._runs.get(n)
        if index is None:
            if self._words is None:
                self._words = [p.split(" ") for p in self.parts]
            index = self._runs[n] = _GramIndex(self._words, n)
        return index

    def _look_up(self, needle: list[str], rank: int) -> int | None:
        n = min(len(needle), _GRAM)
        index = self._index(n)
        assert self._words is not None
        rarest, offset = "", 0
        fewest = -1
        for at in range(len(needle) - n + 1):
            gram = " ".join(needle[at : at + n])
            count = index.count.get(gram, 0)
            if count == 0:
                return None
            if fewest < 0 or count < fewest:
                rarest, offset, fewest = gram, at, count
        for block, at in index.places(rarest):
            start = at - offset
            if (
                block != rank
                and block not in self.dead
                and start >= 0
                and self._words[block][start : start + len(needle)] == needle
            ):
                return block
        return None


class _GramIndex:
    """Every run of `n` words of the blocks, and where each stands, in page order.

    Flat on purpose: the first place of each run and, per place of a repeated run, the next
    place of the same run (a chain of ints), instead of a list of (block, position) tuples per run.
    On a page of 2 MB the tuples made the garbage collector walk millions of objects, tripling
    the cost of building the index (own measurement).
    """

    def __init__(self, words: list[list[str]], n: int) -> None:
        grams: list[str] = []
        self._starts: list[int] = []  # where each block's runs begin in `grams`
        for block_words in words:
            self._starts.append(len(grams))
            grams.extend(map(" ".join, zip(*(block_words[k:] for k in range(n)))))
        self.count: dict[str, int] = Counter(grams)
        # Built by C-level iteration where it can be: most runs of a page stand in one place,
        # and only places of runs that repeat need a link to the next one.
        self._first = dict(zip(reversed(grams), range(len(grams) - 1, -1, -1)))
        self._next: dict[int, int] = {}
        last: dict[str, int] = {}
        repeats = itertools.compress(range(len(grams)), map((1).__lt__, map(self.count.__getitem__, grams)))
        for place in repeats:
            gram = grams[place]
            before = last.get(gram)
            if before is not None:
                self._next[before] = place
            last[gram] = place

    def places(self, gram: str) -> Iterator[tuple[int, int]]:
        """(block, word position) of every place of `gram`, in page order."""
        place = self._first.get(gram, -1)
        while place >= 0:
            block = bisect.bisect_right(self._starts, place) - 1
            yield block, place - self._starts[block]
            place = self._next.get(place, -1)
