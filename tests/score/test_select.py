"""Rules chosen per form by the weight scheme it states (score/select.py) and the warning when
the rules applied are not the form's own (score/scheme.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from normalize.scheme import read_scheme
from score.profile import ProfileError, load_profile
from score.scheme import check_scheme, states
from score.scorer import score_form
from score.select import AUTO, load_rules, selectable
from tests.score.factory import clean_form

W10 = "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标30分，满意度指标10分。"
W20 = "评分说明：预算执行率20分，产出指标40分，效益指标（含满意度指标）40分；定性指标…80%-100%。"


def test_a_statement_states_its_profile_and_no_other():
    w10, w20 = load_profile("w10-50-30-10"), load_profile("w20-40-40")
    assert states(read_scheme(W10), w10) and not states(read_scheme(W10), w20)
    assert states(read_scheme(W20), w20) and not states(read_scheme(W20), w10)
    assert not states(read_scheme(W10), load_profile("default"))  # no allocation to compare


@pytest.mark.parametrize(
    "text",
    [
        # a group not stated; one group twice; an item covering two groups; other weights; an item
        # naming no group
        "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标30分",
        "评分标准：预算执行率10分，产出指标50分，成本指标50分，效益指标30分，满意度指标10分",
        "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标（含满意度指标）40分",
        "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标31分，满意度指标9分",
        "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标30分，工作成效10分",
    ],
)
def test_near_misses_state_no_profile(text: str):
    assert not states(read_scheme(text), load_profile("w10-50-30-10"))


def test_auto_picks_the_stated_profile_and_falls_back_to_default():
    rules = load_rules(AUTO)
    assert rules.fixed is None
    assert rules.for_form(clean_form(scheme=read_scheme(W10))).name == "w10-50-30-10"
    assert rules.for_form(clean_form(scheme=read_scheme(W20))).name == "w20-40-40"
    assert rules.for_form(clean_form()).name == "default"
    assert (
        rules.for_form(clean_form(scheme=read_scheme("评分标准：预算执行率15分，产出指标85分"))).name
        == "default"
    )


def test_a_named_profile_is_every_forms_profile():
    rules = load_rules("provincial")
    assert rules.fixed is not None and rules.fixed.name == "provincial"
    assert rules.for_form(clean_form(scheme=read_scheme(W10))).name == "provincial"


def test_the_fingerprint_follows_the_rule_files():
    assert load_rules(AUTO).fingerprint() != load_rules("default").fingerprint()
    assert load_rules(AUTO).fingerprint() == load_rules(AUTO).fingerprint()


def test_the_selectable_profiles_are_unambiguous():
    names = [p.name for p in selectable()]
    assert names == ["w10-50-30-10", "w20-40-40"]


def test_two_selectable_profiles_with_one_allocation_are_refused(tmp_path, monkeypatch):
    import score.select as select

    for name in ("a", "b"):
        source = Path(load_profile("w10-50-30-10").source).read_text(encoding="utf-8")
        body = source.replace('name = "w10-50-30-10"', f'name = "{name}"')
        (tmp_path / f"{name}.toml").write_text(body, encoding="utf-8")
    monkeypatch.setattr(select, "PROFILES_DIR", tmp_path)
    with pytest.raises(ProfileError, match="分值分配相同"):
        select.selectable()


def test_scored_by_other_rules_than_stated_is_a_warning_naming_both():
    form = clean_form(scheme=read_scheme(W10))
    [a] = check_scheme(form, load_profile("provincial"))
    assert (a.code, a.severity, a.field, a.expected) == (
        "RULES_SCHEME_MISMATCH",
        "warning",
        "scheme",
        "provincial",
    )
    assert "预算执行率10分" in a.message and "省级示例规则" in a.message
    assert check_scheme(form, load_profile("w10-50-30-10")) == []
    assert "RULES_SCHEME_MISMATCH" not in {
        x.code for x in score_form(form, load_profile("w10-50-30-10")).anomalies
    }
