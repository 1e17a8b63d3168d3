"""Form-wide checks: the form's own arithmetic (总分 = the items' 得分, 分值 adding up to 100), the
weight allocation a profile may require, and required fields left empty."""

from __future__ import annotations

from decimal import Decimal

from model import Anomaly, Form
from normalize.form import BLOCK_FIELDS, FUNDS_UNIT, YUAN
from score import rules
from score.decimals import match, places
from score.findings import finding, text
from score.profile import Profile
from score.vocab import label


def _total_score(form: Form, profile: Profile) -> list[Anomaly]:
    found: list[Anomaly] = []
    declared, weight = form.total_score_declared, form.total_weight_declared
    if declared is None:
        return found
    if weight is not None and declared > weight:
        found.append(
            finding(
                "SCORE_EXCEEDS_WEIGHT",
                form,
                field="total_score_declared",
                declared=declared,
                expected=weight,
                item="总分",
            )
        )
    items = [form.execution_score_declared, *declared_items(form)]
    if not form.indicators or any(v is None for v in items):
        return found  # an empty 得分 is MISSING_FIELD's finding; a partial sum would mislead
    subtotal = sum((v for v in items if v is not None), Decimal(0))
    if match(declared, subtotal, max(profile.score_places, places(declared))) is None:
        found.append(
            finding(
                "TOTAL_SCORE_MISMATCH",
                form,
                field="total_score_declared",
                declared=declared,
                expected=subtotal,
            )
        )
    return found


def group_scored(form: Form) -> set[str]:
    """一级 levels whose 得分 is one cell merged over their rows (Group.score_declared)."""
    return {g.level1 for g in form.groups if g.score_declared is not None}


def declared_items(form: Form) -> list[Decimal | None]:
    """The declared 得分 of every item that has one: each indicator's, except that a group scored
    as a whole counts its group's score once (never once per row)."""
    scored = group_scored(form)
    items: list[Decimal | None] = [i.score_declared for i in form.indicators if i.level1 not in scored]
    items.extend(g.score_declared for g in form.groups if g.score_declared is not None)
    return items


def _groups(form: Form, profile: Profile) -> list[Anomaly]:
    """GROUP_WEIGHT_MISMATCH: a group's indicator 分值 do not add up to the weight on its label."""
    found = []
    for group in form.groups:
        if group.weight_declared is None:
            continue
        total = _sum_all([i.weight for i in form.indicators if i.level1 == group.level1])
        if total is not None and total != group.weight_declared:
            found.append(
                finding(
                    "GROUP_WEIGHT_MISMATCH",
                    form,
                    field=group.level1,
                    declared=group.weight_declared,
                    expected=total,
                    group=group.level1,
                )
            )
    return found


def _grade(form: Form, profile: Profile) -> list[Anomaly]:
    """GRADE_DECLARED_MISMATCH: the grade written after the total is not the one its total earns."""
    if not form.grade_declared or form.total_score_declared is None:
        return []
    earned = rules.grade(form.total_score_declared, profile)
    if earned == form.grade_declared:
        return []
    return [
        finding(
            "GRADE_DECLARED_MISMATCH",
            form,
            field="grade_declared",
            declared=form.grade_declared,
            expected=earned,
            score=form.total_score_declared,
        )
    ]


def _funds_unit(form: Form, profile: Profile) -> list[Anomaly]:
    """FUNDS_UNIT_SUSPECT: the form's money indicators and its 项目资金 differ by the magnitude
    factor (1000×) and the funds block's unit is the one that explains it: a 万元 form whose
    amounts are 元 (funds far above the indicators), a 元 form whose amounts are 万元 (far below)."""
    budget = form.budget_full_year
    if budget is None or budget <= 0:
        return []
    written = form.funds_unit_raw or FUNDS_UNIT
    for ind in form.indicators:
        if ind.unit not in profile.money_units:
            continue
        for value in (ind.target_value, ind.actual_value):
            if value is None or value <= 0:
                continue
            ratio = budget / value
            if ratio >= profile.magnitude_factor:
                likely = YUAN
            elif ratio * profile.magnitude_factor <= 1:
                likely = FUNDS_UNIT
            else:
                continue
            if likely == written:
                return []
            return [
                finding(
                    "FUNDS_UNIT_SUSPECT",
                    form,
                    field="funds_unit_raw",
                    declared=written,
                    expected=likely,
                    budget=budget,
                    name=ind.name or ind.name_raw,
                    value=value,
                )
            ]
    return []


def _weights(form: Form, profile: Profile) -> list[Anomaly]:
    weights = [form.funds_weight, *(i.weight for i in form.indicators)]
    if not form.indicators or any(w is None for w in weights):
        return []
    total = sum((w for w in weights if w is not None), Decimal(0))
    stated = form.total_weight_declared
    if stated is not None and total != stated:
        problem, expected = f"与总分分值{text(stated)}分不一致", stated
        if stated != profile.total_weight:
            problem += f"（总分分值应为{text(profile.total_weight)}分）"
    elif total != profile.total_weight:
        problem, expected = f"不等于{text(profile.total_weight)}分", profile.total_weight
    else:
        return []
    return [
        finding(
            "WEIGHTS_SUM_MISMATCH",
            form,
            field="weight",
            declared=total,
            expected=expected,
            sum=total,
            problem=problem,
        )
    ]


def _allocation(form: Form, profile: Profile) -> list[Anomaly]:
    found = []
    for group in profile.allocation:
        if group.level1:
            weights = [i.weight for i in form.indicators if i.level1 in group.level1]
            field = "weight"
        else:
            weights = [form.funds_weight]
            field = "funds_weight"
        total = _sum_all(weights) if weights else Decimal(0)
        if total is not None and total != group.weight:
            found.append(
                finding(
                    "WEIGHT_ALLOCATION_MISMATCH",
                    form,
                    field=field,
                    declared=total,
                    expected=group.weight,
                    group=group.title,
                    profile=profile.title,
                )
            )
    return found


def _missing(form: Form, profile: Profile) -> list[Anomaly]:
    # A block missing as a whole is one BLOCK_MISSING, not one MISSING_FIELD a cell of it.
    unread = {f for block in form.missing_blocks for f in BLOCK_FIELDS.get(block, ())}
    found = [
        finding("MISSING_FIELD", form, field=name, where="", label=label("forms", name))
        for name in profile.required_form
        if (getattr(form, name) is None or getattr(form, name) == "") and name not in unread
    ]
    if not form.indicators and "indicators" not in unread:
        found.append(finding("MISSING_FIELD", form, field="indicators", where="", label="绩效指标"))
    return found


def check_totals(form: Form, profile: Profile) -> list[Anomaly]:
    return [
        *_total_score(form, profile),
        *_weights(form, profile),
        *_allocation(form, profile),
        *_groups(form, profile),
        *_grade(form, profile),
        *_funds_unit(form, profile),
    ]


def check_required(form: Form, profile: Profile) -> list[Anomaly]:
    return _missing(form, profile)


def _sum_all(values: list[Decimal | None]) -> Decimal | None:
    """The sum of the values, or None when there are none or one is unread: a sum over a missing
    分值 proves nothing."""
    if not values or any(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))
