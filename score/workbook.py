"""dataset.xlsx: the four contract tables, one sheet each, streamed from the staged CSVs (openpyxl
write-only mode, so a run of any size fits in memory), with Chinese headers from score/columns.toml."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from score.serialize import csv_text
from score.vocab import Column, codes, column, sheet_title, value_word

TABLES = ("forms", "indicators", "anomalies", "manifest")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_MAX_TEXT = 32767  # Excel's limit for one cell
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")
_HEADER_ALIGN = Alignment(wrap_text=True, vertical="center")


def _number(text: str) -> int | Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value) if "." not in text and abs(value) < 10**15 else value


def _cell(ws: WriteOnlyWorksheet, text: str, col: Column) -> Any:
    if text == "":
        return None
    if col.numeric:
        number = _number(text)
        if number is not None:
            return number
    # A string cell is never a formula, whatever it starts with, so the CSV's guard apostrophe
    # (which a spreadsheet would show here) is taken off.
    cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("", csv_text(text))[:_MAX_TEXT])
    cell.data_type = "s"
    return cell


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle)


def _sheet(wb: Workbook, table: str, path: Path) -> None:
    ws = wb.create_sheet(sheet_title(table))
    rows = _rows(path) if path.exists() else iter(())
    names = next(rows, [])
    cols = [column(table, name) for name in names]
    for i, col in enumerate(cols, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.freeze_panes = "A2"
    header = []
    for col in cols:
        cell = WriteOnlyCell(ws, value=col.header)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    n = 1
    for row in rows:
        ws.append([_cell(ws, text, col) for text, col in zip(row, cols, strict=False)])
        n += 1
    if cols:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{n}"


def _legend(wb: Workbook, staging_dir: Path) -> None:
    """字段说明: which CSV column each Chinese header stands for, so scripts and people agree."""
    ws = wb.create_sheet("字段说明")
    for letter, width in zip("ABCD", (14, 28, 30, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(["工作表", "CSV字段", "中文表头", "类型"])
    for table in TABLES:
        path = staging_dir / f"{table}.csv"
        names = next(_rows(path), []) if path.exists() else []
        for name in names:
            col = column(table, name)
            ws.append([sheet_title(table), name, col.header, "数值" if col.numeric else "文本"])


def _codes(wb: Workbook) -> None:
    """代码说明: every finding and error code with its title and what to do, from the table of
    codes, so that a code in 问题 or 文件 reads the same here as in the report."""
    ws = wb.create_sheet("代码说明")
    for letter, width in zip("ABCDE", (30, 10, 10, 22, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.append(["代码", "类别", "严重程度", "名称", "处理建议"])
    for info in codes().values():
        kind = "文件错误" if info.kind == "error" else ("读取提示" if info.reading else "问题")
        severity = value_word("severity", info.severity) if info.kind == "finding" else ""
        ws.append([info.code, kind, severity, info.title, info.action])


def write_workbook(staging_dir: Path) -> None:
    """A RunOutput finisher: builds dataset.xlsx beside the staged CSVs."""
    staging_dir = Path(staging_dir)
    wb = Workbook(write_only=True)
    for table in TABLES:
        _sheet(wb, table, staging_dir / f"{table}.csv")
    _legend(wb, staging_dir)
    _codes(wb)
    wb.save(staging_dir / "dataset.xlsx")
