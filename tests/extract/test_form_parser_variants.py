# ruff: noqa: E501  (grid pictures: one form row a line)
"""The form parser on other places' and years' layouts (issue 12), from hand-built grids: every
block and column found by the header's labels and structure, whatever the layout."""

from __future__ import annotations

from extract.form_parser import parse_form
from extract.locate import locate_forms
from model import Document, RawForm, TextBlock

from .grids import grid

HEAD = [("项目名称", 1, 2), ("某区政务云运维服务", 1, 8)]


def parse(rows: list, n_cols: int = 10, lines: tuple[str, ...] = ("2022年度项目支出绩效自评表",)) -> RawForm:
    doc = Document(method="docx", blocks=[*(TextBlock(text=t) for t in lines), grid(rows, n_cols)])
    spans = locate_forms(doc)
    assert len(spans) == 1
    return parse_form(spans[0])


def funds(label: str = "项目资金（万元）") -> list:
    return [
        [(label, 3, 1), ("", 1, 1), "年初预算数", ("全年预算数", 1, 2), "全年执行数", "分值", "执行率", ("得分", 1, 2)],
        ["年度资金总额", "0", ("100", 1, 2), "90", "10", "90%", ("9", 1, 2)],
        ["其中：当年财政拨款", "0", ("100", 1, 2), "90", "—", "", ("—", 1, 2)],
    ]  # fmt: skip


def goals() -> list:
    return [
        [("年度总体目标", 2, 1), ("预期目标", 1, 4), ("实际完成情况", 1, 5)],
        [("保障政务云稳定运行。", 1, 4), ("政务云全年稳定运行。", 1, 5)],
    ]


def test_inline_targets_department_line_and_title_without_year() -> None:
    """No 指标性质 / 度量单位 columns; `部门：…` above the table; a title with no (2024年度)."""
    rows = [
        HEAD,
        *funds(),
        *goals(),
        ["一级指标", "二级指标", ("三级指标", 1, 2), "年度指标值", "实际完成值", "分值", "得分", ("偏差原因分析及改进措施", 1, 2)],
        [("产出指标", 2, 1), "数量指标", ("服务次数", 1, 2), "≥50个", "52个", "20", "20", ("", 1, 2)],
        ["时效指标", ("响应时间", 1, 2), "≤2小时", "1.5小时", "20", "20", ("", 1, 2)],
        [("总分", 1, 6), "100", "99", ("", 1, 2)],
    ]  # fmt: skip
    raw = parse(rows, lines=("2022年度项目支出绩效自评表", "部门：某区经济和信息化局"))
    assert raw.title.text == "2022年度项目支出绩效自评表"
    assert raw.department.text == "某区经济和信息化局"
    assert [(i.name.text, i.target.text, i.nature.text, i.unit.text) for i in raw.indicators] == [
        ("服务次数", "≥50个", "", ""),
        ("响应时间", "≤2小时", "", ""),
    ]
    assert (raw.total_weight.text, raw.total_score.text) == ("100", "99")
    assert raw.missing_blocks == []


def test_two_row_indicator_header() -> None:
    """年度指标值 over 指标性质 | 指标值 | 度量单位, the other headers spanning both rows, words split over lines."""
    rows = [
        HEAD,
        *funds(),
        *goals(),
        [("一级\n指标", 2, 1), ("二级\n指标", 2, 1), ("三级指标", 2, 1), ("年度指标值", 1, 3), ("实际\n完成值", 2, 1),
         ("分值", 2, 1), ("得分", 2, 1), ("偏差原因\n分析及改进措施", 2, 1)],
        ["指标\n性质", "指标值", "度量\n单位"],
        ["产出指标", "数量指标", "服务次数", "", "50", "个", "52", "20", "20", ""],
        [("总分", 1, 7), "100", "99", ""],
    ]  # fmt: skip
    raw = parse(rows)
    [ind] = raw.indicators
    assert (ind.nature.text, ind.target.text, ind.unit.text, ind.actual.text) == ("", "50", "个", "52")
    assert (ind.weight.text, ind.score.text) == ("20", "20")


def test_two_row_funds_header_and_other_labels() -> None:
    """预算数 over 年初 | 全年 (a group label completing its sub-labels), (A)/(B/A) annotations,
    总额 / 财政资金 / 单位资金 rows, 元 as the block's unit, 权重 for 分值."""
    rows = [
        HEAD,
        [("项目资金（元）", 5, 1), ("", 2, 1), ("预算数", 1, 2), ("执行数（B）", 2, 1), ("权重", 2, 1),
         ("执行率（B/A）", 2, 1), ("得分", 2, 2)],
        ["年初", "全年（A）"],
        ["总额", "0", "1000000.00", "900000.00", "10", "90%", ("9", 1, 2)],
        ["其中：财政资金", "0", "1000000.00", "900000.00", "—", "", ("—", 1, 2)],
        ["单位资金", "", "", "", "—", "", ("—", 1, 2)],
    ]  # fmt: skip
    raw = parse(rows)
    assert raw.funds_unit.text == "元"
    assert {k: v.text for k, v in raw.funds["total"].items()} == {
        "budget_initial": "0",
        "budget_full_year": "1000000.00",
        "executed": "900000.00",
    }
    assert raw.funds["fiscal"]["executed"].text == "900000.00"
    assert "other" in raw.funds
    assert (raw.funds_weight.text, raw.execution_rate.text, raw.execution_score.text) == ("10", "90%", "9")


