"""The one options object that every entry point accepts."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import regex

    from cleantext.model import ContentModel
    from cleantext.profile import Profile

__all__ = ["LANGUAGES", "PRESETS", "Options", "resolve_options"]

#: Languages with phrase data; "auto" uses all of them at once.
LANGUAGES = ("auto", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru")


@dataclass(frozen=True, kw_only=True)
class Options:
    """How `clean` and `explain` decide; every threshold names its unit.

    >>> Options(fuzzy_min_score=90).fuzzy_min_score
    90.0
    """

    #: Phrase data to use: a language code from LANGUAGES, or "auto" for all.
    language: str = "auto"
    #: Blocks scoring at or above this content probability (0-1) are kept.
    min_content_score: float = 0.5
    #: Lightly edited repeats at or above this rapidfuzz ratio (0-100) are duplicates; None: off.
    fuzzy_min_score: float | None = 90.0
    #: A teaser ending in "..." is a duplicate when its text matches the start of a longer
    #: block at or above this score (0-100); None: off.
    teaser_min_score: float | None = 90.0
    #: A block of at least this many words whose sentences all stand in other kept blocks is a
    #: duplicate; None: off.
    sentence_repeat_min_words: int | None = 6
    #: When no block reaches min_content_score, keep the prose that scores near the page's best
    #: (reason "content", detail "fallback") rather than return an empty body; False: an empty
    #: body (what a pretraining pipeline reads as "drop this page").
    keep_weak_page: bool = True
    #: Repair mojibake and broken Unicode with ftfy.
    fix_unicode: bool = True
    #: Extra regular expressions (regex module syntax); a block that matches one is dropped.
    drop_patterns: tuple[str, ...] = ()
    #: Extra regular expressions; a block that matches one is always kept (wins over everything
    #: but exact duplicates).
    keep_patterns: tuple[str, ...] = ()
    #: Extra phrases (case-insensitive, whole block or its start) that mark boilerplate.
    drop_phrases: tuple[str, ...] = ()
    #: Phrases that, found in a block, keep it.
    keep_phrases: tuple[str, ...] = ()
    #: The content model (cleantext.model.ContentModel.load(directory) for one trained on your
    #: pages); None: the model cleantext ships.
    model: ContentModel | None = None
    #: What the page is: "auto" (an HTML document is read as HTML, anything else as text),
    #: "html" or "text".
    input: str = "auto"
    #: The body as "text" (paragraphs apart by a blank line, list items one per line, code and
    #: tables verbatim) or "markdown" (headings, list items, quotes marked, code fenced).
    output: str = "text"
    #: Put the page's headline (its first <h1>, else its title) first in the body of an HTML
    #: page when the kept blocks do not start with it.
    headline_first: bool = False
    #: The content model for the blocks of HTML pages; None: the one cleantext ships.
    html_model: ContentModel | None = None
    #: Which implementation runs the per-block work: "auto" (the compiled core when it is built),
    #: "compiled" (ImportError when it is not) or "python" (the pure-Python reference). The
    #: results are the same.
    engine: str = "auto"
    #: A cleantext.profile.Profile learned from many pages (learn_profile(), `cleantext learn`):
    #: blocks that stand on many pages of the page's site, or of the whole corpus, go as
    #: "site_boilerplate"; None: off.
    profile: Profile | None = None
    #: The page's site, as the profile knows it (a name, or a URL whose host is taken); None: only
    #: the profile's corpus part applies.
    site: str | None = None
    #: With a profile, a block is boilerplate when it stands on at least this many pages of the
    #: site (at least 2) ...
    profile_min_pages: int = 3
    #: ... and on at least this share (0-1) of the site's pages.
    profile_min_share: float = 0.2
    #: With a profile, a block on at least this share (0-1) of all the profile's pages (and on
    #: profile_min_pages) is boilerplate whatever the site; None: off.
    profile_corpus_min_share: float | None = 0.05
    _compiled: tuple[Any, Any] = field(default=(None, None), repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}; got {self.language!r}")
        if self.engine not in ("auto", "compiled", "python"):
            raise ValueError(f"engine must be 'auto', 'compiled' or 'python'; got {self.engine!r}")
        if self.input not in ("auto", "html", "text"):
            raise ValueError(f"input must be 'auto', 'html' or 'text'; got {self.input!r}")
        if self.output not in ("text", "markdown"):
            raise ValueError(f"output must be 'text' or 'markdown'; got {self.output!r}")
        _check_range("min_content_score", self.min_content_score, 0.0, 1.0)
        for name in ("fuzzy_min_score", "teaser_min_score"):
            value = getattr(self, name)
            if value is not None:
                _check_range(name, value, 0.0, 100.0)
                object.__setattr__(self, name, float(value))
        object.__setattr__(self, "min_content_score", float(self.min_content_score))
        n = self.sentence_repeat_min_words
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
            raise ValueError(f"sentence_repeat_min_words must be an int >= 1 or None; got {n!r}")
        for name in ("fix_unicode", "keep_weak_page", "headline_first"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool; got {type(getattr(self, name)).__name__}")
        for name in ("drop_patterns", "keep_patterns", "drop_phrases", "keep_phrases"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"{name} takes a sequence of strings; wrap a single one: ({value!r},)")
            items = tuple(value)
            if not all(isinstance(item, str) for item in items):
                raise TypeError(f"{name} takes strings only")
            object.__setattr__(self, name, items)
        for name, html in (("model", False), ("html_model", True)):
            model = getattr(self, name)
            if model is None:
                continue
            from cleantext.model import ContentModel

            if not isinstance(model, ContentModel):
                raise TypeError(
                    f"{name} takes a cleantext.model.ContentModel (ContentModel.load(directory)); "
                    f"got {type(model).__name__}"
                )
            if model.reads_dom != html:
                kind = "HTML pages" if model.reads_dom else "text pages"
                raise ValueError(
                    f"{name} takes a model of {'HTML' if html else 'text'} pages; this one is of {kind}"
                )
        _check_profile_fields(self)
        object.__setattr__(
            self,
            "_compiled",
            (
                _compile(self.drop_patterns, self.drop_phrases),
                _compile(self.keep_patterns, self.keep_phrases),
            ),
        )

    @property
    def drop_regex(self) -> regex.Pattern[str] | None:
        """The user's drop patterns and phrases as one compiled pattern, or None."""
        compiled: regex.Pattern[str] | None = self._compiled[0]
        return compiled

    @property
    def keep_regex(self) -> regex.Pattern[str] | None:
        """The user's keep patterns and phrases as one compiled pattern, or None."""
        compiled: regex.Pattern[str] | None = self._compiled[1]
        return compiled


