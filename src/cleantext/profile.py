"""Cross-page boilerplate: the blocks that stand on a large share of one site's pages (or of the
whole corpus), learned from many pages and dropped as `site_boilerplate`.

No single page shows that a promotional paragraph, an author's bio or a newsletter pitch is
furniture: it reads as prose. Many pages of the site show it, the way CCNet finds boilerplate by
hashing paragraphs over a whole crawl. A `Profile` holds, per site, how many pages were seen and
on how many of them each block stands (by a fingerprint of the block, never its text), and the
same for the corpus as a whole.

>>> from cleantext import clean
>>> topics = ["library", "harbour", "school", "bridge", "market", "museum", "tram line", "park"]
>>> pitch = "Get our {n} best stories every morning: join {k} readers of the Daily Letter for free."
>>> pages = [(f"The council approved the budget for the {topic} on Monday, after a long debate "
...           f"about its cost and opening hours.\\n\\n" + pitch.format(n=n % 5 + 2, k=n * 100),
...           "news.example") for n, topic in enumerate(topics)]
>>> profile = learn_profile(pages)
>>> profile.sites["news.example"].pages
8
>>> print(clean(pages[0][0], profile=profile, site="news.example"))
The council approved the budget for the library on Monday, after a long debate about its cost and opening hours.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from cleantext.options import Options

__all__ = [
    "Profile",
    "ProfileBuilder",
    "ProfileMatch",
    "SiteCounts",
    "block_fingerprint",
    "learn_profile",
    "mark_site_boilerplate",
    "page_fingerprints",
    "profile_detail",
    "record_site",
    "site_key",
]

#: The reason code of a block the profile drops.
REASON = "site_boilerplate"

_FORMAT = "cleantext-profile"
_VERSION = 1

# A block that the profile would leave as the page's only text must hold at least this many
# words for the profile to drop the rest: the length from which features.block_shapes calls a
# block prose.
_PROSE_MIN_WORDS = 12

# Templated numbers and dates: counters ("3 comments"), dates ("Updated 14 March"), times and
# relative times ("2 hours ago") become placeholders, so that one template is one fingerprint.
# Applied to a block key (casefolded words joined by one space).
_DIGITS = re.compile(r"\d+")
_CALENDAR_WORDS = (
    # English, German, French, Spanish, Italian, Portuguese, Dutch month and day names (full and
    # the usual abbreviations); "may" is a month as well as a verb: the fingerprint of a sentence
    # that differs from another only by it is shared, which costs nothing unless both repeat.
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun "
    "januar februar märz maerz juni juli oktober dezember montag dienstag mittwoch donnerstag freitag "
    "samstag sonntag "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre "
    "decembre lundi mardi mercredi jeudi vendredi samedi dimanche "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre lunedì martedì "
    "mercoledì giovedì venerdì sabato domenica "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "januari februari maart mei augustus "
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "yesterday today"
)
_LETTER = re.compile(r"[^\W\d_@]")
_CALENDAR = frozenset(_CALENDAR_WORDS.split())


def block_fingerprint(key: str) -> int | None:
    """The fingerprint of a block key: numbers, month and day names replaced, then a stable
    64-bit hash (blake2b, the same in every process; Python's hash() of a str is not); None for
    a block of numbers and dates alone ("$17.00", "14 March"), which repeats on many pages by
    chance: in a table of prices as much as in furniture (own measurement on the generated corpus).

    >>> block_fingerprint("3 comments updated 14 march") == block_fingerprint("12 comments updated 2 june")
    True
    >>> block_fingerprint("1 comment") == block_fingerprint("7 comments")
    True
    >>> block_fingerprint("the council met") == block_fingerprint("the council left")
    False
    >>> block_fingerprint("17 00") is None
    True
    """
    # A key is words joined by one space: one pass over its words (a regular expression of the
    # calendar words cost four times as much).
    words = _DIGITS.sub("0", key).split(" ")
    for k, word in enumerate(words):
        if word in _CALENDAR:
            words[k] = "@"
        elif k and words[k - 1] == "0" and len(word) > 1 and word.endswith("s"):
            words[k] = word[:-1]  # "3 comments", "1 comment"
    shape = " ".join(words)
    if not _LETTER.search(shape):
        return None
    return int.from_bytes(hashlib.blake2b(shape.encode("utf-8"), digest_size=8).digest(), "big")


def site_key(value: str) -> str:
    """The site a name stands for: the host of a URL (lowercase, without "www."), else the name.

    >>> site_key("https://WWW.Example.com/news/1"), site_key("example.com"), site_key("Blog A")
    ('example.com', 'example.com', 'Blog A')
    """
    value = value.strip()
    if "://" in value:
        from urllib.parse import urlsplit  # only a URL needs it (import time of cleantext)

        host = urlsplit(value).hostname or ""
        return host.removeprefix("www.")
    return value


def record_site(record: Mapping[str, Any], site_field: str | None = None) -> str | None:
    """The site of a record: its `site_field` if given, else the host of its "url" field; None
    where the record has neither (as a string).

    >>> record_site({"url": "https://www.example.com/a"}), record_site({"site": "b"}, "site")
    ('example.com', 'b')
    >>> record_site({"text": "..."}) is None
    True
    """
    value = record.get(site_field if site_field is not None else "url")
    if not isinstance(value, str) or not value.strip():
        return None
    return site_key(value)


@dataclass(frozen=True, slots=True)
class SiteCounts:
    """Pages seen of one site (or of the whole corpus), and per block fingerprint on how many of
    them the block stands (a lower bound, by at most `Profile.error_share` of the pages)."""

    pages: int
    counts: Mapping[int, int]


class ProfileMatch(NamedTuple):
    """A block the profile knows: on `pages` of the `of_pages` pages of `site` ("" for the corpus)."""

    site: str
    pages: int
    of_pages: int

    def describe(self) -> str:
        """The match in words, as explain() shows it."""
        where = f"site {self.site}" if self.site else "the corpus"
        return f"on {self.pages} of {self.of_pages} pages of {where}"


@dataclass(frozen=True, eq=False)
class Profile:
    """What many pages showed: per site and for the whole corpus, the pages seen and on how many
    of them each block stands. Learn one with `learn_profile` or `ProfileBuilder`, pass it to
    `clean(text, profile=p, site=...)`; ``a + b`` merges the profiles of two shards; `save` and
    `load` keep it in one JSON file. Equal profiles (the same counts) compare and hash equal.
    """

    sites: Mapping[str, SiteCounts]
    corpus: SiteCounts
    #: The counts may fall short of the truth by at most this share of the pages (lossy counting).
    error_share: float = 0.0
    _digest: list[bytes] = field(default_factory=list, init=False, repr=False, compare=False)

    def __repr__(self) -> str:
        return f"Profile({len(self.sites)} sites, {self.corpus.pages} pages)"

    def match(self, fingerprint: int, site: str | None, options: Options) -> ProfileMatch | None:
        """Where the block with `fingerprint` stands often enough for `options`' thresholds: on
        the page's `site` first, else in the corpus; None: it is no boilerplate."""
        min_pages = options.profile_min_pages
        counts = self.sites.get(site) if site is not None else None
        if counts is not None:
            n = counts.counts.get(fingerprint, 0)
            if n >= min_pages and n >= options.profile_min_share * counts.pages:
                return ProfileMatch(site or "", n, counts.pages)
        share = options.profile_corpus_min_share
        if share is not None:
            n = self.corpus.counts.get(fingerprint, 0)
            if n >= min_pages and n >= share * self.corpus.pages:
                return ProfileMatch("", n, self.corpus.pages)
        return None

    def merge(self, other: Profile) -> Profile:
        """The profile of both profiles' pages (of two shards learned apart).

        >>> a = learn_profile([("Our staff write every story themselves.", "x")] * 2)
        >>> b = learn_profile([("Our staff write every story themselves.", "x")] * 3)
        >>> (a + b).sites["x"].pages, (a + b) == learn_profile([("Our staff write every story themselves.", "x")] * 5)
        (5, True)
        """
        if not isinstance(other, Profile):
            raise TypeError(f"a Profile merges with a Profile; got {type(other).__name__}")
        sites = dict(self.sites)
        for name, counts in other.sites.items():
            sites[name] = _add_counts(sites[name], counts) if name in sites else counts
        return Profile(
            sites, _add_counts(self.corpus, other.corpus), max(self.error_share, other.error_share)
        )

    __add__ = merge

    def prune(self, min_pages: int = 2) -> Profile:
        """The profile without the blocks on fewer than `min_pages` pages (a smaller file; a
        profile merged later with others may then fall short of the truth by that much).

        >>> staff = "Our staff write every story themselves."
        >>> p = learn_profile([(staff, "x"), (staff, "x"), ("The office moves in June.", "x")])
        >>> p.corpus.counts == {block_fingerprint("our staff write every story themselves"): 2,
        ...                     block_fingerprint("the office moves in june"): 1}
        True
        >>> len(p.prune(2).corpus.counts)
        1
        """
        return Profile(
            {name: _prune(counts, min_pages) for name, counts in self.sites.items()},
            _prune(self.corpus, min_pages),
            self.error_share,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Profile):
            return NotImplemented
        return self.digest() == other.digest()

    def __hash__(self) -> int:
        return int.from_bytes(self.digest()[:8], "big")

    def digest(self) -> bytes:
        """A hash of the profile's counts (what equality compares; computed once)."""
        if not self._digest:
            hasher = hashlib.blake2b(digest_size=16)
            counts = {key: value for key, value in self.as_dict().items() if key != "error_share"}
            hasher.update(json.dumps(counts, sort_keys=True).encode("utf-8"))
            self._digest.append(hasher.digest())
        return self._digest[0]

    def as_dict(self) -> dict[str, Any]:
        """The profile as JSON-ready data (fingerprints as 16 hex digits)."""
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "error_share": self.error_share,
            "corpus": _counts_dict(self.corpus),
            "sites": {name: _counts_dict(self.sites[name]) for name in sorted(self.sites)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """The profile `as_dict` gave; ValueError for anything else."""
        if not isinstance(data, Mapping) or data.get("format") != _FORMAT:
            raise ValueError("not a cleantext profile (learn one with `cleantext learn` or learn_profile())")
        if data.get("version") != _VERSION:
            raise ValueError(
                f"cleantext profile version {data.get('version')!r}; this cleantext reads version "
                f"{_VERSION}: learn the profile again"
            )
        try:
            sites = {str(name): _counts_from(counts) for name, counts in data["sites"].items()}
            return cls(sites, _counts_from(data["corpus"]), float(data["error_share"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"damaged cleantext profile: {type(exc).__name__}: {exc}") from None

    def save(self, path: str | Path) -> None:
        """Write the profile to `path` as JSON (gzip-compressed when the name ends in .gz)."""
        import gzip

        data = json.dumps(self.as_dict(), sort_keys=True, separators=(",", ":")).encode("utf-8")
        if str(path).endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        Path(path).write_bytes(data)

    @classmethod
    def load(cls, path: str | Path) -> Profile:
        """Read a profile that `save` wrote; ValueError if the file holds none."""
        import gzip

        raw = Path(path).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"{path} is not a cleantext profile (not JSON: {exc})") from None
        try:
            return cls.from_dict(data)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Profile, (self.sites, self.corpus, self.error_share))


def _counts_dict(counts: SiteCounts) -> dict[str, Any]:
    return {"pages": counts.pages, "counts": {f"{fp:016x}": n for fp, n in sorted(counts.counts.items())}}


def _counts_from(data: Mapping[str, Any]) -> SiteCounts:
    pages = int(data["pages"])
    counts = {int(fp, 16): int(n) for fp, n in data["counts"].items()}
    if pages < 0 or any(n < 1 or n > pages for n in counts.values()):
        raise ValueError("a count outside 1..pages")
    return SiteCounts(pages, counts)


def _prune(counts: SiteCounts, min_pages: int) -> SiteCounts:
    return SiteCounts(counts.pages, {fp: n for fp, n in counts.counts.items() if n >= min_pages})


def _add_counts(a: SiteCounts, b: SiteCounts) -> SiteCounts:
    counts = dict(a.counts)
    for fp, n in b.counts.items():
        counts[fp] = counts.get(fp, 0) + n
    return SiteCounts(a.pages + b.pages, counts)


class _LossyCounter:
    """On how many pages each fingerprint stands, in bounded memory: lossy counting (Manku and
    Motwani, 2002). After every `width` pages, a fingerprint whose count (plus what it may have
    missed before it was first kept) does not exceed the pages / `width` so far is forgotten; a
    count falls short by at most pages / `width`, and what stands on more than that share of the
    pages is never forgotten."""

    __slots__ = ("counts", "missed", "pages", "width")

    def __init__(self, width: int) -> None:
        self.width = width
        self.pages = 0
        self.counts: dict[int, int] = {}
        self.missed: dict[int, int] = {}

    def add(self, fingerprints: Iterable[int]) -> None:
        self.pages += 1
        bucket = -(-self.pages // self.width)
        counts, missed = self.counts, self.missed
        for fp in fingerprints:
            n = counts.get(fp)
            if n is None:
                counts[fp] = 1
                if bucket > 1:
                    missed[fp] = bucket - 1
            else:
                counts[fp] = n + 1
        if self.pages % self.width == 0:
            gone = [fp for fp, n in counts.items() if n + missed.get(fp, 0) <= bucket]
            for fp in gone:
                del counts[fp]
                missed.pop(fp, None)

    def finish(self) -> SiteCounts:
        return SiteCounts(self.pages, dict(sorted(self.counts.items())))


class ProfileBuilder:
    """Learns a `Profile` page by page, keeping fingerprints and counts, never texts.

    >>> builder = ProfileBuilder()
    >>> for n in range(4):
    ...     builder.add(f"Page {n} of the archive.\\n\\nAll photos by our staff.", site="x.example")
    >>> builder.profile().sites["x.example"].pages
    4
    """

    def __init__(
        self, options: Options | None = None, *, error_share: float = 0.01, **overrides: Any
    ) -> None:
        from cleantext.options import resolve_options

        if (
            isinstance(error_share, bool)
            or not isinstance(error_share, (int, float))
            or not 0 < error_share < 1
        ):
            raise ValueError(f"error_share must be a number between 0 and 1 (e.g. 0.01); got {error_share!r}")
        opts = resolve_options(options, overrides, "ProfileBuilder")
        # The profile of the options being learned must not hide the blocks it would drop.
        self.options = dataclasses.replace(opts, profile=None) if opts.profile is not None else opts
        self.error_share = float(error_share)
        self._width = math.ceil(1 / self.error_share)
        self._sites: dict[str, _LossyCounter] = {}
        self._corpus = _LossyCounter(self._width)

    def add(self, text: str, site: str | None = None) -> None:
        """Count the blocks of one page of `site` (None: the corpus part only)."""
        self.add_fingerprints(page_fingerprints(text, self.options), site)

    def add_fingerprints(self, fingerprints: Iterable[int] | None, site: str | None = None) -> None:
        """Count one page by the fingerprints of its blocks (`page_fingerprints`); None: a page
        that is not text, which counts for nothing."""
        if fingerprints is None:
            return
        if site is not None and not isinstance(site, str):
            raise TypeError(f"a page's site is a str or None; got {type(site).__name__}")
        fps = frozenset(fingerprints)
        self._corpus.add(fps)
        if site is not None:
            counter = self._sites.get(site)
            if counter is None:
                counter = self._sites[site] = _LossyCounter(self._width)
            counter.add(fps)

    @property
    def pages(self) -> int:
        """Pages counted so far."""
        return self._corpus.pages

    def profile(self) -> Profile:
        """The profile of the pages counted so far."""
        sites = {name: self._sites[name].finish() for name in sorted(self._sites)}
        return Profile(sites, self._corpus.finish(), self.error_share)


def page_fingerprints(text: str, options: Options | None = None) -> frozenset[int] | None:
    """The fingerprints of the blocks of a page that no rule drops (what a profile counts);
    None for a page that is not text (binary, encoded data). An HTML document is read as HTML
    (its blocks from the DOM, as clean() reads it; options.input says otherwise).

    >>> len(page_fingerprints("Skip to content\\n\\nOur team\\n\\nUpdated 3 May"))
    2
    """
    from cleantext.detect import sniff
    from cleantext.dom import read_html
    from cleantext.model import default_html_model, default_model
    from cleantext.options import resolve_options
    from cleantext.page import build_dom_page, build_page

    if not isinstance(text, str):
        raise TypeError(f"a page is a str, not {type(text).__name__}; decode bytes first")
    opts = resolve_options(options, {}, "page_fingerprints")
    if opts.profile is not None:
        opts = dataclasses.replace(opts, profile=None)
    kind = "html" if opts.input == "html" else sniff(text).kind
    if kind == "html" and opts.input != "text":
        page = build_dom_page(read_html(text), opts, opts.html_model or default_html_model())
    elif kind == "not_text":
        return None
    else:
        page = build_page(text, opts, opts.model or default_model())
    found = (
        block_fingerprint(key)
        for key, rule, words in zip(page.keys, page.rules, page.words)
        if rule is None and words
    )
    return frozenset(fp for fp in found if fp is not None)


def learn_profile(
    pages: Iterable[str | tuple[str, str | None]],
    options: Options | None = None,
    *,
    error_share: float = 0.01,
    jobs: int | None = 1,
    **overrides: Any,
) -> Profile:
    """Learn a profile from `pages`: texts (the corpus part only) or (text, site) pairs, read
    once, in bounded memory; on `jobs` processes (None: every core). Options are those of
    `clean` (the language and the user's rules decide which blocks a rule drops, which the
    profile does not count).

    >>> p = learn_profile([("Read our privacy policy before you comment below.", "x")] * 3)
    >>> p.sites["x"].pages, p.corpus.pages
    (3, 3)
    """
    from functools import partial

    from cleantext.batch import map_ordered

    builder = ProfileBuilder(options, error_share=error_share, **overrides)
    work = partial(_fingerprint_chunk, builder.options)
    for fingerprints, site in map_ordered(work, _site_pairs(pages), jobs, chunksize=8):
        builder.add_fingerprints(fingerprints, site)
    return builder.profile()


def _site_pairs(pages: Iterable[str | tuple[str, str | None]]) -> Iterator[tuple[str, str | None]]:
    for index, page in enumerate(pages):
        if isinstance(page, str):
            yield page, None
        elif isinstance(page, tuple) and len(page) == 2 and isinstance(page[0], str):
            if page[1] is not None and not isinstance(page[1], str):
                raise TypeError(
                    f"learn_profile() page {index}: its site is a str or None, not {type(page[1]).__name__}"
                )
            yield page[0], None if page[1] is None else site_key(page[1])
        else:
            raise TypeError(
                f"learn_profile() takes texts or (text, site) pairs; page {index} is {type(page).__name__}"
            )


def _fingerprint_chunk(
    options: Options, chunk: list[tuple[str, str | None]]
) -> list[tuple[frozenset[int] | None, str | None]]:
    return [(page_fingerprints(text, options), site) for text, site in chunk]


def block_matches(
    keys: Sequence[str], rules: Sequence[str | None], words: Sequence[int], options: Options
) -> list[ProfileMatch | None]:
    """Per block, where the options' profile finds it (None: nowhere, or a rule decides it)."""
    profile = options.profile
    if profile is None:
        return [None] * len(keys)
    site = options.site
    matches: list[ProfileMatch | None] = []
    for key, rule, n in zip(keys, rules, words):
        fp = block_fingerprint(key) if rule is None and n else None
        matches.append(None if fp is None else profile.match(fp, site, options))
    return matches


def mark_site_boilerplate(
    rules: Sequence[str | None], keys: Sequence[str], words: Sequence[int], options: Options
) -> Sequence[str | None]:
    """The page's rules with `site_boilerplate` for the blocks the options' profile finds on the
    page's site or across the corpus, unless that would leave the page no prose of its own: then
    the model judges them as any block (and explain() says so in their detail)."""
    if options.profile is None:
        return rules
    matches = block_matches(keys, rules, words, options)
    if not any(matches) or not _leaves_prose(rules, words, matches):
        return rules
    return tuple(REASON if match is not None else rule for rule, match in zip(rules, matches))


def _leaves_prose(
    rules: Sequence[str | None], words: Sequence[int], matches: Sequence[ProfileMatch | None]
) -> bool:
    return any(
        rule is None and match is None and n >= _PROSE_MIN_WORDS
        for rule, n, match in zip(rules, words, matches)
    )


def profile_detail(key: str, rule: str | None, options: Options) -> dict[str, float | int | str]:
    """What explain() adds to a block's detail about the profile: for a block it drops, where it
    stands; for one it found but left to the model (the page's only prose), that as well."""
    profile = options.profile
    if profile is None or rule not in (None, REASON):
        return {}
    fp = block_fingerprint(key)
    match = None if fp is None else profile.match(fp, options.site, options)
    if match is None:
        return {}
    if rule == REASON:
        return {
            "rule": "site profile" if match.site else "corpus profile",
            "site": match.site,
            "pages": match.pages,
            "of_pages": match.of_pages,
            "where": match.describe(),
        }
    return {REASON: f"{match.describe()}; not dropped: without it the page has no prose of its own"}
