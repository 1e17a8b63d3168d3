"""One 三级指标 row: its rule-7 score, the declared score accepted or flagged, qualitative bands and
scales, a missed target's explanation, and money values of a suspicious magnitude."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from model import Anomaly, Form, Indicator
from score import rules, scales
from score.decimals import Match, divide, half_up, match, multiply, places
from score.findings import finding, text
from score.profile import Profile
from score.vocab import label, value_word

_HUNDRED = Decimal(100)


@dataclass
class IndicatorResult:
    score_computed: Decimal | None = None
    """Rule-7 score, half-up at the profile's places (None for qualitative rows)."""
    contribution: Decimal | None = None
    match: Match | None = None
    findings: list[Anomaly] = field(default_factory=list)


def _rule_words(ind: Indicator, profile: Profile) -> str:
    """The arithmetic behind an expected score, in the form's own terms, for SCORE_MISMATCH."""
    a, b, w = (text(v) for v in (ind.target_value, ind.actual_value, ind.weight))
    nature = ind.nature or ""
    if nature in rules.REVERSE:
        if ind.actual_value is not None and ind.actual_value <= 0:
            return f"反向指标实际完成值为{b}得满分{w}分"
        return f"反向指标 min(指标值{a}÷实际值{b},1)×分值{w}分"
    if rules.target_missed(nature, ind.target_value, ind.actual_value) and nature == "eq":
        return f"等值指标未达到指标值时 实际值{b}÷指标值{a}×分值{w}分"
    words = f"正向指标 min(实际值{b}÷指标值{a},1)×分值{w}分"
    assert ind.target_value is not None and ind.actual_value is not None
    over = rules.overshoot(nature, ind.target_value, ind.actual_value, profile)
    if over is not None and over.deduct_percent:
        words += f"、超出指标值{text(half_up(over.ratio_percent, 2))}%扣分值的{text(over.deduct_percent)}%"
    return words


def _quantitative(ind: Indicator, form: Form, profile: Profile, result: IndicatorResult) -> None:
    exact = rules.indicator_score(ind.nature, ind.target_value, ind.actual_value, ind.weight, profile)
    if exact is None:
        return
    result.score_computed = rules.rounded_score(exact, profile)
    declared = ind.score_declared
    if declared is None:
        result.contribution = result.score_computed
        return
    result.match = match(declared, exact, max(profile.score_places, places(declared)))
    if result.match is not None:
        return
    result.contribution = result.score_computed
    assert ind.target_value is not None and ind.actual_value is not None and ind.nature is not None
    over = rules.overshoot(ind.nature, ind.target_value, ind.actual_value, profile)
    if over is not None and over.deduct_percent and declared > exact:
        result.findings.append(
            finding(
                "OVERSHOOT_PENALTY_MISSING",
                form,
                indicator=ind,
                field="score_declared",
                declared=declared,
                expected=result.score_computed,
                actual=ind.actual_value,
                target=ind.target_value,
                ratio=half_up(over.ratio_percent, 2),
                deduct=over.deduct_percent,
            )
        )
    else:
        result.findings.append(
            finding(
                "SCORE_MISMATCH",
                form,
                indicator=ind,
                field="score_declared",
                declared=declared,
                expected=result.score_computed,
                rule=_rule_words(ind, profile),
            )
        )


def _qualitative(ind: Indicator, form: Form, profile: Profile, result: IndicatorResult) -> int | None:
    """Checks a qualitative row; returns the grade's tier (None without a grade)."""
    declared, weight = ind.score_declared, ind.weight
    result.contribution = min(declared, weight) if declared is not None and weight is not None else declared
    scale = scales.scale_words(ind.target_text, profile)
    grade = ind.actual_grade
    if grade and scale and grade not in scale:
        result.findings.append(
            finding(
                "GRADE_NOT_IN_SCALE",
                form,
                indicator=ind,
                field="actual_grade",
                declared=grade,
                expected=ind.target_text,
            )
        )
    tier = scales.tier(grade, scale, profile)
    if tier is None or declared is None or weight is None or declared > weight:
        return tier  # an excess over W is SCORE_EXCEEDS_WEIGHT's finding, not a band's
    band = scales.band(tier, profile)
    low = multiply(divide(band.low, _HUNDRED), weight)
    high = multiply(divide(band.high, _HUNDRED), weight)
    if not low <= declared <= high:
        result.findings.append(
            finding(
                "QUALITATIVE_SCORE_OUT_OF_BAND",
                form,
                indicator=ind,
                field="score_declared",
                declared=declared,
                expected=f"{text(low)}-{text(high)}",
                grade=grade,
                low=low,
                high=high,
                weight=weight,
                low_pct=band.low,
                high_pct=band.high,
            )
        )
    return tier


