"""Run statistics: pages, characters in and out, and the blocks and words each reason kept or dropped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleantext.pipeline import Result

__all__ = ["KEPT_REASONS", "Stats"]

#: The reason codes of kept blocks; every other code (`cleantext.REASONS`) drops its block.
KEPT_REASONS = frozenset({"content", "heading", "user_keep"})

# A word as the page counts it (page.words): a run of \w, so that a Result's blocks count as tally() does.
_WORD = re.compile(r"\w+")

_FIELDS = ("pages", "failed_pages", "empty_pages", "input_chars", "output_chars")


@dataclass
class Stats:
    """What a run did: pages seen (`failed_pages` of them failed, `empty_pages` gave an empty body),
    characters of the pages cleaned and of their bodies, and per reason code the blocks and words
    that went that way. A plain value: fill it with `add`, `add_result` or
    ``clean_many(..., stats=stats)``; combine the stats of processes or shards with ``a + b``,
    ``sum(parts, Stats())`` or ``a.update(b)``; it pickles, and `as_dict` / `from_dict` carry it
    through JSON.

    >>> from cleantext.pipeline import tally
    >>> page = "Skip to content\\n\\nThe council approved the budget on Monday, after a long debate."
    >>> stats = Stats()
    >>> stats.add(page, *tally(page))
    >>> stats.add("Home", *tally("Home"))
    >>> stats.pages, stats.blocks, stats.words
    (2, {'skip_link': 1, 'content': 1, 'nav_menu': 1}, {'skip_link': 3, 'content': 11, 'nav_menu': 1})
    >>> print(stats)
    pages        2 (0 failed, 1 with an empty body)
    characters   84 in, 63 out (75.0%)
    reason       blocks      %  words      %
    kept              1  33.3%     11  73.3%
      content         1  33.3%     11  73.3%
    dropped           2  66.7%      4  26.7%
      skip_link       1  33.3%      3  20.0%
      nav_menu        1  33.3%      1   6.7%
    """

    pages: int = 0
    failed_pages: int = 0
    empty_pages: int = 0
    input_chars: int = 0
    output_chars: int = 0
    #: blocks per reason code
    blocks: dict[str, int] = field(default_factory=dict)
    #: words (runs of \\w) per reason code; the same codes as `blocks`
    words: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, body: str, counts: Mapping[str, tuple[int, int]]) -> None:
        """Count one page cleaned: its text, its body and the (blocks, words) per reason that
        `cleantext.pipeline.tally` gives with the body."""
        self.pages += 1
        self.empty_pages += not body
        self.input_chars += len(text)
        self.output_chars += len(body)
        for reason, (blocks, words) in counts.items():
            self._count(reason, blocks, words)

    def add_result(self, text: str, result: Result) -> None:
        """Count one page cleaned by `explain`: the same numbers as `add` with tally()'s."""
        counts: dict[str, tuple[int, int]] = {}
        for block in result.blocks:
            blocks, words = counts.get(block.reason, (0, 0))
            counts[block.reason] = (blocks + 1, words + len(_WORD.findall(block.text)))
        self.add(text, result.text, counts)

    def add_failure(self) -> None:
        """Count one page that could not be cleaned (unreadable, refused, not a str)."""
        self.pages += 1
        self.failed_pages += 1

    def update(self, other: Stats) -> None:
        """Add the counts of `other` to these, in place."""
        if not isinstance(other, Stats):
            raise TypeError(f"Stats.update() takes a Stats, not {type(other).__name__}")
        for name in _FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for reason, blocks in other.blocks.items():
            self._count(reason, blocks, other.words.get(reason, 0))

    def __add__(self, other: object) -> Stats:
        if not isinstance(other, Stats):
            return NotImplemented
        total = Stats()
        total.update(self)
        total.update(other)
        return total

    def _count(self, reason: str, blocks: int, words: int) -> None:
        self.blocks[reason] = self.blocks.get(reason, 0) + blocks
        self.words[reason] = self.words.get(reason, 0) + words

    @property
    def kept_blocks(self) -> int:
        """Blocks kept, of every page."""
        return sum(n for reason, n in self.blocks.items() if reason in KEPT_REASONS)

    @property
    def dropped_blocks(self) -> int:
        """Blocks dropped, whatever the reason."""
        return sum(n for reason, n in self.blocks.items() if reason not in KEPT_REASONS)

    @property
    def kept_words(self) -> int:
        """Words of the blocks kept."""
        return sum(n for reason, n in self.words.items() if reason in KEPT_REASONS)

    @property
    def dropped_words(self) -> int:
        """Words of the blocks dropped."""
        return sum(n for reason, n in self.words.items() if reason not in KEPT_REASONS)

    def reasons(self) -> list[str]:
        """The reason codes seen: kept ones first, each group by words, then blocks, most first."""
        return sorted(
            self.blocks,
            key=lambda r: (r not in KEPT_REASONS, -self.words.get(r, 0), -self.blocks[r], r),
        )

    def as_dict(self) -> dict[str, Any]:
        """The statistics as JSON-ready data; `from_dict` reads it back.

        >>> Stats(pages=2, failed_pages=1, blocks={"empty": 3}, words={"empty": 0}).as_dict()["blocks"]
        {'kept': 0, 'dropped': 3, 'total': 3}
        """
        return {
            **{name: getattr(self, name) for name in _FIELDS},
            "blocks": {
                "kept": self.kept_blocks,
                "dropped": self.dropped_blocks,
                "total": sum(self.blocks.values()),
            },
            "words": {
                "kept": self.kept_words,
                "dropped": self.dropped_words,
                "total": sum(self.words.values()),
            },
            "reasons": {
                reason: {
                    "kept": reason in KEPT_REASONS,
                    "blocks": self.blocks[reason],
                    "words": self.words.get(reason, 0),
                }
                for reason in self.reasons()
            },
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Stats:
        """The Stats that `as_dict` (or ``cleantext --stats-json``) wrote, e.g. to merge shards."""
        try:
            stats = cls()
            for name in _FIELDS:
                setattr(stats, name, int(data[name]))
            for reason, entry in data["reasons"].items():
                stats._count(reason, int(entry["blocks"]), int(entry["words"]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(
                f"Stats.from_dict() takes what Stats.as_dict() returns; this lacks or garbles {exc}"
            ) from None
        return stats

    def summary(self) -> str:
        """A short table: pages, characters, then the blocks and words kept and dropped, by reason,
        with their shares of all blocks and all words."""
        out = f", {self.output_chars:,} out ({_share(self.output_chars, self.input_chars)})"
        head = [
            (
                "pages",
                f"{self.pages:,} ({self.failed_pages:,} failed, {self.empty_pages:,} with an empty body)",
            ),
            ("characters", f"{self.input_chars:,} in{out}"),
        ]
        total_blocks, total_words = sum(self.blocks.values()), sum(self.words.values())
        rows: list[tuple[str, ...]] = [("reason", "blocks", "%", "words", "%")]
        for label, kept in (("kept", True), ("dropped", False)):
            blocks = self.kept_blocks if kept else self.dropped_blocks
            words = self.kept_words if kept else self.dropped_words
            rows.append(_row(label, blocks, total_blocks, words, total_words))
            for reason in self.reasons():
                if (reason in KEPT_REASONS) == kept:
                    of_reason = self.blocks[reason], self.words.get(reason, 0)
                    rows.append(_row(f"  {reason}", of_reason[0], total_blocks, of_reason[1], total_words))
        width = max(len(label) for label, *_ in (*head, *rows))
        lines = [f"{label:<{width}}  {text}" for label, text in head]
        widths = [max(len(row[i]) for row in rows) for i in range(1, 5)]
        for label, *cells in rows:
            lines.append(f"{label:<{width}}" + "".join(f"  {c:>{w}}" for c, w in zip(cells, widths)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def _row(label: str, blocks: int, total_blocks: int, words: int, total_words: int) -> tuple[str, ...]:
    return (label, f"{blocks:,}", _share(blocks, total_blocks), f"{words:,}", _share(words, total_words))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "-"
