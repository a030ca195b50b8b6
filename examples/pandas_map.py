"""cleantext over a pandas column: `python examples/pandas_map.py` (needs pandas)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cleantext import clean, clean_many


def main() -> None:
    root = Path(__file__).resolve().parent.parent
    golden = sorted(p for p in (root / "tests" / "golden").glob("*.txt") if ".expected" not in p.name)
    pages = [root / "seeds" / "000_4492f097607dd5f0.txt", *golden]
    df = pd.DataFrame({"id": [p.stem for p in pages], "text": [p.read_text(encoding="utf-8") for p in pages]})

    # A few rows: Series.map with the plain function.
    df["clean"] = df["text"].map(clean)
    # Many rows: clean_many on every core, in order; the index lines the results up again.
    df["clean_parallel"] = pd.Series(clean_many(df["text"], jobs=2), index=df.index)

    assert df["clean"].equals(df["clean_parallel"])
    df["kept_share"] = df["clean"].str.len() / df["text"].str.len()
    print(df[["id", "kept_share"]].to_string(index=False))


if __name__ == "__main__":
    main()
