"""normalize_form on hand-built RawForms: fields, provenance, and the three findings of this stage."""

from __future__ import annotations

from decimal import Decimal

import pytest

from model import FUNDS_COLS, FUNDS_ROWS, Anomaly, Form, RawForm, RawIndicator, RawValue
from normalize import normalize_form

BOX = (10.0, 20.0, 30.0, 40.0)


def v(text: str, page: int | None = 1, covered: bool = False) -> RawValue:
    return RawValue(text=text, page=page, box=BOX if page else None, covered=covered)


def row(
    level1: str | RawValue,
    level2: str | RawValue,
    name: str,
    nature: str,
    target: str,
    unit: str,
    actual: str,
    weight: str = "10",
    score: str = "10",
    deviation: str = "",
    page: int = 1,
) -> RawIndicator:
    def cell(x: str | RawValue) -> RawValue:
        return x if isinstance(x, RawValue) else v(x, page)

    return RawIndicator(
        level1=cell(level1), level2=cell(level2), name=cell(name), nature=cell(nature),
        target=cell(target), unit=cell(unit), actual=cell(actual), weight=cell(weight),
        score=cell(score), deviation=cell(deviation),
    )  # fmt: skip


def form(*indicators: RawIndicator, **fields: object) -> RawForm:
    base: dict[str, object] = {
        "form_id": "3f2a9c1b7d4e-1",
        "source_file": "a.pdf",
        "source_sha256": "3f2a9c1b7d4e" + "0" * 52,
        "form_index": 1,
        "page_start": 1,
        "page_end": 2,
        "method": "pdf-text",
        "title": v("项目支出绩效自评表 (2024年度)"),
        "project_name": v("2022-2023年朝阳区互联网接入服务"),
        "department": v("北京市朝阳区数据局"),
        "implementing_unit": v("北京市朝阳区数据局"),
        "funds": {
            "total": {
                "budget_initial": v("0"),
                "budget_full_year": v("738.62892"),
                "executed": v("738.62892"),
            },
            "fiscal": {
                "budget_initial": v("0"),
                "budget_full_year": v("738.62892"),
                "executed": v("738.62892"),
            },
            "carryover": {"budget_initial": v("", None), "budget_full_year": v("", None), "executed": v("")},
        },
        "funds_weight": v("10"),
        "execution_rate": v("100%"),
        "execution_score": v("10"),
        "goal_expected": v("朝阳区党政机关、事业单位等部门提供互联网访问服务。"),
        "goal_actual": v("本年度互联网接入稳定，网络带宽均满足用户使用。"),
        "total_weight": v("100", 2),
        "total_score": v("100", 2),
    }
    base.update(fields)
    return RawForm(**base, indicators=list(indicators))  # type: ignore[arg-type]


def seed_form_1() -> RawForm:
    """The seed's first form, with its merged 一级 cells marked as covered."""
    return form(
        row("产出指标", "数量指标", "总带宽数量", "≥", "6000", "Mbps", "6000", "15", "15"),
        row(v("产出指标", covered=True), "质量指标", "区级互联网专线整体全年可用率", "≥", "99.9", "%", "99.9",
            "15", "15"),
        row(v("产出指标", covered=True), "时效指标", "故障到达现场时间", "≤", "4", "时", "4"),
        row("成本指标", "经济成本指标", "24年支出金额", "≤", "7578290", "元", "7578289.2",
            deviation="因机构改革，738.62892万元在数据局支付，19.2万元在朝阳园支付"),
        row(v("", None), "社会效益指标", "保障区内各政务接入统一互联网访问业务", "定性", "优良中低差", "项",
            "优（有效保障了区内各政务接入统一互联网访问业务的正常运行）", "30", "30", page=2),
        row("满意度指标", "服务对象满意度指标", "用户满意度", "≥", "90", "%", "100", page=2),
    )  # fmt: skip


def codes(f: Form) -> list[str]:
    return [a.code for a in f.anomalies]


def only(f: Form, code: str) -> Anomaly:
    found = [a for a in f.anomalies if a.code == code]
    assert len(found) == 1, f.anomalies
    return found[0]


# ---------------------------------------------------------------- the whole form


