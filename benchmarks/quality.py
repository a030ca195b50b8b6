"""Measure cleantext and its peers on the benchmark pages: precision, recall, F1 and speed.

python benchmarks/quality.py                      # every tool (several minutes)
python benchmarks/quality.py --tools cleantext    # the fast path
python benchmarks/quality.py --tools cleantext-html,trafilatura,resiliparse   # the HTML rows
python benchmarks/quality.py --tools cleantext --explain-worst 5
python benchmarks/quality.py --write-docs         # docs/benchmarks.md and docs/benchmarks.png
"""

from __future__ import annotations

import argparse
import ast
import gzip
import json
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Literal

from peers import PEER_NAMES, Extract, Peer, load_peers
from score import PageScores, Summary, score_page, summarize, tokenize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
DOCS = ROOT / "docs"
OWN_TOOLS = ("cleantext", "cleantext-html", "unchanged")
TOOL_KEYS = (*OWN_TOOLS, *PEER_NAMES)
# The tool every other is compared with, per page type and in speed: the field's leader.
REFERENCE = "trafilatura"
# The rows compared with it page type by page type: cleantext reading HTML, then reading text.
COMPARED = ("cleantext-html", "cleantext")
# Small, but a whole page: any reader of HTML accepts it, so an error here means "cannot read HTML".
_HTML_PROBE = (
    "<!DOCTYPE html><html><head><title>Probe</title></head>"
    "<body><p>One short paragraph of text.</p></body></html>"
)
# Pages without a page type are the Mozilla Readability test pages.
UNTYPED = "readability test pages"
# When explained, a block counts as content if more than this share of its tokens is in the gold.
GOLD_SHARE = 0.5

Page = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Run:
    """One tool's outputs over the pages, their scores and its speed."""

    tool: Peer
    outputs: list[str]
    scores: list[PageScores]
    pages_per_second: float | None
    #: Wall-clock time over the process's CPU time: well above 1 when other work took the core.
    wall_over_cpu: float
    errors: int


