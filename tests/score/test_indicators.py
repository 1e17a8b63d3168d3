"""One 三级指标 row: score acceptance, qualitative bands and scales, explanations, magnitudes."""

from __future__ import annotations

import pytest

from score.indicators import check_indicator
from score.profile import load_profile
from tests.score.factory import D, clean_form, indicator

P = load_profile("default")
PROV = load_profile("provincial")
FORM = clean_form()


def _check(profile=P, **fields):
    return check_indicator(indicator(1, **fields), FORM, profile)


def _codes(**fields) -> list[str]:
    return [a.code for a in _check(**fields).findings]


def test_computed_score_rounded_half_up_and_declared_accepted_either_way():
    # 2/3 x 10 = 6.666...: 6.67 half-up, 6.66 truncated, both accepted; 6.6 is not.
    for declared, match in (("6.67", "round"), ("6.66", "truncate")):
        result = _check(
            target_value=D(3), actual_value=D(2), score_declared=D(declared), deviation_note="延期"
        )
        assert result.score_computed == D("6.67") and result.match == match and result.findings == []
    assert _codes(target_value=D(3), actual_value=D(2), score_declared=D("6.6"), deviation_note="延期") == [
        "SCORE_MISMATCH"
    ]


def test_reverse_indicator_scores():
    assert _check(nature="le", target_value=D(2), actual_value=D(4), score_declared=D(5),
                  deviation_note="超时").findings == []  # fmt: skip
    assert _check(nature="le", target_value=D(250), actual_value=D(0)).score_computed == 10


def test_score_mismatch_message_names_the_rule():
    (finding,) = _check(nature="le", target_value=D(2), actual_value=D(4), deviation_note="超时").findings
    assert finding.code == "SCORE_MISMATCH" and "反向指标" in finding.message and "应为5分" in finding.message


def test_exceeding_weight_on_a_quantitative_row():
    assert _codes(score_declared=D(11)) == ["SCORE_EXCEEDS_WEIGHT", "SCORE_MISMATCH"]


def test_qualitative_band_by_position():
    qual = {"nature": "qualitative", "target_value": None, "actual_value": None, "target_text": "优良中低差"}
    assert _codes(**qual, actual_grade="良", score_declared=D(7), deviation_note="部分完成") == []
    assert _codes(**qual, actual_grade="良", score_declared=D(8), deviation_note="部分完成") == []
    assert _codes(**qual, actual_grade="良", score_declared=D("8.5"), deviation_note="部分完成") == [
        "QUALITATIVE_SCORE_OUT_OF_BAND"
    ]
    assert _codes(**qual, actual_grade="中", score_declared=D(6), deviation_note="未完成") == []
    assert _codes(**qual, actual_grade="中", score_declared=D(7), deviation_note="未完成") == [
        "QUALITATIVE_SCORE_OUT_OF_BAND"
    ]
    assert _check(**qual, actual_grade="优").score_computed is None


def test_qualitative_band_under_the_provincial_profile():
    qual = {"nature": "qualitative", "target_value": None, "actual_value": None, "deviation_note": "原因"}
    assert _check(PROV, **qual, target_text="优良中", actual_grade="良", score_declared=D(5)).findings == []
    bad = _check(PROV, **qual, target_text="好坏", actual_grade="坏", score_declared=D(6)).findings
    assert [a.code for a in bad] == ["QUALITATIVE_SCORE_OUT_OF_BAND"]
    assert _check(P, **qual, target_text="好坏", actual_grade="坏", score_declared=D(6)).findings == []


def test_qualitative_without_grade_is_left_to_the_normalizer():
    qual = {"nature": "qualitative", "target_value": None, "actual_value": None, "target_text": "好坏"}
    assert _codes(**qual, actual_grade="", score_declared=D(3)) == []


@pytest.mark.parametrize("note", ["", "无", "无偏差", "/", "—", " 无 "])
def test_no_explanation_words(note: str):
    assert _codes(actual_value=D(8), score_declared=D(8), deviation_note=note) == [
        "TARGET_NOT_MET_UNEXPLAINED"
    ]


def test_missed_targets_by_nature():
    assert _codes(nature="le", target_value=D(2), actual_value=D(3), score_declared=D("6.67")) == [
        "TARGET_NOT_MET_UNEXPLAINED"
    ]
    assert _codes(nature="eq", target_value=D(12), actual_value=D(12)) == []
    finding = _check(actual_value=D(8), score_declared=D(8)).findings[0]
    assert (finding.field, finding.declared, finding.expected) == ("actual_value", "8份", "≥10份")


def test_qualitative_below_first_tier_needs_an_explanation():
    qual = {"nature": "qualitative", "target_value": None, "actual_value": None, "target_text": "优良中低差"}
    assert _codes(**qual, actual_grade="良", score_declared=D(7)) == ["TARGET_NOT_MET_UNEXPLAINED"]
    assert _codes(**qual, actual_grade="优", score_declared=D(10)) == []


def test_unit_magnitude_both_ways():
    money = {"unit": "万元", "nature": "le"}
    assert _codes(**money, target_value=D("0.1"), actual_value=D("0.1")) == [
        "UNIT_MAGNITUDE_SUSPECT",
        "UNIT_MAGNITUDE_SUSPECT",
    ]  # fmt: skip  (budget 100: 1/1000 exactly, both values)
    assert _codes(**money, target_value=D("0.1001"), actual_value=D("0.1001")) == []
    assert _codes(unit="份", target_value=D(100000), actual_value=D(100000)) == []
    assert _codes(**money, target_value=D(0), actual_value=D(0)) == []


def test_missing_fields_of_a_row():
    found = _check(weight=None, score_declared=None, nature=None, name="").findings
    assert sorted(a.field for a in found if a.code == "MISSING_FIELD") == [
        "name",
        "nature",
        "score_declared",
        "weight",
    ]
    assert all(a.seq == 1 and "第1项" in a.message for a in found)
