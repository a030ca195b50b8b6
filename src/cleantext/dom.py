"""HTML input: a page's blocks read off its DOM, with what the markup says of each block.

A block is the text of a block-level element (a paragraph, a heading, a list item, a table
cell), its inline descendants included, up to the next block-level boundary or ``<br>``; a
``<pre>`` is one block, verbatim; a table of data (cells without lists, headings or tables of
their own) is one block of Markdown rows. ``<script>``, ``<style>``, ``<template>``, form
controls, embedded objects and hidden elements (``hidden``, ``aria-hidden="true"``, an inline
``display:none``) never become text.

Each block carries its tag path and the numbers the HTML content model reads (`DOM`): the
containers it stands in (nav, header, footer, aside, article, main, figure, list, table,
blockquote, form), the share of its text inside links, the hints of its ancestors' class, id and
role ("menu", "share", "related", "comment", ...), whether it lies in the element that holds the
page's densest prose (Readability's idea: paragraphs vote for their parent and grandparent), and
whether it repeats the page's title.

The parser is lexbor's HTML5 parser through selectolax (the ``html`` extra): the fastest of the
parsers measured on the development pages, with wheels for every platform (docs/html.md). The
walk is iterative, so no nesting depth overflows Python's stack.
"""

from __future__ import annotations

import codecs
import functools
import html as _html
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cleantext.keys import block_key

__all__ = ["DOM", "DomPage", "declared_charset", "decode_html", "read_html"]

#: Names of the numbers a block of an HTML page adds to its own shape (features.OWN), in order.
DOM = (
    "dom_link_density",
    "dom_in_link",
    "dom_nav",
    "dom_header",
    "dom_footer",
    "dom_aside",
    "dom_article",
    "dom_main",
    "dom_figure",
    "dom_list",
    "dom_table",
    "dom_quote",
    "dom_form",
    "dom_heading",
    "dom_paragraph",
    "dom_pre",
    "dom_hint_nav",
    "dom_hint_footer",
    "dom_hint_side",
    "dom_hint_share",
    "dom_hint_related",
    "dom_hint_comment",
    "dom_hint_ad",
    "dom_hint_meta",
    "dom_hint_content",
    "dom_log_depth",
    "dom_in_best",
    "dom_best_share",
    "dom_before_best",
    "dom_after_best",
    "dom_in_area",
    "dom_parent_link_density",
    "dom_log_siblings",
    "dom_title",
)

# Container flags: a bit per kind of element a block may stand inside.
_F_LINK, _F_NAV, _F_HEADER, _F_FOOTER, _F_ASIDE = 1, 2, 4, 8, 16
_F_ARTICLE, _F_MAIN, _F_FIGURE, _F_LIST, _F_TABLE = 32, 64, 128, 256, 512
_F_QUOTE, _F_FORM, _F_PRE = 1024, 2048, 4096
_FLAG_OF = {
    "a": _F_LINK,
    "nav": _F_NAV,
    "header": _F_HEADER,
    "footer": _F_FOOTER,
    "aside": _F_ASIDE,
    "article": _F_ARTICLE,
    "main": _F_MAIN,
    "figure": _F_FIGURE,
    "li": _F_LIST,
    "dd": _F_LIST,
    "dt": _F_LIST,
    "table": _F_TABLE,
    "blockquote": _F_QUOTE,
    "form": _F_FORM,
    "pre": _F_PRE,
}
_NAV_ELEMENTS = _F_NAV | _F_HEADER | _F_FOOTER | _F_ASIDE
_FLAG_ORDER = (
    _F_NAV,
    _F_HEADER,
    _F_FOOTER,
    _F_ASIDE,
    _F_ARTICLE,
    _F_MAIN,
    _F_FIGURE,
    _F_LIST,
    _F_TABLE,
    _F_QUOTE,
)

# Elements that start and end a block (a line of rendered text).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li "
    "main menu nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)
