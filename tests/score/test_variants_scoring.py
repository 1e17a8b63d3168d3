"""Scoring forms of other layouts: a group's merged 得分 counts once, a missing block is one
BLOCK_MISSING and no MISSING_FIELD per cell, the declared grade is checked, FUNDS_UNIT_SUSPECT."""

from __future__ import annotations

from model import Form, Group
from score.profile import load_profile
from score.scorer import score_form
from tests.score.factory import D, clean_form

DEFAULT = load_profile("default")


def _grouped(score: str) -> Form:
    """The factory form with its three 产出指标 rows (weights 20 + 10 + 10) scored as one group."""
    form = clean_form()
    rows = [
        i.model_copy(update={"score_declared": None}) if i.level1 == "产出指标" else i
        for i in form.indicators
    ]
    return form.model_copy(
        update={
            "indicators": rows,
            "groups": [Group(level1="产出指标", weight_declared=D(40), score_declared=D(score))],
        }
    )


def test_a_merged_group_score_counts_once() -> None:
    scored = score_form(_grouped("40"), DEFAULT)
    assert [a.code for a in scored.anomalies] == []
    assert scored.total_score_computed == 100


def test_a_merged_group_score_that_does_not_add_up_is_a_total_mismatch() -> None:
    scored = score_form(_grouped("39"), DEFAULT)
    assert [(a.code, a.declared, a.expected) for a in scored.anomalies] == [
        ("TOTAL_SCORE_MISMATCH", "100", "99")
    ]


def test_group_weight_mismatch_names_the_group() -> None:
    form = clean_form(groups=[Group(level1="产出指标", weight_declared=D(50))])
    [a] = score_form(form, DEFAULT).anomalies
    assert (a.code, a.field, a.declared, a.expected) == ("GROUP_WEIGHT_MISMATCH", "产出指标", "50", "40")
    assert "产出指标" in a.message


def test_declared_grade() -> None:
    assert [a.code for a in score_form(clean_form(grade_declared="优"), DEFAULT).anomalies] == []
    [a] = score_form(clean_form(total_score_declared=D(100), grade_declared="良"), DEFAULT).anomalies
    assert (a.code, a.declared, a.expected) == ("GRADE_DECLARED_MISMATCH", "良", "优")


def test_missing_blocks_stand_for_their_fields() -> None:
    form = clean_form(
        indicators=[],
        total_weight_declared=None,
        total_score_declared=None,
        goal_expected="",
        missing_blocks=["goals", "indicators", "total"],
    )
    codes = [(a.code, a.field) for a in score_form(form, DEFAULT).anomalies]
    assert codes == []  # BLOCK_MISSING is normalize's; no MISSING_FIELD for the blocks' cells


def test_funds_unit_suspect_either_way() -> None:
    money = (
        clean_form()
        .indicators[0]
        .model_copy(
            update={"unit": "万元", "unit_raw": "万元", "target_value": D("0.05"), "actual_value": D("0.05")}
        )
    )
    # 万元 form whose funds (100) are 2000× its money indicator: the funds look like 元.
    form = clean_form(indicators=[money, *clean_form().indicators[1:]])
    found = [(a.code, a.declared, a.expected) for a in score_form(form, DEFAULT).anomalies]
    assert ("FUNDS_UNIT_SUSPECT", "万元", "元") in found
    # the same amounts on a form that says 元: the indicator is the odd one, not the funds.
    found = [a.code for a in score_form(form.model_copy(update={"funds_unit_raw": "元"}), DEFAULT).anomalies]
    assert "FUNDS_UNIT_SUSPECT" not in found
