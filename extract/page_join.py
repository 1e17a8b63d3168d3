"""Tables continued across page breaks, joined into one grid.

Word lets a row break across pages: the part of the row on the next page looks like a row of
its own holding the tails of the longest cells. Such a first row is folded back into the row
it continues when (1) its cells have the same column boundaries as the previous page's last
row, (2) it has text only where that row has text, and (3) it is not a row of its own: a
column that most rows of that shape fill with a number (分值, 得分) is empty in it, or, for a row
shape seen nowhere else (a 年度总体目标 row), it holds no label.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from extract import labels
from extract.geometry import DEFAULT, TableGeometry
from extract.ruling import Table, cell_text
from model import Cell, Grid

_NUMBER = re.compile(r"^\s*-?[\d.,]+\s*%?\s*$")


@dataclass
class _Row:
    """The cells covering one grid row, left to right."""

    cells: list[Cell]

    def shape(self) -> tuple[tuple[int, int], ...]:
        return tuple((c.col, c.colspan) for c in self.cells)

    def filled(self) -> set[tuple[int, int]]:
        return {(c.col, c.colspan) for c in self.cells if c.text.strip()}

    def numbers(self) -> set[tuple[int, int]]:
        """Columns holding a bare number in a cell of this row alone (分值, 得分, 年度指标值)."""
        return {(c.col, c.colspan) for c in self.cells if c.rowspan == 1 and _NUMBER.match(c.text)}


def _columns(parts: list[tuple[int, Table]], geometry: TableGeometry) -> list[float]:
    cols: list[float] = []
    for x in sorted(x for _, t in parts for x in t.xs):
        if not cols or x - cols[-1] > geometry.column:
            cols.append(x)
    return cols


def _cells(page: int, table: Table, cols: list[float], geometry: TableGeometry) -> list[Cell]:
    def col_of(x: float) -> int:
        """The nearest column edge (`cols` ascending; of two as near, the first)."""
        k = bisect_left(cols, x)
        if k == 0:
            return 0
        if k < len(cols) and abs(cols[k] - x) < abs(cols[k - 1] - x):
            return k
        return bisect_left(cols, cols[k - 1])

    out = []
    for c in table.cells:
        start, stop = col_of(c.box[0]), col_of(c.box[2])
        out.append(
            Cell(
                row=c.row,
                col=start,
                rowspan=c.rowspan,
                colspan=max(stop - start, 1),
                text=cell_text(c.pieces, c.box, geometry.wrap_pad) if c.pieces else "",
                page=page,
                box=(round(c.box[0], 2), round(c.box[1], 2), round(c.box[2], 2), round(c.box[3], 2)),
                unread=c.unread,
            )
        )
    return out


def _row_views(cells: list[Cell], n_rows: int) -> list[_Row]:
    rows = [_Row([]) for _ in range(n_rows)]
    for c in cells:
        for r in range(c.row, min(c.row + c.rowspan, n_rows)):
            rows[r].cells.append(c)
    for r in rows:
        r.cells.sort(key=lambda c: c.col)
    return rows


def _is_split_row(last: _Row, first: _Row, siblings: list[_Row]) -> bool:
    if not first.cells or last.shape() != first.shape():
        return False
    if not first.filled() or not first.filled() <= last.filled():
        return False
    same_shape = [r for r in siblings if r.shape() == first.shape()]
    if same_shape:
        # rows of this shape mostly carry numbers (分值, 得分) in some columns; a continuation
        # holds only the tails of long texts, never those numbers
        counts = Counter(col for r in same_shape for col in r.numbers())
        numeric = {col for col, n in counts.items() if 2 * n > len(same_shape)}
        return bool(numeric - first.filled())
    return not any(
        labels.match(section, c.text) is not None
        for c in first.cells
        for section in ("header_fields", "funds_columns", "goal_columns", "indicator_columns", "total_row")
    )


def join_parts(parts: list[tuple[int, Table]], geometry: TableGeometry = DEFAULT) -> Grid:
    """One grid of a table's parts on consecutive pages; `geometry` in the parts' unit."""
    cols = _columns(parts, geometry)
    cells: list[Cell] = []
    n_rows = 0
    for k, (page, table) in enumerate(parts):
        part = _cells(page, table, cols, geometry)
        rows = len(table.ys) - 1
        offset = n_rows
        if k:
            before = _row_views(cells, n_rows)
            after = _row_views(part, rows)
            if _is_split_row(before[-1], after[0], before[:-1] + after[1:]):
                by_col = {(c.col, c.colspan): c for c in before[-1].cells}
                for c in after[0].cells:
                    above = by_col[(c.col, c.colspan)]
                    if c.text.strip():
                        above.text = f"{above.text}\n{c.text}" if above.text.strip() else c.text
                    above.rowspan += c.rowspan - 1
                    above.page_end = page
                    above.unread = above.unread or c.unread
                part = [c for c in part if c.row != 0]
                offset = n_rows - 1
        for c in part:
            c.row += offset
        cells.extend(part)
        n_rows = offset + rows
    return Grid(n_rows=n_rows, n_cols=len(cols) - 1, cells=cells)
