from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import format_decimal, is_placeholder, parse_decimal, parse_percent, read_decimal
from normalize.numeric import read_number_with_suffix, scan_numbers


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("434500.00", "434500.00"),
        ("1,234.5", "1234.5"),
        ("99.9", "99.9"),
        ("99.90%", "99.90"),
        ("100%", "100"),
        ("0", "0"),
        ("738.62892", "738.62892"),
        ("１２３４．５", "1234.5"),
        ("１，２３４％", "1234"),
        (" 6000 ", "6000"),
        ("-5", "-5"),
        (".5", "0.5"),
    ],
)
def test_parse_decimal(cell: str, value: str) -> None:
    got = parse_decimal(cell)
    assert got == Decimal(value)
    # The written precision is kept: 99.90 stays two places for score/ to compare at.
    assert got is not None and got.as_tuple() == Decimal(value).as_tuple()


@pytest.mark.parametrize("cell", ["", "—", "——", "-", "/", "无", "－", "／", None, "  "])
def test_placeholders_are_absent(cell: str | None) -> None:
    assert is_placeholder(cell)
    reading = read_decimal(cell)
    assert reading.value is None and reading.reason


@pytest.mark.parametrize("cell", ["abc", "1e5", "1,2345", "12份", "≥90", "NaN", "Infinity", "1.2.3", "%"])
def test_not_a_number_gives_a_reason(cell: str) -> None:
    reading = read_decimal(cell)
    assert reading.value is None
    assert cell in reading.reason


@pytest.mark.parametrize(("cell", "value"), [("99.98%", "99.98"), ("100%", "100"), ("—", None), ("", None)])
def test_parse_percent(cell: str, value: str | None) -> None:
    assert parse_percent(cell) == (Decimal(value) if value else None)


def test_number_with_suffix() -> None:
    assert read_number_with_suffix("10分", ("分",)).value == Decimal(10)
    assert read_number_with_suffix("10", ("分",)).value == Decimal(10)
    assert read_number_with_suffix("分", ("分",)).value is None


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("434500.00", "434500"),
        ("99.90", "99.9"),
        ("0", "0"),
        ("0E-8", "0"),
        ("-0", "0"),
        ("4.345E+5", "434500"),
        ("757.8290", "757.829"),
        ("1E-10", "0.0000000001"),
        ("12345678901234567890123456789012345.6789", "12345678901234567890123456789012345.6789"),
    ],
)
def test_format_decimal(value: str, text: str) -> None:
    assert format_decimal(Decimal(value)) == text


def test_format_decimal_of_nothing() -> None:
    assert format_decimal(None) == ""
    assert format_decimal(Decimal("NaN")) == ""
    assert format_decimal(Decimal("Infinity")) == ""


def test_scan_numbers() -> None:
    tokens = scan_numbers("统一年度服务一年,十二个,两台,2024年,1,234.5元")
    assert [(t.value, t.chinese) for t in tokens] == [
        (Decimal(1), True),
        (Decimal(12), True),
        (Decimal(2), True),
        (Decimal(2024), False),
        (Decimal("1234.5"), False),
    ]


# ---------------------------------------------------------------- properties

_FULL_WIDTH = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")
decimals = st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15, places=6)


def _spellings(d: Decimal) -> list[str]:
    plain = format(d, "f")
    with_zeros = plain + ("000" if "." in plain else ".000")
    grouped = format(d, ",f")
    out = [plain, with_zeros, grouped, grouped + "0" if "." in grouped else grouped + ".0"]
    out += [s + "%" for s in out]
    out += [s.translate(_FULL_WIDTH) for s in out]
    return out


@given(decimals)
def test_any_supported_spelling_parses_back_equal(d: Decimal) -> None:
    for spelling in _spellings(d):
        assert parse_decimal(spelling) == d, spelling


@given(decimals)
def test_format_then_parse_is_identity(d: Decimal) -> None:
    text = format_decimal(d)
    assert "E" not in text and "e" not in text
    assert not ("." in text and text.endswith("0"))
    assert parse_decimal(text) == d


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_format_decimal_is_exact_for_any_magnitude(d: Decimal) -> None:
    assert Decimal(format_decimal(d)) == d
