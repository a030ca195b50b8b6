"""The compiled core (`cleantext._core`), when it is built from the current source.

The pure-Python stages are the reference and the fallback: an install without a C compiler
runs them, with the same results. A compiled module records the SHA-256 of the `_core.pyx` it
was built from; when that source stands beside it and differs (edited since the build), the
module is not used, so a stale build never shadows the code.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from types import ModuleType

__all__ = ["ENGINES", "compiled_core", "core_status"]

#: Values of the `engine` option.
ENGINES = ("auto", "compiled", "python")


@functools.cache
def _load() -> tuple[ModuleType | None, str]:
    try:
        from cleantext import _core  # type: ignore[attr-defined]
    except ImportError as exc:
        return None, f"not built ({exc}); reinstall with a C compiler: pip install -e ."
    source = resources.files("cleantext") / "_core.pyx"
    if source.is_file():
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if digest != _core.SOURCE_SHA256:
            return None, "stale (built from an older _core.pyx); rebuild it: pip install -e ."
    return _core, "compiled"


def core_status() -> str:
    """ "compiled" when the compiled core runs, else why not.

    >>> core_status() in ("compiled",) or core_status().startswith(("not built", "stale"))
    True
    """
    return _load()[1]


def compiled_core(engine: str) -> ModuleType | None:
    """The compiled core for `engine` ("auto", "compiled", "python"), or None for pure Python."""
    if engine == "python":
        return None
    core, status = _load()
    if core is None and engine == "compiled":
        raise ImportError(f"engine='compiled' asks for cleantext's compiled core, which is {status}")
    return core
