"""The doctests of the optional integrations run only where their packages are installed."""

from __future__ import annotations

import importlib.util

collect_ignore = [
    path
    for path, modules in (
        ("src/cleantext/dask.py", ("dask", "distributed", "pandas")),
        ("src/cleantext/datatrove.py", ("datatrove",)),
    )
    if any(importlib.util.find_spec(module) is None for module in modules)
]
