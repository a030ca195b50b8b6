"""Wires the stages: segment -> normalize -> classify -> dedupe -> assemble."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, NamedTuple

from cleantext.assemble import join_blocks, join_marked
from cleantext.classify import MODEL_DROPS, classify_blocks
from cleantext.core import compiled_core
from cleantext.dedupe import Duplicate, mark_duplicates, sketch_blocks
from cleantext.detect import Sniff, sniff
from cleantext.dom import decode_html, read_html
from cleantext.features import OWN
from cleantext.keys import block_key
from cleantext.model import ContentModel, default_html_model, default_model
from cleantext.options import Options, resolve_options
from cleantext.page import Page, build_dom_page, build_page
from cleantext.phrases import SECTION_HEADERS
from cleantext.profile import REASON as SITE_BOILERPLATE
from cleantext.profile import profile_detail
from cleantext.stopwords import stopwords as _stopwords

__all__ = ["Block", "Result", "clean", "explain", "tally"]

_RULE_KINDS = {"user_drop": "user pattern", "not_text": "not language"}
_I_PROSE, _I_TERMINAL = OWN.index("prose"), OWN.index("terminal")
# Classification rounds at most (789 of the 790 development pages settle within 14).
_MAX_ROUNDS = 16


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the page and the decision taken on it.

    `text` is the block after Unicode repair and white-space tidying; `start`/`end` locate the
    raw block in the input (``page[start:end]``; for an HTML page, in the text of its blocks
    joined by blank lines). `reason` is a stable code (see `cleantext.REASONS`), `detail` the
    numbers behind it, `duplicate_of` the index of the block a duplicate repeats. `path` is an
    HTML page's block's tag path ("body/div.content/article/p"; "" for text).
    """

    index: int
    text: str
    start: int
    end: int
    kept: bool
    reason: str
    detail: Mapping[str, float | int | str] = field(default_factory=dict)
    duplicate_of: int | None = None
    path: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """The clean body and every block of the page with its decision, in page order; for an
    HTML page, `metadata` holds what its head says: "title", "og_title", "headline" (the first
    <h1>), "lang", "url" (canonical), "description", where the page has them."""

    text: str
    blocks: tuple[Block, ...]
    options: Options
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def kept(self) -> tuple[Block, ...]:
        """The blocks that make up `text`."""
        return tuple(b for b in self.blocks if b.kept)

    @property
    def dropped(self) -> tuple[Block, ...]:
        """The blocks left out, each with its reason."""
        return tuple(b for b in self.blocks if not b.kept)


def explain(text: str | bytes, options: Options | None = None, **overrides: Any) -> Result:
    """Clean `text` and return every block with the decision taken on it.

    >>> result = explain("Skip to content\\n\\nThe council approved the budget on Monday, "
    ...                  "after a long debate about the new library and its opening hours.")
    >>> [(b.reason, b.kept) for b in result.blocks]
    [('skip_link', False), ('content', True)]
    """
    opts = resolve_options(options, overrides, "explain")
    return _explain(_require_str(text, "explain"), opts)


def _explain(text: str, opts: Options) -> Result:
    page, settled, why = _read(text, opts)
    if settled is not None:
        result = _result(page, settled, opts)
        # A body that is itself not language (symbols, repaired mojibake, a blob) is none: the
        # same test then holds when the body is cleaned again.
        if page.marks or not _not_language(result.text):
            return result
        why = f"body: {sniff(result.text).rule}"
    # Binary, random or encoded data, minified code: there is no body to find.
    detail = {"rule": "not language", "page": why}
    blocks = tuple(
        Block(i, t, s, e, False, "not_text" if t else "empty", detail if t else {})
        for i, (t, s, e) in enumerate(zip(page.texts, page.starts, page.ends))
    )
    return Result("", blocks, opts)


def _clean(text: str, opts: Options) -> str:
    """explain(text).text without building a Block per block."""
    page, settled, _ = _read(text, opts)
    if settled is None:
        return ""
    body = _body(page, _kept(settled), opts)
    return "" if not page.marks and _not_language(body) else body


def _read(text: str, opts: Options) -> tuple[Page, _Settled | None, str]:
    """The page table, the decisions on its blocks (None: the page is not language), and the
    test that said what the page is."""
    sniffed = _sniff(text, opts)
    if sniffed.kind == "html":
        model = opts.html_model or default_html_model()
        page = build_dom_page(read_html(text), opts, model)
        return page, settle(page, opts, model), sniffed.rule
    model = opts.model or default_model()
    page = build_page(text, opts, model)
    if sniffed.kind != "text":
        return page, None, sniffed.rule
    return page, settle(page, opts, model), sniffed.rule


