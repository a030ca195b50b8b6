"""The CLI on many pages: pages/s with -j 1 and -j 2, and memory on a JSONL of about 1 GB.

Runs the real ``cleantext --jsonl`` command as a subprocess, the way users run it:

1. on the development pages' ``text`` (one JSONL line a page) with ``-j 1`` and ``-j 2``:
   wall-clock pages/s and MB/s (best of ``--repeat`` runs; these machines are noisy);
2. on a JSONL of about ``--size-gb`` GB (the development pages repeated, each line with its own
   id) with ``-j 2``: the peak resident memory of the whole process tree (parent and workers,
   sampled from /proc every 0.2 s), the same at 10 %, 50 % and 90 % of the run (constant memory
   shows as equal figures), and a check that the output has one line per input line, in order.

Generated data goes to ``--workdir`` (default: a temporary folder), never into the repository.

    python benchmarks/throughput.py                    # both parts, ~10 minutes on 2 cores
    python benchmarks/throughput.py --size-gb 0.1      # a quicker memory run
    python benchmarks/throughput.py --skip-memory      # pages/s only
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"


def _cleantext() -> list[str]:
    script = Path(sys.executable).with_name("cleantext")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleantext"]


def write_dev_jsonl(data: Path, out: Path) -> tuple[int, float]:
    """One line per development page: its id and scraped text. Returns (pages, MB of text)."""
    pages, size = 0, 0
    with gzip.open(data, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            dst.write(json.dumps({"id": record.get("id", pages), "text": record["text"]}) + "\n")
            pages += 1
            size += len(record["text"].encode("utf-8"))
    return pages, size / 1e6


def write_big_jsonl(dev: Path, out: Path, size_gb: float) -> tuple[int, float]:
    """The development pages repeated until the file holds about `size_gb` GB."""
    lines = dev.read_text(encoding="utf-8").splitlines()
    target, written, pages, copy = size_gb * 1e9, 0, 0, 0
    with out.open("w", encoding="utf-8") as dst:
        while written < target:
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}#{copy}"
                data = json.dumps(record) + "\n"
                dst.write(data)
                written += len(data.encode("utf-8"))
                pages += 1
                if written >= target:
                    break
            copy += 1
    return pages, written / 1e6


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        child = int(entry)
        children.setdefault(int(fields[1]), []).append(child)
        rss[child] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, ()))
    return total / 1e6


def run_cli(args: list[str], *, sample: bool = False) -> tuple[float, list[tuple[float, float]]]:
    """Run the CLI; return wall seconds and, if asked, (seconds, tree RSS MB) samples."""
    samples: list[tuple[float, float]] = []
    start = time.perf_counter()
    proc = subprocess.Popen([*_cleantext(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            samples.append((time.perf_counter() - start, _tree_rss_mb(proc.pid)))

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    if sample:
        watcher.join()
    if proc.returncode != 0:
        raise SystemExit(f"cleantext {' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, samples


def check_output(inp: Path, out: Path) -> int:
    """Every input line has its output line, in order, with the same id and a body."""
    n = 0
    with inp.open(encoding="utf-8") as a, out.open(encoding="utf-8") as b:
        for n, (line_in, line_out) in enumerate(zip(a, b, strict=True), 1):
            record = json.loads(line_out)
            if "error" in record or record["id"] != json.loads(line_in)["id"] or "clean" not in record:
                raise SystemExit(f"output line {n} does not answer input line {n}: {line_out[:200]}")
    return n


def _at(samples: list[tuple[float, float]], share: float) -> float:
    if not samples:
        return float("nan")
    end = samples[-1][0]
    return min(samples, key=lambda s: abs(s[0] - share * end))[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev.jsonl.gz (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where generated JSONL goes (default: a temp folder)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per -j setting, best taken (default 3)")
    parser.add_argument(
        "--size-gb", type=float, default=1.0, help="size of the memory run's JSONL (default 1)"
    )
    parser.add_argument("--skip-memory", action="store_true", help="only the pages/s part")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark data not found at {args.data}", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cleantext-throughput-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        dev = workdir / "dev.jsonl"
        pages, mb = write_dev_jsonl(args.data, dev)
        print(
            f"# cleantext CLI throughput, {date.today()}, {platform.node()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}\n"
        )
        print(f"{pages} development pages, {mb:.1f} MB of text; best of {args.repeat} runs\n")
        print("| command | wall s | pages/s | MB/s |\n|---|---:|---:|---:|")
        for jobs in (1, 2):
            out = workdir / f"dev.j{jobs}.jsonl"
            best = min(
                run_cli(["--jsonl", str(dev), "-j", str(jobs), "--no-progress", "-o", str(out)])[0]
                for _ in range(args.repeat)
            )
            check_output(dev, out)
            print(
                f"| `cleantext --jsonl -j {jobs}` | {best:.1f} | {pages / best:.0f} | {mb / best:.2f} |",
                flush=True,
            )
        if args.skip_memory:
            return 0
        big = workdir / "big.jsonl"
        big_pages, big_mb = write_big_jsonl(dev, big, args.size_gb)
        out = workdir / "big.out.jsonl"
        seconds, samples = run_cli(
            ["--jsonl", str(big), "-j", "2", "--no-progress", "-o", str(out)], sample=True
        )
        lines = check_output(big, out)
        peak = max(rss for _, rss in samples)
        print(
            f"\n{big_mb / 1000:.2f} GB JSONL, {big_pages} pages, `cleantext --jsonl -j 2`: "
            f"{seconds:.0f} s, {big_pages / seconds:.0f} pages/s, {lines} output lines, all in order\n"
        )
        print("| resident memory of the process tree | MB |\n|---|---:|")
        for share in (0.1, 0.5, 0.9):
            print(f"| at {share:.0%} of the run | {_at(samples, share):.0f} |")
        print(f"| peak | {peak:.0f} |")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
