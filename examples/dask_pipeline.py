"""Clean a dump on a Dask cluster: read JSONL or Parquet shards, learn a site profile, clean every
page with it, write Parquet.

    pip install 'cleantext-blocks[dask]'
    python examples/dask_pipeline.py --input 'shards/*.jsonl.gz' --output clean/ --site-field site

Runs on a LocalCluster of 2 single-threaded worker processes. To run on a cluster, start the
client another way and leave the rest as it is:

- an existing scheduler: ``--scheduler tcp://scheduler-host:8786`` (workers started with
  ``dask worker tcp://scheduler-host:8786``, with cleantext installed on every worker);
- Slurm: ``from dask_jobqueue import SLURMCluster; cluster = SLURMCluster(cores=8, memory="16GB",
  processes=8); cluster.scale(jobs=10); client = Client(cluster)`` (package dask-jobqueue);
- Kubernetes: ``from dask_kubernetes.operator import KubeCluster; cluster = KubeCluster(
  name="cleantext", image="your-image-with-cleantext", n_workers=20); client = Client(cluster)``
  (package dask-kubernetes).

Every worker needs the same cleantext version (the compiled core is built where it is
installed). Output: one Parquet file per partition, ``part-00000.parquet`` and on, in input
order, each input field kept and the clean body under "clean".
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


def write_partition(records: list[dict[str, object]], path: Path) -> int:
    """Write one partition's records as a Parquet file (every field kept; missing ones null)."""
    import pandas as pd

    pd.DataFrame.from_records(records).to_parquet(path, index=False)
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--input", required=True, help="a glob of JSONL (.jsonl, .jsonl.gz) or Parquet shards"
    )
    parser.add_argument("--output", required=True, help="the directory of Parquet files to write")
    parser.add_argument("--field", default="text", help="the field with the page text (default: text)")
    parser.add_argument("--site-field", help="the field that names a page's site (default: the url's host)")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes (default: 2)")
    parser.add_argument("--scheduler", help="the address of a running scheduler instead of a LocalCluster")
    parser.add_argument("--profile-out", help="also write the learned profile to this file")
    parser.add_argument(
        "--partitions-per-shard", type=int, default=1, help="split each JSONL shard (default: 1)"
    )
    args = parser.parse_args(argv)

    import dask.bag as db
    import dask.dataframe as dd
    from dask import compute, delayed
    from dask.distributed import Client, LocalCluster

    from cleantext.dask import clean_bag, learn_profile

    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
    else:
        # Worker processes, one thread each: cleaning is pure Python and holds the GIL.
        cluster = LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = Client(cluster)
    start = time.perf_counter()
    try:
        if args.input.endswith(".parquet") or Path(args.input).is_dir():
            records = dd.read_parquet(args.input).to_bag(format="dict")
        else:
            lines = db.read_text(args.input, files_per_partition=1)
            if args.partitions_per_shard > 1:
                lines = lines.repartition(lines.npartitions * args.partitions_per_shard)
            records = lines.filter(str.strip).map(json.loads)
        # Read twice, to learn and then to clean: a dump need not fit in the cluster's memory.
        profile = learn_profile(records, field=args.field, site_field=args.site_field)
        if args.profile_out:
            profile.save(args.profile_out)
        cleaned = clean_bag(records, field=args.field, site_field=args.site_field, profile=profile)
        Path(args.output).mkdir(parents=True, exist_ok=True)
        # One Parquet file per partition, written by the worker that cleaned it.
        writes = [
            delayed(write_partition)(part, Path(args.output) / f"part-{i:05d}.parquet")
            for i, part in enumerate(cleaned.to_delayed())
        ]
        compute(*writes)
        pages = profile.corpus.pages
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    elapsed = time.perf_counter() - start
    print(
        f"cleaned {pages} pages of {len(profile.sites)} sites in {elapsed:.1f} s into {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
