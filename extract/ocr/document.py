"""OCR'd pages among the assembled blocks: what assemble() cannot know about them.

Before assembly, a table continued from one scanned page onto the next is moved sideways to
line up with its first part: a sheet never lies in the same place on the scanner twice, and
the join (extract.assemble, extract.page_join) asks for the same outer edges and
column lines within a few units. After assembly the cells get their own page's coordinates
back, their recognition confidence, and their grid its dpi.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from extract.assemble import assemble
from extract.page import PageContent
from extract.ruling import Table, TableCell
from model import Cell, Document, Grid, Method, TextBlock

_SAME_WIDTH = 0.01  # a continuation is as wide as its first part, within this share...
_MAX_SHIFT = 0.05  # ...and lies at most this share of its width to the side


@dataclass
class Shift:
    page: int
    dx: float


def scanned_document(contents: list[PageContent], ocr_pages: set[int], dpi: int, method: Method) -> Document:
    """Every page of a document (`ocr_pages` among them read by OCR at `dpi`) assembled into its
    blocks: the one ending of every reader that OCRs pages (PDF, OFD, image)."""
    shifts = align_continuations(contents, ocr_pages)
    blocks = assemble(contents)
    finish(blocks, contents, ocr_pages, dpi, shifts)
    return Document(method=method, pages=len(contents), blocks=blocks, dpi=dpi, ocr_pages=sorted(ocr_pages))


def align_continuations(pages: list[PageContent], ocr_pages: set[int]) -> list[Shift]:
    """Move the top table of an OCR'd page onto the bottom table of the page before it when
    they are the same width (the shift is undone on the cells by finish())."""
    shifts = []
    for before, page in pairwise(pages):
        if page.number not in ocr_pages or before.number not in ocr_pages:
            continue
        if not before.tables or not page.tables:
            continue
        prev, nxt = before.tables[-1], page.tables[0]
        width = prev.xs[-1] - prev.xs[0]
        if abs((nxt.xs[-1] - nxt.xs[0]) - width) > _SAME_WIDTH * width:
            continue
        dx = prev.xs[0] - nxt.xs[0]
        if abs(dx) > _MAX_SHIFT * width or dx == 0:
            continue
        _move(nxt, dx)
        shifts.append(Shift(page.number, dx))
    return shifts


def _move(table: Table, dx: float) -> None:
    table.xs = [x + dx for x in table.xs]
    for cell in table.cells:
        x0, top, x1, bottom = cell.box
        cell.box = (x0 + dx, top, x1 + dx, bottom)


def _key(page: int, box: tuple[float, float, float, float]) -> tuple[int, tuple[float, ...]]:
    return page, tuple(round(v, 2) for v in box)


def _confidence(cell: TableCell) -> float | None:
    """A cell's confidence is its weakest line's: one misread line is enough to doubt it."""
    scores = [p.confidence for p in cell.pieces if p.confidence is not None]
    return round(min(scores), 4) if scores else None


def finish(blocks: list[TextBlock | Grid], pages: list[PageContent], ocr_pages: set[int], dpi: int,
           shifts: list[Shift]) -> None:  # fmt: skip
    """Confidence on the cells read by OCR, dpi on their grids, and each cell's box in its own
    page's pixels."""
    by_box: dict[tuple[int, tuple[float, ...]], float | None] = {}
    top_rows: dict[int, list[TableCell]] = {}
    for content in pages:
        if content.number not in ocr_pages:
            continue
        for table in content.tables:
            for cell in table.cells:
                by_box[_key(content.number, cell.box)] = _confidence(cell)
        if content.tables:
            top_rows[content.number] = [c for c in content.tables[0].cells if c.row == 0]
    dx_of = {s.page: s.dx for s in shifts}
    for block in blocks:
        if not isinstance(block, Grid):
            continue
        cells = [c for c in block.cells if c.page in ocr_pages]
        if not cells:
            continue
        block.dpi = dpi
        for cell in cells:
            cell.confidence = _joined_confidence(cell, by_box, top_rows)
            if cell.page in dx_of and cell.box is not None:
                x0, top, x1, bottom = cell.box
                dx = dx_of[cell.page]
                cell.box = (round(x0 - dx, 2), top, round(x1 - dx, 2), bottom)


def _joined_confidence(
    cell: Cell,
    by_box: dict[tuple[int, tuple[float, ...]], float | None],
    top_rows: dict[int, list[TableCell]],
) -> float | None:
    assert cell.page is not None and cell.box is not None
    found = [by_box.get(_key(cell.page, cell.box))]
    if cell.page_end is not None and cell.page_end != cell.page:
        # a row broken over the page break: its tail is the next page's first row, same column
        x0, x1 = cell.box[0], cell.box[2]
        found += [
            _confidence(c)
            for c in top_rows.get(cell.page_end, [])
            if abs(c.box[0] - x0) <= 3 and abs(c.box[2] - x1) <= 3
        ]
    scores = [s for s in found if s is not None]
    return min(scores) if scores else None
