"""cleantext on Dask: the same bodies and the same profile as in one process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install 'cleantext-blocks[dask]')"
)

import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from cleantext import clean
from cleantext.dask import clean_bag, clean_dataframe, learn_profile
from cleantext.profile import Profile
from cleantext.profile import learn_profile as learn_here
from sites import site_pages

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    pages = site_pages("gazette.example", 24, seed=3, quotes=True) + site_pages("courier.example", 12, seed=4)
    return [{"id": n, "url": f"https://{site}/{n}", "text": text} for n, (text, site, _) in enumerate(pages)]


@pytest.fixture(scope="module")
def profile(records: list[dict[str, object]]) -> Profile:
    return learn_here([(str(r["text"]), str(r["url"])) for r in records])


def _expected(records: list[dict[str, object]], profile: Profile) -> list[str]:
    return [clean(str(r["text"]), profile=profile, site=str(r["url"])) for r in records]


def test_clean_bag_equals_clean(records: list[dict[str, object]], profile: Profile) -> None:
    texts = [str(r["text"]) for r in records]
    bag = db.from_sequence(texts, npartitions=3)
    assert clean_bag(bag, min_content_score=0.6).compute(scheduler="sync") == [
        clean(t, min_content_score=0.6) for t in texts
    ]
    out = clean_bag(db.from_sequence(records, npartitions=4), profile=profile).compute(scheduler="sync")
    assert [r["clean"] for r in out] == _expected(records, profile)
    assert [r["id"] for r in out] == [r["id"] for r in records]


def test_clean_dataframe_equals_clean(records: list[dict[str, object]], profile: Profile) -> None:
    df = dd.from_pandas(pd.DataFrame.from_records(records), npartitions=3)
    bodies = clean_dataframe(df, "text", profile=profile).compute(scheduler="sync")
    assert bodies.tolist() == _expected(records, profile)
    with pytest.raises(KeyError, match="no column 'body'"):
        clean_dataframe(df, "body")


def test_distributed_learning_equals_learning_in_one_process(
    records: list[dict[str, object]], profile: Profile
) -> None:
    bag = db.from_sequence(records, npartitions=5)
    import dask

    with dask.config.set(scheduler="sync"):
        learned = learn_profile(bag, split_every=2)
        from_frame = learn_profile(dd.from_pandas(pd.DataFrame.from_records(records), npartitions=2))
    assert learned == profile.prune(2)
    assert from_frame == learned


def test_example_pipeline_on_a_local_cluster_matches_one_process(
    records: list[dict[str, object]], profile: Profile, tmp_path: Path
) -> None:
    shards = tmp_path / "shards"
    shards.mkdir()
    half = len(records) // 2
    for name, part in (("a.jsonl", records[:half]), ("b.jsonl", records[half:])):
        (shards / name).write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
    out, saved = tmp_path / "clean", tmp_path / "profile.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "examples" / "dask_pipeline.py"),
            "--input",
            str(shards / "*.jsonl"),
            "--output",
            str(out),
            "--workers",
            "2",
            "--partitions-per-shard",
            "2",
            "--profile-out",
            str(saved),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=ENV,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert f"cleaned {len(records)} pages of 2 sites" in done.stderr
    assert Profile.load(saved) == profile.prune(2)
    frame = pd.concat([pd.read_parquet(p) for p in sorted(out.glob("part-*.parquet"))], ignore_index=True)
    assert frame["id"].tolist() == [r["id"] for r in records]
    assert frame["clean"].tolist() == _expected(records, profile)
