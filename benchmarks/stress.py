"""Hostile input under load: time and peak memory per page, and the regular expressions' growth.

Every case runs through ``cleantext.explain`` in a fresh process (peak memory is that process's
peak resident set) at a size and at a tenth of it, so a time that grows faster than the input
shows as a growing cost per MB. Wall-clock and CPU time are both shown: on a busy machine only
the CPU time compares across rows. The regex audit runs every compiled pattern of ``src/cleantext``
(module constants and the phrase data of every language) on adversarial strings of 10,000 and
100,000 characters and reports the worst time and its growth: about 10x is linear, 100x quadratic.
A pattern the library only ever applies to short text (the whole-block phrases: blocks of at most
``rules._WHOLE_MAX_CHARS`` characters) is audited at that length and at a tenth of it instead:
its growth may be quadratic, what counts is its worst time at the cap.

    python benchmarks/stress.py              # every case at full size: a few minutes
    python benchmarks/stress.py --scale 0.1  # a tenth of the sizes
    python benchmarks/stress.py --markdown   # the tables for docs/performance.md
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

# --- hostile pages ---------------------------------------------------------------------------

_WORDS = (
    "the council approved budget library opening hours after long debate about new plan city "
    "members party spring million euros government national routes evening trains buses"
).split()


def _sentence(rng: random.Random, words: int = 16) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(5))


def _mutate(rng: random.Random, text: str, edits: int = 3) -> str:
    chars = list(text)
    for _ in range(edits):
        chars[rng.randrange(len(chars))] = rng.choice("abcdefxyz")
    return "".join(chars)


def _repeat_to(unit: str, size: int, sep: str = "\n\n") -> str:
    return sep.join([unit] * max(1, size // (len(unit) + len(sep))))


def one_line(size: int, rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(size // 100))


def one_word_lines(size: int, rng: random.Random) -> str:
    return "\n".join(rng.choice(_WORDS) for _ in range(size // 6))


def identical_paragraphs(size: int, rng: random.Random) -> str:
    return _repeat_to(_paragraph(rng), size)


def near_identical_paragraphs(size: int, rng: random.Random) -> str:
    base = _paragraph(rng)
    return "\n\n".join(_mutate(rng, base) for _ in range(size // (len(base) + 2)))


def distinct_paragraphs(size: int, rng: random.Random) -> str:
    return "\n\n".join(_paragraph(rng) for _ in range(size // 500))


def teasers(size: int, rng: random.Random) -> str:
    # Every block a teaser cut off with "..." that shares its first words with all the others.
    return "\n\n".join(f"The council approved {_sentence(rng, 12)[:-1]}..." for _ in range(size // 100))


def surrogates_and_unencodable(size: int, rng: random.Random) -> str:
    unit = "Lone \ud800 and \udfff, a pair \ud83d\ude00, non-characters \ufffe\uffff\ufdd0 here."
    return _repeat_to(unit, size)


def controls(size: int, rng: random.Random) -> str:
    unit = "NUL\x00 bell\x07 escape\x1b[31m red\x1b[0m del\x7f C1\x85\x9f tab\tform\x0cfeed."
    return _repeat_to(unit, size)


def mojibake(size: int, rng: random.Random) -> str:
    unit = (
        "The cafÃ© was â€œniceâ€\x9d, Ã¼ber-cool, ÃƒÂ©tÃƒÂ© (double), Caf\xe9 \x93quoted\x94, "
        "voilÃ le travail, Ð¿Ñ€Ð¸Ð²ÐµÑ‚, Tom &amp; Jerry."
    )
    return _repeat_to(unit, size)


def right_to_left_and_cjk(size: int, rng: random.Random) -> str:
    unit = (
        "مرحبا بالعالم، هذا نص عربي طويل جدا للاختبار.\n\nשלום עולם\u200f זה טקסט בעברית.\u202e abc\n\n"
        + "这是一个没有空格的很长的中文句子。" * 20
    )
    return _repeat_to(unit, size)


def cjk_one_line(size: int, rng: random.Random) -> str:
    unit = "这是一个没有空格的很长的中文句子。"
    return unit * (size // len(unit.encode()))


def emoji_and_combining(size: int, rng: random.Random) -> str:
    unit = "👍🏽 👨\u200d👩\u200d👧 e\u0301\u0301\u0301 Z\u0338\u0322\u031b\u0316\u0317\u0318 text 🇫🇷 here."
    return _repeat_to(unit, size)


def windows_line_endings(size: int, rng: random.Random) -> str:
    return _repeat_to("Line one of the text\r\ncontinues here.\r\n\r\nAnother block.", size, "\r\n\r\n")


def old_mac_line_endings(size: int, rng: random.Random) -> str:
    return _repeat_to("Line one of the text\rcontinues here.\r\rAnother block.", size, "\r\r")


def all_boilerplate(size: int, rng: random.Random) -> str:
    unit = "Skip to content\n\nHome\n\nNews\n\nShare on Facebook\n\nRead also:\n\n© 2025 The News"
    return _repeat_to(unit, size)


def html_looking(size: int, rng: random.Random) -> str:
    unit = (
        '<div class="x"><p>Some text &amp; more &lt;b&gt; here</p></div>'
        "<script>var a = 1 < 2 && b > 3;</script><!-- <p> unclosed"
    )
    return _repeat_to(unit, size)


def punctuation_soup(size: int, rng: random.Random) -> str:
    return "".join(rng.choice(".!?…:;,'\"()[]|»- \n") for _ in range(size))


#: name -> (make(size, rng), full size in bytes)
CASES: dict[str, tuple[Callable[[int, random.Random], str], int]] = {
    "20 MB on one line": (one_line, 20_000_000),
    "200,000 one-word lines": (one_word_lines, 1_200_000),
    "5,000 identical paragraphs": (identical_paragraphs, 2_400_000),
    "5,000 near-identical paragraphs": (near_identical_paragraphs, 2_400_000),
    "5,000 distinct paragraphs, small vocabulary": (distinct_paragraphs, 2_500_000),
    "20,000 teasers with one prefix": (teasers, 2_000_000),
    "lone surrogates, non-characters": (surrogates_and_unencodable, 2_000_000),
    "NUL and control characters": (controls, 2_000_000),
    "mixed mojibake": (mojibake, 2_000_000),
    "right-to-left and CJK": (right_to_left_and_cjk, 2_000_000),
    "CJK without spaces, one line": (cjk_one_line, 5_000_000),
    "emoji and combining marks": (emoji_and_combining, 2_000_000),
    "Windows line endings": (windows_line_endings, 2_000_000),
    "old-Mac line endings": (old_mac_line_endings, 2_000_000),
    "entirely boilerplate": (all_boilerplate, 2_000_000),
    "HTML-looking text": (html_looking, 2_000_000),
    "punctuation soup": (punctuation_soup, 1_000_000),
}


def _peak_rss_mb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_case(name: str, size: int) -> dict[str, Any]:
    """Build one page and clean it in this process; return the numbers (run in a child)."""
    import cleantext

    cleantext.clean("Warm-up. Two sentences.\n\nAnother block here, with words.")
    make, _ = CASES[name]
    page = make(size, random.Random(7))
    base = _peak_rss_mb()
    start, start_cpu = time.perf_counter(), time.process_time()
    result = cleantext.explain(page)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    assert cleantext.clean(page) == result.text
    return {
        "case": name,
        "mb": len(page.encode("utf-8", "surrogatepass")) / 1e6,
        "blocks": len(result.blocks),
        "kept": len(result.kept),
        "out_chars": len(result.text),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": _peak_rss_mb(),
        "extra_mb": _peak_rss_mb() - base,
    }


def _in_child(name: str, size: int) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--case", name, "--size", str(size)],
        capture_output=True,
        text=True,
        check=True,
        timeout=1800,
    )
    record: dict[str, Any] = json.loads(out.stdout)
    return record


# --- regex audit -----------------------------------------------------------------------------


def compiled_patterns() -> list[tuple[str, Any]]:
    """Every compiled regular expression of cleantext: module constants and phrase data."""
    import importlib
    import pkgutil

    import cleantext
    from cleantext import rules
    from cleantext.options import LANGUAGES

    found: list[tuple[str, Any]] = []
    seen: set[int] = set()

    def add(name: str, pattern: Any) -> None:
        if id(pattern) not in seen and hasattr(pattern, "search") and hasattr(pattern, "pattern"):
            seen.add(id(pattern))
            found.append((name, pattern))

    for info in pkgutil.iter_modules(cleantext.__path__):
        if info.name == "__main__":  # importing it runs the command line
            continue
        module = importlib.import_module(f"cleantext.{info.name}")
        for attr, value in vars(module).items():
            if type(value).__name__ == "Pattern":
                add(f"{info.name}.{attr}", value)
    # The phrase data is compiled per language on first use (a private helper: the only way in).
    for language in LANGUAGES:
        phrases = rules._phrases(language)
        add(f"rules.whole[{language}]", phrases.whole)
        for reason, pattern, _, _ in phrases.contains:
            add(f"rules.contains[{reason},{language}]", pattern)
    return found


_PROBES = " \n\t.!?…:;,'\"()[]|»-_/@#&<>*aAzZ09é\u00a0\u200b\u3002"


def adversarial(pattern_text: str, n: int) -> Iterator[str]:
    """Strings of about `n` characters that make backtracking engines work: long runs of one
    character or of two alternating ones (drawn from the pattern's own characters and common
    punctuation), each also followed by a character that makes the match fail at the end."""
    literal = sorted({c for c in pattern_text if c.isprintable() and c not in "\\^$"})
    chars = sorted(set(_PROBES) | set(literal[:60]))
    for c in chars:
        yield c * n
        yield c * n + "\x00"
        yield (c + " ") * (n // 2) + "\x00"
        yield ("a" + c) * (n // 2) + "\x00"
    for unit in ("word ", "a. ", "...", ". ", " .", "Read more ", "a1", "1.", "&#1", "ab.cd"):
        yield unit * (n // len(unit)) + "\x00"


def _worst(pattern: Any, n: int, repeat: int = 3) -> tuple[float, str]:
    """The slowest input's time: for each input the best of `repeat` runs, as timeit does, so
    that a pause of a busy machine does not pass for a slow pattern."""
    worst, worst_input = 0.0, ""
    for text in adversarial(pattern.pattern, n):
        seconds = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            pattern.search(text)
            pattern.match(text)
            seconds = min(seconds, time.perf_counter() - start)
        if seconds > worst:
            worst, worst_input = seconds, text[:12]
    return worst, worst_input


def input_cap(name: str) -> int | None:
    """The longest text the library applies pattern `name` to, when it caps it."""
    from cleantext import rules

    # phrase_reason matches the whole-block phrases only on blocks this short.
    return getattr(rules, "_WHOLE_MAX_CHARS", 200) if name.startswith("rules.whole[") else None


def audit_patterns(small: int = 10_000, large: int = 100_000) -> list[dict[str, Any]]:
    """For every pattern: the worst search+match time on adversarial strings at two sizes (for a
    pattern applied to capped text: at the cap and a tenth of it)."""
    rows = []
    for name, pattern in compiled_patterns():
        cap = input_cap(name)
        sizes = (small, large) if cap is None else (cap // 10, cap)
        t_small, _ = _worst(pattern, sizes[0])
        t_large, what = _worst(pattern, sizes[1])
        rows.append(
            {
                "pattern": name,
                "sizes": sizes,
                "small_ms": t_small * 1000,
                "large_ms": t_large * 1000,
                "growth": t_large / t_small if t_small > 0 else float("nan"),
                "worst_input": what,
            }
        )
    return rows


def audit_sentences(small: int = 10_000, large: int = 100_000) -> dict[str, Any]:
    """Punkt (nltk's regular expressions) on the strings that are hardest for it."""
    from cleantext.segment import split_sentences

    split_sentences("Warm up. Two sentences.")
    times = []
    for n in (small, large):
        worst = 0.0
        for unit in ("a. ", "A.b. ", "x" * 50 + ". ", ".\u00a0", "Mr. ", "1.2.3. "):
            text = unit * (n // len(unit))
            start = time.perf_counter()
            split_sentences(text)
            worst = max(worst, time.perf_counter() - start)
        times.append(worst)
    return {
        "pattern": "segment.split_sentences (Punkt)",
        "sizes": (small, large),
        "small_ms": times[0] * 1000,
        "large_ms": times[1] * 1000,
        "growth": times[1] / times[0],
        "worst_input": "",
    }


# --- report ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (default 1)")
    parser.add_argument("--only", action="append", help="run only cases whose name contains this")
    parser.add_argument("--no-regex", action="store_true", help="skip the regex audit")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case, args.size)))
        return 0

    md = args.markdown
    print(f"# stress run {date.today()} on {platform.node()}, Python {platform.python_version()}\n")
    header = (
        "| case | MB | blocks | kept | time (s) | s/MB | s/MB at 1/10 size | CPU s/MB | CPU s/MB at 1/10 "
        "| peak RSS (MB) | extra (MB) |"
    )
    print(header if md else header.replace("|", " ").strip())
    if md:
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, (_, full) in CASES.items():
        if args.only and not any(word.lower() in name.lower() for word in args.only):
            continue
        size = max(1000, int(full * args.scale))
        tenth = _in_child(name, size // 10)
        whole = _in_child(name, size)
        cells = [
            name,
            f"{whole['mb']:.2f}",
            str(whole["blocks"]),
            str(whole["kept"]),
            f"{whole['seconds']:.3f}",
            f"{whole['seconds'] / whole['mb']:.3f}",
            f"{tenth['seconds'] / tenth['mb']:.3f}",
            f"{whole['cpu_seconds'] / whole['mb']:.3f}",
            f"{tenth['cpu_seconds'] / tenth['mb']:.3f}",
            f"{whole['peak_mb']:.0f}",
            f"{whole['extra_mb']:.0f}",
        ]
        print(("| " + " | ".join(cells) + " |") if md else "  ".join(cells), flush=True)

    if args.no_regex:
        return 0
    print()
    header = "| pattern | chars | worst small (ms) | worst large (ms) | growth | worst input starts |"
    print(header if md else header.replace("|", " ").strip())
    if md:
        print("|---|---:|---:|---:|---:|---|")
    rows = audit_patterns()
    rows.append(audit_sentences())
    for row in sorted(rows, key=lambda r: -r["large_ms"]):
        cells = [
            row["pattern"],
            "{:,} / {:,}".format(*row["sizes"]),
            f"{row['small_ms']:.2f}",
            f"{row['large_ms']:.2f}",
            f"{row['growth']:.0f}x",
            re.sub(r"[\x00-\x1f|]", lambda m: f"\\x{ord(m.group()):02x}", repr(row["worst_input"])),
        ]
        print(("| " + " | ".join(cells) + " |") if md else "  ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
