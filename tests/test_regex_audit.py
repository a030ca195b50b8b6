"""Every regular expression of cleantext, audited for catastrophic backtracking.

Two checks, neither timed (timing lives in ``benchmarks/stress.py``, which measures each pattern's
worst time and growth on adversarial strings of 10,000 and 100,000 characters):

- statically, no pattern nests one unbounded repeat inside another (``(a+)+``, ``(\\w+\\s*)*``),
  the shape behind exponential backtracking, unless it is listed below with why it is safe;
- with Hypothesis, every pattern runs on strings that make backtracking engines work (long runs
  of one or two of the pattern's own characters, then a character that makes the match fail). An
  exponential pattern would not finish; a finished search must also return a sane match.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleantext
from cleantext import rules
from cleantext.options import LANGUAGES
from cleantext.phrases import PHRASES

try:  # Python 3.11+
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse  # type: ignore[no-redef]

_REPEATS = (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None))

# The share bar of phrase data: words, each followed by separators that hold no letter, twice
# or more ("Facebook | Twitter", "ShareTweetPin").
SHARE_BAR = next(p for p in PHRASES["share_buttons"]["all"] if p.endswith("){2,}"))

# Nested unbounded repeats reviewed and found safe: pattern text -> why.
SAFE_NESTING = {
    # A bar splits into its words one way only (test_the_share_bar_splits_one_way), so the
    # engine follows one path through it however long it is.
    SHARE_BAR: "one split only",
}


def _uniquely_decodable(words: set[str]) -> bool:
    """Sardinas-Patterson: no string is two different sequences of `words`."""

    def dangling(prefixes: set[str], strings: set[str]) -> set[str]:
        return {s[len(p) :] for p in prefixes for s in strings if s.startswith(p)}

    suffixes = dangling(words, words) - {""}
    seen: set[frozenset[str]] = set()
    while suffixes and frozenset(suffixes) not in seen:
        if suffixes & words or "" in suffixes:
            return False
        seen.add(frozenset(suffixes))
        suffixes = dangling(words, suffixes) | dangling(suffixes, words)
    return True


def test_the_share_bar_splits_one_way() -> None:
    found = re.search(r"^\(\?:\(\?:(.*)\)\[([^]]*)\]\*\)\{2,\}$", SHARE_BAR)
    assert found is not None, SHARE_BAR
    words, separators = found.group(1).split("|"), found.group(2)
    assert not any(c.isalpha() for c in separators.replace("\\s", "").replace("\\d", ""))
    # Letters decide the split: a word's separator characters ("e-mail") are not letters.
    letters = {"".join(c for c in rules.fold(w) if c.isalpha()) for w in words}
    assert _uniquely_decodable(letters)
    assert not _uniquely_decodable({"copy", "link", "copylink"})  # the check can fail


# The modules of optional integrations, and the package each needs.
_INTEGRATIONS = {"dask": "distributed", "datatrove": "datatrove"}


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Module-level patterns of every cleantext module and the phrase data as rules compiles
    it for each language (through its private cache: the only way to audit what really runs)."""
    found: dict[int, tuple[str, re.Pattern[str]]] = {}
    for info in pkgutil.iter_modules(cleantext.__path__):
        if info.name == "__main__":
            continue
        needs = _INTEGRATIONS.get(info.name)
        if needs is not None and importlib.util.find_spec(needs) is None:
            continue  # an optional integration whose extra is not installed
        module = importlib.import_module(f"cleantext.{info.name}")
        for attr, value in vars(module).items():
            if isinstance(value, re.Pattern):
                found.setdefault(id(value), (f"{info.name}.{attr}", value))
    for language in LANGUAGES:
        phrases = rules._phrases(language)
        found.setdefault(id(phrases.rest), (f"whole[{language},rest]", phrases.rest))
        for letter, pattern in phrases.by_letter.items():
            found.setdefault(id(pattern), (f"whole[{language},{letter}]", pattern))
        for reason, pattern, _, _ in phrases.contains:
            found.setdefault(id(pattern), (f"contains[{reason},{language}]", pattern))
    return sorted(found.values(), key=lambda item: item[0])


PATTERNS = _patterns()
# phrase_reason matches whole-block phrases only on blocks of at most this many characters.
WHOLE_MAX_CHARS = getattr(rules, "_WHOLE_MAX_CHARS", 200)