#: Named option sets; keyword arguments still override them.
PRESETS: Mapping[str, Mapping[str, Any]] = {
    "balanced": {},
    "precision": {"min_content_score": 0.65},
    "recall": {"min_content_score": 0.35, "fuzzy_min_score": 95.0},
}


def _check_range(name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number; got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}; got {value!r}")


def _compile(patterns: tuple[str, ...], phrases: tuple[str, ...]) -> regex.Pattern[str] | None:
    words = [p.strip() for p in phrases if p.strip()]
    if not patterns and not words:
        return None
    # `regex` costs ~10-20 ms to import: only options with user patterns or phrases pay for it
    # (checked before the import: the default options are built when cleantext is imported).
    import regex

    parts = list(patterns)
    parts.extend(r"(?:^|\b)" + regex.escape(w) for w in words)
    for pattern in patterns:
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise ValueError(f"bad pattern {pattern!r}: {exc}") from None
    return regex.compile("|".join(f"(?:{p})" for p in parts), regex.IGNORECASE | regex.V0)


def _check_profile_fields(options: Options) -> None:
    """The profile options: a Profile or None, a site name, thresholds in range."""
    if options.profile is not None:
        from cleantext.profile import Profile

        if not isinstance(options.profile, Profile):
            raise TypeError(
                "profile takes a cleantext.profile.Profile (learn_profile(pages) or "
                f"Profile.load(path)); got {type(options.profile).__name__}"
            )
    if options.site is not None:
        if not isinstance(options.site, str):
            raise TypeError(
                f"site takes a str (a site name or URL) or None; got {type(options.site).__name__}"
            )
        from cleantext.profile import site_key  # as learning names sites

        object.__setattr__(options, "site", site_key(options.site))
    n = options.profile_min_pages
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ValueError(
            f"profile_min_pages must be an int >= 2 (a block on one page repeats nothing); got {n!r}"
        )
    _check_range("profile_min_share", options.profile_min_share, 0.0, 1.0)
    object.__setattr__(options, "profile_min_share", float(options.profile_min_share))
    if options.profile_corpus_min_share is not None:
        _check_range("profile_corpus_min_share", options.profile_corpus_min_share, 0.0, 1.0)
        object.__setattr__(options, "profile_corpus_min_share", float(options.profile_corpus_min_share))


_FIELDS = frozenset(f.name for f in dataclasses.fields(Options) if not f.name.startswith("_"))


def resolve_options(options: Options | None, overrides: Mapping[str, Any], caller: str) -> Options:
    """Return `options` (or the defaults) with keyword `overrides` applied."""
    if options is not None and not isinstance(options, Options):
        raise TypeError(f"{caller}() options= takes an Options; got {type(options).__name__}")
    base = options if options is not None else _DEFAULT
    if not overrides:
        return base
    unknown = sorted(set(overrides) - _FIELDS)
    if unknown:
        known = ", ".join(sorted(_FIELDS))
        raise TypeError(f"{caller}() got unknown option(s) {', '.join(unknown)}; known: {known}")
    return dataclasses.replace(base, **overrides)


_DEFAULT = Options()
