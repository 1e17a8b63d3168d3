"""FormTable -> one-sheet Excel workbook, laid out the way these forms are kept in Excel:
title as a merged row on top, thin borders on every cell, wrapped text, notes under the table.

`typed=True` (the kept XLSX/XLS inputs) stores every cell that reads as a number as an Excel
number with a number format that displays exactly the text the truth records (`100%` is 1 in
`0%`, `99.98%` is 0.9998 in `0.00%`, `434500.00` is 434500 in `0.00`), as the budget system's
exports do; a reader must then render the format to get the truth back. `typed=False` (the
workbooks printed to `pdf-excel/`) keeps every cell as text."""

from __future__ import annotations

import io
import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .grid import FormTable
from .layouts import LAYOUTS

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PT_PER_CM = 72 / 2.54
# Excel column width is in characters of the default font; about 5.6 pt each at Calibri 11.
_PT_PER_WIDTH_UNIT = 5.6
_NARROW = re.compile(r"[\x00-\x7f]")
_FIXED_TIME = datetime(2025, 3, 1, 9, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_NUMBER = re.compile(r"(?:0|[1-9]\d{0,11})(?:\.(\d{1,6}))?(%?)")
"""A number Excel would store as one: no leading zeros (`05` stays text), at most 15 digits."""


def number_format_for(text: str, variant: int) -> tuple[float, str] | None:
    """(value, number format) that Excel displays as exactly `text`, or None for text.

    `variant` (the layout's place in layouts.LAYOUTS) varies the format among the ones that
    display the same text, so the corpus has General, fixed-decimal and grouped formats."""
    m = _NUMBER.fullmatch(text)
    if m is None:
        return None
    decimals, percent = m.group(1) or "", m.group(2)
    if percent:
        value = float(Decimal(text[:-1]) / 100)
        return value, "0" + ("." + "0" * len(decimals) if decimals else "") + "%"
    value = float(Decimal(text))
    fixed = "0" + ("." + "0" * len(decimals) if decimals else "")
    if decimals.endswith("0"):
        return value, fixed  # General would drop the trailing zero the form shows
    if variant == 3 and value < 1000:
        return value, "#,##" + fixed  # grouping shows nothing below 1000
    return value, "General" if variant in (0, 1) else fixed


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


def render_xlsx(table: FormTable, typed: bool = False, title: str = "绩效自评表") -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    write_form(ws, table, 1, typed)
    return wb


def save_xlsx(wb: Workbook, path: Path) -> None:
    """Save with fixed document times and zip timestamps, so regenerating gives identical bytes
    (openpyxl stamps `modified` with the clock at every save)."""
    wb.properties.creator = "朝阳区数据局"
    wb.properties.created = _FIXED_TIME
    buf = io.BytesIO()
    wb.save(buf)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(restamp(buf.getvalue()))


def restamp(package: bytes) -> bytes:
    """The zip package with fixed zip timestamps and document modification time (openpyxl and
    LibreOffice stamp both with the clock at every save)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(b"\\g<1>" + _FIXED_TIME.isoformat().encode() + b"Z\\g<2>", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    return out.getvalue()


@dataclass(frozen=True)
class Placed:
    """Where write_form put a form: its table's first sheet row and the row after the form."""

    top: int
    end: int


def sheet_col(col: int, gap_before: int | None) -> int:
    """The 1-based sheet column of a table column, past the gap column if there is one."""
    return 1 + col + (1 if gap_before is not None and col >= gap_before else 0)


def write_form(
    ws: Worksheet, table: FormTable, first_row: int, typed: bool, gap_before: int | None = None
) -> Placed:
    """Write the form into `ws` from `first_row` on. `gap_before` leaves an empty sheet column
    before that table column (the caller may fill and hide it)."""
    lay = table.layout
    variant = LAYOUTS.index(lay) if lay in LAYOUTS else lay.number_variant
    n_cols = lay.n_cols + (1 if gap_before is not None else 0)

    def col_of(c: int) -> int:
        return sheet_col(c, gap_before)

    widths_pt = [w * _PT_PER_CM for w in lay.col_widths_cm]
    if first_row == 1:  # a form stacked under another keeps the sheet's columns
        for i, width in enumerate(widths_pt):
            ws.column_dimensions[get_column_letter(col_of(i))].width = round(width / _PT_PER_WIDTH_UNIT, 2)

    font = Font(name=lay.font, size=lay.font_size_pt)
    title_font = Font(name=lay.font, size=lay.title_size_pt, bold=True)
    row = first_row
    for line in table.title_lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = title_font
        cell.alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[row].height = lay.title_size_pt * 1.6
        row += 1
    ws.row_dimensions[row].height = 6  # a thin gap row between title and table
    row += 1
    for line in table.lines_above:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = font
        cell.alignment = Alignment(horizontal="left", vertical="center")
        ws.row_dimensions[row].height = round(lay.font_size_pt * 1.6, 1)
        row += 1

    top = row
    for r_off, height in enumerate(_row_heights(table, widths_pt)):
        ws.row_dimensions[top + r_off].height = round(height, 1)
        # Borders on every cell of the grid, the covered ones of merges included, so the
        # merged areas print with their full outline.
        for c in range(1, n_cols + 1):
            ws.cell(row=top + r_off, column=c).border = _BORDER
    for spec in table.cells:
        r, c = top + spec.row, col_of(spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            ws.merge_cells(
                start_row=r,
                start_column=c,
                end_row=r + spec.rowspan - 1,
                end_column=col_of(spec.col + spec.colspan - 1),
            )
        number = number_format_for(spec.text, variant) if typed else None
        if number is not None:
            cell = ws.cell(row=r, column=c, value=number[0])
            cell.number_format = number[1]
        else:
            cell = ws.cell(row=r, column=c, value=spec.text or None)
            cell.data_type = "s"  # numbers stay text as written ("100%", "0", "434500.00")
        cell.font = font
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

    placed = Placed(top, row)
    if first_row > 1:
        return placed
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
    return placed
