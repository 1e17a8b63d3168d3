"""Excel 97–2003 (.xls, BIFF8; also BIFF5 and WPS 表格 .et saved as xls) workbooks to a Document of
cell grids, the same grids as extract.xlsx_reader gives for the workbook saved as .xlsx.

xlrd (maintained for .xls only) with `formatting_info=True` is the reader that gives, beside the
values, what a grid needs: merged ranges, each cell's number format, hidden rows and columns.
python-calamine reads values and merges faster but has no number formats. Numbers are shown
through their format (extract.numfmt), sheets become grids in extract.sheets.

xlrd reads the whole file into memory, so a file larger than any form workbook is refused
before it is opened (TOO_LARGE); a BIFF8 sheet cannot have more than 65,536 rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from extract.errors import ReadError
from extract.numfmt import BUILTIN_FORMATS, format_text, format_value
from extract.sheets import (
    MAX_CELLS,
    MAX_ROWS,
    Sheet,
    clean_cell_text,
    sheets_document,
    too_large,
    too_many_cells,
)
from model import Document

MAX_BYTES = 20 * 1024 * 1024
"""A workbook of 53 forms is well under 1 MB."""


def read_xls(path: Path, options: object = None) -> Document:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(
            "TOO_LARGE",
            f"Excel 97–2003 工作簿有 {size // (1024 * 1024)} MB，"
            f"超过 {MAX_BYTES // (1024 * 1024)} MB 的上限，"
            "不像是自评表；请只提交自评表所在的工作表。",
        )
    import xlrd

    try:
        book = xlrd.open_workbook(
            str(path), formatting_info=True, on_demand=True, ragged_rows=True, logfile=io.StringIO()
        )
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise ReadError(
                "FILE_ENCRYPTED", "Excel 工作簿已加密，需要密码才能打开；请提供未加密的文件。"
            ) from e
        raise _corrupt(e) from e
    except Exception as e:
        # xlrd reports a damaged compound file or BIFF stream through many exception types
        # (CompDocError, struct.error, IndexError, AssertionError, …)
        raise _corrupt(e) from e
    try:
        return sheets_document(_sheets(book), "xls")
    finally:
        book.release_resources()


def _corrupt(e: Exception) -> ReadError:
    return ReadError("FILE_CORRUPT", f"Excel 97–2003 工作簿已损坏，无法读取（{type(e).__name__}）。")


def _sheets(book: object) -> Iterator[Sheet]:
    import xlrd

    assert isinstance(book, xlrd.book.Book)
    formats: dict[int, str] = {}
    for xf_index, xf in enumerate(book.xf_list):
        key = xf.format_key
        fmt = book.format_map.get(key)
        if key < 164 and key in BUILTIN_FORMATS:
            # the built-in formats as a Chinese Excel shows them; xlrd knows the US ones only
            formats[xf_index] = BUILTIN_FORMATS[key]
        else:
            formats[xf_index] = fmt.format_str if fmt is not None else "General"
    date1904 = book.datemode == 1
    cells = 0
    for index in range(book.nsheets):
        try:
            sh = book.sheet_by_index(index)
        except Exception as e:
            raise _corrupt(e) from e
        if sh.visibility:  # hidden or very hidden: extract.sheets says why
            book.unload_sheet(index)
            continue
        if sh.nrows > MAX_ROWS:
            raise too_large(sh.name, sh.nrows)
        sheet = Sheet(name=sh.name)
        for r in range(sh.nrows):
            for c in range(sh.row_len(r)):
                text = _display(sh.cell(r, c), formats, date1904)
                if text:
                    sheet.cells[(r, c)] = text
                    cells += 1
            if cells > MAX_CELLS:
                raise too_many_cells(MAX_CELLS)
        sheet.merges = [(rlo, clo, rhi - 1, chi - 1) for rlo, rhi, clo, chi in sh.merged_cells]
        sheet.hidden_rows = {r for r, info in sh.rowinfo_map.items() if info.hidden}
        sheet.hidden_cols = {c for c, info in sh.colinfo_map.items() if info.hidden}
        book.unload_sheet(index)
        yield sheet


def _display(cell: object, formats: dict[int, str], date1904: bool) -> str:
    import xlrd

    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    code = formats.get(cell.xf_index, "General")  # type: ignore[attr-defined]
    if ctype == xlrd.XL_CELL_TEXT:
        return format_text(clean_cell_text(value), code)
    if ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
        return format_value(float(value), code, date1904)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#N/A")
    return ""
