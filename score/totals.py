"""Form-wide checks: the form's own arithmetic (总分 = the items' 得分, 分值 adding up to 100), the
weight allocation a profile may require, and required fields left empty."""

from __future__ import annotations

from decimal import Decimal

from model import Anomaly, Form
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
    items = [form.execution_score_declared, *(i.score_declared for i in form.indicators)]
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
        if any(w is None for w in weights):
            continue
        total = sum((w for w in weights if w is not None), Decimal(0))
        if total != group.weight:
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
    found = [
        finding("MISSING_FIELD", form, field=name, where="", label=label("forms", name))
        for name in profile.required_form
        if getattr(form, name) is None or getattr(form, name) == ""
    ]
    if not form.indicators:
        found.append(finding("MISSING_FIELD", form, field="indicators", where="", label="绩效指标"))
    return found


def check_totals(form: Form, profile: Profile) -> list[Anomaly]:
    return [*_total_score(form, profile), *_weights(form, profile), *_allocation(form, profile)]


def check_required(form: Form, profile: Profile) -> list[Anomaly]:
    return _missing(form, profile)
