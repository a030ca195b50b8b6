"""Show what the cleaner decided on each block: as a self-contained HTML page, text, TSV or JSON."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

from cleantext.pipeline import Block, Result

__all__ = ["TSV_HEADER", "block_record", "render_html", "render_text", "render_tsv"]

#: The columns of `render_tsv`, tab-separated, with its line end.
TSV_HEADER = "source\tindex\tkept\treason\tduplicate_of\tdetail\ttext\n"

_PREVIEW_CHARS = 72


def block_record(block: Block) -> dict[str, Any]:
    """One block's decision as a JSON-ready dict.

    >>> from cleantext import explain
    >>> block_record(explain("Skip to content").blocks[0])["reason"]
    'skip_link'
    """
    return {
        "index": block.index,
        "kept": block.kept,
        "reason": block.reason,
        "duplicate_of": block.duplicate_of,
        "detail": dict(block.detail),
        "start": block.start,
        "end": block.end,
        "text": block.text,
    }


def render_text(source: str, result: Result) -> str:
    """A page's decisions for people: a header line, then one line per block.

    >>> from cleantext import explain
    >>> print(render_text("page.txt", explain("Skip to content")).splitlines()[0])
    == page.txt: 1 block, 0 kept, 1 dropped ==
    """
    lines = [f"== {source}: {_summary(result)} =="]
    for block in result.blocks:
        reason = block.reason if block.duplicate_of is None else f"{block.reason} of #{block.duplicate_of}"
        numbers = " ".join(f"{key}={value}" for key, value in block.detail.items())
        preview = " ".join(block.text.split())
        if len(preview) > _PREVIEW_CHARS:
            preview = preview[: _PREVIEW_CHARS - 1] + "…"
        lines.append(
            f"{block.index:>4} {'KEEP' if block.kept else 'drop'} {reason:<16} {numbers} | {preview}"
        )
    return "\n".join(lines) + "\n"


def render_tsv(source: str, result: Result) -> str:
    """A page's decisions as rows under `TSV_HEADER`; tabs, newlines and backslashes escaped."""
    rows = []
    for block in result.blocks:
        detail = ";".join(f"{key}={value}" for key, value in block.detail.items())
        duplicate_of = "" if block.duplicate_of is None else str(block.duplicate_of)
        cells = (source, str(block.index), "1" if block.kept else "0", block.reason, duplicate_of, detail)
        rows.append("\t".join((*map(_tsv_escape, cells), _tsv_escape(block.text))) + "\n")
    return "".join(rows)


def _tsv_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _summary(result: Result) -> str:
    n = len(result.blocks)
    kept = len(result.kept)
    return f"{n} block{'' if n == 1 else 's'}, {kept} kept, {n - kept} dropped"


_CSS = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em;
       color: #202124; background: #ffffff; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin: 2em 0 .3em; border-bottom: 1px solid #dadce0; }
.legend span, .tag { display: inline-block; padding: 0 .5em; margin-right: .4em; border-radius: 3px; }
.options, .summary { color: #5f6368; font-size: .9em; }
.block { margin: .35em 0; padding: .35em .7em; border-left: 6px solid; border-radius: 3px;
         white-space: pre-wrap; overflow-wrap: anywhere; }
.kept { background: #e6f4ea; border-color: #1e8e3e; }
.dropped { background: #fce8e6; border-color: #d93025; color: #5f6368; }
.duplicate { background: #fef7e0; border-color: #f9ab00; }
.empty { background: #f1f3f4; border-color: #9aa0a6; }
.block:target { outline: 3px solid #1a73e8; }
.meta { font: 12px ui-monospace, monospace; color: #3c4043; margin-right: .6em; }
.meta a { color: #1a73e8; }
table { border-collapse: collapse; font-size: .9em; }
td, th { padding: .15em .8em; text-align: left; border-bottom: 1px solid #eeeeee; }
"""


def render_html(pages: Sequence[tuple[str, Result]], *, title: str = "cleantext report") -> str:
    """A self-contained HTML page (inline CSS, no scripts or external assets) of each page's blocks.

    Blocks are coloured kept / dropped / duplicate, carry their reason and numbers in a tooltip
    (the title attribute), and a duplicate links to the block it repeats. All page text is escaped.

    >>> from cleantext import explain
    >>> "&lt;b&gt;" in render_html([("a.txt", explain("<b>Menu</b>"))])
    True
    """
    esc = html.escape
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<h1>{esc(title)}</h1>\n",
        '<p class="legend"><span class="kept">kept</span><span class="dropped">dropped</span>'
        '<span class="duplicate">duplicate (links to the block it repeats)</span>'
        '<span class="empty">empty</span> Hover a block for its reason and numbers.</p>\n',
    ]
    if pages:
        parts.append(f'<p class="options">Options: {esc(repr(pages[0][1].options))}</p>\n')
    parts.append("<table>\n<tr><th>page</th><th>blocks</th><th>kept</th><th>dropped by reason</th></tr>\n")
    for n, (source, result) in enumerate(pages):
        reasons = Counter(b.reason for b in result.dropped)
        dropped = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items()))
        parts.append(
            f'<tr><td><a href="#p{n}">{esc(source)}</a></td><td>{len(result.blocks)}</td>'
            f"<td>{len(result.kept)}</td><td>{esc(dropped)}</td></tr>\n"
        )
    parts.append("</table>\n")
    for n, (source, result) in enumerate(pages):
        parts.append(f'<section id="p{n}">\n<h2>{esc(source)}</h2>\n')
        parts.append(f'<p class="summary">{esc(_summary(result))}</p>\n')
        parts.extend(_html_block(n, block) for block in result.blocks)
        parts.append("</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _html_block(page: int, block: Block) -> str:
    esc = html.escape
    if block.reason == "duplicate":
        css = "duplicate"
    elif block.reason == "empty":
        css = "empty"
    else:
        css = "kept" if block.kept else "dropped"
    numbers = " ".join(f"{key}={value}" for key, value in block.detail.items())
    tooltip = f"{'kept' if block.kept else 'dropped'}: {block.reason}" + (f" ({numbers})" if numbers else "")
    link = ""
    if block.duplicate_of is not None:
        tooltip += f"; repeats block #{block.duplicate_of}"
        link = f' <a href="#p{page}-b{block.duplicate_of}">duplicate of #{block.duplicate_of}</a>'
    return (
        f'<div class="block {css} reason-{esc(block.reason)}" id="p{page}-b{block.index}" '
        f'title="{esc(tooltip)}"><span class="meta">#{block.index} {esc(block.reason)}{link}</span>'
        f"{esc(block.text)}</div>\n"
    )