def test_form_fields() -> None:
    f = normalize_form(seed_form_1())
    assert (f.form_id, f.source_file, f.form_index, f.page_start, f.page_end, f.method) == (
        "3f2a9c1b7d4e-1", "a.pdf", 1, 1, 2, "pdf-text",
    )  # fmt: skip
    assert f.year == 2024
    assert f.project_name == "2022-2023年朝阳区互联网接入服务"
    assert f.department == f.implementing_unit == "北京市朝阳区数据局"
    assert f.budget_initial == Decimal(0)
    assert f.budget_full_year == f.executed == Decimal("738.62892")
    assert f.fiscal_budget_full_year == Decimal("738.62892")
    assert f.carryover_budget_initial is None and f.other_executed is None
    assert f.funds_weight == Decimal(10)
    assert f.execution_rate_declared == Decimal(100)
    assert f.execution_score_declared == Decimal(10)
    assert f.goal_actual == "本年度互联网接入稳定,网络带宽均满足用户使用。"
    assert f.total_weight_declared == f.total_score_declared == Decimal(100)
    # computed fields are score/'s
    assert f.execution_rate_computed is None and f.total_score_computed is None
    assert f.grade_computed == "" and f.rounding_convention is None
    assert (f.n_errors, f.n_warnings, f.n_infos) == (0, 0, 0)
    assert all(i.score_computed is None for i in f.indicators)


def test_indicators() -> None:
    f = normalize_form(seed_form_1())
    assert [i.seq for i in f.indicators] == [1, 2, 3, 4, 5, 6]
    time, cost, benefit, satisfaction = f.indicators[2], f.indicators[3], f.indicators[4], f.indicators[5]
    assert (time.unit, time.unit_raw, time.nature, time.nature_raw) == ("小时", "时", "le", "≤")
    assert (cost.level1, cost.level2, cost.unit, cost.unit_raw) == ("成本指标", "经济成本指标", "万元", "元")
    assert cost.target_value == Decimal("757.829") and cost.target_text == "7578290"
    assert cost.actual_value == Decimal("757.82892") and cost.actual_text == "7578289.2"
    assert cost.deviation_note == "因机构改革,738.62892万元在数据局支付,19.2万元在朝阳园支付"
    # a blank, unmerged 一级 cell is filled from level2, silently
    assert (benefit.level1, benefit.level1_raw, benefit.level2) == ("效益指标", "", "社会效益指标")
    assert benefit.nature == "qualitative" and benefit.target_value is None
    assert benefit.actual_grade == "优" and benefit.actual_value is None
    assert benefit.weight == Decimal(30) and benefit.page == 2
    assert satisfaction.actual_value == Decimal(100) and satisfaction.actual_qualifier is None
    assert f.indicators[1].level1_raw == "产出指标"  # covered by the merge
    assert f.anomalies == []


def test_name_and_raw_name() -> None:
    f = normalize_form(
        form(row("产出指标", "数量指标", "指标1： 项目报告", "=", "1", "份", "提交项目报告1份"))
    )
    assert (f.indicators[0].name, f.indicators[0].name_raw) == ("项目报告", "指标1:项目报告")


def test_year_written_without_brackets_or_absent() -> None:
    assert normalize_form(form(title=v("2023年度项目支出绩效自评表"))).year == 2023
    assert normalize_form(form(title=v("项目支出绩效自评表"))).year is None


def test_provenance() -> None:
    f = normalize_form(seed_form_1())
    fields = {(p.field, p.seq) for p in f.provenance}
    for name in ("title", "project_name", "department", "budget_full_year", "fiscal_executed",
                 "funds_weight", "execution_rate_declared", "total_score_declared"):  # fmt: skip
        assert (name, None) in fields
    # carryover cells without page or box leave no provenance; the one with a page does
    assert ("carryover_budget_initial", None) not in fields
    assert ("carryover_executed", None) in fields
    for name in (
        "level2",
        "name",
        "nature",
        "target_text",
        "unit",
        "actual_text",
        "weight",
        "score_declared",
    ):
        assert (name, 4) in fields
    assert ("level1", 5) not in fields  # blank cell, no page
    actual5 = next(p for p in f.provenance if p.field == "actual_text" and p.seq == 5)
    assert (actual5.page, actual5.box) == (2, BOX)


# ---------------------------------------------------------------- LEVEL_INCONSISTENT


def test_level_inconsistent_fires_on_a_written_label() -> None:
    f = normalize_form(form(row("产出指标", "经济成本指标", "支出金额", "≤", "288", "万元", "288", page=3)))
    a = only(f, "LEVEL_INCONSISTENT")
    assert f.indicators[0].level1 == "成本指标"
    assert (a.form_id, a.seq, a.severity, a.field, a.declared, a.expected, a.page) == (
        "3f2a9c1b7d4e-1", 1, "warning", "level1", "产出指标", "成本指标", 3,
    )  # fmt: skip
    assert "产出指标" in a.message and "成本指标" in a.message and "经济成本指标" in a.message


