"""Form-wide arithmetic and required fields."""

from __future__ import annotations

from score.profile import load_profile
from score.totals import check_required, check_totals
from tests.score.factory import D, clean_form, with_indicator

P = load_profile("default")


def _codes(form, profile=P) -> list[str]:
    return [a.code for a in check_totals(form, profile)]


def test_total_score_is_the_forms_own_sum():
    assert _codes(clean_form()) == []
    (finding,) = check_totals(clean_form(total_score_declared=D("99.5")), P)
    assert (finding.code, finding.declared, finding.expected) == ("TOTAL_SCORE_MISMATCH", "99.5", "100")


def test_total_score_not_checked_with_an_empty_score():
    form = with_indicator(clean_form(), 2, score_declared=None)
    assert _codes(form.model_copy(update={"total_score_declared": D(100)})) == []


def test_total_above_total_weight():
    assert "SCORE_EXCEEDS_WEIGHT" in _codes(clean_form(total_score_declared=D(101)))


def test_weights_against_declared_total_and_100():
    (finding,) = check_totals(with_indicator(clean_form(), 1, weight=D(15), score_declared=D(15)), P)
    assert (finding.code, finding.declared, finding.expected) == ("WEIGHTS_SUM_MISMATCH", "95", "100")
    both_90 = with_indicator(clean_form(total_weight_declared=D(90)), 1, weight=D(10), score_declared=D(10))
    (finding,) = check_totals(both_90, P)
    assert finding.code == "WEIGHTS_SUM_MISMATCH" and "不等于100分" in finding.message
    sum_100_declared_90 = with_indicator(clean_form(total_weight_declared=D(90)), 1, score_declared=D(10))
    (finding,) = [a for a in check_totals(sum_100_declared_90, P) if a.code == "WEIGHTS_SUM_MISMATCH"]
    assert (finding.declared, finding.expected) == ("100", "90") and "应为100分" in finding.message
    no_total = clean_form(total_weight_declared=None)
    assert _codes(no_total) == []


def test_weights_not_summed_with_an_empty_weight():
    assert _codes(with_indicator(clean_form(), 1, weight=None)) == []


def test_allocation_only_under_a_profile_that_sets_it():
    assert _codes(clean_form(), P) == []
    assert _codes(clean_form(), load_profile("provincial")) == ["WEIGHT_ALLOCATION_MISMATCH"] * 2


def test_required_fields():
    form = clean_form(
        project_name="", department="", funds_weight=None, total_score_declared=None, indicators=[]
    )
    fields = [a.field for a in check_required(form, P)]
    assert fields == ["project_name", "department", "funds_weight", "total_score_declared", "indicators"]
    assert check_required(clean_form(implementing_unit="", budget_initial=None), P) == []
