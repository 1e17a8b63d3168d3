"""The 项目资金 block: execution rate and score recomputed, declared values accepted or flagged, and
the money itself checked (executed within budget, sources adding up to the total)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from model import FUNDS_COLS, Anomaly, Form
from score import rules
from score.decimals import Match, close, half_up, match, places
from score.findings import finding, text
from score.profile import Profile
from score.vocab import label

_SOURCES = ("fiscal", "carryover", "other")
_COLUMN_WORDS = {"budget_initial": "年初预算数", "budget_full_year": "全年预算数", "executed": "全年执行数"}


@dataclass
class FundsResult:
    rate: Decimal | None = None
    """Exact executed / budget_full_year x 100."""
    score: Decimal | None = None
    """Exact min(rate, 100) / 100 x funds_weight."""
    contribution: Decimal | None = None
    """What the funds item adds to total_score_computed."""
    matches: list[Match] = field(default_factory=list)
    findings: list[Anomaly] = field(default_factory=list)


def _money(form: Form, profile: Profile) -> list[Anomaly]:
    found: list[Anomaly] = []
    budget, executed = form.budget_full_year, form.executed
    if budget is not None and executed is not None and executed - budget >= profile.money_tolerance:
        found.append(
            finding(
                "FUNDS_EXECUTED_EXCEEDS_BUDGET", form, field="executed", declared=executed, expected=budget
            )
        )
    for col in FUNDS_COLS:
        total = getattr(form, col)
        parts = [getattr(form, f"{src}_{col}") for src in _SOURCES]
        if total is None or all(p is None for p in parts):
            continue  # no breakdown written in this column: nothing to add up
        subtotal = sum((p for p in parts if p is not None), Decimal(0))
        if not close(subtotal, total, profile.money_tolerance):
            found.append(
                finding(
                    "FUNDS_SOURCES_SUM_MISMATCH",
                    form,
                    field=col,
                    declared=total,
                    expected=subtotal,
                    column=_COLUMN_WORDS[col],
                )
            )
    return found


def _cap_note(rate: Decimal | None, profile: Profile) -> str:
    if rate is None or rate <= profile.rate_cap_percent:
        return ""
    return f"（超过{text(profile.rate_cap_percent)}%按{text(profile.rate_cap_percent)}%计）"


def check_funds(form: Form, profile: Profile) -> FundsResult:
    result = FundsResult(findings=_money(form, profile))
    result.rate = rules.execution_rate(form.executed, form.budget_full_year)
    result.score = rules.execution_score(result.rate, form.funds_weight, profile)

    declared_rate = form.execution_rate_declared
    if declared_rate is not None and result.rate is not None:
        m = match(declared_rate, result.rate, places(declared_rate))
        if m is None:
            result.findings.append(
                finding(
                    "FUNDS_RATE_MISMATCH",
                    form,
                    field="execution_rate_declared",
                    declared=declared_rate,
                    expected=half_up(result.rate, places(declared_rate)),
                    executed=form.executed,
                    budget=form.budget_full_year,
                )
            )
        else:
            result.matches.append(m)

    declared = form.execution_score_declared
    weight = form.funds_weight
    if declared is not None and weight is not None and declared > weight:
        result.findings.append(
            finding(
                "SCORE_EXCEEDS_WEIGHT",
                form,
                field="execution_score_declared",
                declared=declared,
                expected=weight,
                item=label("forms", "funds_weight").removesuffix("分值"),
            )
        )
    result.contribution = declared
    if declared is not None and result.score is not None:
        m = match(declared, result.score, max(profile.score_places, places(declared)))
        if m is None:
            expected = half_up(result.score, profile.score_places)
            result.contribution = expected
            result.findings.append(
                finding(
                    "FUNDS_SCORE_MISMATCH",
                    form,
                    field="execution_score_declared",
                    declared=declared,
                    expected=expected,
                    rate=half_up(result.rate, 2) if result.rate is not None else None,
                    cap_note=_cap_note(result.rate, profile),
                    weight=weight,
                )
            )
        else:
            result.matches.append(m)
    elif declared is None and result.score is not None:
        result.contribution = half_up(result.score, profile.score_places)
    return result
