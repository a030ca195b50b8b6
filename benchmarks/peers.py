"""Adapters that run other extraction tools ("peers") on a benchmark page and return plain text.

Each peer is optional: `load_peers` builds the ones whose package imports and reports the others
in one line each. Install them all with ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import html as html_escape
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Literal, Protocol

__all__ = ["PEER_NAMES", "Extract", "Peer", "load_peers", "render_html"]


class Extract(Protocol):
    """An extractor: page source in, plain text out. `lang` is the page's language tag, if known."""

    def __call__(self, source: str, /, *, lang: str | None = None) -> str: ...


@dataclass(frozen=True, slots=True)
class Peer:
    """A tool to measure: the page field it reads (``text`` or ``html``) and how to run it."""

    key: str
    name: str
    input_field: Literal["text", "html"]
    fn: Extract


# Elements that start a new line of text when rendered; table cells are separated by a space.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p "
    "pre section summary table tbody tfoot thead tr ul".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_INVISIBLE_TAGS = ("script", "style", "template", "noscript", "head")


def render_html(markup: str) -> str:
    """Plain text of an HTML fragment: one line per block element, blocks joined by a blank line.

    >>> render_html("<div><p>One <b>two</b><br>three</p><ul><li>a</li><li>b</li></ul></div>")
    'One two\\n\\nthree\\n\\na\\n\\nb'
    """
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return ""
    root = lxml.html.fromstring(markup)
    for hidden in root.xpath("|".join(f"//{tag}" for tag in _INVISIBLE_TAGS)):
        hidden.drop_tree()
    lines: list[str] = []
    pieces: list[str] = []

    def end_line() -> None:
        line = " ".join("".join(pieces).split())
        if line:
            lines.append(line)
        pieces.clear()

    for event, element in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag in _BLOCK_TAGS or tag == "br":
                end_line()
            pieces.append(element.text or "")
            continue
        if event == "end":
            if tag in _BLOCK_TAGS:
                end_line()
            elif tag in _CELL_TAGS:
                pieces.append(" ")
        pieces.append(element.tail or "")
    end_line()
    return "\n\n".join(lines)


def _trafilatura(**options: Any) -> Extract:
    from trafilatura import extract

    def run(html: str, /, *, lang: str | None = None) -> str:
        return extract(html, **options) or ""

    return run


def _trafilatura_on_text() -> Extract:
    from trafilatura import extract

    def run(text: str, /, *, lang: str | None = None) -> str:
        paragraphs = "".join(f"<p>{html_escape.escape(b)}</p>" for b in text.split("\n\n"))
        return extract(f"<html><body>{paragraphs}</body></html>") or ""

    return run


def _readability() -> Extract:
    from readability import Document

    def run(html: str, /, *, lang: str | None = None) -> str:
        return render_html(Document(html).summary())

    return run


# jusText names its stoplists after languages; the benchmark tags pages with BCP 47 codes.
_JUSTEXT_LANGUAGES = {
    "cs": "Czech",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ru": "Russian",
}


def _justext() -> Extract:
    import justext

    @cache
    def stoplist(language: str) -> frozenset[str]:
        return frozenset(justext.get_stoplist(language))

    def run(html: str, /, *, lang: str | None = None) -> str:
        primary = (lang or "en").split("-")[0].lower()
        language = _JUSTEXT_LANGUAGES.get(primary, "English")
        paragraphs = justext.justext(html, stoplist(language))
        return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _resiliparse() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text

    def run(html: str, /, *, lang: str | None = None) -> str:
        # Its main-content heuristics as they come (comment sections and post meta kept, as
        # trafilatura keeps comments by default). Rendered as the page reads: blocks on their own
        # lines, without what a reader does not see as text (alt texts, link targets, form
        # fields, noscript) and without list numbers, which the scorer would count as tokens.
        return extract_plain_text(
            html,
            main_content=True,
            preserve_formatting=True,
            list_bullets=False,
            alt_texts=False,
            links=False,
            form_fields=False,
            noscript=False,
            comments=True,
        )

    return run


def _c4_lines() -> Extract:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    # Only the line rules: the page rules (fewer than 5 sentences, "lorem ipsum", a curly
    # bracket) would drop whole pages (78 of the 790 dev pages), where cleantext always
    # returns a cleaned page. Without them the filter needs no spaCy sentence splitter.
    c4 = C4QualityFilter(min_num_sentences=-1, filter_lorem_ipsum=False, filter_curly_bracket=False)

    def run(text: str, /, *, lang: str | None = None) -> str:
        # filter() rewrites doc.text with the lines it keeps.
        doc = Document(text=text, id="page")
        verdict = c4.filter(doc)
        kept = verdict[0] if isinstance(verdict, tuple) else verdict
        return doc.text if kept else ""

    return run


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "?"


@dataclass(frozen=True, slots=True)
class _Recipe:
    key: str
    label: str
    distribution: str
    input_field: Literal["text", "html"]
    build: Callable[[], Extract]


_RECIPES = (
    _Recipe("trafilatura", "trafilatura {v} (default)", "trafilatura", "html", _trafilatura),
    _Recipe(
        "trafilatura-precision",
        "trafilatura {v} (favor_precision)",
        "trafilatura",
        "html",
        lambda: _trafilatura(favor_precision=True),
    ),
    _Recipe(
        "trafilatura-text",
        "trafilatura {v} (on text)",
        "trafilatura",
        "text",
        _trafilatura_on_text,
    ),
    _Recipe("resiliparse", "resiliparse {v} (main content)", "resiliparse", "html", _resiliparse),
    _Recipe("readability", "readability-lxml {v}", "readability-lxml", "html", _readability),
    _Recipe("justext", "jusText {v}", "jusText", "html", _justext),
    _Recipe("c4", "datatrove {v} C4 line filter", "datatrove", "text", _c4_lines),
)

#: Keys of every peer `load_peers` knows, in the order it returns them.
PEER_NAMES: tuple[str, ...] = tuple(r.key for r in _RECIPES)


def load_peers(keys: tuple[str, ...] = PEER_NAMES) -> tuple[list[Peer], list[str]]:
    """The peers among `keys` whose packages import, and one message per peer that was skipped."""
    peers: list[Peer] = []
    skipped: list[str] = []
    for recipe in _RECIPES:
        if recipe.key not in keys:
            continue
        try:
            fn = recipe.build()
        except ImportError as error:
            skipped.append(f"skipped {recipe.key}: {error} (pip install -e '.[bench]')")
            continue
        name = recipe.label.format(v=_version(recipe.distribution))
        peers.append(Peer(recipe.key, name, recipe.input_field, fn))
    return peers, skipped
