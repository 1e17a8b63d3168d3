"""The 项目资金 block: rate and score at the declared precision, money checks per column."""

from __future__ import annotations

from score.funds import check_funds
from score.profile import load_profile
from tests.score.factory import D, clean_form

P = load_profile("default")


def _codes(form) -> list[str]:
    return [a.code for a in check_funds(form, P).findings]


def test_rate_compared_at_its_written_precision():
    base = {"budget_full_year": D(90), "executed": D("89.94748"), "fiscal_budget_full_year": D(90),
            "fiscal_executed": D("89.94748")}  # fmt: skip
    for declared in ("100", "99.9", "99.94"):  # 99.94164 %: whole, 1 and 2 places
        assert "FUNDS_RATE_MISMATCH" not in _codes(clean_form(**base, execution_rate_declared=D(declared)))
    for declared in ("98", "99.8", "99.95"):  # (99 is 99.94 truncated: accepted)
        assert "FUNDS_RATE_MISMATCH" in _codes(clean_form(**base, execution_rate_declared=D(declared)))


def test_rate_mismatch_expected_at_declared_precision():
    money = {
        "budget_full_year": D(3),
        "executed": D(2),
        "fiscal_budget_full_year": D(3),
        "fiscal_executed": D(2),
    }
    form = clean_form(**money, execution_rate_declared=D("66.5"))  # 66.666...: 66.7 or 66.6
    finding = next(a for a in check_funds(form, P).findings if a.code == "FUNDS_RATE_MISMATCH")
    assert (finding.declared, finding.expected) == ("66.5", "66.7")
    assert "2万元" in finding.message and "3万元" in finding.message


def test_score_compared_at_two_places_either_convention():
    base = {"budget_full_year": D("160.349"), "executed": D("160.329"), "execution_rate_declared": D("99.98"),
            "fiscal_budget_full_year": D("160.349"), "fiscal_executed": D("160.329")}  # fmt: skip
    assert _codes(clean_form(**base, execution_score_declared=D("9.99"))) == []
    assert _codes(clean_form(**base, execution_score_declared=D(10))) == []
    assert _codes(clean_form(**base, execution_score_declared=D("9.98"))) == ["FUNDS_SCORE_MISMATCH"]


def test_score_uses_the_rate_capped_at_100():
    form = clean_form(executed=D(120), fiscal_executed=D(120), execution_rate_declared=D(120))
    result = check_funds(form, P)
    assert result.score == 10
    assert [a.code for a in result.findings] == ["FUNDS_EXECUTED_EXCEEDS_BUDGET"]


def test_capped_rate_is_named_in_the_message():
    form = clean_form(executed=D(120), fiscal_executed=D(120), execution_rate_declared=D(120),
                      execution_score_declared=D(12))  # fmt: skip
    messages = {a.code: a.message for a in check_funds(form, P).findings}
    assert "超过100%按100%计" in messages["FUNDS_SCORE_MISMATCH"]
    assert "SCORE_EXCEEDS_WEIGHT" in messages


def test_no_budget_no_rate():
    form = clean_form(
        budget_full_year=D(0), fiscal_budget_full_year=D(0), executed=D(0), fiscal_executed=D(0)
    )
    result = check_funds(form, P)
    assert result.rate is None and result.score is None and result.findings == []
    assert result.contribution == 10  # the declared score still counts


def test_sources_checked_in_every_column():
    form = clean_form(executed=D(100), fiscal_executed=D(60), carryover_executed=D(30))
    found = [a for a in check_funds(form, P).findings if a.code == "FUNDS_SOURCES_SUM_MISMATCH"]
    assert [(a.field, a.declared, a.expected) for a in found] == [("executed", "100", "90")]
    assert "全年执行数" in found[0].message


def test_sources_quiet_without_breakdown_or_within_a_yuan():
    assert (
        _codes(clean_form(fiscal_budget_initial=None, fiscal_budget_full_year=None, fiscal_executed=None))
        == []
    )
    assert _codes(clean_form(budget_initial=None)) == []
    assert _codes(clean_form(fiscal_budget_full_year=D("99.99991"))) == []


def test_contribution_follows_acceptance():
    assert check_funds(clean_form(), P).contribution == 10
    assert check_funds(clean_form(execution_score_declared=D(9)), P).contribution == 10
    assert check_funds(clean_form(execution_score_declared=None), P).contribution == 10
