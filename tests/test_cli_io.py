"""The command line's inputs and outputs: I/O problems, outputs that would write an input,
compressed inputs."""

from __future__ import annotations

import bz2
import gzip
import importlib.util
import json
import lzma
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cleantext import clean, explain
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"
OTHER = ROOT / "tests" / "golden" / "de_stadtrat.txt"
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
}
COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {
    ".gz": gzip.compress,
    ".bz2": bz2.compress,
    ".xz": lzma.compress,
}
HAS_ZSTD = importlib.util.find_spec("compression") is not None and (
    importlib.util.find_spec("compression.zstd") is not None
)

Capture = pytest.CaptureFixture[str]


def _tree(tmp_path: Path) -> dict[str, str]:
    """Files to run the command on; returns the names the cases below refer to."""
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_bytes(SEED.read_bytes())
    (pages / "sub" / "b.txt").write_bytes(OTHER.read_bytes())
    (tmp_path / "file.txt").write_text("an existing file\n", encoding="utf-8")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dump.jsonl").write_text(json.dumps({"id": 1, "text": "Menu"}) + "\n", encoding="utf-8")
    (tmp_path / "bad.txt.gz").write_bytes(b"not gzip at all")
    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Menu"}\n' * 50)[:40])
    return {
        "tmp": str(tmp_path),
        "pages": str(pages),
        "a": str(pages / "a.txt"),
        "file": str(tmp_path / "file.txt"),
        "dir": str(tmp_path / "dir"),
        "jsonl": str(tmp_path / "dump.jsonl"),
        "bad_gz": str(tmp_path / "bad.txt.gz"),
        "cut_gz": str(tmp_path / "cut.jsonl.gz"),
        "long": str(tmp_path / ("x" * 5000)),
    }


def _snapshot(root: Path) -> dict[str, bytes | str]:
    """Every file under `root` with its bytes (a link with where it points)."""
    files: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            files[str(path)] = os.readlink(path)
        elif path.is_file():
            files[str(path)] = path.read_bytes()
    return files


def _one_line(err: str, message: str) -> None:
    assert err.startswith("cleantext: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert message in err, err


# -- I/O problems: one line on stderr and the documented exit status, never a traceback ---------

NEEDS_DEV_FULL = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["{pages}", "-o", "{file}"], 2, "error: cannot write into {file}: it is a file"),
        (["{pages}", "-o", "{file}/sub/"], 2, "error: cannot create the output directory {file}/sub/"),
        (["{pages}", "-o", "/proc/nope/"], 2, "error: cannot create the output directory /proc/nope/"),
        (["{a}", "-o", "{dir}"], 2, "error: cannot write {dir}: it is a directory"),
        (["{a}", "-o", "{file}/x.txt"], 2, "error: cannot write {file}/x.txt: Not a directory"),
        (["{a}", "-o", ""], 2, "error: -o needs a file or directory name"),
        (["{pages}", "--glob", "/abs/*.txt"], 2, "error: bad --glob '/abs/*.txt'"),
        (["--jsonl", "{jsonl}", "-o", "/proc/nope/out.jsonl"], 2, "error: cannot write /proc/nope/out.jsonl"),
        (["--jsonl", "{pages}"], 2, "error: --jsonl reads a file or '-', and {pages} is a directory"),
        (["report", "{a}", "-o", "/proc/nope/r.html"], 2, "error: cannot write /proc/nope/r.html"),
        (["report", "{a}", "-o", "{dir}"], 2, "error: cannot write {dir}: it is a directory"),
        (["{long}"], 1, "xxxx: File name too long"),
        (["--jsonl", "{long}"], 1, "xxxx: File name too long"),
        (["report", "{long}", "-o", "{tmp}/r.html"], 1, "xxxx: File name too long"),
        (["{bad_gz}"], 1, "{bad_gz}: not valid gzip data"),
        (["--jsonl", "{bad_gz}"], 1, "{bad_gz}: reading stopped: not valid gzip data"),
        (["report", "{bad_gz}", "-o", "{tmp}/r.html"], 1, "{bad_gz}: not valid gzip data"),
        (["--jsonl", "{cut_gz}", "-o", "{tmp}/out.jsonl"], 1, "reading stopped: the gzip data ends early"),
        pytest.param(["{a}", "-o", "/dev/full"], 1, "cannot write /dev/full: No space", marks=NEEDS_DEV_FULL),
        pytest.param(
            ["--jsonl", "{jsonl}", "-o", "/dev/full"],
            1,
            "cannot write /dev/full: No space",
            marks=NEEDS_DEV_FULL,
        ),
        pytest.param(
            ["report", "{a}", "-o", "/dev/full"], 1, "cannot write /dev/full: No space", marks=NEEDS_DEV_FULL
        ),
    ],
)
def test_io_problems_are_one_line_and_the_documented_status(
    argv: list[str], status: int, message: str, tmp_path: Path, capsys: Capture
) -> None:
    names = _tree(tmp_path)
    assert main([arg.format(**names) for arg in argv]) == status
    _one_line(capsys.readouterr().err, message.format(**names))


