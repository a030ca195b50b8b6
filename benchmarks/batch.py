"""The `cleantext` command on many pages: pages/s with -j 1 and -j 2, and memory over a ~1 GB JSONL.

Runs the installed command (``cleantext --jsonl FILE -j N``) as a subprocess, as users run it,
so start-up, JSON parsing, worker processes and writing are all in the figures:

1. Throughput: the development pages' ``text`` (one JSONL line a page, with its id) cleaned with
   ``-j 1`` and with ``-j 2``; wall-clock pages/s and MB/s of page text, best of ``--repeat`` runs.
   The two outputs must be byte for byte the same.
2. Memory: the development pages repeated (each line with its own id) into a JSONL of about
   ``--size-gb`` GB, cleaned with ``-j 2``. Every 0.5 s the resident memory (RSS) of the whole
   process tree (the command and its workers) is summed from /proc, with the proportional share
   (PSS, which counts pages the forked workers share with the parent once); reported at 10 %, 50 %
   and 100 % of the output written and at its peak, next to the kernel's own peak for the largest
   single process of the tree (``ru_maxrss`` of the waited-for child and the workers it reaped, as
   ``resource.getrusage(RUSAGE_CHILDREN)`` gives it). Then the output is checked: exactly one line
   per input line, each with the id of its input line and a body.

Generated data goes under ``--workdir`` (default: a new folder in the temporary directory, removed
at the end unless ``--keep``), never into the repository. Prints Markdown tables.

    python benchmarks/batch.py                    # ~15 minutes on 2 cores
    python benchmarks/batch.py --size-gb 0.05     # a quick check of the memory part
    python benchmarks/batch.py --skip-memory      # throughput only
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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "dev.jsonl.gz"
SAMPLE_SECONDS = 0.5
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def cleantext_command() -> list[str]:
    """The `cleantext` script next to this Python, else `python -m cleantext`."""
    script = Path(sys.executable).with_name("cleantext")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cleantext"]


def write_dev_jsonl(data: Path, out: Path) -> tuple[int, int]:
    """One line per development page, its id and text; return (pages, bytes of page text)."""
    pages = text_bytes = 0
    with gzip.open(data, "rt", encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            record = json.loads(line)
            dst.write(json.dumps({"id": record["id"], "text": record["text"]}, ensure_ascii=False) + "\n")
            pages += 1
            text_bytes += len(record["text"].encode("utf-8"))
    return pages, text_bytes


def write_big_jsonl(dev: Path, out: Path, size_bytes: float) -> tuple[int, int]:
    """The development lines repeated, each with a new id, up to `size_bytes`; return (pages, bytes)."""
    records = [json.loads(line) for line in dev.open(encoding="utf-8")]
    pages = written = 0
    with out.open("wb") as dst:
        while written < size_bytes:
            record = records[pages % len(records)]
            line = json.dumps({"id": f"{record['id']}#{pages // len(records)}", "text": record["text"]})
            data = line.encode("utf-8") + b"\n"
            dst.write(data)
            written += len(data)
            pages += 1
    return pages, written


@dataclass
class Sample:
    seconds: float
    rss: int
    pss: int
    processes: int
    output_bytes: int


@dataclass
class Run:
    seconds: float
    returncode: int
    stderr: str
    maxrss_kb: int = 0
    cpu_seconds: float = 0.0
    samples: list[Sample] = field(default_factory=list)


def _process_tree(root: int) -> list[int]:
    """`root` and every process descended from it, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; (0, 0) if it has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            rss = int(f.read().split()[1]) * PAGE_SIZE
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def run_cli(args: list[str], *, output: Path | None = None, sample: bool = False) -> Run:
    """Run `cleantext ARGS`; with `sample`, record the process tree's memory every 0.5 s."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [*cleantext_command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    samples: list[Sample] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(SAMPLE_SECONDS):
            tree = _process_tree(process.pid)
            memory = [_memory(pid) for pid in tree]
            size = output.stat().st_size if output is not None and output.exists() else 0
            samples.append(
                Sample(
                    time.perf_counter() - start,
                    sum(m[0] for m in memory),
                    sum(m[1] for m in memory),
                    len(tree),
                    size,
                )
            )

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    assert process.stderr is not None
    stderr = process.stderr.read()  # read before waiting, so a full pipe cannot block the command
    # wait4, not Popen.wait, for the kernel's resource usage of this child and what it reaped.
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    if sample:
        watcher.join()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, process.returncode, stderr.decode(errors="replace"), usage.ru_maxrss, cpu, samples)


def check_output(source: Path, output: Path) -> int:
    """Exactly one output line per input line, with its id and a body; return the line count."""
    lines = 0
    with source.open(encoding="utf-8") as inputs, output.open(encoding="utf-8") as outputs:
        for lines, (line_in, line_out) in enumerate(zip(inputs, outputs, strict=True), 1):
            record = json.loads(line_out)
            if "clean" not in record or record.get("id") != json.loads(line_in)["id"]:
                raise SystemExit(f"output line {lines} does not answer input line {lines}: {line_out[:200]}")
    return lines


def _at_output_share(samples: list[Sample], share: float) -> Sample:
    """The first sample taken when `share` of the final output had been written."""
    final = max(s.output_bytes for s in samples)
    return next(s for s in samples if s.output_bytes >= share * final)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return cpu


def _nproc() -> str:
    try:
        return subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return str(len(os.sched_getaffinity(0)))


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
        )
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def _mb(value: float) -> str:
    return f"{value / 1e6:,.0f}"


def throughput(dev: Path, pages: int, text_bytes: int, workdir: Path, repeat: int) -> None:
    print(f"{pages} development pages, {text_bytes / 1e6:.1f} MB of page text; best of {repeat} run(s)\n")
    print("| command | wall s | pages/s | MB/s | CPU s (all processes) | pages per CPU s |")
    print("|---|---:|---:|---:|---:|---:|")
    outputs = []
    for jobs in (1, 2):
        out = workdir / f"dev.j{jobs}.jsonl"
        runs = []
        for _ in range(repeat):
            run = run_cli(["--jsonl", str(dev), "-j", str(jobs), "--no-progress", "-o", str(out)])
            if run.returncode != 0:
                raise SystemExit(f"cleantext -j {jobs} failed ({run.returncode}): {run.stderr[-2000:]}")
            runs.append(run)
        check_output(dev, out)
        outputs.append(out.read_bytes())
        best = min(runs, key=lambda r: r.seconds)
        print(
            f"| `cleantext --jsonl -j {jobs}` | {best.seconds:.1f} | {pages / best.seconds:.1f} | "
            f"{text_bytes / 1e6 / best.seconds:.2f} | {best.cpu_seconds:.1f} | {pages / best.cpu_seconds:.1f} |",
            flush=True,
        )
    if outputs[0] != outputs[1]:
        raise SystemExit("-j 1 and -j 2 wrote different output")
    print("\nThe -j 1 and -j 2 outputs are byte for byte the same.")


def memory(dev: Path, workdir: Path, size_gb: float) -> None:
    big = workdir / "big.jsonl"
    started = time.perf_counter()
    pages, size = write_big_jsonl(dev, big, size_gb * 1e9)
    print(f"\nwrote {big} ({size / 1e9:.2f} GB, {pages:,} pages) in {time.perf_counter() - started:.0f} s")
    out = workdir / "big.out.jsonl"
    run = run_cli(["--jsonl", str(big), "-j", "2", "--no-progress", "-o", str(out)], output=out, sample=True)
    if run.returncode != 0:
        raise SystemExit(f"cleantext failed ({run.returncode}): {run.stderr[-2000:]}")
    lines = check_output(big, out)
    if not run.samples:
        raise SystemExit("the run ended before the first memory sample; use a larger --size-gb")
    print(
        f"\n`cleantext --jsonl big.jsonl -j 2 -o out.jsonl`: {size / 1e9:.2f} GB, {pages:,} pages in "
        f"{run.seconds:.0f} s ({pages / run.seconds:.1f} pages/s, {size / 1e6 / run.seconds:.2f} MB/s of JSONL); "
        f"{run.cpu_seconds:.0f} CPU s; {lines:,} output lines for {pages:,} input lines, each with its "
        "input's id and a body; "
        f"{len(run.samples)} samples, every {SAMPLE_SECONDS} s\n"
    )
    print("| memory of the process tree | processes | RSS MB | PSS MB |")
    print("|---|---:|---:|---:|")
    for share in (0.1, 0.5, 1.0):
        s = _at_output_share(run.samples, share)
        print(
            f"| at {share:.0%} of the output ({s.seconds:.0f} s) | {s.processes} | {_mb(s.rss)} | {_mb(s.pss)} |"
        )
    peak = max(run.samples, key=lambda s: s.rss)
    print(
        f"| peak RSS sum ({peak.seconds:.0f} s) | {peak.processes} | {_mb(peak.rss)} | "
        f"{_mb(max(s.pss for s in run.samples))} (peak PSS) |"
    )
    print(f"| largest single process, ru_maxrss (kernel) | 1 | {run.maxrss_kb / 1000:,.0f} | |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dev.jsonl.gz (default: %(default)s)")
    parser.add_argument("--workdir", type=Path, help="where generated data goes (default: a new temp folder)")
    parser.add_argument(
        "--size-gb", type=float, default=1.0, help="size of the memory run's JSONL (default 1)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="throughput runs per -j, best taken (default 3)"
    )
    parser.add_argument("--skip-memory", action="store_true", help="throughput only")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"benchmark data not found: {args.data} (see --data)", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="cleantext-batch-"))
    if workdir.resolve() == ROOT or ROOT in workdir.resolve().parents:
        print(
            f"--workdir {workdir} is inside the repository; generated data must go elsewhere", file=sys.stderr
        )
        return 2
    workdir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(
        f"## cleantext {_commit()}, {stamp}, {platform.node()}: {_machine()}, nproc {_nproc()}, "
        f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f} at the start\n"
    )
    try:
        dev = workdir / "dev.jsonl"
        pages, text_bytes = write_dev_jsonl(args.data, dev)
        throughput(dev, pages, text_bytes, workdir, args.repeat)
        if not args.skip_memory:
            memory(dev, workdir, args.size_gb)
    finally:
        if not args.keep:
            for name in ("dev.jsonl", "dev.j1.jsonl", "dev.j2.jsonl", "big.jsonl", "big.out.jsonl"):
                (workdir / name).unlink(missing_ok=True)
            if args.workdir is None:
                shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
