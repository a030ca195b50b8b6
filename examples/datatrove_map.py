"""cleantext as a step of a datatrove-style pipeline: a plain function over documents.

datatrove accepts any callable ``step(data, rank, world_size)`` that maps an iterator of
documents to an iterator of documents, so no subclass is needed. The step sends the texts
through `clean_many` (every core, input order, bounded memory) and puts each clean body back
on its document, dropping documents left empty and counting them, as datatrove filters do.

Runs with datatrove's `Document` when datatrove is installed, else with a stand-in of the same
shape: `python examples/datatrove_map.py`.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext import clean_many

try:
    from datatrove.data import Document
except ImportError:  # the same fields as datatrove's Document

    @dataclass
    class Document:
        text: str
        id: str
        metadata: dict[str, Any] = field(default_factory=dict)


def clean_step(
    data: Iterable[Document], rank: int = 0, world_size: int = 1, jobs: int = 2
) -> Iterator[Document]:
    """Replace each document's text with its clean body; drop (and count) the empty ones."""
    stats: Counter[str] = Counter()
    pending: deque[Document] = deque()

    def texts() -> Iterator[str]:
        # clean_many reads ahead a bounded window; `pending` holds exactly those documents.
        for doc in data:
            pending.append(doc)
            yield doc.text

    for body in clean_many(texts(), jobs=jobs):
        doc = pending.popleft()
        doc.metadata["cleantext_removed_chars"] = len(doc.text) - len(body)
        if not body:
            stats["dropped_empty"] += 1
            continue
        stats["kept"] += 1
        doc.text = body
        yield doc
    print(f"rank {rank}/{world_size}: {dict(stats)}")


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    golden = sorted(p for p in (root / "tests" / "golden").glob("*.txt") if ".expected" not in p.name)
    pages = [root / "seeds" / "000_4492f097607dd5f0.txt", *golden]
    docs = [Document(text=p.read_text(encoding="utf-8"), id=p.stem) for p in pages]
    docs.append(Document(text="Skip to content\n\nShare on Facebook", id="only-boilerplate"))
    for doc in clean_step(docs):
        print(f"{doc.id}: {doc.metadata['cleantext_removed_chars']} chars removed; {doc.text[:60]!r}")


if __name__ == "__main__":
    main()