def _unexplained(ind: Indicator, form: Form, profile: Profile, tier: int | None) -> Anomaly | None:
    note = ind.deviation_note.strip()
    if note not in profile.no_explanation:
        return None
    if ind.nature == "qualitative":
        if not (profile.below_first_tier_is_missed and tier):
            return None
        scale = scales.scale_words(ind.target_text, profile)
        field, declared, expected = "actual_grade", ind.actual_grade, (scale[0] if scale else "")
    elif rules.target_missed(ind.nature, ind.target_value, ind.actual_value):
        field, declared = "actual_value", f"{text(ind.actual_value)}{ind.unit}"
        expected = f"{value_word('nature', ind.nature or '')}{text(ind.target_value)}{ind.unit}"
    else:
        return None
    return finding(
        "TARGET_NOT_MET_UNEXPLAINED",
        form,
        indicator=ind,
        field=field,
        declared=declared,
        expected=expected,
        note=f"填写为“{note}”" if note else "为空",
    )


def _magnitude(ind: Indicator, form: Form, profile: Profile) -> list[Anomaly]:
    budget = form.budget_full_year
    if ind.unit not in profile.money_units or budget is None or budget <= 0:
        return []
    found = []
    for name in ("target_value", "actual_value"):
        value: Decimal | None = getattr(ind, name)
        if value is None or value <= 0:
            continue  # zero is no unit mix-up
        ratio = divide(value, budget)
        if ratio >= profile.magnitude_factor or ratio <= divide(Decimal(1), profile.magnitude_factor):
            times = ratio if ratio >= 1 else divide(Decimal(1), ratio)
            found.append(
                finding(
                    "UNIT_MAGNITUDE_SUSPECT",
                    form,
                    indicator=ind,
                    field=name,
                    declared=value,
                    expected=budget,
                    which=label("indicators", name).split("（")[0],
                    ratio=half_up(times, 0),
                )
            )
    return found


def _missing(ind: Indicator, form: Form, profile: Profile) -> list[Anomaly]:
    found = []
    grouped = any(g.level1 == ind.level1 and g.score_declared is not None for g in form.groups)
    for name in profile.required_indicator:
        if name == "score_declared" and grouped:
            continue  # the group's merged 得分 covers the row
        value = getattr(ind, name)
        if value is None or value == "":
            found.append(
                finding(
                    "MISSING_FIELD",
                    form,
                    indicator=ind,
                    field=name,
                    where=f"指标“{ind.name or ind.name_raw or ''}”（第{ind.seq}项）的",
                    label=label("indicators", name),
                )
            )
    return found


def check_indicator(ind: Indicator, form: Form, profile: Profile) -> IndicatorResult:
    result = IndicatorResult()
    result.findings.extend(_missing(ind, form, profile))
    declared, weight = ind.score_declared, ind.weight
    if declared is not None and weight is not None and declared > weight:
        result.findings.append(
            finding(
                "SCORE_EXCEEDS_WEIGHT",
                form,
                indicator=ind,
                field="score_declared",
                declared=declared,
                expected=weight,
                item=f"指标“{ind.name or ind.name_raw}”",
            )
        )
    tier = None
    if ind.nature == "qualitative":
        tier = _qualitative(ind, form, profile, result)
    else:
        result.contribution = declared
        _quantitative(ind, form, profile, result)
    unexplained = _unexplained(ind, form, profile, tier)
    if unexplained is not None:
        result.findings.append(unexplained)
    result.findings.extend(_magnitude(ind, form, profile))
    return result