def test_level_inconsistent_fires_on_a_merged_label() -> None:
    # The seed's first form: 成本指标 merged over the 社会效益指标 row.
    raw = seed_form_1()
    raw.indicators[4].level1 = v("成本指标", 2, covered=True)
    f = normalize_form(raw)
    a = only(f, "LEVEL_INCONSISTENT")
    assert (a.seq, a.declared, a.expected, a.page) == (5, "成本指标", "效益指标", 2)
    assert f.indicators[4].level1 == "效益指标" and f.indicators[4].level1_raw == "成本指标"


def test_level_inconsistent_quiet() -> None:
    f = normalize_form(
        form(
            row("产出指标", "成本指标", "支出金额", "≤", "288", "万元", "288"),  # pre-2021: 成本 under 产出
            row("成本指标", "经济成本指标", "支出金额", "≤", "288", "万元", "288"),
            row(v("", None), "服务对象满意度指标", "用户满意度", "≥", "90", "%", "100"),  # blank: filled
        )
    )
    assert "LEVEL_INCONSISTENT" not in codes(f)
    assert [i.level1 for i in f.indicators] == ["产出指标", "成本指标", "满意度指标"]


def test_blank_level2_continues_the_group_above() -> None:
    f = normalize_form(
        form(
            row("产出指标", "质量指标", "指标1:接入政务专网", "定性", "好坏", "项", "好"),
            row(v("", None), v("", None), "指标2:接入互联网", "定性", "好坏", "项", "好"),
            row("效益指标", v("", None), "指标1:社会效益", "定性", "好坏", "项", "好"),
        )
    )
    assert [(i.level1, i.level2) for i in f.indicators] == [
        ("产出指标", "质量指标"), ("产出指标", "质量指标"), ("效益指标", ""),
    ]  # fmt: skip
    assert f.indicators[1].level2_raw == ""


# ---------------------------------------------------------------- LABEL_NORMALIZED


def test_label_normalized_fires_on_a_scale_typo() -> None:
    f = normalize_form(
        form(
            row(
                "效益指标",
                "社会效益指标",
                "指标1:加强监督",
                "定性",
                "优良种低差",
                "项",
                "优（加强了监督）",
                page=4,
            )
        )
    )
    a = only(f, "LABEL_NORMALIZED")
    assert (a.seq, a.severity, a.field, a.declared, a.expected, a.page) == (
        1, "info", "target_text", "优良种低差", "优良中低差", 4,
    )  # fmt: skip
    assert "优良种低差" in a.message and "优良中低差" in a.message
    assert f.indicators[0].target_text == "优良中低差" and f.indicators[0].actual_grade == "优"


def test_label_normalized_fires_on_label_variants_once_per_merge() -> None:
    f = normalize_form(
        form(
            row("满意度", "服务对象", "用户满意度", "≥", "95", "%", "100%"),
            row(
                v("满意度", covered=True),
                v("服务对象", covered=True),
                "使用人员满意度",
                "≥",
                "95",
                "%",
                "100%",
            ),
        )
    )
    found = [(a.seq, a.field, a.declared, a.expected) for a in f.anomalies if a.code == "LABEL_NORMALIZED"]
    assert found == [(1, "level1", "满意度", "满意度指标"), (1, "level2", "服务对象", "服务对象满意度指标")]
    assert [(i.level1, i.level2) for i in f.indicators] == [("满意度指标", "服务对象满意度指标")] * 2
    assert f.indicators[0].level1_raw == "满意度"


def test_label_normalized_quiet() -> None:
    f = normalize_form(
        form(
            row("产出指标", "数量指标", "指标1：项目报告", "=", "1", "份", "1份"),
            row("成本指标", "经济成本 指标", "指标1：支出金额", "≤", "7578290", "元", "7578290"),  # wrapped
            row("效益指标", "社会效益 指标", "指标1：提升意识", "定性", "优良中 低差", "项", "优"),
        )
    )
    assert "LABEL_NORMALIZED" not in codes(f)


# ---------------------------------------------------------------- ACTUAL_UNPARSEABLE