def _kept(settled: _Settled) -> list[int]:
    return [i for i, kept in enumerate(settled.kept) if kept and i not in settled.repeats]


def _not_language(body: str) -> bool:
    return bool(body) and sniff(body).kind == "not_text"


def _body(page: Page, kept: list[int], opts: Options) -> str:
    """The kept blocks joined as the options say (text or Markdown, the headline first)."""
    texts = [page.texts[i] for i in kept]
    layouts = [page.layouts[i] for i in kept]
    marks = [page.marks[i] for i in kept] if page.marks else None
    if opts.headline_first and page.marks:
        headline = (
            page.metadata.get("headline") or page.metadata.get("og_title") or page.metadata.get("title")
        )
        if headline and (not texts or block_key(texts[0]) != block_key(headline)):
            texts.insert(0, headline)
            layouts.insert(0, "")
            assert marks is not None
            marks.insert(0, "# ")
    if marks is None and opts.output == "text":
        return join_blocks(texts)
    return join_marked(texts, layouts, marks, opts.output == "markdown")


def _sniff(text: str, opts: Options) -> Sniff:
    """What the page is: HTML (read as HTML unless the options say text), text, or not text."""
    if opts.input == "html":
        return Sniff("html", "input", 0, 0.0, 0.0, 0.0)
    sniffed = sniff(text)
    if sniffed.kind == "html" and opts.input == "text":
        return sniffed._replace(kind="text", rule="input")
    return sniffed


class _Settled(NamedTuple):
    """The decision on every block, as columns: from the last round that saw it (kept None:
    never classified, an empty block), with the block it repeats and the model's scores."""

    kept: list[bool | None]
    reasons: list[str | None]
    notes: list[str | None]
    probability: list[float]
    in_main: list[bool]
    repeats: dict[int, Duplicate]
    #: blocks classified in each round
    rounds: list[int]


# A block's rule as the compiled core's rounds read it (_core.PageCore).
_USER_KEEP, _USER_DROP, _RULED, _SECTION = 1, 2, 3, 4


def settle(page: Page, opts: Options, model: ContentModel) -> _Settled:
    """Classify the page's blocks, again on what survives until nothing more goes, then mark
    repeats among the kept blocks.

    Deciding again on the survivors means that cleaning the output once more meets the same
    blocks in the same context and keeps them all (clean is idempotent). Every round drops at
    least one block, so this ends; a page that sheds a few blocks a round would cost rounds x
    blocks (a page of thousands of near-alike teasers took 62 rounds), so after _MAX_ROUNDS
    classification stands as it is. Dedupe runs once classification is stable: dropping blocks
    cannot make two surviving blocks repeat each other.
    """
    core = compiled_core(opts.engine)
    judge = _CompiledJudge(page, opts, model, core) if core is not None else _Judge(page, opts, model)
    # Blocks the site profile drops never meet the model: as rule furniture around the article
    # they cost it its short lines (docs/scale.md), and the body cleaned again has none of them.
    profiled = [i for i, rule in enumerate(page.rules) if rule == SITE_BOILERPLATE]
    alive = [i for i, t in enumerate(page.texts) if t and page.rules[i] != SITE_BOILERPLATE]
    repeats: dict[int, Duplicate] = {}
    rounds = 0
    sketches: dict[int, list[int]] | None = None  # from the first dedupe: later ones meet fewer blocks
    while alive:
        kept, rounds = judge.rounds(alive, rounds)
        for i in alive:  # a later round's decision replaces an earlier repeat mark of the block
            repeats.pop(i, None)
        if sketches is None and opts.fuzzy_min_score is not None:
            sketches = sketch_blocks(page.keys, kept, opts.engine)
        main = page.in_main_element
        found = {
            dup.block: dup
            for dup in _duplicates(page, kept, opts, sketches)
            if (page.rules[dup.block] != "user_keep" or dup.kind == "exact")
            # Inside the element that holds an HTML page's article a repeat is the author's (each
            # product's "Pros" and "Cons", a listing's "Read more", a quoted post); repeats with
            # a block outside it are the page's furniture (the headline again in a teaser).
            and not (main and main[dup.block] and main[dup.of])
        }
        for i, dup in found.items():
            # A block may repeat one that goes as a repeat of a third: point at the one kept.
            while dup.of in found:
                dup = dup._replace(of=found[dup.of].of)
            repeats[i] = dup
        survivors = [i for i in kept if i not in found]
        if len(survivors) == len(kept) or rounds >= _MAX_ROUNDS:
            break
        alive = survivors
    settled = judge.settled(repeats)
    for i in profiled:
        settled.kept[i], settled.reasons[i] = False, SITE_BOILERPLATE
    if page.structure:
        # On an HTML page a block the model drops is named after what the markup says it is.
        reasons = settled.reasons
        for i, named in enumerate(page.structure):
            if named and page.rules[i] is None and reasons[i] in MODEL_DROPS:
                reasons[i] = named
    return settled


