"""dataset.xlsx: the four contract tables, one sheet each, streamed from the staged CSVs
(publish/xlsx_stream.py, so a run of any size fits in memory), with Chinese headers from
score/columns.toml."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from publish.serialize import csv_text
from publish.xlsx_stream import SheetWriter, XlsxStream
from score.vocab import Column, codes, column, sheet_title, value_word

TABLES = ("forms", "indicators", "anomalies", "manifest")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _number(text: str) -> int | Decimal | None:
    if not _NUMBER.match(text):
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value) if "." not in text and abs(value) < 10**15 else value


def _cell(text: str, col: Column) -> str | int | Decimal | None:
    if text == "":
        return None
    if col.numeric:
        number = _number(text)
        if number is not None:
            return number
    # A string cell is never a formula, whatever it starts with, so the CSV's guard apostrophe
    # (which a spreadsheet would show here) is taken off.
    return csv_text(text)


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.reader(handle)


def _sheet(book: XlsxStream, table: str, path: Path) -> None:
    rows = _rows(path) if path.exists() else iter(())
    names = next(rows, [])
    cols = [column(table, name) for name in names]
    ws = book.sheet(sheet_title(table), [col.width for col in cols], autofilter=bool(cols))
    ws.row([col.header for col in cols])
    for row in rows:
        ws.row([_cell(text, col) for text, col in zip(row, cols, strict=False)])


def _legend(book: XlsxStream, staging_dir: Path) -> None:
    """字段说明: which CSV column each Chinese header stands for, so scripts and people agree."""
    ws = book.sheet("字段说明", (14, 28, 30, 10), autofilter=False)
    ws.row(["工作表", "CSV字段", "中文表头", "类型"])
    for table in TABLES:
        path = staging_dir / f"{table}.csv"
        names = next(_rows(path), []) if path.exists() else []
        for name in names:
            col = column(table, name)
            ws.row([sheet_title(table), name, col.header, "数值" if col.numeric else "文本"])


def _codes(book: XlsxStream) -> None:
    """代码说明: every finding and error code with its title and what to do, from the table of
    codes, so that a code in 问题 or 文件 reads the same here as in the report."""
    ws: SheetWriter = book.sheet("代码说明", (30, 10, 10, 22, 60), autofilter=False)
    ws.row(["代码", "类别", "严重程度", "名称", "处理建议"])
    for info in codes().values():
        kind = "文件错误" if info.kind == "error" else ("读取提示" if info.reading else "问题")
        severity = value_word("severity", info.severity) if info.kind == "finding" else ""
        ws.row([info.code, kind, severity, info.title, info.action])


def write_workbook(staging_dir: Path, previous: Path | None = None) -> None:
    """A RunOutput finisher: builds dataset.xlsx beside the staged CSVs (`previous` unused)."""
    staging_dir = Path(staging_dir)
    with XlsxStream(staging_dir / "dataset.xlsx") as book:
        for table in TABLES:
            _sheet(book, table, staging_dir / f"{table}.csv")
        _legend(book, staging_dir)
        _codes(book)
