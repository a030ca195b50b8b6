"""How well and how fast ``cleantext.detect`` tells text, HTML and junk apart.

Pages: every development page's ``text`` and ``gold`` (must sniff as text) and ``html`` (must
sniff as html), from ``../shared/bench`` (read there, never written into the repository). Junk,
made here: random bytes read four ways, base64/32/85, hex and hex dumps of random bytes, of
fixed-width records and of executables found on this machine (``/bin/ls`` and the running
Python, read as bytes; skipped where absent), the inline scripts, styles and JSON of the dev
pages' HTML. Blocks: every line of the dev texts and gold bodies (how many the block test drops)
and lines of junk (how many it catches). Then the time of each call, one process on one core.

    python benchmarks/detect.py               # about half a minute
    python benchmarks/detect.py --markdown    # the tables for docs/detect.md
"""

from __future__ import annotations

import argparse
import base64
import collections
import gzip
import json
import os
import platform
import random
import re
import statistics
import struct
import subprocess
import sys
import timeit
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from cleantext.detect import junk_reason, sniff

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
BINARIES = (Path("/bin/ls"), Path(sys.executable).resolve())
# An inline script or style this long on one line is minified.
_SCRIPT = re.compile(r"<script([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
MINIFIED_CHARS = 2000


def load_pages(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def _hex_dump(data: bytes) -> str:
    rows = []
    for offset in range(0, len(data), 16):
        row = data[offset : offset + 16]
        groups = " ".join(row[i : i + 2].hex() for i in range(0, len(row), 2))
        rows.append(f"{offset:08x}: {groups:<39}  " + "".join(chr(b) if 32 <= b < 127 else "." for b in row))
    return "\n".join(rows)


def junk_pages(pages: list[dict[str, str]]) -> Iterator[tuple[str, str]]:
    """(corpus, page) for every junk page of the negative corpora."""
    rng = random.Random(15)
    for _ in range(25):
        raw = rng.randbytes(rng.choice((400, 4096, 30_000)))
        yield "random bytes, errors=replace", raw.decode("utf-8", "replace")
        yield "random bytes as Latin-1", raw.decode("latin-1")
        yield "random bytes as cp1252", raw.decode("cp1252", "replace")
        yield "random bytes, errors=ignore", raw.decode("utf-8", "ignore")
        yield "base64", base64.b64encode(raw).decode()
        yield "base64, MIME lines", base64.encodebytes(raw).decode()
        yield "base32", base64.b32encode(raw).decode()
        yield "ascii85", base64.a85encode(raw).decode()
        yield "hex", raw.hex()
        yield "hex dump, random bytes", _hex_dump(raw)
    records = b"".join(struct.pack("<IIQ", i, i * 3, 0x400000 + i * 0x40) for i in range(300))
    yield "hex dump, binary records", _hex_dump(records)
    for binary in BINARIES:
        if binary.is_file():
            raw = binary.read_bytes()
            yield "executable, errors=replace", raw.decode("utf-8", "replace")
            yield "executable as Latin-1", raw.decode("latin-1")
            yield "hex dump, executable head", _hex_dump(raw[:6000])
    for page in pages[::2]:
        for attributes, script in _SCRIPT.findall(page["html"]):
            if len(script) >= MINIFIED_CHARS and "\n" not in script.strip()[:MINIFIED_CHARS]:
                kind = (
                    "inline JSON"
                    if "json" in attributes.lower() or script.lstrip()[:1] in "[{"
                    else "inline script"
                )
                yield kind, script
        for style in _STYLE.findall(page["html"]):
            if len(style) >= MINIFIED_CHARS and style.count("\n") < 5:
                yield "inline CSS", style
    for page in pages[:100]:
        yield "JSON Lines", json.dumps(page)


def junk_blocks(pages: list[dict[str, str]]) -> Iterator[tuple[str, str]]:
    rng = random.Random(16)
    for _ in range(300):
        raw = rng.randbytes(rng.randint(30, 3000))
        yield "base64 blob", base64.b64encode(raw).decode()
        yield from (
            ("base64 MIME line", line)
            for line in base64.encodebytes(raw).decode().split("\n")
            if len(line) >= 40
        )
        yield "data URI", f'<img src="data:image/png;base64,{base64.b64encode(raw).decode()}" alt="">'
        yield "hex string", raw.hex()[: rng.randint(40, 400)]
        yield "binary as Latin-1", raw.decode("latin-1")
        yield "binary, errors=replace", raw.decode("utf-8", "replace")
    for page in pages[::4]:
        for _, script in _SCRIPT.findall(page["html"]):
            yield from (("inline script line", line) for line in script.split("\n") if len(line) >= 500)
        for style in _STYLE.findall(page["html"]):
            yield from (("inline CSS line", line) for line in style.split("\n") if len(line) >= 500)


def _per_call(fn: Callable[[str], object], arg: str, number: int) -> float:
    """Microseconds per call: the best of five runs of `number` calls."""
    return min(timeit.repeat(lambda: fn(arg), number=number, repeat=5)) / number * 1e6


def measure(pages: list[dict[str, str]]) -> dict[str, object]:
    found: dict[str, object] = {}
    kinds = collections.Counter()
    misses = []
    # The margin of the prose test: the sparsest prose of a real page, the richest of junk.
    prose_share: dict[str, float] = {}
    for page in pages:
        for field, want in (("text", "text"), ("gold", "text"), ("html", "html")):
            result = sniff(page[field])
            kinds[field, result.kind, result.rule] += 1
            if field != "html" and result.rule != "short":
                prose_share[f"dev `{field}` (lowest)"] = min(
                    prose_share.get(f"dev `{field}` (lowest)", 1.0), result.prose_share
                )
            if result.kind != want:
                misses.append((page["id"], field, result))
    found["pages"] = kinds
    found["page_misses"] = misses

    junk = collections.Counter()
    junk_misses = collections.Counter()
    for corpus, text in junk_pages(pages):
        result = sniff(text)
        junk[corpus, result.kind] += 1
        if result.rule not in ("binary", "json"):
            key = f"{corpus} (highest)"
            prose_share[key] = max(prose_share.get(key, 0.0), result.prose_share)
        if result.kind != "not_text":
            junk_misses[corpus, result.kind, result.rule] += 1
    found["junk"] = junk
    found["prose_share"] = prose_share
    found["junk_misses"] = junk_misses

    dropped = collections.Counter()
    blocks = collections.Counter()
    gold_dropped = []
    for page in pages:
        for field in ("text", "gold"):
            for line in page[field].split("\n"):
                line = line.strip()
                if line:
                    blocks[field] += 1
                    reason = junk_reason(line)
                    if reason:
                        dropped[field, reason] += 1
                        if field == "gold":
                            gold_dropped.append((page["id"], line))
    found["blocks"], found["dropped"], found["gold_dropped"] = blocks, dropped, gold_dropped
    caught = collections.Counter()
    for corpus, block in junk_blocks(pages):
        caught[corpus, junk_reason(block) != ""] += 1
    found["caught"] = caught

    texts = [page["text"] for page in pages]
    per_page = [_per_call(sniff, text, 20) for text in texts]
    near_15k = min(texts, key=lambda t: abs(len(t) - 15_000))
    htmls = [page["html"] for page in pages]
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    start = timeit.default_timer()
    for line in lines:
        junk_reason(line)
    block_mean = (timeit.default_timer() - start) / len(lines) * 1e6
    rng = random.Random(17)
    found["timing"] = {
        "sniff, dev texts: median": statistics.median(per_page),
        "sniff, dev texts: 90th percentile": sorted(per_page)[len(per_page) * 9 // 10],
        "sniff, dev texts: slowest": max(per_page),
        f"sniff, one {len(near_15k) / 1000:.0f} KB text": _per_call(sniff, near_15k, 2000),
        "sniff, dev html: median": statistics.median(_per_call(sniff, h, 20) for h in htmls[::10]),
        f"sniff, largest html ({max(map(len, htmls)) / 1e6:.1f} M chars)": _per_call(
            sniff, max(htmls, key=len), 200
        ),
        "sniff, 300 KB of base64 (junk measures taken)": _per_call(
            sniff, base64.b64encode(rng.randbytes(225_000)).decode(), 500
        ),
        "junk_reason, every dev text line: mean": block_mean,
        "junk_reason, a line of prose": _per_call(junk_reason, texts[0].split("\n")[0] * 3, 20000),
        "junk_reason, a line of CJK": _per_call(
            junk_reason,
            "翱翔于距地球数千公里的太空中，进入广袤漆黑的未知领域，是一项艰苦卓绝的工作。" * 3,
            20000,
        ),
        "junk_reason, a bare URL": _per_call(
            junk_reason,
            "https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit",
            20000,
        ),
        "junk_reason, a 5 KB data URI": _per_call(
            junk_reason, "data:image/png;base64," + base64.b64encode(rng.randbytes(3800)).decode(), 2000
        ),
    }
    return found


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "one process (no core pinning on this platform)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one process pinned to core #{core}"


def report(found: dict[str, object], *, markdown: bool) -> str:
    out = []
    pages = found["pages"]
    assert isinstance(pages, collections.Counter)
    out.append("| input | verdict (rule: pages) |\n|---|---|")
    for field in ("text", "gold", "html"):
        cells = ", ".join(f"{kind}/{rule}: {n}" for (f, kind, rule), n in sorted(pages.items()) if f == field)
        out.append(f"| dev `{field}` | {cells} |")
    out.append(f"\nMisses: {found['page_misses'] or 'none'}\n")
    junk = found["junk"]
    assert isinstance(junk, collections.Counter)
    out.append("| junk corpus | pages | not_text |\n|---|---:|---:|")
    for corpus in dict.fromkeys(c for c, _ in junk):
        total = sum(n for (c, _), n in junk.items() if c == corpus)
        out.append(f"| {corpus} | {total} | {junk[corpus, 'not_text']} |")
    out.append(
        f"\nJunk read as something else (corpus, kind, rule: pages): {dict(found['junk_misses']) or 'none'}\n"
    )
    out.append("| prose_share | value |\n|---|---:|")
    prose_share = found["prose_share"]
    assert isinstance(prose_share, dict)
    out.extend(f"| {name} | {value:.3f} |" for name, value in prose_share.items())
    out.append("")
    out.append("| blocks | lines | dropped (reason: lines) |\n|---|---:|---|")
    blocks, dropped = found["blocks"], found["dropped"]
    assert isinstance(blocks, collections.Counter) and isinstance(dropped, collections.Counter)
    for field in ("text", "gold"):
        cells = ", ".join(f"{r}: {n}" for (f, r), n in sorted(dropped.items()) if f == field) or "none"
        out.append(f"| dev `{field}` | {blocks[field]} | {cells} |")
    out.append(f"\nGold lines dropped: {found['gold_dropped']}\n")
    caught = found["caught"]
    assert isinstance(caught, collections.Counter)
    out.append("| junk lines | lines | dropped |\n|---|---:|---:|")
    for corpus in dict.fromkeys(c for c, _ in caught):
        out.append(f"| {corpus} | {caught[corpus, True] + caught[corpus, False]} | {caught[corpus, True]} |")
    timing = found["timing"]
    assert isinstance(timing, dict)
    out.append("\n| call | µs |\n|---|---:|")
    out.extend(f"| {name} | {value:.1f} |" for name, value in timing.items())
    text = "\n".join(out)
    if not markdown:
        text = (
            text.replace("|---|---:|---:|\n", "").replace("|---|---:|---|\n", "").replace("|---|---|\n", "")
        )
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the benchmark pages (gzipped JSONL)")
    parser.add_argument("--markdown", action="store_true", help="print the tables for docs/detect.md")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark pages not found at {args.data}: pass --data PATH", file=sys.stderr)
        return 2
    how = pin_to_one_core()
    found = measure(load_pages(args.data))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"Run of {date.today()} on {platform.node()}, Python {platform.python_version()}, commit {commit}, {how}.\n"
    )
    print(report(found, markdown=args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