def test_placeholder_and_template_rows_are_no_indicators() -> None:
    rows = [
        HEAD,
        *funds(),
        *goals(),
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [("产出指标", 4, 1), ("数量指标", 3, 1), "指标1：服务次数", "≥", "50", "个", "52", "20", "20", ""],
        ["指标2", "", "", "", "", "", "", ""],
        ["……", "", "", "", "", "", "", ""],
        ["质量指标", "", "", "", "", "", "", "", ""],
        [("其他需要说明事项", 1, 3), ("无", 1, 7)],
        [("评价结论", 1, 3), ("项目按计划实施。", 1, 7)],
        [("自评结果应用", 1, 3), ("☑纳入下年度预算安排参考 □其他", 1, 7)],
        [("填报人：李某某 联系电话：010-1234 填报日期：2022年3月15日", 1, 10)],
        [("总分", 1, 7), "100", "99", ""],
    ]  # fmt: skip
    raw = parse(rows)
    assert [i.name.text for i in raw.indicators] == ["指标1:服务次数"]


def test_group_weights_merged_group_score_and_declared_grade() -> None:
    rows = [
        HEAD,
        *funds(),
        *goals(),
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [("产出指标（40分）", 2, 1), "数量指标", "服务次数", "≥", "50", "个", "52", "20", ("39", 2, 1), ""],
        ["质量指标", "合格率", "≥", "95", "%", "93", "20", "有偏差"],
        [("满意度(10分)", 1, 1), "服务对象满意度指标", "满意度", "≥", "90", "%", "95", "10", "10", ""],
        [("总分", 1, 7), "100", "58", "差"],
    ]  # fmt: skip
    raw = parse(rows)
    assert [i.level1.text for i in raw.indicators] == ["产出指标(40分)", "产出指标(40分)", "满意度(10分)"]
    assert [i.group_score.text for i in raw.indicators] == ["39", "", ""]
    assert [i.score.text for i in raw.indicators] == ["", "", "10"]
    assert (raw.total_weight.text, raw.total_score.text, raw.grade_declared.text) == ("100", "58", "差")


def test_goals_as_label_value_rows() -> None:
    rows = [
        HEAD,
        *funds(),
        [("项目基本情况", 1, 2), ("保障政务云稳定运行。", 1, 8)],
        [("年度总体目标完成情况", 1, 2), ("政务云全年稳定运行。", 1, 8)],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "服务次数", "≥", "50", "个", "52", "20", "20", ""],
        [("合计", 1, 7), "100", "99", ""],
    ]  # fmt: skip
    raw = parse(rows)
    assert raw.goal_expected.text == "保障政务云稳定运行。"
    assert raw.goal_actual.text == "政务云全年稳定运行。"
    assert len(raw.indicators) == 1
    assert (raw.total_weight.text, raw.total_score.text) == ("100", "99")


def test_blank_template_reports_each_block_once_and_invents_no_rows() -> None:
    rows = [
        [("项目名称", 1, 2), ("", 1, 8)],
        [("主管部门", 1, 2), ("", 1, 3), ("实施单位（盖章）", 1, 2), ("", 1, 3)],
        [("项目资金（万元）", 2, 1), ("", 1, 1), "年初预算数", ("全年预算数", 1, 2), "全年执行数", "分值", "执行率", ("得分", 1, 2)],
        ["年度资金总额", "", ("", 1, 2), "", "", "", ("", 1, 2)],
        [("年度总体目标", 2, 1), ("预期目标", 1, 4), ("实际完成情况", 1, 5)],
        [("", 1, 4), ("", 1, 5)],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        [("产出指标", 2, 1), "数量指标", "指标1", "", "", "", "", "", "", ""],
        ["质量指标", "指标1", "", "", "", "", "", "", ""],
        [("总分", 1, 7), "", "", ""],
    ]  # fmt: skip
    raw = parse(rows, lines=("项目支出绩效自评表（    年度）",))
    assert raw.indicators == []
    assert raw.goal_expected.text == ""
    assert sorted(raw.missing_blocks) == ["funds", "goals", "header", "indicators", "total"]


def test_form_cut_after_its_funds_block() -> None:
    rows = [HEAD, *funds()]
    raw = parse(rows)
    assert raw.funds["total"]["budget_full_year"].text == "100"
    assert raw.indicators == []
    assert raw.missing_blocks == ["goals", "indicators", "total"]
