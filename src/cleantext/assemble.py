"""Stage 5: join the kept blocks into the clean body, as plain text or Markdown."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cleantext.layout import apart

__all__ = ["join_blocks", "join_marked"]


def join_blocks(texts: Iterable[str]) -> str:
    """Join block texts in page order, one blank line between them.

    Two blank lines stand where one would let segmentation read lines of two blocks as one run
    of code or a table (a run may hold single blank lines), so that the body is cut into the
    same blocks when it is cleaned again.

    >>> join_blocks(["Title", "First paragraph."])
    'Title\\n\\nFirst paragraph.'
    >>> join_blocks(["x = 1", "y = 2"])
    'x = 1\\n\\n\\ny = 2'
    """
    blocks = list(texts)
    out = blocks[:1]
    for text, gap in zip(blocks[1:], apart(blocks)):
        out.append("\n\n\n" if gap else "\n\n")
        out.append(text)
    return "".join(out)


def join_marked(
    texts: Sequence[str], layouts: Sequence[str], marks: Sequence[str] | None, markdown: bool
) -> str:
    """Join the kept blocks of a page whose blocks carry Markdown marks (an HTML page's: "## ",
    "- ", "1. ", "> ", "```" for code; None: a text page, whose code is fenced in Markdown).

    Plain text keeps paragraphs apart by a blank line, list items one per line, code verbatim;
    Markdown adds the marks, fences code and keeps tables as their rows.

    >>> texts, layouts = ["Steps", "Open it", "Run it", "x = 1"], ["", "", "", "code"]
    >>> marks = ["## ", "- ", "- ", "```"]
    >>> print(join_marked(texts, layouts, marks, markdown=False))
    Steps
    <BLANKLINE>
    Open it
    Run it
    <BLANKLINE>
    x = 1
    >>> print(join_marked(texts, layouts, marks, markdown=True))
    ## Steps
    <BLANKLINE>
    - Open it
    - Run it
    <BLANKLINE>
    ```
    x = 1
    ```
    """
    if marks is None:
        if not markdown:
            return join_blocks(texts)
        return "\n\n".join(_fence(t) if layout == "code" else t for t, layout in zip(texts, layouts))
    out: list[str] = []
    previous_item = False
    for text, layout, mark in zip(texts, layouts, marks):
        item = _is_item(mark)
        if out:
            out.append("\n" if item and previous_item else "\n\n")
        if layout == "code":
            out.append(_fence(text) if markdown else text)
        else:
            out.append(mark + text if markdown else text)
        previous_item = item
    return "".join(out)


def _is_item(mark: str) -> bool:
    """A list item's mark: "- ", "3. ", or the indentation of an item's later paragraph."""
    while mark.startswith("> "):
        mark = mark[2:]
    return mark.startswith("- ") or mark[:1].isdigit() or (mark != "" and not mark.strip())


def _fence(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}\n{code}\n{fence}"