# Elements whose content is never page text.
_SKIP_TAGS = frozenset(
    "head script style template title meta link base input select option optgroup textarea "
    "button datalist output progress meter svg math iframe frame frameset canvas video audio "
    "object embed applet map noembed noframes source track param".split()
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# A table cell holding one of these is part of a page's layout, not a cell of data.
_NOT_IN_DATA_CELL = frozenset(
    "table ul ol dl h1 h2 h3 h4 h5 h6 pre blockquote form article section nav".split()
)
_CELL_MAX_BLOCKS = 3

# Class, id and role hints: a bit per kind, matched at the start of a word of the attribute
# ("site-footer", "navbar", "shareButtons"; not "header" for "ad", nor "thread" for "read").
_H_NAV, _H_FOOTER, _H_SIDE, _H_SHARE, _H_RELATED = 1, 2, 4, 8, 16
_H_COMMENT, _H_AD, _H_META, _H_CONTENT = 32, 64, 128, 256
_HINT_ORDER = (_H_NAV, _H_FOOTER, _H_SIDE, _H_SHARE, _H_RELATED, _H_COMMENT, _H_AD, _H_META, _H_CONTENT)
_HINT_PATTERNS = (
    (_H_NAV, r"nav|menu|breadcrumb|topbar|toolbar|masthead|skip|pagination|pager|tabs?(?![a-z])|header"),
    (_H_FOOTER, r"foot|copyright|legal|colophon|imprint|disclaimer"),
    (_H_SIDE, r"sidebar|side-?bar|widget|aside|rail|sidebox|complementary"),
    (_H_SHARE, r"share|sharing|social|follow|print(?![a-z])|sns(?![a-z])|addthis"),
    (
        _H_RELATED,
        r"related|recommend|more(?![a-z])|popular|trending|teaser|promo|read-?next|also|latest|most(?![a-z])|outbrain|taboola|card",
    ),
    (_H_COMMENT, r"comment|repl(?:y|ies)|respond|discuss|disqus"),
    (
        _H_AD,
        r"ads?(?![a-z])|advert|sponsor|banner|cookie|consent|gdpr|newsletter|subscri|signup|sign-up|modal|popup|paywall|overlay",
    ),
    (_H_META, r"byline|author|date|time|meta|tag|categor|label|caption|credit"),
    (_H_CONTENT, r"article|content|post|entry|story|body|text|main|blog|prose|rich|detail"),
)
# One pass over a value finds every kind: a named group per kind, at the start of a word.
_HINTS = re.compile(
    r"(?<![a-z])(?:" + "|".join(f"(?P<h{bit}>{pattern})" for bit, pattern in _HINT_PATTERNS) + ")"
)
_ROLE_HINTS = {
    "navigation": _H_NAV,
    "menubar": _H_NAV,
    "menu": _H_NAV,
    "banner": _H_NAV,
    "contentinfo": _H_FOOTER,
    "complementary": _H_SIDE,
    "main": _H_CONTENT,
    "article": _H_CONTENT,
    "dialog": _H_AD,
    "alert": _H_AD,
}
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
# The share of text a block must hold in links to give its parent no vote for the best element.
_VOTE_MAX_LINKS = 0.5
_VOTE_MIN_CHARS = 25
# The main area is the deepest element holding this share of the page's prose; ancestors further
# up than _AREA_LEVELS do not count what their descendants hold.
_AREA_SHARE = 0.7
_AREA_LEVELS = 64
# A page with less visible text than this, and hidden elements holding this many times as much,
# is one that a script reveals.
_REVEAL_MAX_VISIBLE = 1_000
_REVEAL_RATIO = 10.0
# Nesting deeper than this is no page a person reads: lexbor's parse time grows with the square
# of the depth (a 100,000-deep document takes minutes), so such a page is read with its tags
# stripped instead (docs/html.md).
_MAX_DEPTH = 2_000
_DEPTH_CHECK_TAGS = 20_000
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


@dataclass(frozen=True, slots=True)
class DomPage:
    """The blocks of an HTML page in document order, as columns, and what its head says.

    `texts`: each block's text (white space collapsed; a code block verbatim, a table as Markdown
    rows). `layouts`: "code", "table" or "". `marks`: what Markdown puts before the block ("## ",
    "- ", "> "), "```" for a code block. `paths`: the tag path down to the block. `features`:
    one tuple of `DOM` numbers per block. `in_main_element`: whether the block lies in the element
    that holds the page's densest prose. `metadata`: title, language, canonical URL, description
    and the first <h1> ("headline") where the page has them.
    """

    texts: tuple[str, ...]
    layouts: tuple[str, ...]
    marks: tuple[str, ...]
    paths: tuple[str, ...]
    features: tuple[tuple[float, ...], ...]
    in_main_element: tuple[bool, ...]
    #: what the markup says a block is when the model drops it: "nav_element" (inside nav,
    #: header, footer or aside), "link_dense" (half its text or more in links), else ""
    structure: tuple[str, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)


@functools.cache
def _parser() -> Any:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        raise ImportError(
            "reading HTML needs the html extra: pip install 'cleantext-blocks[html]' (the selectolax "
            "parser); or pass the page's text with input='text'"
        ) from None
    return LexborHTMLParser


def read_html(source: str) -> DomPage:
    """Parse an HTML document and return its blocks.

    >>> page = read_html('<html lang="en"><head><title>Budget | Herald</title></head><body>'
    ...                  '<nav><a href="/">Home</a></nav><h1>Budget</h1><p>The council <b>met</b>.</p>'
    ...                  '<script>var x;</script><ul><li>One</li><li>Two</li></ul></body></html>')
    >>> page.texts
    ('Home', 'Budget', 'The council met.', 'One', 'Two')
    >>> page.marks
    ('', '# ', '', '- ', '- ')
    >>> dict(page.metadata)
    {'title': 'Budget | Herald', 'lang': 'en', 'headline': 'Budget'}
    """
    if not isinstance(source, str):
        raise TypeError(
            f"read_html() takes str, not {type(source).__name__}; decode bytes with decode_html()"
        )
    parser = _parser()
    if source.count("<") > _DEPTH_CHECK_TAGS and _depth(source) > _MAX_DEPTH:
        return _stripped(source)
    # lexbor reads a NUL as the end of its input in places; it is never page text.
    tree = parser(source.replace("\x00", "")) if "\x00" in source else parser(source)
    walk = _Walk()
    root = tree.root
    if root is not None:
        walk.run(root)
        # A page whose text is nearly all in hidden elements is one a script reveals (a
        # "defer-block" shown on load): read it as the script would show it.
        visible = sum(map(len, walk.texts))
        if visible < _REVEAL_MAX_VISIBLE and walk.hidden_chars > _REVEAL_RATIO * visible:
            walk = _Walk(reveal=True)
            walk.run(root)
    return walk.page(_metadata(tree, root))


def _depth(source: str) -> int:
    """The deepest nesting of elements the tags open (a bound on the DOM's depth, which the
    parser may make shallower by closing elements)."""
    depth = deepest = 0
    for close, name, self_closing in _TAG.findall(source):
        if close:
            depth = max(0, depth - 1)
        elif not self_closing and name.lower() not in _VOID:
            depth += 1
            if depth > deepest:
                deepest = depth
    return deepest


def _stripped(source: str) -> DomPage:
    """The fallback for a document nested too deep: its text, tags stripped, a block per line."""
    text = _html.unescape(re.sub(r"<[^>]*>", "\n", re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", source)))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    texts = tuple(line for line in lines if line)
    zeros = (0.0,) * len(DOM)
    n = len(texts)
    return DomPage(
        texts,
        ("",) * n,
        ("",) * n,
        ("",) * n,
        (zeros,) * n,
        (False,) * n,
        ("",) * n,
        {"parse": "stripped: nested too deep"},
    )


def _metadata(tree: Any, root: Any) -> dict[str, str]:
    meta: dict[str, str] = {}

    def first(selector: str, attribute: str | None = None) -> str:
        node = tree.css_first(selector)
        if node is None:
            return ""
        value = node.text(deep=True) if attribute is None else node.attributes.get(attribute)
        return " ".join((value or "").split())

    title = first("head > title") or first("title")
    og_title = first('meta[property="og:title"]', "content")
    if title:
        meta["title"] = title
    if og_title and og_title != title:
        meta["og_title"] = og_title
    lang = (root.attributes.get("lang") if root is not None else None) or first(
        'meta[property="og:locale"]', "content"
    )
    if lang:
        meta["lang"] = " ".join(lang.split())
    url = first('link[rel="canonical"]', "href") or first('meta[property="og:url"]', "content")
    if url:
        meta["url"] = url
    description = first('meta[name="description"]', "content") or first(
        'meta[property="og:description"]', "content"
    )
    if description:
        meta["description"] = description
    return meta


@functools.lru_cache(maxsize=8192)
def _hint_bits(value: str) -> int:
    """The hint kinds named at the start of a word of a class, id or role value."""
    bits = 0
    for found in _HINTS.finditer(_CAMEL.sub("-", value).lower()):
        bits |= int(found.lastgroup[1:])  # type: ignore[index]
    return bits


@functools.lru_cache(maxsize=4096)
def _flag_numbers(flags: int) -> tuple[float, ...]:
    """The container numbers of dom.DOM for a set of container flags: the ten containers, form."""
    return (*(float(bool(flags & f)) for f in _FLAG_ORDER), float(bool(flags & _F_FORM)))


@functools.lru_cache(maxsize=1024)
def _hint_numbers(hints: int) -> tuple[float, ...]:
    return tuple(float(bool(hints & h)) for h in _HINT_ORDER)


class _Table:
    """A table being read: its rows of cells, and whether it still looks like data."""

    __slots__ = ("cell_start", "data", "first_block", "row", "rows")

    def __init__(self, first_block: int) -> None:
        self.first_block = first_block
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell_start = -1
        self.data = True


class _Walk:
    """Receives the DOM in document order and cuts it into blocks."""

    def __init__(self, reveal: bool = False) -> None:
        #: read hidden elements too (a page that a script shows: see read_html)
        self.reveal = reveal
        self.hidden_chars = 0
        self.parts: list[str] = []
        self.link_chars = 0
        self.flags = 0
        self.flag_counts: dict[int, int] = {}
        # per open element: (flag, hints before it, is_block, element id, list kind, quote)
        self.stack: list[tuple[int, int, bool, int, str, bool]] = []
        self.hints = 0
        self.labels: list[str] = []  # open elements as "tag.class"
        self.block_tags: list[str] = ["#root"]
        self.block_ids: list[int] = [-1]
        self.next_id = 0
        self.subtree_end: dict[int, int] = {}
        self.votes: dict[int, float] = {}
        self.prose: dict[int, int] = {}  # element id: characters of prose in its blocks
        self.depth_of: dict[int, int] = {}
        # per parent element of blocks: [blocks, characters, characters in links]
        self.parent_counts: dict[int, list[int]] = {}
        self.parents: list[int] = []
        self.pre = 0
        self.quote = 0
        self.lists: list[list[int]] = []  # per open list: [ordered, items so far]
        self.item_pending = False
        self.tables: list[_Table] = []
        # block columns
        self.texts: list[str] = []
        self.layouts: list[str] = []
        self.marks: list[str] = []
        self.paths: list[str] = []
        self.raw: list[
            tuple[int, int, float, int, str, int]
        ] = []  # flags, hints, link share, depth, tag, owner

    # -- events ------------------------------------------------------------------------------
    def run(self, root: Any) -> None:
        node = root
        stack: list[Any] = []
        while True:
            tag = node.tag
            if tag == "-text":
                self.text(node.text_content)
            elif tag[0] != "-" and self.start(tag, node.attributes, node):
                child = node.child
                if child is not None:
                    stack.append(node)
                    node = child
                    continue
                self.end()
            while True:
                following = node.next
                if following is not None:
                    node = following
                    break
                if not stack:
                    self.flush()
                    return
                node = stack.pop()
                self.end()

    def text(self, value: str | None) -> None:
        if not value:
            return
        self.parts.append(value)
        if self.flags & _F_LINK:
            self.link_chars += len(value.strip())

    def start(self, tag: str, attributes: Mapping[str, str | None], node: Any) -> bool:
        if tag in _SKIP_TAGS:
            return False
        hints = self.hints
        label = tag
        if attributes:
            if not self.reveal and _hidden(attributes):
                self.hidden_chars += len(node.text(deep=True))
                return False
            klass = attributes.get("class")
            ident = attributes.get("id")
            role = attributes.get("role")
            if klass or ident:
                if klass:
                    hints |= _hint_bits(klass)
                if ident:
                    hints |= _hint_bits(ident)
                if klass:
                    label = f"{tag}.{klass.split()[0]}" if klass.split() else tag
            if role:
                hints |= _ROLE_HINTS.get(role.strip().lower(), 0)
        if tag == "br":
            if self.pre:
                self.parts.append("\n")
            else:
                self.flush()
            return False
        if tag == "body" or tag == "html":
            hints = self.hints  # a page's whole-body classes say nothing of one block
        is_block = tag in _BLOCK_TAGS and not self.pre
        element = self.next_id
        self.next_id += 1
        if is_block:
            self.flush()
            self.block_tags.append(tag)
            self.block_ids.append(element)
            self.depth_of[element] = len(self.block_ids)
            if self.tables and tag in _NOT_IN_DATA_CELL:
                self.tables[-1].data = False
        flag = _FLAG_OF.get(tag, 0)
        if flag:
            count = self.flag_counts.get(flag, 0)
            self.flag_counts[flag] = count + 1
            self.flags |= flag
        list_kind = ""
        if tag in ("ul", "ol", "menu"):
            self.lists.append([tag == "ol", 0])
            list_kind = tag
        elif tag == "li":
            self.item_pending = True
            if self.lists:
                self.lists[-1][1] += 1
        elif tag == "pre":
            self.pre += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "table":
            self.tables.append(_Table(len(self.texts)))
        elif tag == "tr" and self.tables:
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].cell_start = len(self.texts)
        self.stack.append((flag, self.hints, is_block, element, list_kind, tag == "blockquote"))
        self.hints = hints
        self.labels.append(label)
        return True

    def end(self) -> None:
        flag, hints_before, is_block, element, list_kind, quote = self.stack.pop()
        tag = self.block_tags[-1] if is_block else ""
        if is_block:
            self.flush()
            self.block_tags.pop()
            self.block_ids.pop()
            self.subtree_end[element] = self.next_id - 1
            if tag in ("td", "th") and self.tables:
                self._end_cell()
            elif tag == "tr" and self.tables:
                table = self.tables[-1]
                if table.row:
                    table.rows.append(table.row)
                table.row = None
            elif tag == "table" and self.tables:
                self._end_table(self.tables.pop())
        if flag:
            count = self.flag_counts[flag] - 1
            self.flag_counts[flag] = count
            if not count:
                self.flags &= ~flag
        if list_kind:
            self.lists.pop()
        if flag == _F_PRE:
            self.pre -= 1
            self.flush(verbatim=True)
        if quote:
            self.quote -= 1
        self.hints = hints_before
        self.labels.pop()

    # -- blocks ------------------------------------------------------------------------------
    def flush(self, verbatim: bool = False) -> None:
        parts = self.parts
        if not parts:
            return
        if self.pre and not verbatim:
            return  # a <pre> is one block, flushed when it ends
        raw = "".join(parts)
        parts.clear()
        links, self.link_chars = self.link_chars, 0
        if verbatim:
            text = raw.strip("\n").rstrip()
            if not text.strip():
                return
            layout, mark = "code", "```"
        else:
            text = " ".join(raw.split())
            if not text:
                return
            layout, mark = "", self._mark()
        tag = "pre" if verbatim else self.block_tags[-1]
        owner = self.block_ids[-1]
        share = min(1.0, links / max(1, len(text)))
        self.texts.append(text)
        self.layouts.append(layout)
        self.marks.append(mark)
        self.paths.append("/".join(self.labels[-6:]))
        self.raw.append(
            (self.flags | (_F_PRE if verbatim else 0), self.hints, share, len(self.stack), tag, owner)
        )
        ids = self.block_ids
        parent = ids[-2] if len(ids) >= 2 else -1
        counts = self.parent_counts.get(parent)
        if counts is None:
            counts = self.parent_counts[parent] = [0, 0, 0]
        counts[0] += 1
        counts[1] += len(text)
        counts[2] += links
        self.parents.append(parent)
        if len(text) >= _VOTE_MIN_CHARS and share < _VOTE_MAX_LINKS and not verbatim:
            vote = 1.0 + text.count(",") + min(len(text) // 100, 3)
            if len(ids) >= 2:
                self.votes[ids[-2]] = self.votes.get(ids[-2], 0.0) + vote
            if len(ids) >= 3:
                self.votes[ids[-3]] = self.votes.get(ids[-3], 0.0) + vote / 2
            prose = self.prose
            for element in ids[-_AREA_LEVELS:]:
                prose[element] = prose.get(element, 0) + len(text)

    def _mark(self) -> str:
        tag = self.block_tags[-1]
        quote = "> " * self.quote
        level = _HEADINGS.get(tag)
        if level:
            return quote + "#" * level + " "
        if self.lists and (self.flags & _F_LIST):
            indent = "  " * (len(self.lists) - 1)
            if self.item_pending:
                self.item_pending = False
                ordered, count = self.lists[-1]
                return quote + indent + (f"{count}. " if ordered else "- ")
            return quote + indent + "  "
        return quote

    def _end_cell(self) -> None:
        table = self.tables[-1]
        start = table.cell_start
        cell = self.texts[start:] if start >= 0 else []
        if len(cell) > _CELL_MAX_BLOCKS or (start >= 0 and any(self.layouts[start:])):
            table.data = False
        if table.row is None:
            table.row = []
        table.row.append(" ".join(cell))
        table.cell_start = -1

    def _end_table(self, table: _Table) -> None:
        rows = table.rows
        width = max((len(r) for r in rows), default=0)
        first = table.first_block
        if not table.data or len(rows) < 2 or width < 2 or len(self.texts) <= first:
            return
        if self.tables:
            self.tables[-1].data = False
        cells = [[c.replace("|", "\\|") for c in row] + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        lines.insert(1, "|" + " --- |" * width)
        raw = self.raw[first]
        links = sum(r[2] * len(t) for r, t in zip(self.raw[first:], self.texts[first:]))
        text = "\n".join(lines)
        del self.texts[first:], self.layouts[first:], self.marks[first:], self.paths[first:], self.raw[first:]
        del self.parents[first:]
        parent = self.block_ids[-1]
        counts = self.parent_counts.setdefault(parent, [0, 0, 0])
        counts[0] += 1
        counts[1] += len(text)
        self.parents.append(parent)
        self.texts.append(text)
        self.layouts.append("table")
        self.marks.append("")
        self.paths.append("/".join(self.labels[-6:]))
        self.raw.append(
            (raw[0] | _F_TABLE, raw[1], min(1.0, links / max(1, len(text))), raw[3], "table", raw[5])
        )

    def _main_area(self) -> list[bool]:
        """Whether each block lies in the page's main area: the deepest element that holds
        _AREA_SHARE of the page's prose (paragraphs of some length, few links)."""
        prose = self.prose
        total = prose.get(-1, 0)
        if not total:
            return [False] * len(self.texts)
        area, deepest = -1, 0
        for element, chars in prose.items():
            depth = self.depth_of.get(element, 0)
            if chars >= _AREA_SHARE * total and (depth > deepest or (depth == deepest and element < area)):
                area, deepest = element, depth
        end = self.subtree_end.get(area, self.next_id)
        return [area <= r[5] <= end for r in self.raw]

    def page(self, metadata: dict[str, str]) -> DomPage:
        texts = self.texts
        best, best_end = -2, -2
        if self.votes:
            best = max(self.votes, key=lambda k: (self.votes[k], -k))
            best_end = self.subtree_end.get(best, self.next_id)
        total = sum(len(t) for t in texts) or 1
        in_best = [best <= r[5] <= best_end for r in self.raw]
        in_area = self._main_area()
        best_share = sum(len(t) for t, b in zip(texts, in_best) if b) / total
        titles = _title_keys(metadata, texts, self.raw)
        rows = []
        for text, (flags, hints, share, depth, tag, owner), best_here, area, parent in zip(
            texts, self.raw, in_best, in_area, self.parents
        ):
            blocks, chars, links = self.parent_counts.get(parent, (1, 1, 0))
            rows.append(
                (
                    share,
                    float(share >= 0.999),
                    *_flag_numbers(flags),
                    float(tag in _HEADINGS),
                    float(tag == "p"),
                    float(bool(flags & _F_PRE)),
                    *_hint_numbers(hints),
                    math.log1p(depth),
                    float(best_here),
                    best_share if best_here else 0.0,
                    float(best >= 0 and owner < best),
                    float(best >= 0 and owner > best_end),
                    float(area),
                    min(1.0, links / max(1, chars)),
                    math.log1p(blocks - 1),
                    float(block_key(text) in titles) if titles else 0.0,
                )
            )
        headline = next((t for t, r in zip(texts, self.raw) if r[4] == "h1"), "")
        if headline:
            metadata["headline"] = headline
        return DomPage(
            tuple(texts),
            tuple(self.layouts),
            tuple(self.marks),
            tuple(self.paths),
            tuple(rows),
            tuple(in_best),
            tuple(
                "nav_element" if flags & _NAV_ELEMENTS else "link_dense" if share >= 0.5 else ""
                for flags, _, share, *_ in self.raw
            ),
            metadata,
        )


def _hidden(attributes: Mapping[str, str | None]) -> bool:
    if "hidden" in attributes:
        ident = attributes.get("id") or ""
        # React's streaming render parks server-rendered content in <div hidden id="S:0"> and
        # moves it with a script: for a scraped page that content is the page.
        if not ident.startswith("S:"):
            return True
    aria = attributes.get("aria-hidden")
    if aria and aria.strip().lower() == "true":
        return True
    style = attributes.get("style")
    return bool(style and "none" in style and "display:none" in style.replace(" ", "").lower())


def _title_keys(
    metadata: Mapping[str, str], texts: list[str], raw: list[tuple[int, int, float, int, str, int]]
) -> set[str]:
    """The keys a headline of the page may have: the title, its parts around " | " or " - ", the
    og:title, the first h1."""
    keys: set[str] = set()
    for name in ("title", "og_title"):
        value = metadata.get(name)
        if value:
            keys.add(block_key(value))
            for part in re.split(r"\s[|\u2013\u2014:-]\s|\s[|\u00bb]", value):
                if len(part.split()) >= 2:
                    keys.add(block_key(part))
    for text, r in zip(texts, raw):
        if r[4] == "h1":
            keys.add(block_key(text))
            break
    keys.discard("")
    return keys


# -- bytes ------------------------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML document's first 2,048 bytes declare (``<meta charset>`` or
    ``http-equiv``), as the HTML standard reads it; None where none is declared or known.

    >>> declared_charset(b'<meta charset="ISO-8859-1">'), declared_charset(b"<p>no meta</p>")
    ('cp1252', None)
    """
    declared = _META_CHARSET.search(data[:2048])
    if not declared:
        return None
    name = declared.group(1).decode("ascii", "replace").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # The HTML standard reads a declared Latin-1 or ASCII as Windows-1252, and a declared UTF-16
    # in a byte stream without a BOM as UTF-8.
    if codec in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if codec.startswith("utf-16"):
        return "utf-8"
    return codec


def decode_html(data: bytes) -> str:
    """Decode an HTML document's bytes: by its byte-order mark, else the charset its first 2,048
    bytes declare (``<meta charset>`` or ``http-equiv``), else UTF-8; where UTF-8 fails, as
    Windows-1252 (what browsers fall back to for Western pages), invalid bytes replaced.

    >>> decode_html('<meta charset="iso-8859-1"><p>café'.encode("latin-1"))
    '<meta charset="iso-8859-1"><p>café'
    >>> decode_html(b"\\xef\\xbb\\xbf<p>caf\\xc3\\xa9")
    '<p>café'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    codec = declared_charset(data)
    if codec:
        return data.decode(codec, "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")
