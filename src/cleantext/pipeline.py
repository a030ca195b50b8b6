"""Wires the stages: segment -> normalize -> classify -> dedupe -> assemble."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cleantext.assemble import join_blocks
from cleantext.classify import Decision, classify_blocks, has_words
from cleantext.dedupe import Duplicate, Keyed, key_blocks, mark_duplicates
from cleantext.model import prepare
from cleantext.normalize import normalize_block
from cleantext.options import Options, resolve_options
from cleantext.rules import match_rules, ruled_flags
from cleantext.segment import split_blocks

__all__ = ["Block", "Result", "clean", "explain"]

# Classification rounds at most (789 of the 790 development pages settle within 14).
_MAX_ROUNDS = 16


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the page and the decision taken on it.

    `text` is the block after Unicode repair and white-space tidying; `start`/`end` locate the
    raw block in the input (``page[start:end]``). `reason` is a stable code (see
    `cleantext.REASONS`), `detail` the numbers behind it, `duplicate_of` the index of the block
    a duplicate repeats.
    """

    index: int
    text: str
    start: int
    end: int
    kept: bool
    reason: str
    detail: Mapping[str, float | int | str] = field(default_factory=dict)
    duplicate_of: int | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """The clean body and every block of the page with its decision, in page order."""

    text: str
    blocks: tuple[Block, ...]
    options: Options

    @property
    def kept(self) -> tuple[Block, ...]:
        """The blocks that make up `text`."""
        return tuple(b for b in self.blocks if b.kept)

    @property
    def dropped(self) -> tuple[Block, ...]:
        """The blocks left out, each with its reason."""
        return tuple(b for b in self.blocks if not b.kept)


def explain(text: str, options: Options | None = None, **overrides: Any) -> Result:
    """Clean `text` and return every block with the decision taken on it.

    >>> result = explain("Skip to content\\n\\nThe council approved the budget on Monday, "
    ...                  "after a long debate about the new library and its opening hours.")
    >>> [(b.reason, b.kept) for b in result.blocks]
    [('skip_link', False), ('content', True)]
    """
    _require_str(text, "explain")
    opts = resolve_options(options, overrides, "explain")
    spans = split_blocks(text)
    texts = [normalize_block(s.text, fix_unicode=opts.fix_unicode) for s in spans]
    verdicts: dict[int, tuple[Decision, Duplicate | None]] = {}
    alive = [i for i, t in enumerate(texts) if t]
    rules = dict(zip(alive, match_rules([texts[i] for i in alive], opts)))
    flags = ruled_flags([rules[i] for i in alive])
    worded = dict(zip(alive, has_words([texts[i] for i in alive])))
    prepared = dict(zip(alive, prepare([texts[i] for i in alive], flags, opts.language)))
    # Decide again on what survives until nothing more goes: then cleaning the output once more
    # meets the same blocks in the same context and keeps them all (clean is idempotent).
    # Every round drops at least one block, so this ends. Dedupe runs once classification is
    # stable: dropping blocks cannot make two surviving blocks repeat each other.
    # A page that sheds a few blocks a round would cost rounds x blocks (a page of thousands
    # of near-alike teasers took 62 rounds): after _MAX_ROUNDS classification stands as it is.
    rounds = 0
    keyed: Keyed | None = None  # from the first dedupe: later ones meet fewer blocks
    while alive:
        rounds += 1
        decisions = classify_blocks(
            [texts[i] for i in alive],
            [rules[i] for i in alive],
            opts,
            [prepared[i] for i in alive],
            [worded[i] for i in alive],
        )
        for i, decision in zip(alive, decisions):
            verdicts[i] = (decision, None)
        kept = [i for i, d in zip(alive, decisions) if d.kept]
        if len(kept) < len(alive) and rounds < _MAX_ROUNDS:
            alive = kept
            continue
        if keyed is None:
            keyed = key_blocks(texts, kept, sketch=opts.fuzzy_min_score is not None)
        repeats = {
            dup.block: dup
            for dup in _duplicates(texts, kept, opts, keyed)
            if rules[dup.block] != "user_keep" or dup.kind == "exact"
        }
        for i, dup in repeats.items():
            # A block may repeat one that goes as a repeat of a third: point at the one kept.
            while dup.of in repeats:
                dup = dup._replace(of=repeats[dup.of].of)
            verdicts[i] = (verdicts[i][0], dup)
        survivors = [i for i in kept if verdicts[i][1] is None]
        if len(survivors) == len(kept) or rounds >= _MAX_ROUNDS:
            break
        alive = survivors
    blocks: list[Block] = []
    for i, span in enumerate(spans):
        if i not in verdicts:
            blocks.append(Block(i, texts[i], span.start, span.end, False, "empty"))
            continue
        decision, repeat = verdicts[i]
        if repeat is not None:
            # A later dedupe may have found the block this one repeats to repeat a third: point
            # at the one that stands. A later round may have dropped it: go for the same reason.
            target = repeat.of
            while (further := verdicts[target][1]) is not None:
                target = further.of
            if verdicts[target][0].kept:
                repeat = repeat._replace(of=target)
            else:
                decision, repeat = verdicts[target][0], None
        if repeat is not None:
            detail = dict(decision.detail, duplicate_kind=repeat.kind, similarity=repeat.score)
            blocks.append(Block(i, texts[i], span.start, span.end, False, "duplicate", detail, repeat.of))
        else:
            blocks.append(
                Block(i, texts[i], span.start, span.end, decision.kept, decision.reason, decision.detail)
            )
    return Result(join_blocks(b.text for b in blocks if b.kept), tuple(blocks), opts)


def _duplicates(texts: list[str], kept: list[int], opts: Options, keyed: Keyed) -> list[Duplicate]:
    return mark_duplicates(
        texts,
        kept,
        fuzzy_min_score=opts.fuzzy_min_score,
        teaser_min_score=opts.teaser_min_score,
        sentence_min_words=opts.sentence_repeat_min_words,
        language=opts.language,
        keyed=keyed,
    )


def clean(text: str, options: Options | None = None, **overrides: Any) -> str:
    """Return the clean article body of a scraped page: kept blocks joined by a blank line.

    >>> clean("Menu\\n\\nHome\\n\\nThe council approved the budget on Monday, after a long "
    ...       "debate about the new library and its opening hours.\\n\\nShare on Facebook")
    'The council approved the budget on Monday, after a long debate about the new library and its opening hours.'
    """
    _require_str(text, "clean")
    return explain(text, options, **overrides).text


def _require_str(text: object, caller: str) -> None:
    if not isinstance(text, str):
        hint = (
            "decode bytes first, e.g. data.decode('utf-8', 'replace')"
            if isinstance(text, (bytes, bytearray))
            else "pass the page text as one str"
        )
        raise TypeError(f"{caller}() takes str, not {type(text).__name__}; {hint}")
