"""The scoring rules as numbers: positive, reverse, B = 0, eq below and above, the overshoot steps
at exactly 200/300/500 %, funds, grades; and properties that hold for any input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from score import rules
from score.profile import load_profile

D = Decimal
P = load_profile("default")


@pytest.mark.parametrize(
    ("nature", "a", "b", "w", "expected"),
    [
        ("ge", "90", "100", "10", "10"),  # above target, under 200 %: full marks
        ("ge", "90", "45", "10", "5"),  # B/A x W
        ("gt", "4", "1", "20", "5"),
        ("le", "2", "2", "10", "10"),
        ("le", "2", "4", "10", "5"),  # A/B x W
        ("lt", "12", "9", "10", "10"),  # under a ceiling: full marks
        ("le", "250", "0", "20", "20"),  # B = 0 scores W
        ("eq", "12", "12", "10", "10"),
        ("eq", "12", "9", "20", "15"),  # below: B/A x W
        ("eq", "12", "18", "20", "20"),  # above, as ge
        ("eq", "1", "3", "10", "9"),  # above by 200 %, as ge with the deduction
        ("ge", "0", "5", "10", "10"),  # a zero target is met by anything non-negative
    ],
)
def test_indicator_score(nature: str, a: str, b: str, w: str, expected: str):
    assert rules.indicator_score(nature, D(a), D(b), D(w), P) == D(expected)


@pytest.mark.parametrize(
    ("b", "deduct", "score"),
    [
        ("2.999", "0", "10"),  # 199.9 %: no step reached
        ("3", "10", "9"),  # exactly 200 %
        ("3.999", "10", "9"),
        ("4", "20", "8"),  # exactly 300 %
        ("5.999", "20", "8"),
        ("6", "30", "7"),  # exactly 500 %
        ("60", "30", "7"),
    ],
)
def test_overshoot_steps(b: str, deduct: str, score: str):
    over = rules.overshoot("ge", D(1), D(b), P)
    assert over is not None and over.deduct_percent == D(deduct)
    assert rules.indicator_score("ge", D(1), D(b), D(10), P) == D(score)


def test_overshoot_ratio_is_exact():
    over = rules.overshoot("ge", D(3), D(9), P)
    assert over is not None and over.ratio_percent == 200


@pytest.mark.parametrize("nature", ["le", "lt", "qualitative"])
def test_no_overshoot_for_reverse_or_qualitative(nature: str):
    assert rules.overshoot(nature, D(1), D(10), P) is None


def test_no_overshoot_without_a_positive_target():
    assert rules.overshoot("ge", D(0), D(10), P) is None
    assert rules.overshoot("ge", D(10), D(10), P) is None


def test_nothing_computes_for_qualitative_or_missing_values():
    assert rules.indicator_score("qualitative", None, None, D(10), P) is None
    assert rules.indicator_score("ge", None, D(1), D(10), P) is None
    assert rules.indicator_score("ge", D(1), None, D(10), P) is None
    assert rules.indicator_score("ge", D(1), D(1), None, P) is None
    assert rules.indicator_score(None, D(1), D(1), D(10), P) is None


def test_execution_rate_and_score():
    rate = rules.execution_rate(D("160.329"), D("160.349"))
    assert rate is not None and str(rate).startswith("99.98752720628")
    assert rules.execution_rate(D("738.62892"), D("738.62892")) == 100
    assert rules.execution_rate(D(1), D(0)) is None
    assert rules.execution_rate(None, D(1)) is None
    assert rules.execution_score(D(120), D(10), P) == 10  # capped at 100 %
    assert rules.execution_score(D("99.5"), D(10), P) == D("9.95")
    assert rules.execution_score(None, D(10), P) is None


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        ("100", "优"),
        ("90", "优"),
        ("89.99", "良"),
        ("80", "良"),
        ("79.99", "中"),
        ("60", "中"),
        ("59.99", "差"),
        ("0", "差"),
    ],
)
def test_grade_bands(total: str, grade: str):
    assert rules.grade(D(total), P) == grade


def test_no_total_no_grade():
    assert rules.grade(None, P) == ""


def test_target_missed():
    assert rules.target_missed("ge", D(12), D(11))
    assert not rules.target_missed("ge", D(12), D(12))
    assert rules.target_missed("le", D(2), D("2.5"))
    assert not rules.target_missed("lt", D(2), D(2))
    assert rules.target_missed("eq", D(12), D(11))
    assert not rules.target_missed("eq", D(12), D(13))
    assert not rules.target_missed("ge", None, D(1))
    assert not rules.target_missed("qualitative", None, None)


decimals = st.decimals(min_value=D(0), max_value=D(10**9), places=4, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=D(0), max_value=D(100), places=2, allow_nan=False, allow_infinity=False)
natures = st.sampled_from(["ge", "gt", "le", "lt", "eq"])


@given(natures, decimals, decimals, weights)
def test_score_within_zero_and_weight(nature: str, a: Decimal, b: Decimal, w: Decimal):
    score = rules.indicator_score(nature, a, b, w, P)
    assert score is not None
    assert D(0) <= score <= w


@given(decimals, weights)
def test_target_met_scores_full_marks_below_first_step(a: Decimal, w: Decimal):
    """B = A scores W under every nature."""
    for nature in ("ge", "gt", "le", "lt", "eq"):
        assert rules.indicator_score(nature, a, a, w, P) == w


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=100),
)
def test_ratio_scores_are_exact(a: int, b: int, w: int):
    """No float drift: B/A x W of integers equals the exact fraction to 50 digits."""
    score = rules.indicator_score("ge", D(a), D(b), D(w), P)
    assert score is not None
    if b <= a:
        assert abs(score * a - D(b) * w) < D("1e-40") * max(a, 1) * max(w, 1)


@given(decimals.filter(lambda v: v > 0), decimals)
def test_execution_rate_round_trips(budget: Decimal, executed: Decimal):
    rate = rules.execution_rate(executed, budget)
    assert rate is not None
    assert abs(rate * budget / 100 - executed) <= D("1e-30") * max(executed, D(1))
