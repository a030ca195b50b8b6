"""Clean the bundled seed page and say what was dropped: `python examples/clean_seed.py`."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from cleantext import explain

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_4492f097607dd5f0.txt"


def main() -> None:
    result = explain(SEED.read_text(encoding="utf-8"))
    print(result.text)
    dropped = Counter(block.reason for block in result.dropped)
    summary = ", ".join(f"{reason} {count}" for reason, count in sorted(dropped.items()))
    print(f"kept {len(result.kept)} of {len(result.blocks)} blocks; dropped: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