class _Judge:
    """The classification rounds in pure Python: the model's scores, then classify's decisions,
    recorded per block."""

    def __init__(self, page: Page, opts: Options, model: ContentModel) -> None:
        self.page, self.opts, self.model = page, opts, model
        self.stopwords = _stopwords(opts.language)
        n = len(page)
        self.columns = _Settled([None] * n, [None] * n, [None] * n, [0.0] * n, [False] * n, {}, [])

    def rounds(self, alive: list[int], rounds: int) -> tuple[list[int], int]:
        """Classify `alive`, again on what survives until nothing more goes or _MAX_ROUNDS
        rounds have run in all; return the kept blocks and the rounds run."""
        page, opts, record = self.page, self.opts, self.columns
        while True:
            rounds += 1
            record.rounds.append(len(alive))
            scores = self.model.score_page(page, alive, self.stopwords)
            verdicts = classify_blocks(
                [page.rules[i] for i in alive],
                [page.words[i] for i in alive],
                scores,
                opts.min_content_score,
                opts.keep_weak_page,
                [page.layouts[i] for i in alive],
            )
            for k, i in enumerate(alive):
                record.kept[i] = verdicts.kept[k]
                record.reasons[i] = verdicts.reasons[k]
                record.notes[i] = verdicts.notes[k]
                record.probability[i] = scores.probability[k]
                record.in_main[i] = scores.in_main[k]
            kept = [i for i, keep in zip(alive, verdicts.kept) if keep]
            if len(kept) == len(alive) or rounds >= _MAX_ROUNDS:
                return kept, rounds
            alive = kept

    def settled(self, repeats: dict[int, Duplicate]) -> _Settled:
        return self.columns._replace(repeats=repeats)


class _CompiledJudge:
    """_Judge's rounds in the compiled core: one call per settle step, no object per block."""

    def __init__(self, page: Page, opts: Options, model: ContentModel, core: ModuleType) -> None:
        self.page, self.opts, self.core = page, opts, core
        categories = bytes(
            0
            if rule is None
            else _USER_KEEP
            if rule == "user_keep"
            else _USER_DROP
            if rule == "user_drop"
            else _SECTION
            if rule in SECTION_HEADERS
            else _RULED
            for rule in page.rules
        )
        self.sizes: list[int] = []
        self.judge = core.PageCore(
            page.shapes.values,
            list(page.words),
            list(page.keys),
            categories,
            bytes(bool(layout) for layout in page.layouts),
            model.word_table(core, _stopwords(opts.language)),
            model.stage1.coef,
            model.stage1.bias,
            model.stage2.coef,
            model.stage2.bias,
            _I_PROSE,
            _I_TERMINAL,
        )

    def rounds(self, alive: list[int], rounds: int) -> tuple[list[int], int]:
        opts = self.opts
        kept, rounds = self.judge.judge(
            alive, opts.min_content_score, opts.keep_weak_page, rounds, _MAX_ROUNDS, self.sizes
        )
        return kept, rounds

    def settled(self, repeats: dict[int, Duplicate]) -> _Settled:
        kept, reason_codes, note_codes, probability, in_main = self.judge.columns()
        reasons = [
            None if keep is None else self.page.rules[i] if code == 0 else self.core.REASON_NAMES[code]
            for i, (keep, code) in enumerate(zip(kept, reason_codes))
        ]
        notes = [self.core.NOTE_NAMES[code] for code in note_codes]
        return _Settled(kept, reasons, notes, probability, in_main, repeats, self.sizes)


