# ruff: noqa: E501  (tables of cases: one case a line)
"""Normalizers of other layouts (issue 12): operator and unit in the target cell, nature
inference, group weights on 一级 labels, 指标N prefixes, tiered qualitative actuals, money in 元."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract import labels
from model import RawForm, RawIndicator, RawValue
from normalize.form import normalize_form, read_money
from normalize.grades import read_grade
from normalize.labels import read_level1, read_level2, split_group_weight, strip_name_label
from normalize.nature import infer_nature, leading_operator, read_nature
from normalize.targets import unit_in_target

UNITS = ["个", "份", "次", "%", "小时", "万元", "种", "人次", "百分比", "Mbps"]
OPERATORS = {
    "≥": "ge",
    "≤": "le",
    "不少于": "ge",
    "不低于": "ge",
    "不高于": "le",
    "不超过": "le",
    "达到": "ge",
}


@pytest.mark.parametrize(
    ("text", "unit", "bound"),
    [
        ("≥50个", "个", None),
        ("≤90万元", "万元", None),
        ("≥100百分比", "百分比", None),
        ("100%", "%", None),
        ("不少于12种", "种", None),
        ("≤2小时", "小时", None),
        ("达到95%以上", "%", "ge"),
        ("2小时以内", "小时", "le"),
        ("50", "", None),
        ("优良中低差", "", None),
        ("1.5倍", "倍", None),
    ],
)
def test_unit_in_target(text: str, unit: str, bound: str | None) -> None:
    assert unit_in_target(text) == (unit, bound)


@given(
    op=st.sampled_from(sorted(OPERATORS)),
    number=st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False),
    unit=st.sampled_from(UNITS),
)
def test_operator_and_unit_of_any_target(op: str, number: Decimal, unit: str) -> None:
    text = f"{op}{number}{unit}"
    assert leading_operator(text) == OPERATORS[op]
    assert unit_in_target(text)[0] == unit


@pytest.mark.parametrize("text", ["100%", "50个", "优良中低差", "定性", ""])
def test_no_leading_operator(text: str) -> None:
    assert leading_operator(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [("≧", "ge"), ("≦", "le"), ("═", "eq"), ("＝", "eq"), ("﹥", "gt"), ("﹤", "lt"), (">=", "ge")],
)
def test_lookalike_operators(text: str, code: str) -> None:
    assert read_nature(text).value == code


@pytest.mark.parametrize(
    ("kw", "nature", "basis"),
    [
        ({"level1": "产出指标", "level2": "数量指标", "unit": "个", "qualifier": None}, "ge", "default"),
        ({"level1": "产出指标", "level2": "时效指标", "unit": "%", "qualifier": None}, "le", "level"),
        ({"level1": "成本指标", "level2": "经济成本指标", "unit": "万元", "qualifier": None}, "le", "level"),
        ({"level1": "产出指标", "level2": "成本指标", "unit": "万元", "qualifier": None}, "le", "level"),
        ({"level1": "产出指标", "level2": "质量指标", "unit": "小时", "qualifier": None}, "le", "unit"),
        ({"level1": "产出指标", "level2": "时效指标", "unit": "%", "qualifier": "ge"}, "ge", "target"),
    ],
)
def test_infer_nature(kw: dict, nature: str, basis: str) -> None:
    assert infer_nature(name="", **kw) == (nature, basis)


@given(
    level=st.sampled_from(["产出指标", "成本指标", "效益指标", "满意度指标"]),
    weight=st.integers(min_value=0, max_value=100),
    bracket=st.sampled_from([("（", "分）"), ("(", "分)"), ("(", ")")]),
)
def test_group_weight_is_data_and_the_level_is_the_label(level: str, weight: int, bracket: tuple) -> None:
    text = f"{level}{bracket[0]}{weight}{bracket[1]}"
    assert split_group_weight(text) == (level, Decimal(weight))
    reading = read_level1(text)
    assert (reading.value, reading.weight, reading.changed) == (level, Decimal(weight), False)


def test_level_variants() -> None:
    assert read_level1("满意度(10分)").value == "满意度指标"
    assert read_level2("环境效益指标").value == "生态效益指标"
    assert read_level2("服务对象满意度指标等").value == "服务对象满意度指标"
    assert split_group_weight("产出指标") == ("产出指标", None)


@given(
    prefix=st.sampled_from(["指标1：", "指标1:", "指标12", "1.", "2、", "（1）", "(3)", ""]),
    name=st.sampled_from(["服务次数", "系统可用率", "用户满意度", "网页更新"]),
)
def test_name_prefixes_are_stripped(prefix: str, name: str) -> None:
    assert strip_name_label(prefix + name) == name


@pytest.mark.parametrize("name", ["1.5倍带宽", "指标一致性", "2024年支出金额", "12345热线"])
def test_names_that_only_look_prefixed(name: str) -> None:
    assert strip_name_label(name) == name


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("达成预期指标", "达成"),
        ("部分达成预期指标并具有一定效果", "部分达成"),
        ("未达成预期指标且效果较差", "未达成"),
        ("部分达成年度指标并具有一定效果", "部分达成"),
        ("有效", "有效"),
        ("效果明显(网民检索便利性显著提高)", "效果明显"),
    ],
)
def test_tiered_qualitative_actuals(text: str, grade: str) -> None:
    assert read_grade(text).value == grade


@given(cents=st.integers(min_value=0, max_value=10**13))
def test_money_in_yuan_is_wan_exactly(cents: int) -> None:
    yuan = Decimal(cents) / 100
    assert read_money(f"{yuan:.2f}", "元") == Decimal(cents) / 1000000
    assert read_money(f"{yuan:,.2f}", "元") == Decimal(cents) / 1000000


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("预算数（A）", "预算数"),
        ("执行率（B/A）", "执行率"),
        ("执行率(B/A×100%)", "执行率"),
        ("年初目标值（A）", "年初目标值"),
    ],
)
def test_header_annotations_are_ignored(text: str, key: str) -> None:
    assert labels.key(text) == key


def _raw(**cells: str) -> RawForm:
    ind = RawIndicator(**{k: RawValue(text=v) for k, v in cells.items()})
    return RawForm(form_id="f-1", indicators=[ind])


def test_target_cell_states_nature_and_unit() -> None:
    form = normalize_form(
        _raw(level1="产出指标", level2="数量指标", name="服务次数", target="≥50个", actual="52个")
    )
    [ind] = form.indicators
    assert (ind.nature, ind.target_value, ind.unit, ind.unit_raw, ind.actual_value) == (
        "ge",
        50,
        "个",
        "个",
        52,
    )
    assert not ind.nature_inferred
    assert [a.code for a in form.anomalies] == []


def test_blank_nature_is_inferred_with_a_finding() -> None:
    form = normalize_form(
        _raw(level1="产出指标", level2="时效指标", name="响应时间", target="2", unit="小时", actual="1.5")
    )
    [ind] = form.indicators
    assert (ind.nature, ind.nature_inferred) == ("le", True)
    assert [(a.code, a.severity, a.seq, a.field) for a in form.anomalies] == [
        ("NATURE_INFERRED", "info", 1, "nature")
    ]


def test_blank_nature_over_a_scale_is_qualitative_not_inferred() -> None:
    form = normalize_form(
        _raw(level1="效益指标", level2="社会效益指标", name="保障", target="优良中低差", actual="优")
    )
    [ind] = form.indicators
    assert (ind.nature, ind.nature_inferred) == ("qualitative", False)


def test_groups_from_labels_and_merged_scores() -> None:
    raw = RawForm(
        form_id="f-1",
        indicators=[
            RawIndicator(level1=RawValue(text="产出指标(40分)"), level2=RawValue(text="数量指标"),
                         name=RawValue(text="a"), nature=RawValue(text="≥"), target=RawValue(text="1"),
                         actual=RawValue(text="1"), weight=RawValue(text="20"), group_score=RawValue(text="39")),
            RawIndicator(level1=RawValue(text="产出指标(40分)", covered=True), level2=RawValue(text="质量指标"),
                         name=RawValue(text="b"), nature=RawValue(text="≥"), target=RawValue(text="1"),
                         actual=RawValue(text="1"), weight=RawValue(text="20")),
        ],
    )  # fmt: skip
    form = normalize_form(raw)
    assert [(i.level1, i.score_declared) for i in form.indicators] == [("产出指标", None), ("产出指标", None)]
    assert [(g.level1, g.weight_declared, g.score_declared) for g in form.groups] == [("产出指标", 40, 39)]
    assert [a.code for a in form.anomalies] == []


def test_missing_blocks_are_one_finding_each() -> None:
    raw = RawForm(form_id="f-1", missing_blocks=["goals", "indicators", "total"])
    form = normalize_form(raw)
    assert [(a.code, a.field) for a in form.anomalies] == [
        ("BLOCK_MISSING", "goals"),
        ("BLOCK_MISSING", "indicators"),
        ("BLOCK_MISSING", "total"),
    ]
