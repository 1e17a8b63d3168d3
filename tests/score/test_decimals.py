"""Accepting a declared value at its written precision under either rounding convention."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from score.decimals import close, convention, half_up, match, places, truncate

D = Decimal


@pytest.mark.parametrize(("value", "n"), [("99.98", 2), ("100", 0), ("99.9", 1), ("1E+2", 0), ("0.0001", 4)])
def test_places(value: str, n: int):
    assert places(D(value)) == n


@pytest.mark.parametrize(
    ("declared", "computed", "n", "expected"),
    [
        ("100", "100", 0, "exact"),
        ("99.98", "99.98752", 2, "truncate"),  # 160.329 / 160.349
        ("9.99", "9.998752", 2, "truncate"),
        ("99.97", "99.97126", 2, "either"),
        ("9.9", "9.897436", 2, "round"),  # declared 9.9 read at 2 places: 9.90
        ("100", "99.94164", 0, "round"),
        ("10", "9.994164", 2, None),
        ("99", "100", 0, None),
        ("9.995", "9.995", 2, "exact"),
    ],
)
def test_match(declared: str, computed: str, n: int, expected: str | None):
    assert match(D(declared), D(computed), n) == expected


def test_half_up_is_half_up_not_bankers():
    assert half_up(D("2.345"), 2) == D("2.35")
    assert half_up(D("2.335"), 2) == D("2.34")
    assert truncate(D("2.349"), 2) == D("2.34")


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        ([], None),
        (["exact", "exact"], "exact"),
        (["exact", "either"], "round"),
        (["either", "truncate"], "truncate"),
        (["round", "exact"], "round"),
        (["round", "truncate"], "mixed"),
    ],
)
def test_convention(matches: list, expected: str | None):
    assert convention(matches) == expected


def test_money_tolerance():
    assert close(D("738.62892"), D("738.62891"), D("0.0001"))
    assert not close(D("738.6289"), D("738.6290"), D("0.0001"))


@given(st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False), st.integers(0, 4))
def test_a_value_always_accepts_its_own_rounding_and_truncation(value: Decimal, n: int):
    assert match(half_up(value, n), value, n) is not None
    assert match(truncate(value, n), value, n) is not None