def _result(page: Page, settled: _Settled, opts: Options) -> Result:
    def detail_of(i: int) -> dict[str, float | int | str]:
        rule = page.rules[i]
        detail: dict[str, float | int | str]
        if rule is None or rule == "user_keep":
            detail = {"score": round(settled.probability[i], 3), "in_main_run": int(settled.in_main[i])}
        else:
            detail = {"rule": _RULE_KINDS.get(rule, "phrase data")}
        note = settled.notes[i]
        if note is not None:
            detail[note] = 1
        if opts.profile is not None:
            detail.update(profile_detail(page.keys[i], rule, opts))
        return detail

    paths = page.paths

    def path(i: int) -> str:
        return paths[i] if paths else ""

    blocks: list[Block] = []
    for i in range(len(page)):
        text, start, end = page.texts[i], page.starts[i], page.ends[i]
        if settled.kept[i] is None:
            blocks.append(Block(i, text, start, end, False, "empty", path=path(i)))
            continue
        decided, target = _decided_by(settled, i)
        if target is not None:
            repeat = settled.repeats[i]
            detail = {**detail_of(i), "duplicate_kind": repeat.kind, "similarity": repeat.score}
            blocks.append(Block(i, text, start, end, False, "duplicate", detail, target, path(i)))
        else:
            kept, reason = settled.kept[decided], settled.reasons[decided]
            assert kept is not None and reason is not None
            blocks.append(Block(i, text, start, end, kept, reason, detail_of(decided), path=path(i)))
    body = _body(page, [b.index for b in blocks if b.kept], opts)
    return Result(body, tuple(blocks), opts, page.metadata)


def _decided_by(settled: _Settled, i: int) -> tuple[int, int | None]:
    """The block whose decision block `i` takes (itself, unless it repeats a block a later round
    dropped: it goes for the same reason), and the kept block it repeats (None: not a repeat)."""
    repeat = settled.repeats.get(i)
    if repeat is None:
        return i, None
    # A later dedupe may have found the block this one repeats to repeat a third: point at the
    # one that stands.
    target = repeat.of
    while (further := settled.repeats.get(target)) is not None:
        target = further.of
    return (i, target) if settled.kept[target] else (target, None)


def tally(
    text: str | bytes, options: Options | None = None, **overrides: Any
) -> tuple[str, dict[str, tuple[int, int]]]:
    """clean(text), and per reason code the blocks and words that went that way (kept ones
    under "content", "heading", "user_keep"), without building a Block per block.

    >>> body, counts = tally("Skip to content\\n\\nThe council approved the budget on Monday, "
    ...                      "after a long debate about the new library and its opening hours.")
    >>> counts
    {'skip_link': (1, 3), 'content': (1, 19)}
    """
    opts = resolve_options(options, overrides, "tally")
    page, settled, _ = _read(_require_str(text, "tally"), opts)
    counts: dict[str, list[int]] = {}

    def count(reason: str, words: int) -> None:
        entry = counts.setdefault(reason, [0, 0])
        entry[0] += 1
        entry[1] += words

    body = ""
    if settled is not None:
        body = _body(page, _kept(settled), opts)
        if page.marks or not _not_language(body):
            for i in range(len(page)):
                decided, target = _decided_by(settled, i)
                reason = settled.reasons[decided]
                count(
                    "empty" if reason is None else "duplicate" if target is not None else reason,
                    page.words[i],
                )
            return body, {reason: (blocks, words) for reason, (blocks, words) in counts.items()}
        body = ""
    for t, words in zip(page.texts, page.words):
        count("not_text" if t else "empty", words)
    return body, {reason: (blocks, words) for reason, (blocks, words) in counts.items()}


def _duplicates(
    page: Page, kept: list[int], opts: Options, sketches: dict[int, list[int]] | None
) -> list[Duplicate]:
    return mark_duplicates(
        page.texts,
        page.keys,
        kept,
        fuzzy_min_score=opts.fuzzy_min_score,
        teaser_min_score=opts.teaser_min_score,
        sentence_min_words=opts.sentence_repeat_min_words,
        language=opts.language,
        sketches=sketches,
        engine=opts.engine,
    )


def clean(text: str | bytes, options: Options | None = None, **overrides: Any) -> str:
    """Return the clean article body of a scraped page: kept blocks joined by a blank line.

    >>> clean("Menu\\n\\nHome\\n\\nThe council approved the budget on Monday, after a long "
    ...       "debate about the new library and its opening hours.\\n\\nShare on Facebook")
    'The council approved the budget on Monday, after a long debate about the new library and its opening hours.'
    """
    opts = resolve_options(options, overrides, "clean")
    return _clean(_require_str(text, "clean"), opts)


def _require_str(text: object, caller: str) -> str:
    """The page as a str: bytes are decoded as an HTML document's are (dom.decode_html: the
    byte-order mark, the declared charset, else UTF-8, else Windows-1252)."""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        return decode_html(bytes(text))
    raise TypeError(f"{caller}() takes the page as str (or bytes), not {type(text).__name__}")
