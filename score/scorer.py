"""score_form: a normalized Form in, the same Form with its computed values and findings out."""

from __future__ import annotations

from decimal import Decimal

from model import Anomaly, Form
from score import rules
from score.decimals import Match, convention, half_up
from score.funds import check_funds
from score.indicators import check_indicator
from score.profile import Profile, load_profile
from score.scheme import check_scheme
from score.totals import check_required, check_totals, group_scored

SCORER_CODES = frozenset(
    {
        "FUNDS_RATE_MISMATCH",
        "FUNDS_SCORE_MISMATCH",
        "FUNDS_EXECUTED_EXCEEDS_BUDGET",
        "FUNDS_SOURCES_SUM_MISMATCH",
        "SCORE_EXCEEDS_WEIGHT",
        "SCORE_MISMATCH",
        "OVERSHOOT_PENALTY_MISSING",
        "QUALITATIVE_SCORE_OUT_OF_BAND",
        "TARGET_NOT_MET_UNEXPLAINED",
        "TOTAL_SCORE_MISMATCH",
        "WEIGHTS_SUM_MISMATCH",
        "WEIGHT_ALLOCATION_MISMATCH",
        "UNIT_MAGNITUDE_SUSPECT",
        "GRADE_NOT_IN_SCALE",
        "MISSING_FIELD",
        "GROUP_WEIGHT_MISMATCH",
        "GRADE_DECLARED_MISMATCH",
        "FUNDS_UNIT_SUSPECT",
        "RULES_SCHEME_MISMATCH",
    }
)
"""Codes this module raises. Earlier stages' findings (LEVEL_INCONSISTENT, LABEL_NORMALIZED,
ACTUAL_UNPARSEABLE, LOW_CONFIDENCE, ...) are kept as they are."""


def _kept(existing: list[Anomaly], new: list[Anomaly]) -> list[Anomaly]:
    """Earlier findings that scoring again must not duplicate or leave stale: a previous score's
    own findings go (they are recomputed), except a MISSING_FIELD another stage raised about a
    field this profile does not check."""
    recomputed = {(a.seq, a.field) for a in new if a.code == "MISSING_FIELD"}
    return [
        a
        for a in existing
        if a.code not in SCORER_CODES or (a.code == "MISSING_FIELD" and (a.seq, a.field) not in recomputed)
    ]


def score_form(form: Form, profile: Profile | None = None) -> Form:
    """A new Form with execution_rate/score_computed, each quantitative indicator's score_computed,
    total_score_computed, grade_computed, rounding_convention, rules_profile, the findings of
    CONTRACT.md's scoring rules added to the form's own, and the severity counts."""
    profile = profile or load_profile("default")
    funds = check_funds(form, profile)
    matches: list[Match] = list(funds.matches)
    findings: list[Anomaly] = [*check_required(form, profile), *funds.findings]
    indicators = []
    contributions: list[Decimal | None] = [funds.contribution]
    scored = group_scored(form)
    # A group scored as a whole contributes its declared score once, not its rows' scores.
    contributions.extend(g.score_declared for g in form.groups if g.score_declared is not None)
    for ind in form.indicators:
        result = check_indicator(ind, form, profile)
        indicators.append(ind.model_copy(update={"score_computed": result.score_computed}))
        if ind.level1 not in scored:
            contributions.append(result.contribution)
        findings.extend(result.findings)
        if result.match is not None:
            matches.append(result.match)
    findings.extend(check_totals(form, profile))
    findings.extend(check_scheme(form, profile))

    present = [c for c in contributions if c is not None]
    total = sum(present, Decimal(0)) if present else None
    anomalies = [*_kept(form.anomalies, findings), *findings]
    return form.model_copy(
        update={
            "execution_rate_computed": half_up(funds.rate, 2) if funds.rate is not None else None,
            "execution_score_computed": rules.rounded_score(funds.score, profile),
            "total_score_computed": total,
            "grade_computed": rules.grade(total, profile),
            "rounding_convention": convention(matches),
            "rules_profile": profile.name,
            "indicators": indicators,
            "anomalies": anomalies,
            "provenance": list(form.provenance),
            "n_errors": sum(a.severity == "error" for a in anomalies),
            "n_warnings": sum(a.severity == "warning" for a in anomalies),
            "n_infos": sum(a.severity == "info" for a in anomalies),
        }
    )
