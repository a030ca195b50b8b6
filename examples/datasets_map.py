"""cleantext in a Hugging Face `datasets.Dataset.map`: `python examples/datasets_map.py` (needs datasets).

`map` runs the function on batches and its own `num_proc` processes, so each batch is cleaned
in-process (`jobs=1`): one level of processes, not a pool inside each of datasets' workers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasets import Dataset

from cleantext import clean_many


def clean_batch(batch: dict[str, list[Any]]) -> dict[str, list[str]]:
    """Add the clean body of each page of the batch under "clean"."""
    return {"clean": list(clean_many(batch["text"], jobs=1))}


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    golden = sorted(p for p in (root / "tests" / "golden").glob("*.txt") if ".expected" not in p.name)
    pages = [root / "seeds" / "000_4492f097607dd5f0.txt", *golden]
    ds = Dataset.from_dict(
        {"id": [p.stem for p in pages], "text": [p.read_text(encoding="utf-8") for p in pages]}
    )
    ds = ds.map(clean_batch, batched=True, batch_size=4, num_proc=2)
    for row in ds:
        print(f"{row['id']}: {len(row['text'])} -> {len(row['clean'])} chars")


if __name__ == "__main__":
    main()
