"""Spreadsheet sheets to the Document of cell grids every reader produces; what the XLSX and XLS
readers share once each has turned its file into `Sheet`s of displayed cell texts.

One sheet is one Grid: the form's title rows, its table and the notes under it are rows of the
sheet, and extract.locate finds each form by its title row or its 项目名称 row, so several forms
on one sheet, one under the other, need nothing here. Every cell knows its place as Excel names
it (`Sheet1!D7`, `'Sheet 1'!D7`), in place of a page and box.

What a person sees is what is read:
- hidden rows, hidden columns and hidden sheets are left out. In a filled-in form they hold
  leftovers (an earlier version of a row, a helper column, a template sheet), and a reader who
  counts them would find indicators or whole forms the submitter never showed anyone;
- a merged range is one cell spanning its visible rows and columns, showing its top-left
  cell's value, wherever that cell is (Excel shows it even when its own row is hidden); values
  left in the other cells of the range are not shown by Excel and are dropped;
- the print area is ignored: a form is found by its labels, and a print area that is empty, stale
  or covers one of two forms says nothing about what the sheet holds;
- empty rows and columns around the used cells are trimmed; inside, they stay, so that the grid
  keeps the sheet's columns (spacer columns included), as a DOCX table keeps its grid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extract.errors import ReadError
from model import Cell, Document, Grid, Method

MAX_ROWS = 50_000
"""Rows one sheet may use: a department's 100 forms on one sheet are about 5,000 rows."""
MAX_CELLS = 500_000
"""Non-empty cells a workbook may hold."""
MAX_GRID = 500_000
"""Grid positions (rows × columns of the used range) one sheet may span: every position is a Cell
of about 700 bytes, so this keeps a sheet's grid near 350 MB, under the default 1 GB a file."""

_NEWLINES = re.compile(r"\r\n?")
_BARE_NAME = re.compile(r"[^\W\d]\w*", re.UNICODE)
_LOOKS_LIKE_REF = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*[Cc]?\d*|[Cc]\d*", re.ASCII)


