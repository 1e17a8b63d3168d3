"""The XLSX and XLS readers: merged ranges become spans, cells read as displayed, hidden rows,
columns and sheets left out, every sheet read, cell references as provenance."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from extract import xlsx_reader
from extract.errors import ReadError
from extract.locate import FormSpan, locate_forms
from extract.read import read_document
from extract.sheets import Sheet, column_letters, sheet_grid, sheet_prefix
from extract.xls_reader import read_xls
from extract.xlsx_reader import read_xlsx
from model import Cell, Grid
from tests.corpus_truth import CORPUS
from tests.xlsx_parts import shared_strings_xml, sheet_xml, styles_xml, write_xlsx


def _save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def _grids(path: Path) -> list[Grid]:
    doc = read_xlsx(path)
    assert doc.method == "xlsx" and doc.pages is None
    assert all(isinstance(b, Grid) for b in doc.blocks)
    return [b for b in doc.blocks if isinstance(b, Grid)]


def _at(grid: Grid, ref: str) -> Cell:
    return next(c for c in grid.cells if c.ref == ref)


def _covers_once(grid: Grid) -> None:
    """Every grid position is covered by exactly one cell, as in a DOCX table."""
    seen: dict[tuple[int, int], str | None] = {}
    for c in grid.cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                assert (r, k) not in seen, f"{c.ref} overlaps {seen[(r, k)]}"
                seen[(r, k)] = c.ref
    assert len(seen) == grid.n_rows * grid.n_cols


# ---------------------------------------------------------------- merges, values, line breaks


def test_merged_ranges_become_spans(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.merge_cells("A1:D1")
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A2:A4")
    ws["A2"] = "绩效指标"
    ws["B2"] = "一级指标"
    ws.merge_cells("C2:D3")
    ws["C2"] = "两行两列"
    ws["B4"], ws["C4"], ws["D4"] = "x", "y", "z"
    (grid,) = _grids(_save(wb, tmp_path / "m.xlsx"))
    assert (grid.n_rows, grid.n_cols) == (4, 4)
    spans = {c.ref: (c.row, c.col, c.rowspan, c.colspan, c.text) for c in grid.cells if c.text}
    assert spans == {
        "Sheet1!A1": (0, 0, 1, 4, "项目支出绩效自评表"),
        "Sheet1!A2": (1, 0, 3, 1, "绩效指标"),
        "Sheet1!B2": (1, 1, 1, 1, "一级指标"),
        "Sheet1!C2": (1, 2, 2, 2, "两行两列"),
        "Sheet1!B4": (3, 1, 1, 1, "x"),
        "Sheet1!C4": (3, 2, 1, 1, "y"),
        "Sheet1!D4": (3, 3, 1, 1, "z"),
    }
    _covers_once(grid)
    assert all(c.page is None and c.box is None for c in grid.cells)


SHOWN = [
    (1, "0%", "100%"),
    (1, "0.00%", "100.00%"),
    (0.9998, "0.00%", "99.98%"),
    (1234567.5, "#,##0.00", "1,234,567.50"),
    (434500, "0.00", "434500.00"),
    (738.62892, "General", "738.62892"),
    (15, "General", "15"),
    (datetime(2024, 12, 31), "yyyy-mm-dd", "2024-12-31"),
    (datetime(2025, 3, 1), 'yyyy"年"m"月"d"日"', "2025年3月1日"),
    ("—", "General", "—"),
    ("0.5", "@", "0.5"),
    (True, "General", "TRUE"),
    (-5, "#,##0.00;(#,##0.00)", "(5.00)"),
]


def test_cells_read_as_displayed(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row, (value, code, _) in enumerate(SHOWN, start=1):
        ws.cell(row=row, column=1, value="label")
        cell = ws.cell(row=row, column=2, value=value)
        cell.number_format = code
    (grid,) = _grids(_save(wb, tmp_path / "v.xlsx"))
    got = [_at(grid, f"Sheet!B{r}").text for r in range(1, len(SHOWN) + 1)]
    assert got == [shown for _, _, shown in SHOWN]


def test_built_in_formats_by_id(tmp_path: Path) -> None:
    """Built-in formats have no code in the file, only an id (9 = 0%, 10 = 0.00%, 14 = the short
    date, as a Chinese Excel shows it)."""
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" s="{i - 1}"><v>{v}</v></c></row>'
        for i, v in enumerate(("1", "0.9998", "45657", "1234.5"), start=1)
    )
    path = write_xlsx(tmp_path / "b.xlsx", [("Sheet1", sheet_xml(rows))], styles=styles_xml([9, 10, 14, 4]))
    (grid,) = _grids(path)
    assert [c.text for c in grid.cells] == ["100%", "99.98%", "2024/12/31", "1,234.50"]


def test_line_breaks_inside_cells_are_kept(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "项目资金\n（万元）"
    ws["A2"] = "偏差原因：\r\n无"
    (grid,) = _grids(_save(wb, tmp_path / "n.xlsx"))
    assert [c.text for c in grid.cells] == ["项目资金\n（万元）", "偏差原因：\n无"]


def test_shared_rich_and_inline_strings(tmp_path: Path) -> None:
    """Rich-text runs join, a phonetic guide (rPh) is not text, `_xHHHH_` escapes are decoded, and
    cells without references are placed in order."""
    strings = shared_strings_xml(
        '<si><r><t>绩效</t></r><r><rPr><b/></rPr><t>指标</t></r><rPh sb="0" eb="2"><t>ji xiao</t></rPh></si>'
        "<si><t>第一行_x000D_\n第二行</t></si>"
    )
    rows = (
        '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c>'
        '<c t="inlineStr"><is><t>内联</t></is></c><c t="str"><v>公式结果</v></c>'
        '<c t="e"><v>#DIV/0!</v></c></row>'
    )
    path = write_xlsx(tmp_path / "s.xlsx", [("Sheet1", sheet_xml(rows))], shared_strings=strings)
    (grid,) = _grids(path)
    assert [(c.ref, c.text) for c in grid.cells] == [
        ("Sheet1!A1", "绩效指标"),
        ("Sheet1!B1", "第一行\n第二行"),
        ("Sheet1!C1", "内联"),
        ("Sheet1!D1", "公式结果"),
        ("Sheet1!E1", "#DIV/0!"),
    ]


# ---------------------------------------------------------------- what is not shown


def test_hidden_rows_and_columns_are_left_out(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    for r in range(1, 8):
        for k, col in enumerate("ABC"):
            ws[f"{col}{r}"] = f"{col}{r}" if k else None
    ws.merge_cells("A2:A4")
    ws["A2"] = "跨隐藏行"
    ws.merge_cells("A6:A7")
    ws["A6"] = "首行隐藏"
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[6].hidden = True
    ws.column_dimensions["B"].hidden = True
    (grid,) = _grids(_save(wb, tmp_path / "h.xlsx"))
    texts = {c.ref: (c.row, c.col, c.rowspan, c.text) for c in grid.cells if c.text}
    assert (grid.n_rows, grid.n_cols) == (5, 2)  # rows 1 2 4 5 7, columns A C
    assert texts == {
        "表1!C1": (0, 1, 1, "C1"),
        "表1!A2": (1, 0, 2, "跨隐藏行"),  # over rows 2 and 4
        "表1!C2": (1, 1, 1, "C2"),
        "表1!C4": (2, 1, 1, "C4"),
        "表1!C5": (3, 1, 1, "C5"),
        "表1!A6": (4, 0, 1, "首行隐藏"),  # in row 7, where Excel shows it
        "表1!C7": (4, 1, 1, "C7"),
    }
    _covers_once(grid)


def test_hidden_and_empty_sheets_are_skipped_every_other_sheet_read_in_order(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active["A1"] = "填报单位：甲"
    hidden = wb.create_sheet("模板")
    hidden["A1"] = "不应读到"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("隐藏")
    very["A1"] = "也不应读到"
    very.sheet_state = "veryHidden"
    wb.create_sheet("空表")
    wb.create_sheet("Sheet 2")["B2"] = "第二张"
    grids = _grids(_save(wb, tmp_path / "s.xlsx"))
    assert [[c.ref for c in g.cells] for g in grids] == [["封面!A1"], ["'Sheet 2'!B2"]]


def test_used_range_is_trimmed_and_print_area_ignored(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D4"] = "左上", "右下"
    ws["F10"].border = openpyxl.styles.Border(left=openpyxl.styles.Side(style="thin"))  # styled, empty
    ws["G12"] = ""
    ws.print_area = "A1:A1"  # a stale print area that covers nothing of the form
    (grid,) = _grids(_save(wb, tmp_path / "t.xlsx"))
    assert (grid.n_rows, grid.n_cols) == (2, 2)
    assert [(c.ref, c.text) for c in grid.cells] == [
        ("Sheet!C3", "左上"),
        ("Sheet!D3", ""),
        ("Sheet!C4", ""),
        ("Sheet!D4", "右下"),
    ]


def _mini_form(ws: openpyxl.worksheet.worksheet.Worksheet, top: int, name: str) -> None:
    ws.merge_cells(start_row=top, start_column=1, end_row=top, end_column=4)
    ws.cell(row=top, column=1, value="项目支出绩效自评表")
    ws.cell(row=top + 1, column=1, value="项目名称")
    ws.merge_cells(start_row=top + 1, start_column=2, end_row=top + 1, end_column=4)
    ws.cell(row=top + 1, column=2, value=name)
    for k, head in enumerate(("三级指标", "年度指标值", "分值", "得分")):
        ws.cell(row=top + 2, column=1 + k, value=head)
    for k, value in enumerate(("指标1", 100, 10, 10)):
        ws.cell(row=top + 3, column=1 + k, value=value)


def test_two_forms_on_one_sheet_are_found_one_under_the_other(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    _mini_form(ws, 1, "甲项目")
    _mini_form(ws, 8, "乙项目")
    ws.print_area = "A1:D4"
    doc = read_xlsx(_save(wb, tmp_path / "two.xlsx"))
    spans = locate_forms(doc)
    assert len(spans) == 2
    assert [s.titles[0].ref for s in spans] == ["汇总!A1", "汇总!A8"]

    def project(span: FormSpan) -> str:
        return next(r.texts()[1] for r in span.rows if r.texts()[:1] == ["项目名称"])

    assert [project(s) for s in spans] == ["甲项目", "乙项目"]


# ---------------------------------------------------------------- references


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("Sheet1", "Sheet1!"),
        ("表1", "表1!"),
        ("绩效自评表", "绩效自评表!"),
        ("Sheet 1", "'Sheet 1'!"),
        ("表2-3", "'表2-3'!"),
        ("2024", "'2024'!"),
        ("A1", "'A1'!"),
        ("R1C1", "'R1C1'!"),
        ("O'Brien", "'O''Brien'!"),
    ],
)
def test_sheet_names_quoted_as_excel_quotes_them(name: str, prefix: str) -> None:
    assert sheet_prefix(name) == prefix


def test_column_letters() -> None:
    assert [column_letters(c) for c in (0, 25, 26, 51, 52, 701, 702, 16383)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD",
    ]  # fmt: skip


def test_sheet_grid_without_anything_shown() -> None:
    sheet = Sheet("S", cells={(0, 0): "x", (2, 2): "  "}, hidden_rows={0})
    assert sheet_grid(sheet) is None


# ---------------------------------------------------------------- limits and damage


def test_a_sheet_claiming_too_many_rows_is_refused_before_its_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "big.xlsx",
        [
            (
                "Sheet1",
                sheet_xml(
                    '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', dimension="A1:M1000000"
                ),
            )
        ],
    )
    with pytest.raises(ReadError) as e:
        read_xlsx(path)
    assert e.value.code == "TOO_LARGE" and "1,000,000 行" in e.value.message


def test_rows_past_the_limit_are_refused_while_streaming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_reader, "MAX_ROWS", 10)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 12))
    path = write_xlsx(tmp_path / "rows.xlsx", [("Sheet1", sheet_xml(rows))])
    with pytest.raises(ReadError) as e:
        read_xlsx(path)
    assert e.value.code == "TOO_LARGE"


@pytest.mark.parametrize(
    "sheet",
    [
        '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"',  # cut short
        "not xml at all",
    ],
)
def test_a_damaged_part_is_file_corrupt(tmp_path: Path, sheet: str) -> None:
    path = write_xlsx(tmp_path / "bad.xlsx", [("Sheet1", sheet)])
    with pytest.raises(ReadError) as e:
        read_xlsx(path)
    assert e.value.code == "FILE_CORRUPT" and "Excel" in e.value.message


def test_not_a_zip_is_file_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(ReadError) as e:
        read_xlsx(path)
    assert e.value.code == "FILE_CORRUPT"


# ---------------------------------------------------------------- XLS: the same grids as XLSX

INDEX = CORPUS / "files" / "index.json"


def _sheet_pairs() -> list[str]:
    if not INDEX.exists():
        return []
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    xls = {Path(e["path"]).stem for e in index if e["kind"] == "xls"}
    return sorted(Path(e["path"]).stem for e in index if e["kind"] == "xlsx" and Path(e["path"]).stem in xls)


def _shape(grid: Grid) -> list[tuple[int, int, int, int, str, str | None]]:
    return [(c.row, c.col, c.rowspan, c.colspan, c.text, c.ref) for c in grid.cells]


@pytest.mark.parametrize("stem", _sheet_pairs() or [pytest.param("", marks=pytest.mark.skip("no corpus"))])
def test_xls_reads_the_same_grid_as_the_xlsx_it_was_saved_from(stem: str) -> None:
    """corpus xls/NN.xls is xlsx/NN.xlsx saved by LibreOffice as Excel 97–2003: merges, number
    formats, hidden rows, columns and sheets must come out the same."""
    files = CORPUS / "files"
    xls = read_xls(files / "xls" / f"{stem}.xls")
    xlsx = read_xlsx(files / "xlsx" / f"{stem}.xlsx")
    assert xls.method == "xls"
    assert [_shape(g) for g in xls.blocks] == [_shape(g) for g in xlsx.blocks]  # type: ignore[arg-type]


def test_xls_and_xlsx_are_told_by_content_not_name(tmp_path: Path) -> None:
    files = CORPUS / "files"
    if not (files / "xls" / "01.xls").exists():
        pytest.skip("no corpus")
    renamed = tmp_path / "01.xlsx"
    renamed.write_bytes((files / "xls" / "01.xls").read_bytes())
    assert read_document(renamed).method == "xls"
    renamed = tmp_path / "01.docx"
    renamed.write_bytes((files / "xlsx" / "01.xlsx").read_bytes())
    assert read_document(renamed).method == "xlsx"


def test_a_damaged_xls_is_file_corrupt(tmp_path: Path) -> None:
    files = CORPUS / "files"
    if not (files / "xls" / "01.xls").exists():
        pytest.skip("no corpus")
    data = bytearray((files / "xls" / "01.xls").read_bytes())
    data[600:4000] = b"\xff" * 3400  # the directory and the workbook stream's start overwritten
    path = tmp_path / "bad.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError) as e:
        read_xls(path)
    assert e.value.code == "FILE_CORRUPT"


def test_a_used_range_too_wide_for_memory_is_refused() -> None:
    """Two cells far apart make a grid of every position between them: refused, not built."""
    sheet = Sheet("宽表", cells={(0, 0): "项目名称", (40_000, 200): "远处的一格"})
    with pytest.raises(ReadError) as e:
        sheet_grid(sheet)
    assert e.value.code == "TOO_LARGE" and "40,001 行 × 201 列" in e.value.message
