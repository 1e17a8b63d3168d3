"""score_form as a whole: every finding code fires on a form built to trip it and stays quiet on
its near twin; computed fields, counts, provenance of findings, earlier findings kept."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from model import Anomaly, Form, Group
from normalize.scheme import read_scheme
from score.profile import load_profile
from score.scorer import SCORER_CODES, score_form
from score.vocab import codes as code_table
from tests.score.factory import D, clean_form, codes, indicator, with_indicator

DEFAULT = load_profile("default")
W10_STATEMENT = "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标30分，满意度指标10分。"
PROVINCIAL = load_profile("provincial")

Case = tuple[Callable[[], Form], Callable[[], Form], str]
"""(a form that raises the code, a near twin that must not, profile name)."""

CASES: dict[str, Case] = {
    "FUNDS_RATE_MISMATCH": (
        lambda: clean_form(
            budget_full_year=D("59.8914"),
            executed=D("59.8914"),
            execution_rate_declared=D(99),
            execution_score_declared=D(10),
            fiscal_budget_full_year=D("59.8914"),
            fiscal_executed=D("59.8914"),
        ),
        lambda: clean_form(
            budget_full_year=D("59.8914"),
            executed=D("59.8914"),
            fiscal_budget_full_year=D("59.8914"),
            fiscal_executed=D("59.8914"),
        ),
        "default",
    ),
    "FUNDS_SCORE_MISMATCH": (
        lambda: clean_form(execution_score_declared=D("9.9"), total_score_declared=D("99.9")),
        lambda: clean_form(),
        "default",
    ),
    "FUNDS_EXECUTED_EXCEEDS_BUDGET": (
        lambda: clean_form(executed=D("100.0001"), fiscal_executed=D("100.0001")),
        lambda: clean_form(executed=D("100.00009"), fiscal_executed=D("100.00009")),
        "default",
    ),
    "FUNDS_SOURCES_SUM_MISMATCH": (
        lambda: clean_form(fiscal_budget_full_year=D(90), carryover_budget_full_year=D(5)),
        lambda: clean_form(
            fiscal_budget_full_year=D(90), carryover_budget_full_year=D(5), other_budget_full_year=D(5)
        ),
        "default",
    ),
    "SCORE_EXCEEDS_WEIGHT": (
        lambda: with_indicator(clean_form(), 5, score_declared=D(31)),
        lambda: with_indicator(clean_form(), 5, score_declared=D(30)),
        "default",
    ),
    "SCORE_MISMATCH": (
        lambda: with_indicator(clean_form(), 1, actual_value=D(9), score_declared=D(20)),
        lambda: with_indicator(
            clean_form(), 1, actual_value=D(9), score_declared=D(15), deviation_note="少交3份"
        ),
        "default",
    ),
    "OVERSHOOT_PENALTY_MISSING": (
        lambda: with_indicator(clean_form(), 1, actual_value=D(36)),
        lambda: with_indicator(clean_form(), 1, actual_value=D(36), score_declared=D(18)),
        "default",
    ),
    "QUALITATIVE_SCORE_OUT_OF_BAND": (
        lambda: with_indicator(clean_form(), 5, score_declared=D(23)),
        lambda: with_indicator(clean_form(), 5, score_declared=D(24)),
        "default",
    ),
    "TARGET_NOT_MET_UNEXPLAINED": (
        lambda: with_indicator(
            clean_form(), 1, actual_value=D(10), score_declared=D("16.67"), deviation_note="无"
        ),
        lambda: with_indicator(
            clean_form(),
            1,
            actual_value=D(10),
            score_declared=D("16.67"),
            deviation_note="两份报告顺延至次年提交",
        ),
        "default",
    ),
    "TOTAL_SCORE_MISMATCH": (
        lambda: clean_form(total_score_declared=D(99)),
        lambda: clean_form(total_score_declared=D(100)),
        "default",
    ),
    "WEIGHTS_SUM_MISMATCH": (
        lambda: with_indicator(clean_form(), 1, weight=D(25), score_declared=D(25)),
        lambda: clean_form(),
        "default",
    ),
    "WEIGHT_ALLOCATION_MISMATCH": (
        lambda: clean_form(),
        lambda: clean_form(
            funds_weight=D(20),
            execution_score_declared=D(20),
            indicators=[
                indicator(1, weight=D(30), score_declared=D(30)),
                indicator(2, level1="成本指标", level2="经济成本指标", weight=D(10), score_declared=D(10)),
                indicator(3, level1="效益指标", level2="社会效益指标", weight=D(30), score_declared=D(30)),
                indicator(
                    4, level1="满意度指标", level2="服务对象满意度指标", weight=D(10), score_declared=D(10)
                ),
            ],
        ),
        "provincial",
    ),
    "UNIT_MAGNITUDE_SUSPECT": (
        lambda: with_indicator(clean_form(), 4, target_value=D(100000), actual_value=D(100)),
        lambda: with_indicator(clean_form(), 4, target_value=D(99999), actual_value=D(100)),
        "default",
    ),
    "GRADE_NOT_IN_SCALE": (
        lambda: with_indicator(clean_form(), 5, target_text="好坏", actual_grade="优"),
        lambda: with_indicator(clean_form(), 5, target_text="好坏", actual_grade="好"),
        "default",
    ),
    "MISSING_FIELD": (
        lambda: clean_form(project_name=""),
        lambda: clean_form(),
        "default",
    ),
    # 产出指标 rows weigh 20 + 10 + 10 = 40 in the factory form.
    "GROUP_WEIGHT_MISMATCH": (
        lambda: clean_form(groups=[Group(level1="产出指标", weight_declared=D(50))]),
        lambda: clean_form(groups=[Group(level1="产出指标", weight_declared=D(40))]),
        "default",
    ),
    # Indicator 4 is money (万元) against a budget of 100: 100000 is 1000× the budget.
    "FUNDS_UNIT_SUSPECT": (
        lambda: with_indicator(
            clean_form(funds_unit_raw="元"), 4, target_value=D(100000), actual_value=D(100)
        ),
        lambda: with_indicator(
            clean_form(funds_unit_raw="元"), 4, target_value=D(99999), actual_value=D(100)
        ),
        "default",
    ),
    "GRADE_DECLARED_MISMATCH": (
        lambda: clean_form(grade_declared="良"),
        lambda: clean_form(grade_declared="优"),
        "default",
    ),
    # The form states 10/50/30/10: default has no allocation, w10-50-30-10 is that scheme.
    "RULES_SCHEME_MISMATCH": (
        lambda: clean_form(scheme=read_scheme(W10_STATEMENT)),
        lambda: clean_form(),
        "default",
    ),
}


def test_every_scorer_code_has_a_case():
    assert set(CASES) == set(SCORER_CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_fires(code: str):
    firing, _, profile = CASES[code]
    scored = score_form(firing(), load_profile(profile))
    assert code in {c for _, c in codes(scored)}, scored.anomalies


@pytest.mark.parametrize("code", sorted(CASES))
def test_code_stays_quiet(code: str):
    _, quiet, profile = CASES[code]
    scored = score_form(quiet(), load_profile(profile))
    assert code not in {c for _, c in codes(scored)}, scored.anomalies


@pytest.mark.parametrize("code", sorted(CASES))
def test_finding_is_complete(code: str):
    """Every finding carries what an auditor needs: severity from the contract, a Chinese
    sentence naming the declared and expected values, the field and the page."""
    firing, _, profile = CASES[code]
    form = firing()
    found = [a for a in score_form(form, load_profile(profile)).anomalies if a.code == code]
    for a in found:
        assert a.form_id == form.form_id
        assert a.severity == code_table()[code].severity
        assert a.field
        assert a.page in (1, 2)
        assert a.message.endswith("。") and a.message.count("。") == 1
        assert "{" not in a.message
        if a.declared:
            assert a.declared in a.message
        if a.expected and code != "QUALITATIVE_SCORE_OUT_OF_BAND":
            assert a.expected in a.message


def test_clean_form_scores_clean():
    scored = score_form(clean_form(), DEFAULT)
    assert scored.anomalies == []
    assert (scored.n_errors, scored.n_warnings, scored.n_infos) == (0, 0, 0)
    assert scored.execution_rate_computed == 100
    assert scored.execution_score_computed == 10
    assert [i.score_computed for i in scored.indicators] == [20, 10, 10, 10, None, 10]
    assert scored.total_score_computed == 100
    assert scored.grade_computed == "优"
    assert scored.rounding_convention == "exact"
    assert scored.rules_profile == "default"


def test_input_form_is_not_changed():
    form = with_indicator(clean_form(), 1, actual_value=D(36))
    before = form.model_dump()
    score_form(form, DEFAULT)
    assert form.model_dump() == before


def test_earlier_findings_are_kept_and_counted():
    earlier = [
        Anomaly(
            form_id="0123456789ab-1", seq=2, code="LEVEL_INCONSISTENT", severity="warning", field="level1"
        ),
        Anomaly(
            form_id="0123456789ab-1", seq=5, code="LABEL_NORMALIZED", severity="info", field="target_text"
        ),
        Anomaly(
            form_id="0123456789ab-1",
            seq=1,
            code="ACTUAL_UNPARSEABLE",
            severity="warning",
            field="actual_text",
        ),
    ]
    form = with_indicator(clean_form(anomalies=earlier), 1, actual_value=D(36))
    scored = score_form(form, DEFAULT)
    assert scored.anomalies[:3] == earlier
    assert codes(scored)[3:] == [(1, "OVERSHOOT_PENALTY_MISSING")]
    assert (scored.n_errors, scored.n_warnings, scored.n_infos) == (1, 2, 1)


def test_scoring_twice_changes_nothing():
    form = with_indicator(clean_form(project_name=""), 1, actual_value=D(36))
    once = score_form(form, DEFAULT)
    assert score_form(once, DEFAULT) == once


def test_rescoring_under_another_profile_drops_stale_findings():
    provincial = score_form(clean_form(), PROVINCIAL)
    assert "WEIGHT_ALLOCATION_MISMATCH" in {c for _, c in codes(provincial)}
    again = score_form(provincial, DEFAULT)
    assert again.anomalies == [] and again.rules_profile == "default"


def test_another_stages_missing_field_is_kept():
    other = Anomaly(form_id="0123456789ab-1", code="MISSING_FIELD", severity="error", field="title")
    scored = score_form(clean_form(anomalies=[other]), DEFAULT)
    assert scored.anomalies == [other]


def test_overshoot_row_has_no_score_mismatch():
    scored = score_form(with_indicator(clean_form(), 1, actual_value=D(36)), DEFAULT)
    assert codes(scored) == [(1, "OVERSHOOT_PENALTY_MISSING")]
    finding = scored.anomalies[0]
    assert (finding.declared, finding.expected) == ("20", "18")
    assert "36" in finding.message and "200%" in finding.message and "10%" in finding.message


def test_too_much_deduction_is_a_score_mismatch():
    scored = score_form(with_indicator(clean_form(), 1, actual_value=D(36), score_declared=D(14)), DEFAULT)
    assert codes(scored) == [(1, "SCORE_MISMATCH")]


def test_total_uses_declared_where_accepted_and_computed_where_not():
    form = with_indicator(clean_form(), 1, actual_value=D(36))  # declared 20, rule says 18
    form = with_indicator(form, 5, score_declared=D(27))  # qualitative: declared counts
    scored = score_form(form, DEFAULT)
    assert scored.total_score_computed == D(10) + 18 + 10 + 10 + 10 + 27 + 10
    assert scored.grade_computed == "优"


def test_total_falls_back_to_declared_when_nothing_computes():
    form = with_indicator(clean_form(), 2, actual_value=None, score_declared=D(7), deviation_note="见说明")
    scored = score_form(form, DEFAULT)
    assert scored.indicators[1].score_computed is None
    assert scored.total_score_computed == 97


def test_grade_bands_from_total():
    form = with_indicator(
        clean_form(), 5, score_declared=D(0), actual_grade="差", deviation_note="未完成，次年整改"
    )
    form = with_indicator(form, 1, actual_value=D(0), score_declared=D(0), deviation_note="未交付")
    scored = score_form(form, DEFAULT)
    assert scored.total_score_computed == 50
    assert scored.grade_computed == "差"


def test_truncation_convention_raises_nothing():
    """朝阳区公共信用信息服务平台: 160.329 of 160.349 万元, declared 99.98 % and 9.99 points."""
    form = clean_form(
        budget_full_year=D("160.349"),
        executed=D("160.329"),
        fiscal_budget_full_year=D("160.349"),
        fiscal_executed=D("160.329"),
        budget_initial=D("160.349"),
        fiscal_budget_initial=D("160.349"),
        execution_rate_declared=D("99.98"),
        execution_score_declared=D("9.99"),
        total_score_declared=D("99.99"),
    )
    scored = score_form(form, DEFAULT)
    assert scored.anomalies == []
    assert scored.rounding_convention == "truncate"
    assert scored.execution_rate_computed == D("99.99")
    assert scored.execution_score_computed == D("10.00")
    assert scored.total_score_computed == D("99.99")


def test_rounding_convention_round_and_mixed():
    rounded = clean_form(
        executed=D("19.3"),
        budget_full_year=D("19.5"),
        fiscal_executed=D("19.3"),
        fiscal_budget_full_year=D("19.5"),
        execution_rate_declared=D("98.97"),
        execution_score_declared=D("9.9"),
        total_score_declared=D("99.9"),
    )
    assert score_form(rounded, DEFAULT).rounding_convention == "round"
    mixed = with_indicator(
        clean_form(
            budget_full_year=D("160.349"),
            executed=D("160.329"),
            fiscal_budget_full_year=D("160.349"),
            fiscal_executed=D("160.329"),
            execution_rate_declared=D("99.98"),
            execution_score_declared=D("9.99"),
        ),
        2,
        actual_value=D("89.99"),
        score_declared=D(10),
        deviation_note="略低",
    )  # 89.99 / 90 x 10 = 9.9989 -> 10.00 half-up only
    scored = score_form(mixed, DEFAULT)
    assert scored.anomalies == [] and scored.rounding_convention == "mixed"


def test_nothing_to_compare_leaves_convention_empty():
    form = clean_form(execution_rate_declared=None, execution_score_declared=None, indicators=[])
    assert score_form(form, DEFAULT).rounding_convention is None


def test_finding_page_is_the_rows_page_or_the_forms_first():
    form = with_indicator(clean_form(page_start=7), 1, actual_value=D(36), page=8)
    form = form.model_copy(update={"project_name": ""})
    scored = score_form(form, DEFAULT)
    pages = {a.code: a.page for a in scored.anomalies}
    assert pages == {"MISSING_FIELD": 7, "OVERSHOOT_PENALTY_MISSING": 8}


def test_decimal_money_does_not_drift():
    form = clean_form(
        budget_full_year=D("738.62892"),
        executed=D("738.62892"),
        fiscal_budget_full_year=D("738.62892"),
        fiscal_executed=D("738.62892"),
        budget_initial=D(0),
        fiscal_budget_initial=D(0),
    )
    scored = score_form(form, DEFAULT)
    assert scored.anomalies == []
    assert scored.budget_full_year == Decimal("738.62892")
    assert scored.execution_rate_computed == 100