def test_actual_unparseable_fires_on_a_quantitative_row_without_a_number() -> None:
    f = normalize_form(form(row("产出指标", "数量指标", "项目报告", "=", "1", "份", "已提交", page=2)))
    a = only(f, "ACTUAL_UNPARSEABLE")
    assert (a.seq, a.severity, a.field, a.declared, a.expected, a.page) == (
        1, "warning", "actual_text", "已提交", "数值（份）", 2,
    )  # fmt: skip
    assert "已提交" in a.message and "份" in a.message
    assert f.indicators[0].actual_value is None


def test_actual_unparseable_fires_when_only_another_unit_is_written() -> None:
    f = normalize_form(form(row("成本指标", "经济成本指标", "支出金额", "≤", "288", "万元", "2024年已支付")))
    assert codes(f) == ["ACTUAL_UNPARSEABLE"]


def test_actual_unparseable_fires_on_a_qualitative_row_without_a_grade() -> None:
    f = normalize_form(
        form(row("产出指标", "质量指标", "指标1: 接入政务专网", "定性", "好坏", "项", "已接入政务专网"))
    )
    a = only(f, "ACTUAL_UNPARSEABLE")
    assert (a.declared, a.expected) == ("已接入政务专网", "好、坏")
    assert "已接入政务专网" in a.message and "好、坏" in a.message
    assert f.indicators[0].actual_grade == ""


def test_actual_unparseable_fires_on_an_empty_actual() -> None:
    f = normalize_form(
        form(
            row("产出指标", "数量指标", "项目报告", "=", "1", "份", ""),
            row("效益指标", "社会效益指标", "平台回传图像质量", "定性", "优良中低差", "", ""),
        )
    )
    assert codes(f) == ["ACTUAL_UNPARSEABLE", "ACTUAL_UNPARSEABLE"]
    assert all("为空" in a.message for a in f.anomalies)


def test_actual_unparseable_quiet() -> None:
    f = normalize_form(
        form(
            row("产出指标", "数量指标", "指标1：提供平台运维月报", "=", "12", "份", "提供平台运维月报12份"),
            row("产出指标", "时效指标", "指标1：故障响应时间", "≤", "2", "小时", "故障响应时间2小时内"),
            row("效益指标", "社会效益指标", "指标1：数据共享率", "定性", "高中低", "项", "数据共享率高"),
            row(
                "效益指标", "社会效益指标", "指标1：影响", "定性", "好坏", "项", "优(对部门业务产生积极影响)"
            ),
        )
    )
    assert f.anomalies == []
    assert [i.actual_qualifier for i in f.indicators] == [None, "le", None, None]
    assert [i.actual_grade for i in f.indicators] == ["", "", "高", "优"]


# ---------------------------------------------------------------- other readings


def test_blank_nature_over_a_scale_is_qualitative() -> None:
    f = normalize_form(form(row("效益指标", "社会效益指标", "影响", "", "好坏", "项", "好")))
    assert f.indicators[0].nature == "qualitative" and f.indicators[0].actual_grade == "好"
    assert f.indicators[0].nature_raw == ""


def test_money_by_name_with_a_blank_unit() -> None:
    f = normalize_form(
        form(row("成本指标", "经济成本指标", "首款支付金额", "≤", "45", "", "首款支付450000元"))
    )
    ind = f.indicators[0]
    assert ind.unit == "" and ind.unit_raw == ""  # no unit is invented
    assert ind.target_value == Decimal(45) and ind.actual_value == Decimal(45)


def test_funds_written_with_their_own_unit_and_placeholders() -> None:
    funds = {r: {c: v("—") for c in FUNDS_COLS} for r in FUNDS_ROWS}
    funds["total"] = {"budget_initial": v("7578290元"), "budget_full_year": v("1,234.5"), "executed": v("")}
    f = normalize_form(form(funds=funds, execution_rate=v("99.98%"), execution_score=v("9.99分")))
    assert f.budget_initial == Decimal("757.829")
    assert f.budget_full_year == Decimal("1234.5")
    assert f.executed is None and f.fiscal_budget_initial is None
    assert f.execution_rate_declared == Decimal("99.98")
    assert f.execution_score_declared == Decimal("9.99")


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("项目支出绩效自评表(2024年度)", 2024),
        ("项目支出绩效自评表（2022 年度）", 2022),
        ("2023年度项目支出绩效自评表", 2023),
        ("2024年项目支出绩效自评表", 2024),
        ("项目支出绩效自评表", None),
    ],
)
def test_year_from_title(title: str, year: int | None) -> None:
    from normalize.form import year_of

    assert year_of(title) == year
