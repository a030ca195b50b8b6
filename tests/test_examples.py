"""The scripts in examples/ run as documented."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}


def _run(script: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script)],
        capture_output=True,
        text=True,
        timeout=120,
        env=ENV,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done


def _needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install {module} to run this example)")


def test_clean_seed() -> None:
    done = _run("clean_seed.py")
    expected = (ROOT / "tests" / "golden" / "000_4492f097607dd5f0.expected.txt").read_text(encoding="utf-8")
    assert done.stdout == expected
    assert done.stderr.startswith("kept ")


def test_datatrove_style_step() -> None:
    done = _run("datatrove_map.py")
    assert "000_4492f097607dd5f0: " in done.stdout
    assert "'dropped_empty': 1" in done.stdout


def test_pandas_series_map() -> None:
    _needs("pandas")
    assert "kept_share" in _run("pandas_map.py").stdout


def test_datasets_map() -> None:
    _needs("datasets")
    assert "000_4492f097607dd5f0:" in _run("datasets_map.py").stdout


def test_html_to_markdown() -> None:
    _needs("selectolax")
    done = _run("html_to_markdown.py")
    assert "## What you need" in done.stdout
    assert "- Two grams of leaves per cup" in done.stdout
    assert "| Green | 2 |" in done.stdout
    assert "Ten coffee myths" not in done.stdout and "All rights reserved" not in done.stdout
    assert "url: https://kitchen.example/tea" in done.stderr