def load_pages(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The benchmark pages from a gzipped JSON-lines file, the first `limit` of them if given."""
    pages: list[dict[str, Any]] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if limit is not None and len(pages) >= limit:
                break
            pages.append(json.loads(line))
    return pages


def _html_unavailable(clean: Callable[..., str]) -> str | None:
    """Why `clean` cannot read HTML here, or None when ``clean(page, input="html")`` works.

    A cleantext older than HTML input rejects the option (TypeError or ValueError); one whose
    HTML parser extra is not installed raises ImportError.
    """
    try:
        clean(_HTML_PROBE, input="html")
    except (TypeError, ValueError) as error:
        # The first clause says what failed; the rest of cleantext's messages is the hint.
        reason = str(error).split("; ")[0]
        return f"this cleantext does not read HTML yet ({type(error).__name__}: {reason})"
    except ImportError as error:
        return f"{error} (install cleantext with its HTML extra)"
    return None


def _own_tools(keys: Sequence[str], options: Mapping[str, Any]) -> tuple[list[Peer], list[str]]:
    tools: list[Peer] = []
    skipped: list[str] = []
    wanted = [key for key in ("cleantext", "cleantext-html") if key in keys]
    if wanted:
        try:
            import cleantext
        except ImportError as error:
            skipped.extend(f"skipped {key}: {error} (pip install -e .)" for key in wanted)
        else:
            name = f"cleantext {cleantext.__version__}"
            if "cleantext" in keys:

                def run(text: str, /, *, lang: str | None = None) -> str:
                    return cleantext.clean(text, **options)

                tools.append(Peer("cleantext", name, "text", run))
            if "cleantext-html" in keys:
                why = _html_unavailable(cleantext.clean)
                if why is None:

                    def run_html(html: str, /, *, lang: str | None = None) -> str:
                        return cleantext.clean(html, input="html", **options)

                    tools.append(Peer("cleantext-html", f"{name} (html)", "html", run_html))
                else:
                    skipped.append(f"skipped cleantext-html: {why}")
    if "unchanged" in keys:

        def unchanged(text: str, /, *, lang: str | None = None) -> str:
            return text

        tools.append(Peer("unchanged", "text unchanged", "text", unchanged))
    return tools, skipped


def _pin_to_one_core() -> str:
    """Run on a single core, so that every tool is timed alike; describe what was done."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process (no core pinning on this platform)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one process pinned to one core (#{core})"


def _timed(fn: Extract, pages: Sequence[Page], field: str) -> tuple[list[str], float, float, int]:
    """Outputs, wall-clock and CPU seconds, and the number of pages on which `fn` raised."""
    # One untimed call first, so lazy imports and loaded word lists do not count as page time.
    try:
        fn(pages[0][field], lang=pages[0].get("lang"))
    except Exception:  # a page that fails is counted in the timed loop
        pass
    outputs: list[str] = []
    errors = 0
    start, start_cpu = time.perf_counter(), time.process_time()
    for page in pages:
        try:
            outputs.append(fn(page[field], lang=page.get("lang")))
        except Exception:  # a peer that breaks on one page is still scored
            outputs.append("")
            errors += 1
    return outputs, time.perf_counter() - start, time.process_time() - start_cpu, errors


def run_tool(tool: Peer, pages: Sequence[Page]) -> Run:
    """Run one tool over every page, then score its outputs against the gold texts."""
    outputs, seconds, cpu_seconds, errors = _timed(tool.fn, pages, tool.input_field)
    scores = [score_page(out, page["gold"]) for out, page in zip(outputs, pages)]
    speed = None if tool.key == "unchanged" else len(pages) / seconds
    return Run(tool, outputs, scores, speed, seconds / max(cpu_seconds, 1e-9), errors)


def _summaries(run: Run, pick: Sequence[int] | None = None) -> tuple[Summary, Summary]:
    chosen = run.scores if pick is None else [run.scores[i] for i in pick]
    return summarize([s.tokens for s in chosen]), summarize([s.shingles for s in chosen])


def _markdown(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def _reference(runs: Sequence[Run]) -> Run | None:
    return next((run for run in runs if run.tool.key == REFERENCE), None)


def main_table(runs: Sequence[Run]) -> str:
    """The results, one row per tool, as a Markdown table; speed also as a multiple of trafilatura's."""
    header = [
        "tool",
        "input",
        "P",
        "R",
        "token F1",
        "macro F1",
        "shingle F1",
        "pages/s",
        "× trafilatura",
        "empty",
    ]
    reference = _reference(runs)
    reference_speed = None if reference is None else reference.pages_per_second
    rows = []
    for run in runs:
        tokens, shingles = _summaries(run)
        speed, ratio = "—", "—"
        if run.pages_per_second is not None:
            speed = f"{run.pages_per_second:.1f}"
            if reference_speed:
                ratio = f"{run.pages_per_second / reference_speed:.2f}"
        empty = str(tokens.empty_outputs) + (f" ({run.errors} errors)" if run.errors else "")
        rows.append(
            [
                run.tool.name,
                run.tool.input_field,
                f"{tokens.precision:.3f}",
                f"{tokens.recall:.3f}",
                f"{tokens.f1:.3f}",
                f"{tokens.macro_f1:.3f}",
                f"{shingles.f1:.3f}",
                speed,
                ratio,
                empty,
            ]
        )
    return _markdown(header, rows, right_from=2)


# What a breakdown table shows, by its `measure`.
BREAKDOWN_MEASURES = {
    "token": "token F1 (mean precision/recall)",
    "macro": "macro F1 (mean per-page F1)",
}


def breakdown_table(
    runs: Sequence[Run],
    pages: Sequence[Page],
    group: Callable[[Page], str],
    measure: Literal["token", "macro"] = "token",
) -> str:
    """Token F1 with mean precision/recall, or macro F1, of every tool on all pages and per group.

    Below the tools, one row per cleantext row in the run gives its lead over trafilatura's
    default in each group (negative where trafilatura does better).
    """
    members: dict[str, list[int]] = {}
    for i, page in enumerate(pages):
        members.setdefault(group(page), []).append(i)
    names = sorted(members, key=lambda name: (-len(members[name]), name))
    picks: list[Sequence[int] | None] = [None, *(members[name] for name in names)]
    header = ["tool", f"all ({len(pages)})", *(f"{name} ({len(members[name])})" for name in names)]

    def cell(run: Run, pick: Sequence[int] | None) -> tuple[float, str]:
        tokens, _ = _summaries(run, pick)
        if measure == "macro":
            return tokens.macro_f1, f"{tokens.macro_f1:.3f}"
        return tokens.f1, f"{tokens.f1:.3f} ({tokens.precision:.2f}/{tokens.recall:.2f})"

    rows = [[run.tool.name, *(cell(run, pick)[1] for pick in picks)] for run in runs]
    reference = _reference(runs)
    if reference is not None:
        for run in (run for key in COMPARED for run in runs if run.tool.key == key):
            # A lead of -0.0004 would print as -0.000, a loss that is none; rounded, + 0.0 is +0.000.
            leads = [round(cell(run, pick)[0] - cell(reference, pick)[0], 3) + 0.0 for pick in picks]
            rows.append([f"**{run.tool.name} − trafilatura**", *(f"**{lead:+.3f}**" for lead in leads)])
    return _markdown(header, rows)


def _page_type(page: Page) -> str:
    return str(page.get("page_type") or UNTYPED)


def _source(page: Page) -> str:
    return str(page["source"])


def explain_worst(run: Run, pages: Sequence[Page], count: int, options: Mapping[str, Any]) -> str:
    """The `count` pages where cleantext scores lowest, block by block, against the gold text."""
    import cleantext

    order = sorted(range(len(pages)), key=lambda i: (run.scores[i].tokens.f1 or 0.0, i))
    report: list[str] = []
    for i in order[:count]:
        page, score = pages[i], run.scores[i].tokens
        gold = Counter(tokenize(page["gold"]))
        result = cleantext.explain(page["text"], **options)
        precision = "—" if score.precision is None else f"{score.precision:.3f}"
        report.append(
            f"\n=== {page['id']}  {page['source']}/{_page_type(page)}  {page.get('url') or ''}\n"
            f"    P {precision}  R {score.recall:.3f}  F1 {score.f1:.3f}; "
            f"{len(result.kept)} of {len(result.blocks)} blocks kept\n"
            f"    gold = share of the block's tokens found in the gold text; ok = agrees with it,\n"
            f"    FP = kept but not in gold, FN = dropped but in gold (in gold: share > {GOLD_SHARE})"
        )
        for block in result.blocks:
            words = tokenize(block.text)
            share = (Counter(words) & gold).total() / len(words) if words else 0.0
            in_gold = share > GOLD_SHARE
            # A dropped duplicate's text is in the output through the block it repeats.
            expected = in_gold and (block.kept or block.duplicate_of is None)
            verdict = "ok" if block.kept == expected else ("FP" if block.kept else "FN")
            reason = block.reason + (f"->{block.duplicate_of}" if block.duplicate_of is not None else "")
            text = " ".join(block.text.split())
            excerpt = text if len(text) <= 70 else text[:67] + "..."
            report.append(
                f"  {block.index:4d} {'KEEP' if block.kept else 'drop'} {reason:<22} "
                f"gold {share:4.2f} {verdict:<2}  {excerpt}"
            )
    return "\n".join(report)


def _machine(pinning: str) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = f"; load average {os.getloadavg()[0]:.1f} at the start" if hasattr(os, "getloadavg") else ""
    return (
        f"{cpu}, {os.cpu_count()} logical cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {pinning}{load}"
    )


def timing_note(runs: Sequence[Run]) -> str:
    """How far other work on the machine slowed the timed runs down."""
    timed = [run for run in runs if run.pages_per_second is not None]
    if not timed:
        return "No tool was timed."
    worst = max(timed, key=lambda run: run.wall_over_cpu)
    excess = (worst.wall_over_cpu - 1) * 100
    if excess <= 10:
        return f"Wall-clock time was within {max(excess, 0):.0f}% of CPU time for every tool."
    return (
        f"The machine was busy: wall-clock time exceeded CPU time by up to {excess:.0f}% "
        f"({worst.tool.name}); on an idle core speeds would be up to that much higher."
    )


def _package_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def write_docs(runs: Sequence[Run], pages: Sequence[Page], data: Path, machine: str) -> None:
    """Write docs/benchmarks.md and the F1-versus-speed plot docs/benchmarks.png."""
    DOCS.mkdir(exist_ok=True)
    _plot(runs, DOCS / "benchmarks.png")
    today = datetime.now(timezone.utc).date().isoformat()
    counts = Counter(_page_type(p) for p in pages)
    doc = f"""# Benchmarks

Measured {today} on {len(pages)} pages of `{data.name}` (`../shared/bench`; see its README for
the data: WCXB dev pages and the Mozilla Readability test pages). Pages by type:
{", ".join(f"{name} {n}" for name, n in counts.most_common())}.

Machine: {machine}. {timing_note(runs)}

Reproduce: `pip install -e '.[bench]' && python benchmarks/quality.py --write-docs`.

## Results

{main_table(runs)}

- **input**: what the tool reads: `text` is the scraped page text (every visible block,
  boilerplate included); `html` is the page source. cleantext reads either: "(html)" is
  `cleantext.clean(page_html, input="html")`, the other cleantext row `cleantext.clean(text)`.
- **P, R**: mean per-page precision and recall of the output's word tokens (lowercased `\\w+`)
  against the gold text, counted as multisets; a page with an empty output has no precision and
  recall 0. **token F1** is the harmonic mean of the mean P and mean R (the Scrapinghub
  article-extraction-benchmark convention); **macro F1** the mean of per-page F1s (empty output
  counts 0); **shingle F1** the token F1 computed on overlapping runs of 4 tokens, which also
  rewards keeping the text in order.
- **pages/s**: wall-clock speed over the same pages, one call per page, after one untimed warm-up
  call; a tool reading `html` parses the page within that call, and the time of scoring is not
  included. Speeds depend on the machine and on its load (see above): compare them within one
  run. **× trafilatura** is pages/s over trafilatura's (default) in the same run.
- **empty**: pages where the tool returned nothing (and pages where it raised, counted as empty).
- "text unchanged" returns the scraped text as is: the recall ceiling and the precision floor.

How the peers are run (`benchmarks/peers.py`): trafilatura `extract()` on the HTML with its
defaults, and with `favor_precision=True`; "(on text)" is trafilatura given the scraped text,
each block wrapped in `<p>`, i.e. the same input as cleantext; readability-lxml
`Document(html).summary()` rendered to text one line per block element; jusText with the
stoplist of the page's `lang` when jusText has one, else English; resiliparse
`extract_plain_text(html, main_content=True, preserve_formatting=True, list_bullets=False,
alt_texts=False, links=False, form_fields=False, noscript=False, comments=True)`, i.e. its
main-content heuristics as they come, without text a reader does not see; datatrove's
`C4QualityFilter` on the scraped text with only its line rules: its page rules are off (on the
790 dev pages they would drop 78 pages whole, where cleantext always returns a cleaned page).

![token F1 against pages per second](benchmarks.png)

## By page type

The number of pages is in the header; the pages without a type are the Mozilla Readability test
pages. The bold rows are a cleantext row's F1 minus trafilatura's (default) on the same pages:
positive where cleantext does better.

Token F1, with mean precision/recall in brackets:

{breakdown_table(runs, pages, _page_type, "token")}

Macro F1 (mean per-page F1):

{breakdown_table(runs, pages, _page_type, "macro")}

## By source

Token F1, with mean precision/recall in brackets:

{breakdown_table(runs, pages, _source, "token")}

## Versions

{", ".join(f"{d} {_package_version(d)}" for d in _DISTRIBUTIONS)}.
"""
    (DOCS / "benchmarks.md").write_text(doc, encoding="utf-8")


_DISTRIBUTIONS = (
    "cleantext-blocks",
    "trafilatura",
    "readability-lxml",
    "justext",
    "resiliparse",
    "lxml",
    "datatrove",
)


def _plot(runs: Sequence[Run], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7.5, 4.5), dpi=150)
    for run in runs:
        speed = run.pages_per_second
        f1 = _summaries(run)[0].f1
        if speed is None:
            axes.axhline(f1, color="grey", linestyle="--", linewidth=1)
            axes.annotate(
                run.tool.name,
                (0.01, f1),
                xycoords=("axes fraction", "data"),
                xytext=(0, 3),
                textcoords="offset points",
                fontsize=8,
                color="grey",
            )
            continue
        own = run.tool.key in COMPARED
        axes.scatter(
            speed,
            f1,
            s=60 if own else 36,
            color="C3" if own else "C0",
            marker="o" if run.tool.input_field == "html" else "s",
            zorder=3,
        )
        axes.annotate(
            run.tool.name,
            (speed, f1),
            textcoords="offset points",
            xytext=(6, 4),
            fontsize=8,
        )
    axes.set_xscale("log")
    axes.set_xlabel("pages per second, one core (log scale); ● reads HTML, ■ reads text")
    axes.set_ylabel("token F1")
    axes.set_title("Quality against speed on the benchmark pages")
    axes.grid(True, which="both", alpha=0.3)
    axes.margins(x=0.25, y=0.15)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)


