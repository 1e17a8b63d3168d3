"""The scoring rules as pure functions of numbers (CONTRACT.md "Scoring rules", a profile's data).

Every result is an exact Decimal (quotients carried to 50 digits); rounding to a form's precision
happens only where a declared value is compared or a computed one is written out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from score.decimals import divide, half_up, multiply
from score.profile import Profile

HUNDRED = Decimal(100)
ZERO = Decimal(0)
POSITIVE = frozenset({"ge", "gt"})
REVERSE = frozenset({"le", "lt"})
QUANTITATIVE = POSITIVE | REVERSE | {"eq"}


def execution_rate(executed: Decimal | None, budget_full_year: Decimal | None) -> Decimal | None:
    """executed / budget_full_year x 100; None where the budget is absent or zero."""
    if executed is None or budget_full_year is None or budget_full_year <= 0:
        return None
    return multiply(divide(executed, budget_full_year), HUNDRED)


def execution_score(rate: Decimal | None, funds_weight: Decimal | None, profile: Profile) -> Decimal | None:
    """min(rate, cap) / 100 x funds weight, never above the weight nor below zero."""
    if rate is None or funds_weight is None:
        return None
    share = max(min(rate, profile.rate_cap_percent), ZERO)
    return min(multiply(divide(share, HUNDRED), funds_weight), funds_weight)


@dataclass(frozen=True)
class Overshoot:
    ratio_percent: Decimal
    """(B - A) / A x 100."""
    deduct_percent: Decimal
    """Share of W deducted (0 below the first step)."""


def overshoot(nature: str, target: Decimal, actual: Decimal, profile: Profile) -> Overshoot | None:
    """How far B overshoots A on a positive indicator, and the deduction rule 7 sets for it; None
    where the rule does not apply (reverse or qualitative, A <= 0, B not above A)."""
    if nature not in profile.overshoot_natures or target <= 0 or actual <= target:
        return None
    ratio = multiply(divide(actual - target, target), HUNDRED)
    step = next((s for s in profile.overshoot if ratio >= s.at_percent), None)
    return Overshoot(ratio, step.deduct_percent if step else ZERO)


def _base(nature: str, target: Decimal, actual: Decimal, weight: Decimal) -> Decimal | None:
    if nature in POSITIVE or (nature == "eq" and actual >= target):
        if target <= 0:
            # Any non-negative result meets a target of zero or less.
            return weight if actual >= target else ZERO
        return multiply(min(divide(actual, target), Decimal(1)), weight)
    if nature == "eq":  # below target
        return multiply(divide(actual, target), weight) if target > 0 else None
    if nature in REVERSE:
        if actual <= 0:
            return weight  # B = 0 scores W; a negative reading cannot be worse than zero
        return multiply(min(divide(target, actual), Decimal(1)), weight) if target >= 0 else None
    return None


def indicator_score(
    nature: str | None,
    target: Decimal | None,
    actual: Decimal | None,
    weight: Decimal | None,
    profile: Profile,
) -> Decimal | None:
    """The rule-7 score of a quantitative indicator (exact), clamped to [0, W] by rule 6; None for
    qualitative rows or when A, B or W is missing."""
    if nature not in QUANTITATIVE or target is None or actual is None or weight is None or weight < 0:
        return None
    score = _base(nature, target, actual, weight)
    if score is None:
        return None
    over = overshoot(nature, target, actual, profile)
    if over is not None and over.deduct_percent:
        score -= multiply(divide(over.deduct_percent, HUNDRED), weight)
    return min(max(score, ZERO), weight)


def target_missed(nature: str | None, target: Decimal | None, actual: Decimal | None) -> bool:
    """B worse than A. Strict natures (>, <) count like their inclusive ones, as in scoring; an eq
    target overshot is not "missed" (it is scored as >=)."""
    if target is None or actual is None:
        return False
    if nature in POSITIVE or nature == "eq":
        return actual < target
    if nature in REVERSE:
        return actual > target
    return False


def grade(total: Decimal | None, profile: Profile) -> str:
    if total is None:
        return ""
    return next((g for floor, g in profile.grade_bands if total >= floor), profile.grade_below_all)


def rounded_score(value: Decimal | None, profile: Profile) -> Decimal | None:
    """A computed score as it is written out and summed: half-up at the profile's places."""
    return None if value is None else half_up(value, profile.score_places)
