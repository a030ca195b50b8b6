"""cleantext on a Dask cluster (``pip install 'cleantext-blocks[dask]'``): clean a Bag or a
DataFrame, and learn a site profile as a distributed groupby of block fingerprints.

Each function builds a lazy Dask collection; nothing runs until it is computed, on whatever
scheduler is active (a `dask.distributed.Client` of a LocalCluster, Slurm or Kubernetes
cluster, or the local threads). The options travel to the workers once per computation (as one
object in the graph, profile included), and every page is cleaned by `cleantext.clean`: the
results equal those of one process.

>>> import dask.bag as db
>>> bag = db.from_sequence(["Skip to content\\n\\nThe council approved the budget on Monday, "
...                         "after a long debate about the new library.", "Home"], npartitions=2)
>>> clean_bag(bag).compute(scheduler="sync")
['The council approved the budget on Monday, after a long debate about the new library.', '']
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import dask.bag as db
from dask.base import compute
from dask.delayed import delayed

from cleantext.options import Options, resolve_options
from cleantext.pipeline import clean
from cleantext.profile import Profile, SiteCounts, page_fingerprints, record_site, site_key

__all__ = ["clean_bag", "clean_dataframe", "learn_profile"]


def clean_bag(
    bag: db.Bag,
    *,
    options: Options | None = None,
    field: str = "text",
    output_field: str = "clean",
    site_field: str | None = None,
    **overrides: Any,
) -> db.Bag:
    """A Bag of the clean bodies of `bag`'s pages, in order.

    Items that are str give their body. Items that are records (dicts) give a copy with the body
    of their `field` under `output_field`; with a profile, a record's site is its `site_field`,
    or without one the host of its "url" (cleantext.profile.record_site). Options are those of
    `clean`. A page `clean` refuses (an HTML document) raises when the bag is computed.
    """
    opts = resolve_options(options, overrides, "clean_bag")
    shipped = delayed(opts, pure=True)
    cleaned: db.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        _clean_items, shipped, field, output_field, site_field
    )
    return cleaned


def _clean_items(
    items: Iterable[Any], opts: Options, field: str, output_field: str, site_field: str | None
) -> list[Any]:
    results: list[Any] = []
    by_site: dict[str | None, Options] = {}
    for item in items:
        if isinstance(item, str):
            results.append(clean(item, opts))
        elif isinstance(item, Mapping):
            text = item.get(field)
            if not isinstance(text, str):
                raise TypeError(f"clean_bag(): a record's {field!r} must be a str; got {type(text).__name__}")
            record = dict(item)
            record[output_field] = clean(text, _for_site(opts, record, site_field, by_site))
            results.append(record)
        else:
            raise TypeError(f"clean_bag() takes a Bag of str or of dicts; got {type(item).__name__}")
    return results


def _for_site(
    opts: Options, record: Mapping[str, Any], site_field: str | None, by_site: dict[str | None, Options]
) -> Options:
    """The options for a record's site (built once per site and partition)."""
    if opts.profile is None:
        return opts
    site = record_site(record, site_field)
    if site is None or site == opts.site:
        return opts
    found = by_site.get(site)
    if found is None:
        found = by_site[site] = dataclasses.replace(opts, site=site)
    return found


def clean_dataframe(
    df: Any,
    column: str,
    *,
    options: Options | None = None,
    site_column: str | None = None,
    **overrides: Any,
) -> Any:
    """A Series (named "clean", aligned with `df`) of the clean bodies of `df[column]`; with a
    profile, a row's site is its `site_column`, or without one the host of its "url" column.

    >>> import dask.dataframe as dd, pandas as pd
    >>> df = dd.from_pandas(pd.DataFrame({"text": ["Home", "Skip to content"]}), npartitions=1)
    >>> list(clean_dataframe(df, "text").compute(scheduler="sync"))
    ['', '']
    """
    opts = resolve_options(options, overrides, "clean_dataframe")
    if column not in df.columns:
        raise KeyError(f"clean_dataframe(): no column {column!r}; columns: {', '.join(map(str, df.columns))}")
    sites = site_column if site_column is not None else ("url" if "url" in df.columns else None)
    if sites is not None and sites not in df.columns:
        raise KeyError(f"clean_dataframe(): no column {sites!r} for the sites")
    shipped = delayed(opts, pure=True)
    return df.map_partitions(_clean_frame, column, sites, shipped, meta=("clean", "object"))