def _nested_unbounded(items: Any, inside: bool = False) -> list[str]:
    """The sub-patterns of a parsed pattern that repeat without bound inside another such repeat."""
    found: list[str] = []
    for op, av in items:
        if op in _REPEATS:
            _low, high, body = av
            unbounded = high == sre_parse.MAXREPEAT
            if unbounded and inside:
                found.append(str(body))
            found += _nested_unbounded(body, inside or unbounded)
        elif op == sre_parse.SUBPATTERN:
            found += _nested_unbounded(av[-1], inside)
        elif op == sre_parse.BRANCH:
            for branch in av[1]:
                found += _nested_unbounded(branch, inside)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            found += _nested_unbounded(av[1], inside)
    return found


def test_every_module_and_language_is_audited() -> None:
    names = [name for name, _ in PATTERNS]
    assert len(names) > 40
    assert {name.split(".")[0] for name in names} >= {"normalize", "segment", "dedupe", "features"}
    # A language's patterns may be the objects of another's (re caches equal patterns): by object.
    audited = {id(pattern) for _, pattern in PATTERNS}
    for language in LANGUAGES:
        phrases = rules._phrases(language)
        assert phrases.by_letter, language
        assert {id(p) for p in (phrases.rest, *phrases.by_letter.values())} <= audited


def _phrase_parts(pattern: re.Pattern[str]) -> list[str]:
    """The phrase alternatives of a compiled phrase pattern, each audited on its own (the static
    check is about shapes, and the safe list names single phrases), as rules folds them."""
    from cleantext.phrases import CONTAINS, PHRASES

    parts = [
        p for table in (PHRASES, CONTAINS) for items in table.values() for ps in items.values() for p in ps
    ]
    return [p for p in parts if f"(?:{rules._fold_pattern(p)})" in pattern.pattern]


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_no_nested_unbounded_repeats(name: str, pattern: re.Pattern[str]) -> None:
    pieces = _phrase_parts(pattern) if name.startswith(("whole[", "contains[")) else [pattern.pattern]
    for piece in pieces:
        if piece in SAFE_NESTING:
            continue
        assert _nested_unbounded(sre_parse.parse(piece, pattern.flags)) == [], (
            f"{name}: {piece!r} nests an unbounded repeat in another; rewrite it, or review it "
            "and add it to SAFE_NESTING with the reason it cannot backtrack exponentially"
        )


_PROBES = " \n\t.!?…:;,'\"()[]|»-_/@#&<>*aAzZ09é\u00a0\u200b\u3002"


@st.composite
def adversarial(draw: st.DrawFn) -> tuple[str, re.Pattern[str], str]:
    """A pattern and a string built to make it backtrack: a run of a short unit drawn from the
    pattern's own characters and common punctuation, then one that makes the match fail."""
    name, pattern = draw(st.sampled_from(PATTERNS))
    source = pattern.pattern.decode("latin-1") if isinstance(pattern.pattern, bytes) else pattern.pattern
    own = sorted({c for c in source if c.isprintable() and c not in "\\^$"})
    alphabet = sorted(set(_PROBES) | set(own[:80]))
    unit = draw(st.text(alphabet=alphabet, min_size=1, max_size=3))
    limit = WHOLE_MAX_CHARS if name.startswith("whole[") else 3000
    repeat = draw(st.integers(min_value=1, max_value=limit // len(unit)))
    tail = draw(st.sampled_from(["", "\x00", "!", " x", "1"]))
    return name, pattern, (unit * repeat + tail)[:limit]


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(adversarial())
def test_every_pattern_finishes_on_adversarial_strings(case: tuple[str, re.Pattern[str], str]) -> None:
    _name, pattern, text = case
    if isinstance(pattern.pattern, bytes):  # a pattern over bytes (an HTML document's head)
        text = text.encode("utf-8", "surrogatepass")  # type: ignore[assignment]
    found = pattern.search(text)
    if found is not None:
        assert 0 <= found.start() <= found.end() <= len(text)
    matched = pattern.match(text)
    if matched is not None:
        assert matched.start() == 0
    assert len(pattern.findall(text)) <= len(text) + 1
