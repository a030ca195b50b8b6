"""The docs show what the code does: CI runs the README's set-up and test commands."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _commands(script: str) -> list[str]:
    """The commands of a shell script, one per '&&' or line, with comments, quiet flags and
    redirections of output dropped, so that CI and the README can be compared."""
    commands = []
    for line in script.replace("\\\n", " ").splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith("#"):
            continue
        for command in line.split(" && "):
            words = [word for word in command.split() if word not in ("-q", "--quiet")]
            if ">" in words:
                words = words[: words.index(">")]
            commands.append(" ".join(words))
    return commands


def test_ci_runs_the_readme_set_up_and_test_commands() -> None:
    """.ci/run installs as the README's first command does and ends with its test command."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    set_up, test = FENCE.findall(readme)[0][1].splitlines()
    ci = _commands((ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    steps = _commands(set_up)
    assert [c for c in ci if c in steps] == steps, ".ci/run must run the README's set-up, in order"
    assert "pip install --upgrade pip" in steps[1]  # before any extra is installed
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("\n" + test)