def test_a_file_of_a_tree_that_cannot_be_written_is_reported_and_the_others_go_through(
    tmp_path: Path, capsys: Capture
) -> None:
    names = _tree(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_text("a file where the tree needs a directory", encoding="utf-8")
    assert main([names["pages"], "-o", str(out), "-j", "1"]) == 1
    _one_line(capsys.readouterr().err, f"{out / 'sub' / 'b.txt'}: cannot write: {out / 'sub'} is a file")
    assert (out / "a.txt").read_text(encoding="utf-8") == clean(SEED.read_text(encoding="utf-8")) + "\n"


@pytest.mark.parametrize(
    ("command", "status", "message"),
    [
        ("-m cleantext <&-", 1, "cleantext: <stdin>: standard input is closed"),
        ("-m cleantext --jsonl <&-", 1, "cleantext: <stdin>: standard input is closed"),
        ("-m cleantext report - <&-", 1, "cleantext: <stdin>: standard input is closed"),
        ("-m cleantext {seed} >&-", 2, "cleantext: error: standard output is closed"),
        ("-m cleantext report {seed} >&-", 2, "cleantext: error: standard output is closed"),
    ],
)
def test_closed_standard_streams_in_a_real_process(command: str, status: int, message: str) -> None:
    done = subprocess.run(
        f'"{sys.executable}" ' + command.format(seed=SEED),
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        env=ENV,
    )
    assert done.returncode == status, done.stderr
    assert done.stderr.startswith(message) and done.stderr.count("\n") == 1, done.stderr


# -- an output never writes an input ---------------------------------------------------------


def _links(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (tmp_path / "link").symlink_to(pages)
    (tmp_path / "a-link.txt").symlink_to(pages / "a.txt")
    os.link(pages / "a.txt", tmp_path / "a-hard.txt")
    (tmp_path / "out-with-link").mkdir()
    (tmp_path / "out-with-link" / "sub").symlink_to(pages / "sub")
    (tmp_path / "linked").mkdir()
    (tmp_path / "linked" / "c.txt").symlink_to(tmp_path / "out2" / "c.txt")
    (tmp_path / "out2").mkdir()
    (tmp_path / "out2" / "c.txt").write_bytes(OTHER.read_bytes())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["{pages}", "-o", "{pages}"], "the output {pages} is the input {pages}"),
        (["{pages}", "-o", "{pages}/"], "is the input {pages}"),
        (["{pages}", "-o", "{pages}/sub/.."], "is the input {pages}"),
        (["{pages}", "-o", "{tmp}/link"], "the output {tmp}/link is the input {pages}"),
        (["{pages}", "-o", "{pages}/clean"], "the output {pages}/clean lies inside the input {pages}"),
        (["{pages}/sub", "-o", "{pages}"], "the output {pages} holds the input {pages}/sub"),
        (["{pages}", "-o", "{tmp}/out-with-link"], "leads into the input {pages}"),
        (["{tmp}/linked", "-o", "{tmp}/out2"], "is a link into the output {tmp}/out2"),
        (["{a}", "{pages}/sub/b.txt", "-o", "{a}"], "the output {a} is the input {a}"),
        (["{a}", "-o", "{tmp}/a-link.txt"], "the output {tmp}/a-link.txt is the input {a}"),
        (["{a}", "-o", "{tmp}/a-hard.txt"], "the output {tmp}/a-hard.txt is the input {a}"),
        (["--jsonl", "{jsonl}", "-o", "{jsonl}"], "the output {jsonl} is the input {jsonl}"),
        (["report", "{a}", "-o", "{a}"], "the output {a} is the input {a}"),
        (["report", "{pages}", "-o", "{pages}/report.html"], "lies inside the input {pages}"),
    ],
)
def test_an_output_that_is_or_holds_an_input_is_refused_before_anything_is_written(
    argv: list[str], message: str, tmp_path: Path, capsys: Capture
) -> None:
    names = _tree(tmp_path)
    _links(tmp_path)
    before = _snapshot(tmp_path)
    assert main([arg.format(**names) for arg in argv]) == 2
    err = capsys.readouterr().err
    _one_line(err, message.format(**names))
    assert err.startswith("cleantext: error: ")
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("argv", "redirect", "message"),
    [
        (["{a}"], ">> {a}", "standard output is the input {a}"),
        (["--jsonl", "{jsonl}"], ">> {jsonl}", "standard output is the input {jsonl}"),
        (["{pages}"], "> {pages}/all.txt", "standard output ({pages}/all.txt) lies inside the input {pages}"),
    ],
)
def test_standard_output_redirected_to_an_input_is_refused(
    argv: list[str], redirect: str, message: str, tmp_path: Path
) -> None:
    names = _tree(tmp_path)
    before = _snapshot(tmp_path / "pages")
    command = " ".join([f'"{sys.executable}" -m cleantext', *argv, redirect]).format(**names)
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=60, env=ENV)
    assert done.returncode == 2
    _one_line(done.stderr, "cleantext: error: " + message.format(**names))
    after = _snapshot(tmp_path / "pages")
    after.pop(f"{names['pages']}/all.txt", None)  # created, empty, by the shell before the command ran
    assert after == before


