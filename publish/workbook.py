"""dataset.xlsx: the four contract tables, one sheet each, streamed from the staged CSVs
(publish/xlsx_stream.py, so a run of any size fits in memory), with Chinese headers from
score/columns.toml.

A table's sheet depends only on its CSV and this code: `.dataset-index.json` records each sheet's
key (a hash of those) and the SHA-256 of its XML, so that a re-run whose CSV is unchanged copies
the sheet from the previous dataset.xlsx (checked against that hash) instead of writing its rows
again."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import zipfile
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from publish import serialize, xlsx_stream
from publish.serialize import csv_text
from publish.xlsx_stream import SheetWriter, XlsxStream
from score import vocab
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


def _sheet(book: XlsxStream, table: str, path: Path) -> SheetWriter:
    rows = _rows(path) if path.exists() else iter(())
    names = next(rows, [])
    cols = [column(table, name) for name in names]
    ws = book.sheet(sheet_title(table), [col.width for col in cols], autofilter=bool(cols))
    ws.row([col.header for col in cols])
    for row in rows:
        ws.row([_cell(text, col) for text, col in zip(row, cols, strict=False)])
    return ws


DATASET_INDEX = ".dataset-index.json"
"""{"sheets": {key: [member, sha256 of its XML, autofilter range]}} of dataset.xlsx's table sheets."""


@cache
def _writer() -> str:
    """What a table's sheet depends on besides its CSV: this code, the sheet writer, the column
    table and the cell conversions."""
    digest = hashlib.sha256(f"{version('evalforms')}|{version('openpyxl')}".encode())
    for path in (Path(__file__), Path(xlsx_stream.__file__), Path(serialize.__file__), Path(vocab.__file__)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update((Path(vocab.__file__).parent / "columns.toml").read_bytes())
    return digest.hexdigest()


def _sheet_key(n: int, table: str, path: Path) -> str:
    digest = hashlib.sha256(f"{_writer()}|{n}|{table}|".encode())
    try:
        with path.open("rb") as handle:
            digest.update(b"csv\0")
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
    except FileNotFoundError:
        digest.update(b"none")
    return digest.hexdigest()


class _Previous:
    """The table sheets of the previous dataset.xlsx, each checked against its recorded hash."""

    def __init__(self, folder: Path | None) -> None:
        self.sheets: dict[str, Any] = {}
        self.book: zipfile.ZipFile | None = None
        if folder is None:
            return
        try:
            index = json.loads((folder / DATASET_INDEX).read_bytes())
            sheets = index["sheets"]
            if not isinstance(sheets, dict) or (folder / "dataset.xlsx").is_symlink():
                return
            self.book = zipfile.ZipFile(folder / "dataset.xlsx")
        except (OSError, ValueError, TypeError, KeyError, zipfile.BadZipFile):
            return
        self.sheets = sheets

    def sheet(self, key: str, member: str) -> tuple[bytes, str | None] | None:
        found = self.sheets.get(key)
        if self.book is None or not isinstance(found, list) or len(found) != 3 or found[0] != member:
            return None
        try:
            xml = self.book.read(member)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError):
            return None
        if hashlib.sha256(xml).hexdigest() != found[1]:
            return None
        return xml, found[2] if isinstance(found[2], str) else None

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


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
    """A RunOutput finisher: builds dataset.xlsx beside the staged CSVs, copying the sheets of
    unchanged tables from the workbook of the `previous` output folder."""
    staging_dir = Path(staging_dir)
    held = _Previous(Path(previous) if previous is not None else None)
    written: dict[str, tuple[str, SheetWriter]] = {}
    sheets: dict[str, list[Any]] = {}
    try:
        with XlsxStream(staging_dir / "dataset.xlsx") as book:
            for n, table in enumerate(TABLES, start=1):
                path = staging_dir / f"{table}.csv"
                key, member = _sheet_key(n, table, path), f"xl/worksheets/sheet{n}.xml"
                copy = held.sheet(key, member)
                if copy is None:
                    written[key] = (member, _sheet(book, table, path))
                else:
                    book.copy_sheet(sheet_title(table), *copy)
                    sheets[key] = [member, hashlib.sha256(copy[0]).hexdigest(), copy[1]]
            _legend(book, staging_dir)
            _codes(book)
    finally:
        held.close()
    for key, (member, ws) in written.items():
        sheets[key] = [member, ws.digest.hexdigest(), ws.autofilter]
    (staging_dir / DATASET_INDEX).write_text(json.dumps({"sheets": sheets}), encoding="utf-8")
