"""How fast cleantext is, next to its peers, and how its cost grows with the page.

One run, one process pinned to one core, on the development pages (``../shared/bench``; the data
is read from there and never written into the repository):

1. pages/s and MB/s of cleantext on ``text``, datatrove's C4 line filter on ``text`` and
   trafilatura on ``html`` (the adapters of ``peers.py``), side by side, each after one untimed
   warm-up call, and cleantext's speed as a ratio to each peer's;
2. ``import cleantext`` time and the CLI's start-up time (``cleantext`` on a tiny stdin), each the
   median of several fresh processes;
3. cost per page against page size: pages of 1 KB, 10 KB, 100 KB and 1 MB cut from the dev texts
   laid end to end (so the big pages are several real pages in a row), cleantext and C4 on each;
   a linear cost shows as the same MB/s at every size;
4. where cleantext's time goes: each step of ``clean`` (compiled core) timed over the dev pages.

    python benchmarks/speed.py              # everything: about three minutes
    python benchmarks/speed.py --markdown   # the tables for docs/performance.md
    python benchmarks/speed.py --limit 100 --no-trafilatura   # a quick look
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from peers import Extract, load_peers

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
SIZES = (1_000, 10_000, 100_000, 1_000_000)
# Each size gets about this much text in all (at least MIN_PAGES pages), so every row takes a
# few seconds and none is a single lucky page.
TEXT_PER_SIZE = 4_000_000
MIN_PAGES = 4
# The steps of cleantext.clean with the compiled core, by stage: (stage, where the name is
# looked up when called: a module, or module:class for methods, the name).
STAGES = (
    ("sniff", "cleantext.pipeline", "sniff"),
    ("segment + normalize", "cleantext._core", "split_page"),
    ("rules", "cleantext.page", "match_rules"),
    ("rules", "cleantext.page", "junk_reasons"),
    ("features", "cleantext.model:ContentModel", "shapes"),
    ("model + classify", "cleantext.pipeline:_CompiledJudge", "__init__"),
    ("model + classify", "cleantext.pipeline:_CompiledJudge", "rounds"),
    ("dedupe", "cleantext.pipeline", "sketch_blocks"),
    ("dedupe", "cleantext.pipeline", "mark_duplicates"),
    ("assemble", "cleantext.pipeline", "join_blocks"),
)


def load_pages(path: Path, limit: int | None) -> list[dict[str, Any]]:
    """The benchmark pages' text and html (the first `limit` of them if given)."""
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(pages) >= limit:
                break
            record = json.loads(line)
            pages.append(
                {"text": record["text"], "html": record.get("html") or "", "lang": record.get("lang")}
            )
    return pages


