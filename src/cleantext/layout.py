"""Part of stage 2 (segment): which runs of lines are code or a table, to be kept as one block.

A scraped page holds one visual block per line, so a code listing or a table arrives as a run of
lines that segmentation would otherwise cut apart and normalization flatten. Each line is read
alone (`codeline.line_kind`, `table_row`), then the runs are found (`layout_runs`):

- **code**: lines that read as code or fit inside code, and, inside one paragraph (no blank line
  between), the lines between two such lines that are not prose, and a shell session's output
  under its prompt. A run is code with two lines and two code lines, or one code line and a
  line indented under the line above or a prompt with its output, or three lines with
  indentation (YAML, whose lines only fit inside code). A line that goes on with the sentence of
  a prose line above it is not code.
- **table**: two lines or more with the same number of cells between `|`, when the rows are
  framed by pipes or a Markdown `|---|` delimiter row or a `+---+` border row is among them
  ("Home | News | Sport" on two lines is a menu); or between tabs.

A run may hold single blank lines: code has them between functions, and some scrapers put one
between all lines (and strip indentation: there only lines that read as code by themselves make
a run, and a shell session's output cannot be told from prose). Two blank lines end a run.

>>> layout_runs(["Read it:", "for line in f:", "    print(line)", "Done."], [0, 0, 0, 1])
[(1, 2, 'code')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleantext.codeline import NONE, PROMPT, STRONG, is_prose_line, line_kind, visible_line

__all__ = ["CODE", "TABLE", "apart", "layout_runs", "table_row"]

CODE = "code"
TABLE = "table"

# -- tables ------------------------------------------------------------------------------------

#: Kinds of table rows (`table_row`).
BARE, FRAMED, DELIMITER, BORDER, TABBED = 1, 2, 3, 4, 5
# GitHub Flavored Markdown: a pipe separates cells unless a backslash escapes it; a delimiter
# row's cells are dashes with optional colons.
_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER_CELL = re.compile(r"\s*:?-+:?\s*")
_BORDER_CHARS = frozenset("+-=|:")
# Tabs and the white space around them separate cells, as scrapers write table rows.
_TAB_SEPARATOR = re.compile(r"\s*\t\s*")


def table_row(s: str) -> tuple[int, int]:
    """What kind of table row a line (stripped, not empty) is, or 0, and its count of cells (0 for
    a border row, which fits any table).

    >>> table_row("| a | b |"), table_row("|---|:-:|"), table_row("Home | News"), table_row("a\\tb\\t c")
    ((2, 2), (3, 2), (1, 2), (5, 3))
    """
    if "|" not in s and "\t" not in s and s[0] != "+":
        return 0, 0  # most lines: nothing below matches them
    if (
        s[0] in "+|"
        and s[-1] in "+|"
        and len(s) > 2
        and "+" in s
        and all(c in _BORDER_CHARS or c.isspace() for c in s)
    ):
        if "-" in s or "=" in s:
            return BORDER, 0  # "+----+----+": psql's and reStructuredText's grid tables
    pieces = _PIPE.split(s)
    if len(pieces) > 1:
        framed = s[0] == "|" and not pieces[-1]
        cells = pieces[1 if s[0] == "|" else 0 : -1 if not pieces[-1] else None]
        if not cells:
            return 0, 0
        if all(_DELIMITER_CELL.fullmatch(cell) for cell in cells):
            return DELIMITER, len(cells)
        return (FRAMED if framed else BARE), len(cells)
    if "\t" in s:
        return TABBED, 1 + len(_TAB_SEPARATOR.findall(s))
    return 0, 0


# -- runs --------------------------------------------------------------------------------------


def layout_runs(lines: Sequence[str], gaps: Sequence[int]) -> list[tuple[int, int, str]]:
    """The runs of `lines` (the visible lines of a page; `gaps[i]`: the blank lines between line
    i-1 and line i) that are code or a table: (first line, last line, kind), in page order."""
    seen = [visible_line(line) for line in lines]
    stripped = [s for s, _ in seen]
    kinds = [line_kind(s) if s else NONE for s in stripped]
    code = _code_runs([indent for _, indent in seen], stripped, kinds, gaps)
    taken = [False] * len(lines)
    for first, last, _ in code:
        for i in range(first, last + 1):
            taken[i] = True
    return sorted(code + _table_runs(stripped, gaps, taken))


def _code_runs(
    indents: Sequence[int], stripped: Sequence[str], kinds: Sequence[int], gaps: Sequence[int]
) -> list[tuple[int, int, str]]:
    n = len(stripped)
    admitted = [False] * n
    output = [False] * n
    if n:
        admitted[0] = kinds[0] != NONE
    for i in range(1, n):
        joined = gaps[i] == 0
        if kinds[i] != NONE:
            # A line that goes on with the sentence of a prose line above it (segment's rule for
            # a hard-wrapped line) is prose that looks like code: "with\nx = 1 and then".
            above = stripped[i - 1]
            admitted[i] = not (
                joined
                and not admitted[i - 1]
                and above
                and above[-1] not in _LINE_DONE
                and _CONTINUES.match(stripped[i]) is not None
                and is_prose_line(above)
            )
        elif (
            joined
            and (kinds[i - 1] == PROMPT or output[i - 1])
            and stripped[i]
            and not is_prose_line(stripped[i])
        ):
            admitted[i] = output[i] = True  # a shell session's output (Pygments' console lexers)
    # Inside one paragraph, lines between two admitted ones are code unless they are prose:
    # "if ok:", a bare name, a string continued.
    i = 1
    while i < n:
        if admitted[i] or not admitted[i - 1] or gaps[i] != 0:
            i += 1
            continue
        j = i
        while j < n and not admitted[j] and gaps[j] == 0 and stripped[j] and not is_prose_line(stripped[j]):
            j += 1
        if j < n and admitted[j] and gaps[j] == 0:
            for k in range(i, j):
                admitted[k] = True
        i = j + 1
    runs = []
    i = 0
    while i < n:
        if not admitted[i]:
            i += 1
            continue
        j = i + 1
        while j < n and admitted[j] and gaps[j] <= 1:
            j += 1
        if _is_code(indents, kinds, gaps, i, j):
            runs.append((i, j - 1, CODE))
        i = j
    return runs


def _is_code(indents: Sequence[int], kinds: Sequence[int], gaps: Sequence[int], first: int, end: int) -> bool:
    """Whether lines first..end-1 (admitted) are code: two lines and two code lines, or one with a
    line indented under the line above it or a prompt with its output, or three with indentation
    (YAML or a configuration file, whose lines are weak alone)."""
    if end - first < 2:
        return False
    strong = sum(1 for k in range(first, end) if kinds[k] >= STRONG)
    if strong >= 2:
        return True
    indented = any(gaps[k] == 0 and indents[k] > indents[k - 1] for k in range(first + 1, end))
    prompted = any(kinds[k] == PROMPT and gaps[k + 1] == 0 for k in range(first, end - 1))
    return (strong == 1 and (indented or prompted)) or (end - first >= 3 and indented)


# segment's rule for a hard-wrapped line: the line above ends mid-sentence, this one starts in
# lower case (or with "(", ",", ";").
_LINE_DONE = frozenset('.!?:;\u2026\u3002\uff01\uff1f"\u201d\u00bb)]|')
_CONTINUES = re.compile(r"[a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u044f(,;]")


def _table_runs(
    stripped: Sequence[str], gaps: Sequence[int], taken: Sequence[bool]
) -> list[tuple[int, int, str]]:
    n = len(stripped)
    rows = [table_row(stripped[i]) if stripped[i] and not taken[i] else (0, 0) for i in range(n)]
    runs = []
    i = 0
    while i < n:
        if rows[i][0] == 0:
            i += 1
            continue
        run = _Rows(*rows[i])
        j = i + 1
        while j < n and gaps[j] <= 1 and rows[j][0] != 0 and run.fits(*rows[j]):
            run.add(*rows[j])
            j += 1
        if run.is_table():
            runs.append((i, j - 1, TABLE))
        i = j
    return runs


class _Rows:
    """A run of table rows: rows with the same number of cells (a border row fits any), all
    between tabs or none."""

    def __init__(self, kind: int, cells: int) -> None:
        self.tabbed = kind == TABBED
        self.cells = cells
        self.seen = {kind: 1}

    def fits(self, kind: int, cells: int) -> bool:
        return (kind == TABBED) == self.tabbed and (kind == BORDER or self.cells in (0, cells))

    def add(self, kind: int, cells: int) -> None:
        if kind != BORDER and self.cells == 0:
            self.cells = cells
        self.seen[kind] = self.seen.get(kind, 0) + 1

    def is_table(self) -> bool:
        """Two rows or more, between tabs, or with a delimiter row, two framed rows, or a framed
        row and a border ("Home | News | Sport" on two lines is a menu)."""
        seen = self.seen
        return sum(seen.values()) >= 2 and (
            self.tabbed
            or DELIMITER in seen
            or seen.get(FRAMED, 0) >= 2
            or (BORDER in seen and FRAMED in seen)
        )


def apart(texts: Sequence[str]) -> list[bool]:
    """For each two neighbouring blocks of a body, whether one blank line between them would let
    segmentation read lines of both as one run of code or a table: the body needs two blank
    lines there to be cut into the same blocks when it is cleaned again.

    A block of several lines is code or a table: its edge line joins a neighbour's line that fits
    in code, or a neighbour's table row. Blocks of one line join as segmentation joins lines:
    into code from the second line of code on, into a table from the row that makes it one.

    >>> apart(["x = 1", "y = 2", "The end."]), apart(["return", "x = 1", "| a |", "|---|"])
    ([True, False], [False, False, True])
    """
    gaps: list[bool] = []
    strong = 0  # lines of code in the run of one-line blocks that ends with the block before
    rows: _Rows | None = None  # the table rows of that run
    before_kind, before_row, before_block = NONE, (0, 0), False  # the last line of the block before
    for k, text in enumerate(texts):
        cut = text.find("\n")
        block = cut >= 0  # several lines: code or a table
        kind, row = _edge(text[:cut] if block else text)
        if k == 0 or block or before_block:
            if k:
                gaps.append(
                    (kind != NONE and (before_block or before_kind != NONE))
                    or (row[0] != 0 and before_row[0] != 0)
                )
            strong, rows = int(kind >= STRONG), _add_row(None, row)
        else:
            if kind != NONE and before_kind != NONE:
                strong += kind >= STRONG
            else:
                strong = int(kind >= STRONG)
            rows = _add_row(rows, row)
            gaps.append(strong >= 2 or (rows is not None and rows.is_table()))
            if gaps[-1]:
                strong, rows = int(kind >= STRONG), _add_row(None, row)
        if block:
            kind, row = _edge(text[text.rfind("\n") + 1 :])
        before_kind, before_row, before_block = kind, row, block
    return gaps


def _edge(line: str) -> tuple[int, tuple[int, int]]:
    """line_kind() and table_row() of a block's first or last line."""
    s = visible_line(line)[0]
    return (line_kind(s), table_row(s)) if s else (NONE, (0, 0))


def _add_row(rows: _Rows | None, row: tuple[int, int]) -> _Rows | None:
    """The run of table rows with `row` after `rows` (None: no run), or the run `row` starts."""
    kind, cells = row
    if kind == 0:
        return None
    if rows is None or not rows.fits(kind, cells):
        return _Rows(kind, cells)
    rows.add(kind, cells)
    return rows
