"""A form's 评分标准 statement to its items (normalize/scheme.py)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from normalize.scheme import read_scheme


def _items(text: str) -> list[tuple[str, tuple[str, ...], Decimal]]:
    return [(i.group, tuple(i.level1), i.weight) for i in read_scheme(text)]


def test_the_10_50_30_10_statement():
    text = "评分标准：预算执行率10分，产出指标（含成本指标）50分，效益指标30分，满意度指标10分。"
    assert _items(text) == [
        ("funds", (), Decimal(10)),
        ("产出指标", ("产出指标", "成本指标"), Decimal(50)),
        ("效益指标", ("效益指标",), Decimal(30)),
        ("满意度指标", ("满意度指标",), Decimal(10)),
    ]
    assert read_scheme(text)[1].label == "产出指标(含成本指标)"


def test_sentences_that_are_no_items_are_skipped():
    """The pre-2021 statement goes on with the qualitative bands (…分值的80%-100%): no `N分` item."""
    text = (
        "评分说明：预算执行率20分，产出指标40分，效益指标（含满意度指标）40分；定性指标达成预期指标"
        "得该指标分值的80%-100%，部分达成预期指标并具有一定效果得该指标分值的50%-80%。"
    )
    assert _items(text) == [
        ("funds", (), Decimal(20)),
        ("产出指标", ("产出指标",), Decimal(40)),
        ("效益指标", ("效益指标", "满意度指标"), Decimal(40)),
    ]


def test_ascii_punctuation_synonyms_and_fractions():
    assert _items("评分标准:资金执行率 10 分;产出 45.5分;效益(含满意度)44.5分") == [
        ("funds", (), Decimal(10)),
        ("产出指标", ("产出指标",), Decimal("45.5")),
        ("效益指标", ("效益指标", "满意度指标"), Decimal("44.5")),
    ]


def test_an_item_naming_no_group_is_kept_unmapped():
    """A scheme we cannot map must not pass for one that matches a profile."""
    assert _items("评分标准：预算执行率10分，工作成效90分") == [
        ("funds", (), Decimal(10)),
        ("", (), Decimal(90)),
    ]


def test_no_statement():
    assert read_scheme("") == []
    assert read_scheme(None) == []
    assert read_scheme("评分标准：详见附件") == []


@given(st.text(max_size=80))
def test_any_text_reads_without_error_and_weights_are_written_numbers(text: str):
    for item in read_scheme("评分标准：" + text):
        assert item.weight >= 0
        assert item.group in ("funds", "", "产出指标", "成本指标", "效益指标", "满意度指标")
        assert set(item.level1) <= {"产出指标", "成本指标", "效益指标", "满意度指标"}