# -- compressed inputs ----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_a_compressed_file_is_read_as_its_content(suffix: str, tmp_path: Path, capsys: Capture) -> None:
    page = tmp_path / f"page.txt{suffix}"
    page.write_bytes(COMPRESSORS[suffix](SEED.read_bytes()))
    assert main([str(page)]) == 0
    assert capsys.readouterr() == (clean(SEED.read_text(encoding="utf-8")) + "\n", "")


def test_a_tree_with_compressed_pages_mirrors_to_names_without_the_suffix(tmp_path: Path) -> None:
    tree = tmp_path / "in"
    (tree / "news").mkdir(parents=True)
    (tree / "a.txt").write_bytes(SEED.read_bytes())
    (tree / "news" / "b.txt.gz").write_bytes(gzip.compress(OTHER.read_bytes()))
    (tree / "c.txt.bz2").write_bytes(bz2.compress(OTHER.read_bytes()))
    (tree / "d.md.xz").write_bytes(lzma.compress(SEED.read_bytes()))
    out = tmp_path / "out"
    assert main([str(tree), "-o", str(out)]) == 0
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["a.txt", "c.txt", "news/b.txt"]
    assert (out / "news" / "b.txt").read_text(encoding="utf-8") == clean(
        OTHER.read_text(encoding="utf-8")
    ) + "\n"
    assert main([str(tree), "--glob", "*.md", "-o", str(tmp_path / "md")]) == 0
    assert (tmp_path / "md" / "d.md").read_text(encoding="utf-8") == clean(
        SEED.read_text(encoding="utf-8")
    ) + "\n"


def test_a_page_and_its_compressed_copy_cannot_share_an_output_file(tmp_path: Path, capsys: Capture) -> None:
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "a.txt").write_bytes(SEED.read_bytes())
    (tree / "a.txt.gz").write_bytes(gzip.compress(SEED.read_bytes()))
    assert main([str(tree), "-o", str(tmp_path / "out")]) == 2
    _one_line(capsys.readouterr().err, f"would both be written to {tmp_path / 'out' / 'a.txt'}")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("suffix", sorted(COMPRESSORS))
def test_compressed_jsonl(suffix: str, tmp_path: Path, capsys: Capture) -> None:
    source = tmp_path / f"dump.jsonl{suffix}"
    records = [{"id": n, "text": p.read_text(encoding="utf-8")} for n, p in enumerate((SEED, OTHER))]
    source.write_bytes(COMPRESSORS[suffix]("".join(json.dumps(r) + "\n" for r in records).encode()))
    assert main(["--jsonl", str(source)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out == [{**r, "clean": clean(str(r["text"]))} for r in records]


def test_the_report_reads_compressed_pages(tmp_path: Path) -> None:
    page = tmp_path / "page.txt.xz"
    page.write_bytes(lzma.compress(OTHER.read_bytes()))
    out = tmp_path / "report.html"
    assert main(["report", str(page), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert len(explain(OTHER.read_text(encoding="utf-8")).blocks) == html.count('class="block ')


def test_zstd_is_read_where_the_standard_library_can(tmp_path: Path, capsys: Capture) -> None:
    page = tmp_path / "page.txt.zst"
    if HAS_ZSTD:
        from compression import zstd  # type: ignore[import-not-found]  # Python 3.14+

        page.write_bytes(zstd.compress(SEED.read_bytes()))
        assert main([str(page)]) == 0
        assert capsys.readouterr().out == clean(SEED.read_text(encoding="utf-8")) + "\n"
    else:
        page.write_bytes(b"(zstd data)")
        assert main([str(page)]) == 1
        _one_line(capsys.readouterr().err, "reading .zst needs the standard library's compression.zstd")
