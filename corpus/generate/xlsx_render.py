"""FormTable -> one-sheet Excel workbook, laid out the way these forms are kept in Excel:
title as a merged row on top, thin borders on every cell, wrapped text, notes under the table."""

from __future__ import annotations

import math
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .grid import FormTable

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PT_PER_CM = 72 / 2.54
# Excel column width is in characters of the default font; about 5.6 pt each at Calibri 11.
_PT_PER_WIDTH_UNIT = 5.6
_NARROW = re.compile(r"[\x00-\x7f]")


def _text_width_pt(text: str, size_pt: float) -> float:
    narrow = len(_NARROW.findall(text))
    return ((len(text) - narrow) + 0.6 * narrow) * size_pt


def _lines_needed(text: str, width_pt: float, size_pt: float) -> int:
    usable = max(width_pt - 6, size_pt)
    return sum(max(1, math.ceil(_text_width_pt(line, size_pt) / usable)) for line in text.split("\n"))


def _row_heights(table: FormTable, widths_pt: list[float]) -> list[float]:
    """Excel and LibreOffice never grow a row for text in a merged cell, so every row gets the
    height its tallest text needs, and a row-spanning cell's shortfall goes to its last row."""
    size = table.layout.font_size_pt
    line_pt = size * 1.45
    heights = [line_pt + 4] * table.n_rows
    cells = sorted(table.cells, key=lambda c: c.rowspan)
    for cell in cells:
        width = sum(widths_pt[cell.col : cell.col + cell.colspan])
        need = _lines_needed(cell.text, width, size) * line_pt + 4 if cell.text else line_pt + 4
        have = sum(heights[cell.row : cell.row + cell.rowspan])
        if need > have:
            heights[cell.row + cell.rowspan - 1] += need - have
    return heights


def render_xlsx(table: FormTable) -> Workbook:
    lay = table.layout
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评表"
    n_cols = lay.n_cols
    widths_pt = [w * _PT_PER_CM for w in lay.col_widths_cm]
    for i, width in enumerate(widths_pt, start=1):
        ws.column_dimensions[get_column_letter(i)].width = round(width / _PT_PER_WIDTH_UNIT, 2)

    font = Font(name=lay.font, size=lay.font_size_pt)
    title_font = Font(name=lay.font, size=lay.title_size_pt, bold=True)
    row = 1
    for line in table.title_lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = title_font
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[row].height = lay.title_size_pt * 1.6
        row += 1
    ws.row_dimensions[row].height = 6  # a thin gap row between title and table
    row += 1

    top = row
    for r_off, height in enumerate(_row_heights(table, widths_pt)):
        ws.row_dimensions[top + r_off].height = round(height, 1)
        # Borders on every cell of the grid, the covered ones of merges included, so the
        # merged areas print with their full outline.
        for c in range(1, n_cols + 1):
            ws.cell(row=top + r_off, column=c).border = _BORDER
    for spec in table.cells:
        r, c = top + spec.row, 1 + spec.col
        if spec.rowspan > 1 or spec.colspan > 1:
            ws.merge_cells(
                start_row=r, start_column=c, end_row=r + spec.rowspan - 1, end_column=c + spec.colspan - 1
            )
        cell = ws.cell(row=r, column=c, value=spec.text or None)
        cell.font = font
        cell.data_type = "s"  # numbers stay text as written ("100%", "0", "434500.00")
        cell.alignment = Alignment(
            horizontal="left" if spec.align == "left" else "center", vertical="center", wrap_text=True
        )
    row = top + table.n_rows

    if table.notes_outside:
        total_width = sum(widths_pt)
        notes_font = Font(name=lay.font, size=lay.notes_size_pt)
        for note in table.notes_outside:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
            cell = ws.cell(row=row, column=1, value=note)
            cell.font = notes_font
            cell.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
            lines = _lines_needed(note, total_width, lay.notes_size_pt)
            ws.row_dimensions[row].height = round(lines * lay.notes_size_pt * 1.45 + 2, 1)
            row += 1

    ws.print_area = f"A1:{get_column_letter(n_cols)}{row - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if lay.landscape else "portrait"
    # One page wide, as many pages tall as needed.
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    return wb
