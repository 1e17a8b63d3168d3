"""Arbitrary Unicode never makes a normalizer entry point raise: odd cells give None and a reason."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

import normalize as nz
from model import RawForm, RawIndicator, RawValue

# Arbitrary text, and text made of the pieces the readers look for, so that they get deep.
_PIECES = [
    *"0123456789.,%-—/:()（）、 一二两十百千万亿零个年月元份优良中低差好坏高",
    "万元", "小时", "以上", "以内", "不超过", "低于", "合格", "不合格", "满意", "较满意", "指标1:",
    "优良种低差", "单位", "第", "统一", "<p>", "&amp;", "\u0308",
]  # fmt: skip
texts = st.one_of(st.text(), st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))


@given(texts, texts)
@settings(max_examples=300)
def test_cell_readers_never_raise(a: str, b: str) -> None:
    nz.clean_text(a)
    nz.is_placeholder(a)
    nz.read_decimal(a)
    nz.parse_decimal(a)
    nz.parse_percent(a)
    nz.read_level1(a)
    nz.read_level2(a)
    nz.canonical_level1(a)
    nz.canonical_level2(a)
    nz.level1_of(a)
    nz.levels_consistent(a, b)
    nz.strip_name_label(a)
    nz.fix_typos(a)
    nz.read_nature(a)
    nz.nature_code(a)
    nz.canonical_unit(a)
    nz.unit_info(a)
    nz.is_money_unit(a)
    nz.is_money_name(a)
    nz.read_scale(a)
    nz.split_scale(a)
    nz.read_grade(a, nz.split_scale(b))
    nz.grade_tier(a)
    nz.scale_tier(a, nz.split_scale(b))
    nz.parse_chinese_numeral(a)
    nz.year_of(a)
    nz.read_money(a)
    nz.read_score(a)
    for money in (False, True):
        nz.read_actual(a, b, money=money)
        for qualitative in (None, False, True):
            nz.read_target(a, b, qualitative=qualitative, money=money)
    nz.to_wan(Decimal("1.5"), a)
    nz.from_wan(Decimal("1.5"), a)


@given(st.decimals())
def test_format_decimal_never_raises(d: Decimal) -> None:
    nz.format_decimal(d)


@given(st.lists(texts, min_size=16, max_size=16), st.lists(st.booleans(), min_size=2, max_size=2))
@settings(max_examples=200)
def test_normalize_form_never_raises(cells: list[str], covered: list[bool]) -> None:
    ind = RawIndicator(
        level1=RawValue(text=cells[0], covered=covered[0]),
        level2=RawValue(text=cells[1], covered=covered[1]),
        name=RawValue(text=cells[2]),
        nature=RawValue(text=cells[3]),
        target=RawValue(text=cells[4]),
        unit=RawValue(text=cells[5]),
        actual=RawValue(text=cells[6]),
        weight=RawValue(text=cells[7]),
        score=RawValue(text=cells[8]),
        deviation=RawValue(text=cells[9]),
    )
    raw = RawForm(
        title=RawValue(text=cells[10]),
        project_name=RawValue(text=cells[11]),
        funds={"total": {"budget_full_year": RawValue(text=cells[12])}},
        execution_rate=RawValue(text=cells[13]),
        total_score=RawValue(text=cells[14]),
        funds_weight=RawValue(text=cells[15]),
        indicators=[ind, ind, RawIndicator()],
    )
    form = nz.normalize_form(raw)
    assert [i.seq for i in form.indicators] == [1, 2, 3]
