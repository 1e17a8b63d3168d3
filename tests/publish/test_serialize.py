"""CSV cells: a spreadsheet never runs a form's text as a formula, and the guard is undone exactly."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from publish.serialize import csv_cell, csv_text

_STARTS = st.sampled_from(["", "'", "''", " ", "\t", "\r", "\n", "=", "+", "-", "@", "'=", " =", "\t="])


@given(st.tuples(_STARTS, st.text()).map("".join))
def test_guard_is_undone_exactly(text: str) -> None:
    assert csv_text(csv_cell(text)) == text


@given(st.tuples(_STARTS, st.text()).map("".join))
def test_no_cell_starts_like_a_formula(text: str) -> None:
    cell = csv_cell(text)
    stripped = cell.lstrip(" \t\r\n")
    if cell and not cell.lstrip("-").replace(".", "", 1).isdigit():
        assert not stripped.startswith(("=", "+", "-", "@"))
        assert not cell.startswith(("\t", "\r"))


def test_cells_as_written() -> None:
    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell(" =1+1") == "' =1+1"
    assert csv_cell("\t@SUM(A1)") == "'\t@SUM(A1)"
    assert csv_cell("\rfoo") == "'\rfoo"
    assert csv_cell("-5") == "-5"
    assert csv_cell(Decimal("-0.5")) == "-0.5"
    assert csv_cell("'已加引号") == "'已加引号"
    assert csv_cell("'=x") == "''=x"
    assert csv_cell(None) == "" and csv_cell(True) == "true"
    assert csv_cell("—") == "—"