def _option(text: str) -> tuple[str, Any]:
    name, sep, raw = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, e.g. min_content_score=0.4; got {text!r}")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return name, value


def _tools(text: str) -> tuple[str, ...]:
    keys = tuple(key.strip() for key in text.split(",") if key.strip())
    unknown = [key for key in keys if key not in TOOL_KEYS]
    if unknown or not keys:
        raise argparse.ArgumentTypeError(
            f"unknown tool {', '.join(unknown) or text!r}; choose from {','.join(TOOL_KEYS)}"
        )
    return keys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python benchmarks/quality.py",
        description="Score cleantext and peer extractors against the benchmark's gold texts.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"benchmark pages, gzipped JSON lines (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--tools",
        type=_tools,
        default=TOOL_KEYS,
        help=f"comma-separated tools to run (default: all): {','.join(TOOL_KEYS)}",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N pages")
    parser.add_argument(
        "--explain-worst",
        type=int,
        default=0,
        metavar="N",
        help="print the N pages where cleantext scores lowest, block by block",
    )
    parser.add_argument(
        "-o",
        "--option",
        type=_option,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="pass an option to cleantext.clean/explain (repeatable), e.g. min_content_score=0.4",
    )
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help="write docs/benchmarks.md and docs/benchmarks.png from this run",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 on success, 2 on a usage error or missing data."""
    args = _parser().parse_args(argv)
    if args.limit is not None and args.limit < 1:
        print("error: --limit must be at least 1", file=sys.stderr)
        return 2
    if args.explain_worst and "cleantext" not in args.tools:
        print("error: --explain-worst needs cleantext among --tools", file=sys.stderr)
        return 2
    if not args.data.is_file():
        print(
            f"error: benchmark data not found at {args.data}; it lives outside the repository "
            "(../shared/bench/dev.jsonl.gz): pass its path with --data",
            file=sys.stderr,
        )
        return 2
    options = dict(args.option)
    own, skipped = _own_tools(args.tools, options)
    peers, skipped_peers = load_peers(tuple(k for k in args.tools if k in PEER_NAMES))
    for message in (*skipped, *skipped_peers):
        print(message, file=sys.stderr)
    tools = own + peers
    if not tools:
        print("error: none of the chosen tools is installed", file=sys.stderr)
        return 2
    pages = load_pages(args.data, args.limit)
    machine = _machine(_pin_to_one_core())
    runs = []
    for tool in tools:
        print(f"running {tool.name} on {len(pages)} pages ...", file=sys.stderr, flush=True)
        runs.append(run_tool(tool, pages))
    print(main_table(runs))
    for measure in ("token", "macro"):
        print(f"\nBy page type, {BREAKDOWN_MEASURES[measure]}:\n")
        print(breakdown_table(runs, pages, _page_type, measure))
    print(timing_note(runs), file=sys.stderr)
    cleantext_runs = [run for run in runs if run.tool.key == "cleantext"]
    if args.explain_worst and cleantext_runs:
        print(explain_worst(cleantext_runs[0], pages, args.explain_worst, options))
    if args.write_docs:
        write_docs(runs, pages, args.data, machine)
        print(f"wrote {DOCS / 'benchmarks.md'} and {DOCS / 'benchmarks.png'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
