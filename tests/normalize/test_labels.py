from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import (
    LEVEL1,
    LEVEL2,
    canonical_level1,
    canonical_level2,
    level1_of,
    levels_consistent,
    read_level1,
    read_level2,
    strip_name_label,
)


@pytest.mark.parametrize(
    ("raw", "level1", "changed"),
    [
        ("产出指标", "产出指标", False),
        ("满意度指标", "满意度指标", False),
        ("满意度 指标", "满意度指标", False),  # wrapped: clean_text alone restores it
        ("满意度\n指标", "满意度指标", False),
        ("满意度", "满意度指标", True),
        ("满意度指", "满意度指标", True),  # cut short by a narrow cell
        ("产出", "产出指标", True),
        ("效益指", "效益指标", True),
        ("成本", "成本指标", True),
        ("", "", False),
        ("成", "", False),  # one character is too little to complete
        ("绩效指标", "", False),
    ],
)
def test_level1(raw: str, level1: str, changed: bool) -> None:
    reading = read_level1(raw)
    assert reading.value == level1
    assert reading.changed is changed
    assert canonical_level1(raw) == level1
    if not level1:
        assert reading.reason


@pytest.mark.parametrize(
    ("raw", "level2", "changed"),
    [
        ("数量指标", "数量指标", False),
        ("经济成本 指标", "经济成本指标", False),
        ("服务对象 满意度指 标", "服务对象满意度指标", False),
        ("服务对象", "服务对象满意度指标", True),
        ("服务对象满意度", "服务对象满意度指标", True),
        ("社会效益", "社会效益指标", True),
        ("可持续影响", "可持续影响指标", True),
        ("成本指标", "成本指标", False),
        ("经济", "", False),  # 经济成本指标 or 经济效益指标: no guess
        ("社会", "", False),
        ("满意度指标", "", False),  # a 一级 label is not a 二级 one
        ("", "", False),
    ],
)
def test_level2(raw: str, level2: str, changed: bool) -> None:
    reading = read_level2(raw)
    assert reading.value == level2
    assert reading.changed is changed
    assert canonical_level2(raw) == level2


@pytest.mark.parametrize(
    ("level2", "level1"),
    [
        ("数量指标", "产出指标"),
        ("质量指标", "产出指标"),
        ("时效指标", "产出指标"),
        ("成本指标", "产出指标"),  # the pre-2021 framework
        ("经济成本指标", "成本指标"),
        ("社会成本指标", "成本指标"),
        ("生态环境成本指标", "成本指标"),
        ("经济效益指标", "效益指标"),
        ("社会效益指标", "效益指标"),
        ("生态效益指标", "效益指标"),
        ("可持续影响指标", "效益指标"),
        ("服务对象满意度指标", "满意度指标"),
        ("服务对象", "满意度指标"),
        ("不知道", ""),
    ],
)
def test_level1_of(level2: str, level1: str) -> None:
    assert level1_of(level2) == level1


def test_every_level2_has_a_level1_parent() -> None:
    assert len(LEVEL2) == 12
    assert {level1_of(l2) for l2 in LEVEL2} == set(LEVEL1)


def test_levels_consistent() -> None:
    assert levels_consistent("产出指标", "数量指标")
    assert levels_consistent("满意度", "服务对象")
    assert levels_consistent("成本指标", "经济成本指标")
    assert not levels_consistent("成本指标", "社会效益指标")
    assert not levels_consistent("", "数量指标")
    assert not levels_consistent("产出指标", "")


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("指标1：项目报告", "项目报告"),
        ("指标1: 存储", "存储"),
        ("指标12:月报", "月报"),
        ("指标一：月报", "月报"),
        ("指标1:《工作总结报告》", "《工作总结报告》"),
        ("总带宽数量", "总带宽数量"),
        ("指标1：服务对象满意度指标", "服务对象满意度指标"),
        ("指标一致性", "指标一致性"),  # no colon: not a label
        ("指标1:指标2:重复标签", "重复标签"),
        ("指标1:", ""),
        ("项目年度支出不 超过预算金额", "项目年度支出不超过预算金额"),
    ],
)
def test_strip_name_label(raw: str, name: str) -> None:
    assert strip_name_label(raw) == name


_LABELS = st.one_of(
    st.text(),
    st.sampled_from([*LEVEL1, *LEVEL2, "满意度", "服务对象", "经济成本 指标", "指标1:存储", "产出"]),
)


@given(_LABELS)
def test_labels_are_idempotent(s: str) -> None:
    for f in (canonical_level1, canonical_level2, strip_name_label):
        once = f(s)
        assert f(once) == once


@given(st.text())
def test_canonical_labels_are_in_the_vocabulary(s: str) -> None:
    assert canonical_level1(s) in {*LEVEL1, ""}
    assert canonical_level2(s) in {*LEVEL2, ""}
