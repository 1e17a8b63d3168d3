from __future__ import annotations

from decimal import Decimal

import pytest

from normalize import read_target


def test_typo_is_fixed_and_reported() -> None:
    got = read_target("优良种低差", "项", qualitative=True)
    assert got.text == "优良中低差"
    assert got.fixes == (("优良种低差", "优良中低差"),)
    assert got.scale == ("优", "良", "中", "低", "差")
    assert got.value is None


def test_qualitative_target_has_no_value() -> None:
    assert read_target("90", "%", qualitative=True).value is None


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("6000", "Mbps", "6000"),
        ("434500.00", "元", "43.45"),
        ("7578290", "元", "757.829"),
        ("99.90%", "%", "99.9"),
        ("≥90%", "%", "90"),
        ("不超过45万元", "万元", "45"),
        ("450000元", "万元", "45"),
    ],
)
def test_quantitative_target(text: str, unit: str, value: str) -> None:
    got = read_target(text, unit, qualitative=False)
    assert got.value == Decimal(value)
    assert got.scale == ()


def test_nature_unknown_reads_by_the_cell() -> None:
    assert read_target("好坏", "项").scale == ("好", "坏")
    assert read_target("12", "份").value == Decimal(12)


@pytest.mark.parametrize("text", ["", "—", "/"])
def test_blank_target(text: str) -> None:
    got = read_target(text, "份", qualitative=False)
    assert got.value is None and got.reason
