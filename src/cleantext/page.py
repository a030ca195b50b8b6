"""The page as one table: a row per block, a column per fact that the later stages read."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from cleantext.codewords import CODE_WORDS
from cleantext.core import compiled_core
from cleantext.detect import junk_reasons
from cleantext.dom import DomPage
from cleantext.features import Rows
from cleantext.keys import block_key, block_keys
from cleantext.model import ContentModel
from cleantext.normalize import CONTINUATION_CHARS, LEAD_CHARS, normalize_block
from cleantext.options import Options
from cleantext.profile import mark_site_boilerplate
from cleantext.rules import match_rules
from cleantext.segment import split_blocks
from cleantext.stopwords import stopwords

__all__ = ["Page", "block_key", "block_keys", "build_dom_page", "build_page"]

_WORD = re.compile(r"\w+")
_USER_RULES = frozenset({"user_drop", "user_keep"})


@dataclass(frozen=True, slots=True)
class Page:
    """One page cut into blocks, with what every stage needs of each block, computed once.

    Columns hold one value per block, in page order (numbers in arrays): where the raw block stands in
    `text` (``text[starts[i]:ends[i]]``), its repaired and tidied text (empty: the block goes),
    the reason a rule gives it (None: no rule), whether the model leaves it out for that, its
    count of words, its key (casefolded words joined by one space: what repeats compare), and
    its own shape (`features.OWN`; zeros where the model does not score the block). `layouts`
    says "code" or "table" for a block that keeps its line breaks and indentation, else "".
    """

    text: str
    starts: array[int]
    ends: array[int]
    texts: tuple[str, ...]
    layouts: tuple[str, ...]
    rules: tuple[str | None, ...]
    ruled: tuple[bool, ...]
    words: tuple[int, ...]
    keys: tuple[str, ...]
    shapes: Rows
    marks: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    in_main_element: tuple[bool, ...] = ()
    structure: tuple[str, ...] = ()
    metadata: Mapping[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.starts)


def build_page(text: str, options: Options, model: ContentModel) -> Page:
    """Cut `text` into blocks and compute every block's own facts, once per page.

    >>> from cleantext.model import default_model
    >>> page = build_page("Skip to content\\n\\nThe  council met.", Options(), default_model())
    >>> page.texts, page.rules, page.keys
    (('Skip to content', 'The council met.'), ('skip_link', None), ('skip to content', 'the council met'))
    """
    fix = options.fix_unicode
    core = compiled_core(options.engine)
    if core is None:
        spans = split_blocks(text)
        starts = [s.start for s in spans]
        ends = [s.end for s in spans]
        layouts = [s.layout for s in spans]
        texts = [normalize_block(s.text, fix_unicode=fix, layout=s.layout) for s in spans]
        words = [len(_WORD.findall(t)) for t in texts]
        keys = block_keys(texts)
    else:
        starts, ends, layouts, texts, words, keys = core.split_page(
            text,
            fix,
            _repair_table(core),
            _IS_NFC,
            functools.partial(normalize_block, fix_unicode=fix),
            CODE_WORDS,
        )
    return _finish(text, starts, ends, texts, layouts, words, keys, options, model)


def build_dom_page(dom: DomPage, options: Options, model: ContentModel) -> Page:
    """The page table of an HTML page's blocks (dom.read_html): the same columns as
    build_page's, the markup's numbers in the shapes where `model` reads them, and each block's
    Markdown mark and tag path."""
    fix = options.fix_unicode
    texts = [normalize_block(t, fix_unicode=fix, layout=layout) for t, layout in zip(dom.texts, dom.layouts)]
    starts, ends, at = [], [], 0
    for raw in dom.texts:
        starts.append(at)
        at += len(raw)
        ends.append(at)
        at += 2
    words = [len(_WORD.findall(t)) for t in texts]
    page = _finish(
        "\n\n".join(dom.texts),
        starts,
        ends,
        texts,
        dom.layouts,
        words,
        block_keys(texts),
        options,
        model,
        dom.features,
    )
    return dataclasses.replace(
        page,
        marks=dom.marks,
        paths=dom.paths,
        in_main_element=dom.in_main_element,
        structure=dom.structure,
        metadata=dom.metadata,
    )


def _finish(
    text: str,
    starts: Sequence[int],
    ends: Sequence[int],
    texts: Sequence[str],
    layouts: Sequence[str],
    words: Sequence[int],
    keys: Sequence[str],
    options: Options,
    model: ContentModel,
    dom: Sequence[tuple[float, ...]] | None = None,
) -> Page:
    # A block that is not language (a data URI, a hex or base64 blob, a line of minified code)
    # goes as surely as one a phrase rule matched, unless a user's rule keeps it. Phrase data
    # names prose furniture: a code or table block is none ("request.cookies.get" is no cookie
    # notice), whatever words it holds; the user's patterns still apply to it.
    rules: list[str | None] = []
    for rule, junk, layout in zip(match_rules(texts, options, words), junk_reasons(texts), layouts):
        if layout and rule not in _USER_RULES:
            rule = None
        rules.append("not_text" if junk and rule is None else rule)
    rules = list(mark_site_boilerplate(rules, keys, words, options))
    ruled = tuple(rule is not None and rule != "user_keep" for rule in rules)
    shapes = model.shapes(texts, ruled, stopwords(options.language), options.engine, dom)
    return Page(
        text,
        array("q", starts),
        array("q", ends),
        tuple(texts),
        tuple(layouts),
        tuple(rules),
        ruled,
        tuple(words),
        tuple(keys),
        shapes,
    )


_IS_NFC = functools.partial(unicodedata.is_normalized, "NFC")


@functools.cache
def _repair_table(core: ModuleType) -> Any:
    """The compiled core's test of what ftfy would look at (normalize._NEEDS_FTFY)."""
    return core.RepairTable(LEAD_CHARS, CONTINUATION_CHARS)