def _clean_frame(frame: Any, column: str, sites: str | None, opts: Options) -> Any:
    import pandas as pd

    texts = frame[column].tolist()
    if opts.profile is None or sites is None:
        bodies = [clean(text, opts) for text in texts]
    else:
        by_site: dict[str | None, Options] = {}
        bodies = [
            clean(text, _for_site(opts, {sites: site}, sites, by_site))
            for text, site in zip(texts, frame[sites].tolist())
        ]
    return pd.Series(bodies, index=frame.index, name="clean", dtype="object")


def learn_profile(
    pages: Any,
    *,
    options: Options | None = None,
    field: str = "text",
    site_field: str | None = None,
    split_every: int | None = None,
    **overrides: Any,
) -> Profile:
    """Learn a profile from a Bag (of texts or records) or a DataFrame on the cluster: each
    worker fingerprints its pages' blocks, then a distributed groupby (`Bag.foldby`) counts on how
    many pages of each site, and of the corpus, each fingerprint stands. Only fingerprints on two
    pages or more come back to the client (a block on one page repeats nothing), so the profile
    equals ``cleantext.profile.learn_profile`` of the same pages with its blocks on one page left
    out (`Profile.prune`), up to what lossy counting leaves out of that one on a site of more
    than 1 / error_share pages. Computes at once; returns the profile.
    """
    opts = resolve_options(options, overrides, "learn_profile")
    if opts.profile is not None:
        opts = dataclasses.replace(opts, profile=None)
    if not isinstance(pages, db.Bag):
        if not hasattr(pages, "to_bag"):
            raise TypeError(f"learn_profile() takes a dask Bag or DataFrame; got {type(pages).__name__}")
        pages = pages.to_bag(format="dict")
    shipped = delayed(opts, pure=True)
    seen = pages.map_partitions(_fingerprint_items, shipped, field, site_field)
    # One (site, fingerprint) key per page a block stands on; site None is the corpus.
    keys = seen.map(_page_keys).flatten()
    counts = keys.foldby(_same, _one_more, 0, operator.add, 0, split_every=split_every).filter(_repeated)
    totals = seen.map(_page_sites).flatten().frequencies(split_every=split_every)
    counted, pages_per_site = compute(counts, totals)  # type: ignore[no-untyped-call]
    return _profile_from(counted, dict(pages_per_site))


def _fingerprint_items(
    items: Iterable[Any], opts: Options, field: str, site_field: str | None
) -> list[tuple[str | None, frozenset[int]]]:
    found: list[tuple[str | None, frozenset[int]]] = []
    for item in items:
        site: str | None = None
        text: object
        if isinstance(item, str):
            text = item
        elif isinstance(item, Mapping):
            text, site = item.get(field), record_site(item, site_field)
            if not isinstance(text, str):
                raise TypeError(
                    f"learn_profile(): a record's {field!r} must be a str; got {type(text).__name__}"
                )
        else:
            raise TypeError(f"learn_profile() takes a Bag of str or of dicts; got {type(item).__name__}")
        fingerprints = page_fingerprints(text, opts)
        if fingerprints is not None:
            found.append((site, fingerprints))
    return found


def _page_keys(page: tuple[str | None, frozenset[int]]) -> Iterator[tuple[str | None, int]]:
    site, fingerprints = page
    for fp in fingerprints:
        yield None, fp
        if site is not None:
            yield site, fp


def _page_sites(page: tuple[str | None, frozenset[int]]) -> list[str | None]:
    return [None] if page[0] is None else [None, page[0]]


def _same(key: tuple[str | None, int]) -> tuple[str | None, int]:
    return key


def _one_more(count: int, _key: tuple[str | None, int]) -> int:
    return count + 1


def _repeated(item: tuple[tuple[str | None, int], int]) -> bool:
    return item[1] >= 2


def _profile_from(
    counted: Iterable[tuple[tuple[str | None, int], int]], pages: Mapping[str | None, int]
) -> Profile:
    tables: dict[str | None, dict[int, int]] = {site: {} for site in pages}
    for (site, fp), n in counted:
        tables[site][fp] = n
    sites = {
        site_key(name): SiteCounts(pages[name], dict(sorted(tables[name].items())))
        for name in sorted(name for name in pages if name is not None)
    }
    corpus = SiteCounts(pages.get(None, 0), dict(sorted(tables.get(None, {}).items())))
    return Profile(sites, corpus, 0.0)
