"""Building small grids for tests from a compact text picture.

Rows are lists of cell specs; a spec is "text", or ("text", rowspan, colspan); the cells of a
row are placed left to right into the first free grid columns (those not covered by a cell
merged down from above), as Word lays out a row's w:tc elements.
"""

from __future__ import annotations

from model import Cell, Grid

Spec = str | tuple[str, int, int]


def grid(rows: list[list[Spec]], n_cols: int | None = None, page: int | None = None) -> Grid:
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    width = 0
    for r, specs in enumerate(rows):
        col = 0
        for spec in specs:
            text, rowspan, colspan = (spec, 1, 1) if isinstance(spec, str) else spec
            while (r, col) in taken:
                col += 1
            cells.append(Cell(row=r, col=col, rowspan=rowspan, colspan=colspan, text=text, page=page))
            for i in range(r, r + rowspan):
                for j in range(col, col + colspan):
                    taken.add((i, j))
            col += colspan
            width = max(width, col)
    return Grid(n_rows=len(rows), n_cols=n_cols or width, cells=cells)
