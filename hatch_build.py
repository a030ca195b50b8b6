"""Build hook: compile cleantext's core (src/cleantext/_core.pyx) with Cython when it can.

The pure-Python stages are the reference and the fallback: when Cython or a C compiler is
missing, or the compile fails, the wheel is built without the core and says so on stderr, and
cleantext runs in pure Python. The compiled module records the SHA-256 of the .pyx it was built
from, so that cleantext.core can refuse a module that is older than its source.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "src" / "cleantext" / "_core.pyx"
# Same floating-point results as the pure-Python reference: no fused multiply-add contraction.
CFLAGS = ["-O2", "-ffp-contract=off"] if os.name != "nt" else ["/O2", "/fp:precise"]


class CoreBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("CLEANTEXT_NO_COMPILE"):
            return
        self._scratch = Path(tempfile.mkdtemp(prefix="cleantext-core-"))
        try:
            built = _compile(self._scratch)
        except Exception as exc:  # no Cython, no compiler, a failed compile: pure Python
            print(
                f"cleantext: the compiled core was not built ({type(exc).__name__}: {exc}); "
                "cleantext runs in pure Python (the same results, slower)",
                file=sys.stderr,
            )
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version == "editable":
            # An editable install imports from src/: the module goes beside its source.
            target = SOURCE.parent / built.name
            shutil.copyfile(built, target)
        else:
            build_data["force_include"][str(built)] = f"cleantext/{built.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _compile(scratch: Path) -> Path:
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    pyx = scratch / SOURCE.name
    shutil.copyfile(SOURCE, pyx)
    extension = Extension(
        "cleantext._core",
        [str(pyx)],
        define_macros=[("CLEANTEXT_CORE_SOURCE", f'"{digest}"')],
        extra_compile_args=CFLAGS,
    )
    modules = cythonize([extension], quiet=True, compiler_directives={"language_level": "3"})
    command = build_ext(Distribution({"name": "cleantext-core", "ext_modules": modules}))
    command.build_lib = str(scratch / "lib")
    command.build_temp = str(scratch / "temp")
    command.ensure_finalized()
    command.run()
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    built = scratch / "lib" / "cleantext" / f"_core{suffix}"
    if not built.exists():
        raise FileNotFoundError(built)
    return built
