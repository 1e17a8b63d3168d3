"""dataset.xlsx: the four tables with Chinese headers, frozen header row, autofilter, widths,
numbers as numbers, text never a formula."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from publish import workbook
from publish.workbook import TABLES, write_workbook
from score.vocab import column, sheet_title
from tests.publish.run_fixture import build_run


@pytest.fixture(scope="module")
def book(run_dir: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(run_dir / "dataset.xlsx")


def _csv(run_dir: Path, table: str) -> list[list[str]]:
    with (run_dir / f"{table}.csv").open(encoding="utf-8-sig", newline="") as h:
        return list(csv.reader(h))


def test_sheets_and_headers(book: openpyxl.Workbook, run_dir: Path):
    assert book.sheetnames == ["自评表", "绩效指标", "核查发现", "文件清单", "字段说明", "代码说明"]
    for table in TABLES:
        ws = book[sheet_title(table)]
        rows = _csv(run_dir, table)
        header = [c.value for c in ws[1]]
        assert header == [column(table, name).header for name in rows[0]]
        assert all(h and not h.isascii() for h in header), (
            header
        )  # every contract column has a Chinese header
        assert ws.max_row == len(rows)
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(rows[0]))}{len(rows)}"
        assert ws.column_dimensions["A"].width >= 8


def test_numbers_are_numbers(book: openpyxl.Workbook):
    ws = book["自评表"]
    header = [c.value for c in ws[1]]
    first = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert first["全年预算数（万元）"].value == pytest.approx(738.62892)
    assert first["全年预算数（万元）"].data_type == "n"
    assert first["年度"].value == 2024
    assert first["项目名称"].data_type == "s"
    ind = book["绩效指标"]
    header = [c.value for c in ind[1]]
    row = {h: c.value for h, c in zip(header, ind[2], strict=True)}
    assert row["序号"] == 1 and row["分值"] == 15 and row["实际完成值（数值）"] == 6000


def test_text_is_never_a_formula(book: openpyxl.Workbook):
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    depts = {c.value for c in book["自评表"]["J"]}
    assert "=SUM(A1)" in depts  # as written: a string cell, the CSV's guard apostrophe taken off


def test_legend_maps_columns(book: openpyxl.Workbook):
    rows = list(book["字段说明"].iter_rows(values_only=True))
    assert rows[0] == ("工作表", "CSV字段", "中文表头", "类型")
    assert ("自评表", "budget_full_year", "全年预算数（万元）", "数值") in rows
    assert ("核查发现", "message", "说明", "文本") in rows


def test_streams_a_large_table(tmp_path: Path):
    """Rows are streamed from the CSV (write-only mode); a table far larger than any run's still
    comes out whole, with numbers and control characters handled."""
    (tmp_path / "forms").mkdir()
    with (tmp_path / "indicators.csv").open("w", encoding="utf-8-sig", newline="") as h:
        w = csv.writer(h, lineterminator="\n")
        w.writerow(["form_id", "seq", "name", "weight"])
        for i in range(20000):
            w.writerow([f"{i:012x}-1", i % 10 + 1, f"指标\x07{i}", "10.5"])
    write_workbook(tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "dataset.xlsx", read_only=True)["绩效指标"]
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 20001
    assert rows[1] == ("000000000000-1", 1, "指标0", 10.5)  # the bell character is dropped


def test_codes_sheet_names_every_code_from_the_table(book: openpyxl.Workbook) -> None:
    from codes import codes

    rows = {r[0]: r for r in book["代码说明"].iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(codes())
    assert rows["FUNDS_RATE_MISMATCH"][1:4] == ("问题", "错误", "执行率填报有误")
    assert rows["CELL_UNREAD"][1] == "读取提示"
    assert rows["TOO_LARGE"][1] == "文件错误" and rows["TOO_LARGE"][4]


def test_a_rerun_copies_the_sheets_of_unchanged_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = (build_run(tmp_path / "fresh") / "dataset.xlsx").read_bytes()
    out = build_run(tmp_path / "out")
    built: list[str] = []
    real = workbook._sheet

    def counting(book: Any, table: str, path: Path) -> Any:
        built.append(table)
        return real(book, table, path)

    monkeypatch.setattr(workbook, "_sheet", counting)
    build_run(out)
    assert built == [] and (out / "dataset.xlsx").read_bytes() == fresh

    # a sheet of the previous workbook that is not what was recorded is written again
    with zipfile.ZipFile(out / "dataset.xlsx") as old, zipfile.ZipFile(tmp_path / "edited.xlsx", "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, data.replace(b"<row ", b"<row  ") if "sheet2" in info.filename else data)
    (tmp_path / "edited.xlsx").replace(out / "dataset.xlsx")
    build_run(out)
    assert built == ["indicators"] and (out / "dataset.xlsx").read_bytes() == fresh

    # a changed table is written again, the others copied: the same bytes as writing them all
    staged, alone = tmp_path / "staged", tmp_path / "alone"
    for folder in (staged, alone):
        folder.mkdir()
        for table in TABLES:
            (folder / f"{table}.csv").write_bytes((out / f"{table}.csv").read_bytes())
        with (folder / "anomalies.csv").open("a", encoding="utf-8") as h:
            h.write("x" * 12 + "\n")
    built.clear()
    write_workbook(staged, out)
    assert built == ["anomalies"]
    write_workbook(alone)
    assert (staged / "dataset.xlsx").read_bytes() == (alone / "dataset.xlsx").read_bytes()
