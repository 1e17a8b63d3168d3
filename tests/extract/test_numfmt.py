"""Excel number formats render a stored number as the text Excel shows for it."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.numfmt import BUILTIN_FORMATS, format_text, format_value, general

# (stored value, format code, what Excel shows); checked against Excel's documented behaviour
# and LibreOffice Calc 7.4 for the same cells.
SHOWN = [
    (1, "0%", "100%"),
    (1, "0.00%", "100.00%"),
    (0.9998, "0.00%", "99.98%"),
    (0.99975, "0.00%", "99.98%"),  # half away from zero
    (0.25, "0.0%", "25.0%"),
    (738.62892, "General", "738.62892"),
    (434500, "0.00", "434500.00"),
    (1.005, "0.00", "1.01"),  # 15 significant digits first, as Excel: not 1.00 from the binary value
    (2.5, "0", "3"),
    (-2.5, "0", "-3"),
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (0, "#,##0.00", "0.00"),
    (12, "000", "012"),
    (0.5, "#.##", ".5"),
    (3.14159, "0.0#", "3.14"),
    (3.1, "0.0#", "3.1"),
    (1234, "#,##0,", "1"),  # a trailing comma divides by 1000
    (-5, "0.00", "-5.00"),
    (-5, "#,##0.00;(#,##0.00)", "(5.00)"),
    (0, '0;-0;"—"', "—"),
    (5, '0"万元"', "5万元"),
    (100, "[$¥-804]#,##0.00", "¥100.00"),
    (1500, "[Red][>=1000]#,##0;0", "1,500"),
    (50, "[>=1000]#,##0;0", "50"),
    (12345, "0.00E+00", "1.23E+04"),
    (0.000123, "0.00E+00", "1.23E-04"),
    (12345, "##0.0E+0", "12.3E+3"),
    (1.5, "# ?/?", "1 1/2"),
    (7, "@", "7"),
    (1 / 3, "General", "0.333333333"),
    (0.1 + 0.2, "General", "0.3"),
    (123456789012, "General", "1.23457E+11"),
    (-0.75, "General", "-0.75"),
    (45657, "yyyy-mm-dd", "2024-12-31"),
    (45657, 'yyyy"年"m"月"d"日"', "2024年12月31日"),
    (45657, BUILTIN_FORMATS[14], "2024/12/31"),
    (45657, BUILTIN_FORMATS[31], "2024年12月31日"),
    (45657, "aaaa", "星期二"),
    (45657, "dddd, mmm d", "Tuesday, Dec 31"),
    (45657.75, "yyyy/m/d h:mm", "2024/12/31 18:00"),
    (45657.5, "h:mm AM/PM", "12:00 PM"),
    (0.5, BUILTIN_FORMATS[34], "下午12时00分"),
    (1.5, "[h]:mm:ss", "36:00:00"),
    (0.000011574, "mm:ss.0", "00:01.0"),
    (60, "yyyy-mm-dd", "1900-02-29"),  # Excel's day that never was
    (61, "yyyy-mm-dd", "1900-03-01"),
    (1, "yyyy-mm-dd", "1900-01-01"),
    (1234.5, BUILTIN_FORMATS[43], " 1,234.50 "),
    (0, BUILTIN_FORMATS[43], " -   "),
]


@pytest.mark.parametrize(("value", "code", "shown"), SHOWN)
def test_shown_as_excel_shows_it(value: float, code: str, shown: str) -> None:
    assert format_value(value, code) == shown


def test_1904_date_system() -> None:
    assert format_value(0, "yyyy-mm-dd", date1904=True) == "1904-01-01"
    assert format_value(45658 - 1462, "yyyy-mm-dd", date1904=True) == "2025-01-01"  # 1904 is 1462 days on


def test_text_cells_and_their_sections() -> None:
    assert format_text("—", "General") == "—"
    assert format_text("—", "0.00%") == "—"  # a number format leaves text alone
    assert format_text("甲单位", '0;-0;0;"单位："@') == "单位：甲单位"
    assert format_value(3, ";;;") == ""  # a hidden value


def test_no_date_outside_excels_range() -> None:
    assert format_value(-1, "yyyy-mm-dd") == "-1"
    assert format_value(3e6, "yyyy-mm-dd") == "3000000"


decimals = st.integers(min_value=0, max_value=6)


@given(st.integers(min_value=0, max_value=10**12), decimals)
def test_fixed_decimals_show_the_written_text(units: int, places: int) -> None:
    """A number typed as `434500.00` and kept in `0.00` shows that text again."""
    written = Decimal(units).scaleb(-places)
    code = "0" + ("." + "0" * places if places else "")
    assert format_value(float(written), code) == f"{written:.{places}f}"


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=3))
def test_grouped_decimals(units: int, places: int) -> None:
    written = Decimal(units).scaleb(-places)
    code = "#,##0" + ("." + "0" * places if places else "")
    assert format_value(float(written), code) == f"{written:,.{places}f}"


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=3))
def test_percentages_show_the_written_rate(units: int, places: int) -> None:
    """A rate typed as `99.98%` is stored as 0.9998; `0.00%` shows `99.98%`, `0%` shows `100%`."""
    rate = Decimal(units).scaleb(-places)
    code = "0" + ("." + "0" * places if places else "") + "%"
    assert format_value(float(rate / 100), code) == f"{rate:.{places}f}%"
    whole = rate.quantize(Decimal(1), ROUND_HALF_UP)
    assert format_value(float(rate / 100), "0%") == f"{whole}%"


@given(
    st.floats(min_value=1e-9, max_value=1e11, allow_nan=False, allow_infinity=False),
    st.sampled_from([1, -1]),
)
def test_general_is_close_and_short(magnitude: float, sign: int) -> None:
    value = sign * magnitude
    shown = general(value)
    assert len(shown.lstrip("-")) <= 11
    assert abs(float(shown) - value) <= max(abs(value) * 5e-9, 5e-10)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)), st.booleans())
def test_serial_dates(day: date, date1904: bool) -> None:
    base = date(1904, 1, 1) if date1904 else date(1899, 12, 30)
    if date1904 and day < base:
        return
    serial = (day - base).days
    assert format_value(serial, "yyyy-mm-dd", date1904) == day.isoformat()
    assert format_value(serial, 'yyyy"年"m"月"d"日"', date1904) == f"{day.year}年{day.month}月{day.day}日"


@given(st.integers(min_value=0, max_value=86399))
def test_times_of_day(second: int) -> None:
    at = datetime(2024, 1, 1) + timedelta(seconds=second)
    serial = 45292 + second / 86400
    assert format_value(serial, "hh:mm:ss") == at.strftime("%H:%M:%S")