@dataclass
class Sheet:
    """One worksheet as a reader saw it: 0-based coordinates, texts as displayed."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, col) -> the cell's displayed text; empty cells absent."""
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first_row, first_col, last_row, last_col), inclusive."""
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def clean_cell_text(text: str) -> str:
    """Line breaks inside a cell as `\\n` whichever way the file wrote them."""
    return _NEWLINES.sub("\n", text) if "\r" in text else text


def column_letters(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def sheet_prefix(name: str) -> str:
    """The sheet part of a reference as Excel writes it in a formula: bare when the name is a
    plain word that cannot be read as a cell reference (`表1!`, `Sheet1!`), else quoted, with
    quotes inside doubled (`'Sheet 1'!`, `'2024'!`, `'A1'!`)."""
    if _BARE_NAME.fullmatch(name) and not _LOOKS_LIKE_REF.fullmatch(name):
        return f"{name}!"
    escaped = name.replace("'", "''")
    return f"'{escaped}'!"


def too_large(sheet: str, rows: int) -> ReadError:
    return ReadError(
        "TOO_LARGE",
        f"工作表「{sheet}」的已用区域达 {rows:,} 行，超过每个工作表 {MAX_ROWS:,} 行的上限，"
        "不像是一份自评表；请删除多余的行，或把自评表复制到新工作簿后重新提交。",
    )


def too_many_cells(count: int) -> ReadError:
    return ReadError(
        "TOO_LARGE",
        f"工作簿中有内容的单元格超过 {count:,} 个（上限 {MAX_CELLS:,}），不像是自评表；"
        "请只提交自评表所在的工作表。",
    )


def _first_visible(lo: int, hi: int, hidden: set[int], step: int) -> int | None:
    i = lo if step > 0 else hi
    while lo <= i <= hi:
        if i not in hidden:
            return i
        i += step
    return None


def _visible_span(r0: int, c0: int, r1: int, c1: int, sheet: Sheet) -> tuple[int, int, int, int] | None:
    """The visible corners of a range, or None when all its rows or all its columns are hidden."""
    top = _first_visible(r0, r1, sheet.hidden_rows, 1)
    left = _first_visible(c0, c1, sheet.hidden_cols, 1)
    if top is None or left is None:
        return None
    bottom = _first_visible(r0, r1, sheet.hidden_rows, -1)
    right = _first_visible(c0, c1, sheet.hidden_cols, -1)
    assert bottom is not None and right is not None
    return top, left, bottom, right


def sheet_grid(sheet: Sheet) -> Grid | None:
    """The sheet's visible used range as a Grid, or None when nothing in it shows."""
    covered: set[tuple[int, int]] = set()
    merges: list[tuple[tuple[int, int, int, int], tuple[int, int], str]] = []
    for r0, c0, r1, c1 in sheet.merges:
        if r1 < r0 or c1 < c0 or (r0 == r1 and c0 == c1):
            continue
        if (r1 - r0 + 1) * (c1 - c0 + 1) <= 4096:
            covered.update((r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
        else:  # a merge over whole rows or columns: only the cells that exist can be covered
            covered.update((r, c) for r, c in sheet.cells if r0 <= r <= r1 and c0 <= c <= c1)
        span = _visible_span(r0, c0, r1, c1, sheet)
        if span is not None:
            merges.append((span, (r0, c0), sheet.cells.get((r0, c0), "")))
    shown = [
        (r, c)
        for (r, c), text in sheet.cells.items()
        if text.strip()
        and (r, c) not in covered
        and r not in sheet.hidden_rows
        and c not in sheet.hidden_cols
    ]
    corners = list(shown)
    for (top, left, bottom, right), _, text in merges:
        if text.strip():
            corners += [(top, left), (bottom, right)]
    if not corners:
        return None
    rmin, rmax = min(r for r, _ in corners), max(r for r, _ in corners)
    cmin, cmax = min(c for _, c in corners), max(c for _, c in corners)
    if rmax - rmin + 1 > MAX_ROWS:
        raise too_large(sheet.name, rmax - rmin + 1)
    rows = [r for r in range(rmin, rmax + 1) if r not in sheet.hidden_rows]
    cols = [c for c in range(cmin, cmax + 1) if c not in sheet.hidden_cols]
    if len(rows) * len(cols) > MAX_GRID:
        raise ReadError(
            "TOO_LARGE",
            f"工作表「{sheet.name}」的已用区域达 {len(rows):,} 行 × {len(cols):,} 列，超过每个工作表 "
            f"{MAX_GRID:,} 个单元格的上限，不像是一份自评表；请删除远离表格的多余内容后重新提交。",
        )
    row_at = {r: i for i, r in enumerate(rows)}
    col_at = {c: i for i, c in enumerate(cols)}
    prefix = sheet_prefix(sheet.name)
    letters = {c: column_letters(c) for c in cols}

    def ref(r: int, c: int) -> str:
        return f"{prefix}{letters.get(c) or column_letters(c)}{r + 1}"

    taken = [[False] * len(cols) for _ in rows]
    cells: list[Cell] = []
    for (top, left, bottom, right), (r0, c0), text in merges:
        # clipped to the used range, whose edges are visible rows and columns, as the corners are
        top, left = max(top, rmin), max(left, cmin)
        bottom, right = min(bottom, rmax), min(right, cmax)
        if top > bottom or left > right:
            continue
        g0, g1, h0, h1 = row_at[top], row_at[bottom], col_at[left], col_at[right]
        if any(taken[g][h] for g in range(g0, g1 + 1) for h in range(h0, h1 + 1)):
            continue  # overlapping merges (a damaged file): the first one wins
        for g in range(g0, g1 + 1):
            for h in range(h0, h1 + 1):
                taken[g][h] = True
        cells.append(
            Cell(row=g0, col=h0, rowspan=g1 - g0 + 1, colspan=h1 - h0 + 1, text=text, ref=ref(r0, c0))
        )
    values = sheet.cells
    for g, r in enumerate(rows):
        line = taken[g]
        for h, c in enumerate(cols):
            if not line[h]:
                text = values.get((r, c), "") if (r, c) not in covered else ""
                cells.append(Cell(row=g, col=h, text=text, ref=ref(r, c)))
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return Grid(n_rows=len(rows), n_cols=len(cols), cells=cells)


def sheets_document(sheets: Iterable[Sheet], method: Method) -> Document:
    """Every visible sheet that shows anything, in workbook order, one Grid each."""
    blocks = [grid for sheet in sheets if (grid := sheet_grid(sheet)) is not None]
    return Document(method=method, pages=None, blocks=blocks)
