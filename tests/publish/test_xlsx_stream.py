"""The streaming XLSX writer: what openpyxl and LibreOffice read back from it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from publish.xlsx_stream import XlsxStream, column_letter


@given(st.integers(min_value=1, max_value=16384))
def test_column_letters_match_openpyxl(index: int) -> None:
    assert column_letter(index) == get_column_letter(index)


def _book(path: Path) -> None:
    with XlsxStream(path) as book:
        ws = book.sheet("它's <表>", (12, 30))
        ws.row(["名称", "金额"])
        ws.row(["<script>&\"'", Decimal("738.62892")])
        ws.row(["=SUM(A1)", 2024])
        ws.row([" 前后空格 ", None])
        ws.row(["响\x07铃", Decimal("0.000001")])
        other = book.sheet("说明", (10,), autofilter=False)
        other.row(["只有表头"])


def test_values_styles_and_layout_read_back(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    _book(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["它's <表>", "说明"]
    ws = wb["它's <表>"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[1] == ["<script>&\"'", pytest.approx(738.62892)]
    assert ws["A3"].value == "=SUM(A1)" and ws["A3"].data_type == "s"  # text, never a formula
    assert ws["B3"].value == 2024 and ws["B3"].data_type == "n"
    assert ws["A4"].value == " 前后空格 " and ws["B4"].value is None
    assert ws["A5"].value == "响铃"  # a control character Excel refuses is dropped
    assert ws["B5"].value == pytest.approx(0.000001)
    assert ws["A1"].font.b and ws["A1"].fill.fgColor.rgb.endswith("DDE7F3") and ws["A1"].alignment.wrap_text
    assert not ws["A2"].font.b
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B5"
    assert ws.column_dimensions["B"].width == 30
    assert wb["说明"].auto_filter.ref is None and wb["说明"].max_row == 1


def test_same_tables_same_bytes(tmp_path: Path) -> None:
    _book(tmp_path / "a.xlsx")
    _book(tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_it(tmp_path: Path) -> None:
    _book(tmp_path / "t.xlsx")
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "t.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (tmp_path / "t.csv").read_text(encoding="utf-8")
    assert "738.62892" in text and "=SUM(A1)" in text and "<script>" in text


@given(st.characters(max_codepoint=0x3000))
def test_the_characters_dropped_are_those_openpyxl_refuses(ch: str) -> None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as openpyxl_illegal

    from publish.xlsx_stream import ILLEGAL_CHARACTERS_RE

    assert bool(ILLEGAL_CHARACTERS_RE.fullmatch(ch)) == bool(openpyxl_illegal.fullmatch(ch))


def test_writing_a_workbook_needs_no_openpyxl_or_opencv() -> None:
    # the driver writes dataset.xlsx on every run, re-runs included: importing either cost it
    # 0.3 s of a re-run's few seconds
    code = "import sys, cli; print(sorted({'openpyxl', 'cv2', 'numpy'} & set(sys.modules)))"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
