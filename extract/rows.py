"""Grid rows as the form parser reads them: for every grid column, the cell covering it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from model import Cell, Grid
from normalize.text import clean_text


@dataclass(frozen=True)
class Row:
    grid: int
    """Index of the grid in its document: rows of different grids have different columns."""
    index: int
    slots: tuple[Cell | None, ...]
    distinct: tuple[Cell, ...] = field(init=False, repr=False, compare=False)
    """The distinct cells of `slots`, left to right: the parser asks for them many times a row."""

    def __post_init__(self) -> None:
        seen: set[int] = set()
        out: list[Cell] = []
        for cell in self.slots:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out.append(cell)
        object.__setattr__(self, "distinct", tuple(out))

    def covered(self, cell: Cell) -> bool:
        """True when the cell was written in an earlier row and merged down over this one."""
        return cell.row < self.index

    def cells(self) -> Iterator[Cell]:
        """Distinct cells of the row left to right, merged-down ones included."""
        return iter(self.distinct)

    def own_cells(self) -> Iterator[Cell]:
        """Cells that start in this row."""
        index = self.index
        return (c for c in self.distinct if c.row == index)

    def texts(self) -> list[str]:
        return [t for c in self.own_cells() if (t := clean_text(c.text))]

    def in_span(self, start: int, stop: int) -> list[Cell]:
        """Distinct cells overlapping grid columns [start, stop), left to right."""
        seen: set[int] = set()
        out: list[Cell] = []
        for cell in self.slots[max(start, 0) : stop]:
            if cell is not None and id(cell) not in seen:
                seen.add(id(cell))
                out.append(cell)
        return out

    @property
    def page(self) -> int | None:
        return next((c.page for c in self.own_cells() if c.page is not None), None)


def grid_rows(grid: Grid, grid_index: int) -> list[Row]:
    slots: list[list[Cell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    for cell in grid.cells:
        for r in range(cell.row, min(cell.row + cell.rowspan, grid.n_rows)):
            for c in range(cell.col, min(cell.col + cell.colspan, grid.n_cols)):
                slots[r][c] = cell
    return [Row(grid_index, r, tuple(s)) for r, s in enumerate(slots)]