def pin_to_one_core() -> str:
    """Run on a single core, so that every tool is timed alike; describe what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process (no core pinning on this platform)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one process pinned to core #{core}"


def _mb(texts: Sequence[str]) -> float:
    return sum(len(t.encode("utf-8", "surrogatepass")) for t in texts) / 1e6


def timed(fn: Extract, inputs: Sequence[str], langs: Sequence[str | None]) -> dict[str, float]:
    """pages/s, MB/s and wall/CPU of `fn` over `inputs`, after one untimed call."""
    fn(inputs[0], lang=langs[0])
    start, start_cpu = time.perf_counter(), time.process_time()
    for source, lang in zip(inputs, langs):
        fn(source, lang=lang)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - start_cpu
    return {
        "pages": len(inputs),
        "mb": _mb(inputs),
        "seconds": seconds,
        "pages_per_s": len(inputs) / seconds,
        "mb_per_s": _mb(inputs) / seconds,
        "wall_over_cpu": seconds / max(cpu, 1e-9),
    }


def _cleantext_fn() -> Extract:
    import cleantext

    def run(text: str, /, *, lang: str | None = None) -> str:
        return cleantext.clean(text)

    return run


def _median_seconds(command: Sequence[str], runs: int, stdin: str | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_time(runs: int) -> dict[str, float]:
    """Median `import cleantext` time measured inside fresh interpreters, and their whole run."""
    code = "import time; t = time.perf_counter(); import cleantext; print(time.perf_counter() - t)"
    inside = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        inside.append(float(out.stdout))
    return {
        "import_ms": statistics.median(inside) * 1000,
        "process_ms": _median_seconds([sys.executable, "-c", "import cleantext"], runs) * 1000,
        "bare_python_ms": _median_seconds([sys.executable, "-c", "pass"], runs) * 1000,
    }


def cli_startup(runs: int) -> float:
    """Median wall time of the installed ``cleantext`` command on a one-line stdin (ms)."""
    script = Path(sys.executable).with_name("cleantext")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "cleantext"]
    page = "The council approved the budget on Monday, after a long debate about the library.\n"
    return _median_seconds(command, runs, stdin=page) * 1000


def sized_pages(texts: Sequence[str], size: int) -> list[str]:
    """Pages of about `size` UTF-8 bytes cut from `texts` laid end to end, each cut at a line end
    where one falls in the last quarter of the page (real pages end at a line end too)."""
    stream = "\n\n".join(texts)
    count = max(MIN_PAGES, TEXT_PER_SIZE // size)
    pages: list[str] = []
    at = 0
    while len(pages) < count:
        if at >= len(stream):
            at = 0  # a short data set: go round again
        chunk = stream[at : at + size]
        while len(chunk.encode("utf-8", "surrogatepass")) > size:
            chunk = chunk[: len(chunk) - max(1, (len(chunk.encode("utf-8", "surrogatepass")) - size) // 3)]
        cut = chunk.rfind("\n")
        if cut > 0.75 * len(chunk):
            chunk = chunk[:cut]
        at += len(chunk) + 1
        if chunk.strip():
            pages.append(chunk)
    return pages


def stage_times(texts: Sequence[str]) -> dict[str, float]:
    """Seconds spent in each stage of ``cleantext.clean`` over `texts` (wrapping the names it
    calls; the remainder is the pipeline's own bookkeeping)."""
    import importlib

    from cleantext import pipeline
    from cleantext.segment import split_sentences

    def holder(path: str) -> Any:
        module, _, attribute = path.partition(":")
        found = importlib.import_module(module)
        return getattr(found, attribute) if attribute else found

    spent: dict[str, float] = {}
    originals = [(holder(where), name, getattr(holder(where), name)) for _, where, name in STAGES]

    def wrap(stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed_call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start

        return timed_call

    for (stage, _, _), (owner, name, fn) in zip(STAGES, originals):
        setattr(owner, name, wrap(stage, fn))
    try:
        pipeline.clean(texts[0])
        # nltk loads (~0.1-3 s, once per process) on the first block that needs sentences
        split_sentences("Dr. Smith came. He left.")
        spent.clear()
        start = time.perf_counter()
        for text in texts:
            pipeline.clean(text)
        total = time.perf_counter() - start
    finally:
        for owner, name, fn in originals:
            setattr(owner, name, fn)
    spent["pipeline bookkeeping"] = total - sum(spent.values())
    spent["total"] = total
    return spent


def _table(md: bool, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not md:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) for r in [header, *rows])
    align = ["---"] + ["---:"] * (len(header) - 1)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, align, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the benchmark pages (.jsonl.gz)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--runs", type=int, default=9, help="fresh processes per start-up median")
    parser.add_argument("--no-trafilatura", action="store_true", help="skip trafilatura (the slowest)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"no benchmark pages at {args.data}; pass --data PATH", file=sys.stderr)
        return 2
    md = args.markdown

    # Start-up first, before this process loads anything that would compete for the page cache.
    startup = import_time(args.runs)
    cli_ms = cli_startup(args.runs)
    pinned = pin_to_one_core()
    pages = load_pages(args.data, args.limit)
    texts = [p["text"] for p in pages]
    langs = [p["lang"] for p in pages]
    print(
        f"# speed run {date.today()} on {platform.node()} ({platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores), Python {platform.python_version()}; {pinned}; {len(pages)} pages\n"
    )

    keys = ("c4",) if args.no_trafilatura else ("c4", "trafilatura")
    peers, skipped = load_peers(keys)
    for message in skipped:
        print(message, file=sys.stderr)
    tools: list[tuple[str, str, Extract]] = [("cleantext", "text", _cleantext_fn())]
    tools += [(peer.name, peer.input_field, peer.fn) for peer in peers]
    results = []
    for name, field, fn in tools:
        inputs = [p[field] for p in pages]
        results.append((name, field, timed(fn, inputs, langs)))
    ours = results[0][2]["pages_per_s"]
    rows = [
        [
            name,
            field,
            f"{r['pages_per_s']:.1f}",
            f"{r['mb_per_s']:.2f}",
            f"{r['mb']:.1f}",
            f"{r['wall_over_cpu']:.2f}",
            "1" if name == "cleantext" else f"{ours / r['pages_per_s']:.3f}",
        ]
        for name, field, r in results
    ]
    header = ["tool", "input", "pages/s", "MB/s", "input MB", "wall/CPU", "cleantext speed ÷ tool's"]
    print(_table(md, header, rows), "\n", flush=True)

    rows = [
        ["`import cleantext` (inside the interpreter)", f"{startup['import_ms']:.0f}"],
        ["`python -c 'import cleantext'` (whole process)", f"{startup['process_ms']:.0f}"],
        ["`python -c pass` (the interpreter alone)", f"{startup['bare_python_ms']:.0f}"],
        ["`cleantext` CLI on a one-line stdin (whole process)", f"{cli_ms:.0f}"],
    ]
    print(_table(md, [f"start-up, median of {args.runs} fresh processes", "ms"], rows), "\n", flush=True)

    c4 = next((peer.fn for peer in peers if peer.key == "c4"), None)
    rows = []
    ours_fn = tools[0][2]
    for size in SIZES:
        sized = sized_pages(texts, size)
        no_lang = [None] * len(sized)
        r = timed(ours_fn, sized, no_lang)
        cells = [
            f"{size // 1000:,} KB" if size < 1_000_000 else f"{size // 1_000_000} MB",
            str(len(sized)),
            f"{r['pages_per_s']:.1f}",
            f"{r['mb_per_s']:.2f}",
            f"{1000 * r['seconds'] / r['pages']:.1f}",
        ]
        if c4 is not None:
            r4 = timed(c4, sized, no_lang)
            cells += [f"{r4['pages_per_s']:.1f}", f"{r4['mb_per_s']:.2f}"]
        rows.append(cells)
        print(("" if md else "  ") + cells[0], file=sys.stderr, flush=True)
    header = ["page size", "pages", "cleantext pages/s", "cleantext MB/s", "ms per page"]
    if c4 is not None:
        header += ["C4 pages/s", "C4 MB/s"]
    print(_table(md, header, rows), "\n", flush=True)

    spent = stage_times(texts)
    total = spent["total"]
    rows = [
        [stage, f"{seconds:.2f}", f"{100 * seconds / total:.0f} %", f"{1000 * seconds / len(texts):.2f}"]
        for stage, seconds in spent.items()
    ]
    print(_table(md, ["cleantext stage (dev pages)", "s", "share", "ms per page"], rows), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
