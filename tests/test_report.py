"""`cleantext report`: a self-contained HTML page of every block's decision, checked in a browser."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cleantext import explain
from cleantext.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_4492f097607dd5f0.txt"
OTHER = ROOT / "tests" / "golden" / "de_stadtrat.txt"
HOSTILE = '<script>alert("x")</script> & "quotes" \'single\'\n\nThe <b>museum</b> reopens on Friday after two years.'
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Page(HTMLParser):
    """Collects what the test checks: ids, links, titles, tags and text."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.titles: dict[str, str] = {}
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
            if found.get("title"):
                self.titles[found["id"] or ""] = found["title"] or ""
        for name in ("href", "src"):
            if found.get(name):
                self.links.append(found[name] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _report(tmp_path: Path, *pages: Path) -> tuple[str, _Page]:
    out = tmp_path / "report.html"
    assert main(["report", *map(str, pages), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    return html, parsed


def test_report_shows_every_block_with_its_reason_and_duplicate_links(tmp_path: Path) -> None:
    html, page = _report(tmp_path, SEED, OTHER)
    result = explain(SEED.read_text(encoding="utf-8"))
    for block in result.blocks:
        assert f"p0-b{block.index}" in page.ids
        title = page.titles[f"p0-b{block.index}"]
        assert title.startswith(f"{'kept' if block.kept else 'dropped'}: {block.reason}")
        if block.duplicate_of is not None:
            assert f"#p0-b{block.duplicate_of}" in page.links
    assert any(b.duplicate_of is not None for b in result.blocks)
    # Every link points inside the page, and nothing is loaded from outside.
    assert all(link.startswith("#") and link[1:] in page.ids for link in page.links)
    assert not {"script", "link", "img", "iframe"} & page.tags
    assert "<style>" in html and "url(" not in html and "@import" not in html
    assert "p1-b0" in page.ids


def test_report_escapes_page_text(tmp_path: Path) -> None:
    hostile = tmp_path / '<i>"page"&.txt'
    hostile.write_text(HOSTILE, encoding="utf-8")
    html, page = _report(tmp_path, hostile)
    assert "<script>" not in html and "<b>museum" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert not {"script", "b", "i"} & page.tags
    assert '<script>alert("x")</script>' in "".join(page.text)
    assert '<i>"page"&.txt' in "".join(page.text)


def test_report_of_an_unreadable_page_still_writes_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    assert main(["report", str(tmp_path / "missing.txt"), str(SEED), "-o", str(out)]) == 1
    assert "missing.txt: No such file or directory" in capsys.readouterr().err
    assert 'id="p0-b0"' in out.read_text(encoding="utf-8")


def test_report_to_standard_output_and_empty_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["report", str(empty)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<!DOCTYPE html>") and "0 blocks, 0 kept, 0 dropped" in out


def _pixels(png: bytes) -> tuple[int, int, int, list[bytes]]:
    """Decode an 8-bit, non-interlaced PNG into its rows of pixel bytes (no imaging library needed)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, body = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and interlace == 0 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        offset = y * (stride + 1)
        kind_byte, line = raw[offset], bytearray(raw[offset + 1 : offset + 1 + stride])
        if kind_byte == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif kind_byte == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, previous))
        elif kind_byte == 3:
            for i in range(stride):
                line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + previous[i]) // 2) & 255
        elif kind_byte == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = previous[i]
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, bpp, rows


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium)")
def test_report_renders_in_a_headless_browser(tmp_path: Path) -> None:
    _, _ = _report(tmp_path, SEED)
    shot = tmp_path / "report.png"
    profile = tmp_path / "profile"
    profile.mkdir()
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
        f"--screenshot={shot}", "--window-size=1200,900", (tmp_path / "report.html").as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, timeout=120)
    assert shot.exists(), done.stderr.decode(errors="replace")[-2000:]
    width, height, bpp, rows = _pixels(shot.read_bytes())
    assert (width, height) == (1200, 900)
    pixels = [tuple(row[i : i + 3]) for row in rows[::3] for i in range(0, len(row), bpp * 3)]
    grey = [sum(p) / 3 for p in pixels]
    mean = sum(grey) / len(grey)
    variance = sum((g - mean) ** 2 for g in grey) / len(grey)
    assert variance > 100, "the screenshot is blank"
    # The CSS took effect: kept blocks are green (#e6f4ea), dropped blocks red (#fce8e6).
    kept = sum(1 for p in pixels if max(abs(x - y) for x, y in zip(p, (230, 244, 234))) <= 3)
    dropped = sum(1 for p in pixels if max(abs(x - y) for x, y in zip(p, (252, 232, 230))) <= 3)
    assert kept > 0.05 * len(pixels) and dropped > 0.002 * len(pixels), (kept, dropped, len(pixels))


def test_no_external_assets_in_the_stylesheet(tmp_path: Path) -> None:
    html, _ = _report(tmp_path, SEED)
    assert not re.search(r"https?://", html.split("<body>")[0])
