from __future__ import annotations

import pytest

from normalize import grade_tier, read_grade, read_scale, scale_tier, split_scale


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ("优良中低差", ("优", "良", "中", "低", "差")),
        ("优良中 低差", ("优", "良", "中", "低", "差")),
        ("优良种低差", ("优", "良", "中", "低", "差")),
        ("优良中", ("优", "良", "中")),
        ("优良", ("优", "良")),
        ("好坏", ("好", "坏")),
        ("合格/不合格", ("合格", "不合格")),
        ("合格/ 不合格", ("合格", "不合格")),
        ("合格不合格", ("合格", "不合格")),
        ("高中低", ("高", "中", "低")),
        ("符合/不符合", ("符合", "不符合")),
        ("非常满意、较满意、基本满意、不满意", ("非常满意", "较满意", "基本满意", "不满意")),
        ("达到/未达到", ("达到", "未达到")),
    ],
)
def test_split_scale(raw: str, words: tuple[str, ...]) -> None:
    assert split_scale(raw) == words


@pytest.mark.parametrize("raw", ["", "90", "按时完成", "优良优"])
def test_not_a_scale(raw: str) -> None:
    reading = read_scale(raw)
    assert reading.value is None and reading.reason
    assert split_scale(raw) == ()


OLMDC = ("优", "良", "中", "低", "差")


@pytest.mark.parametrize(
    ("text", "scale", "grade"),
    [
        ("优（有效保障了…）", OLMDC, "优"),
        ("优(验收合格)", OLMDC, "优"),
        ("合格（验收合格）", ("合格", "不合格"), "合格"),
        ("不合格（未通过验收）", ("合格", "不合格"), "不合格"),
        ("验收不合格", ("合格", "不合格"), "不合格"),
        ("非常满意", ("非常满意", "较满意", "基本满意", "不满意"), "非常满意"),
        ("较满意", ("非常满意", "较满意", "基本满意", "不满意"), "较满意"),
        ("用户较满意", ("满意", "不满意"), ""),  # 较满意 is not 满意
        ("验收结果为优", ("优", "良"), "优"),
        ("验收结论为优", OLMDC, "优"),
        ("数据共享率高", ("高", "中", "低"), "高"),
        ("提高了服务水平", ("高", "中", "低"), ""),  # 提高 is not 高
        ("已接入政务专网", ("好", "坏"), ""),
        ("优(保障区政府网站通过北京市普查)", ("好", "坏"), "优"),  # leading, though not in scale
        ("优化了系统", OLMDC, ""),
        ("良", OLMDC, "良"),
        ("", OLMDC, ""),
        ("优", (), "优"),
        ("按要求完成", (), ""),
    ],
)
def test_read_grade(text: str, scale: tuple[str, ...], grade: str) -> None:
    reading = read_grade(text, scale)
    assert (reading.value or "") == grade
    if not grade:
        assert reading.reason


def test_grade_tiers() -> None:
    for word in ("优", "好", "合格", "高", "符合", "满意", "达成", "非常满意"):
        assert grade_tier(word) == 1
    for word in ("良", "较好", "较满意", "基本满意", "部分达成"):
        assert grade_tier(word) == 2
    for word in ("中", "差", "坏", "不合格", "", "不知道"):
        assert grade_tier(word) == 3


def test_scale_tier() -> None:
    assert scale_tier("优", OLMDC) == 1
    assert scale_tier("良", OLMDC) == 2
    assert scale_tier("中", OLMDC) == 3
    assert scale_tier("差", OLMDC) == 3
    assert scale_tier("好", OLMDC) is None
