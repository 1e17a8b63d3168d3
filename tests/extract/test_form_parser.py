"""The form parser maps grids to raw fields by labels, whatever the column layout."""

from __future__ import annotations

from extract.form_parser import parse_form
from extract.locate import locate_forms
from model import Document, RawForm, TextBlock

from .grids import grid

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指 标性质",
    "年度 指标值",
    "绩效度 量单位",
    "实际 完成值",
    "分值",
    "得分",
    "偏差原因分析 及改进措施",
]


def standard_form() -> list:
    """The seed's most common layout: 11 columns, label column merged down each block."""
    return [
        ["项目名称", ("2022-2023年朝阳区互联网接入服务", 1, 10)],
        ["主管部门", ("北京市朝阳区数据局", 1, 4), ("实施单位", 1, 2), ("北京市朝阳区数据局", 1, 4)],
        [
            ("项目资金 (万元)", 5, 1),
            "",
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
            ("", 1, 3),
        ],
        ["年度资金总额", "0", "738.62892", "738.62892", "10", "100%", "10", ("", 1, 3)],
        ["其中：当年财政拨款", "0", "738.62892", "738.62892", "—", "", "—", ("", 1, 3)],
        ["上年结转资金", "", "", "", "—", "", "—", ("", 1, 3)],
        ["其他资金", "", "", "", "—", "", "—", ("", 1, 3)],
        [("年度 总体 目标", 2, 1), ("预期目标", 1, 5), ("实际完成情况", 1, 5)],
        [("朝阳区党政机关提供互联网访问服务。", 1, 5), ("本年度互联网接入稳定。", 1, 5)],
        [("绩效 指标", 5, 1), *HEADER],
        [("产出指标", 2, 1), "数量指标", "总带宽数量", "≥", "6000", "Mbps", "6000", "15", "15", ""],
        ["时效指标", "故障到达现场时间", "≤", "4", "时", "4", "10", "10", ""],
        [
            ("成本指标", 2, 1),
            "经济成本指标",
            "24年支出金额",
            "≤",
            "7578290",
            "元",
            "7578289.2",
            "10",
            "10",
            "因机构改革",
        ],
        ["社会效益指标", "保障接入", "定性", "优良中低差", "项", "优（有效保障）", "30", "30", ""],
        ["总分", ("", 1, 7), "100", "100", ""],
    ]


def parse_grid(rows: list, n_cols: int = 11) -> RawForm:
    doc = Document(
        method="docx", blocks=[TextBlock(text="项目支出绩效自评表 (2024年度)"), grid(rows, n_cols)]
    )
    spans = locate_forms(doc)
    assert len(spans) == 1
    return parse_form(spans[0])


def test_header_fields_and_title() -> None:
    raw = parse_grid(standard_form())
    assert raw.title.text == "项目支出绩效自评表(2024年度)"
    assert raw.project_name.text == "2022-2023年朝阳区互联网接入服务"
    assert raw.department.text == "北京市朝阳区数据局"
    assert raw.implementing_unit.text == "北京市朝阳区数据局"
    assert raw.problems == []


def test_funds_block() -> None:
    raw = parse_grid(standard_form())
    total = {k: v.text for k, v in raw.funds["total"].items()}
    assert total == {"budget_initial": "0", "budget_full_year": "738.62892", "executed": "738.62892"}
    assert raw.funds["fiscal"]["budget_full_year"].text == "738.62892"
    assert raw.funds["carryover"]["executed"].text == ""
    assert (raw.funds_weight.text, raw.execution_rate.text, raw.execution_score.text) == ("10", "100%", "10")


def test_goals_and_total() -> None:
    raw = parse_grid(standard_form())
    assert raw.goal_expected.text == "朝阳区党政机关提供互联网访问服务。"
    assert raw.goal_actual.text == "本年度互联网接入稳定。"
    assert (raw.total_weight.text, raw.total_score.text) == ("100", "100")


def test_indicators_with_merged_level1() -> None:
    raw = parse_grid(standard_form())
    rows = [
        (i.level1.text, i.level1.covered, i.level2.text, i.name.text, i.unit.text) for i in raw.indicators
    ]
    assert rows == [
        ("产出指标", False, "数量指标", "总带宽数量", "Mbps"),
        ("产出指标", True, "时效指标", "故障到达现场时间", "时"),
        ("成本指标", False, "经济成本指标", "24年支出金额", "元"),
        ("成本指标", True, "社会效益指标", "保障接入", "项"),
    ]
    last = raw.indicators[-1]
    assert (last.nature.text, last.target.text, last.actual.text, last.weight.text, last.score.text) == (
        "定性",
        "优良中低差",
        "优(有效保障)",
        "30",
        "30",
    )
    assert raw.indicators[2].deviation.text == "因机构改革"


def test_spacer_columns_in_funds_block() -> None:
    """Values spanning two grid columns and an empty spacer column still land under their header."""
    rows = standard_form()
    rows[2] = [
        ("项目资金(万元)", 5, 1),
        ("", 1, 2),
        ("年初预算数", 1, 2),
        ("全年预算数", 1, 2),
        ("全年执行数", 1, 2),
        "分值",
        "执行率",
        "得分",
    ]
    rows[3] = [("年度资金总额", 1, 2), "", "5", ("6", 1, 2), "7", "", "10", "70%", "7"]
    rows[4] = [("其中:当年财政拨款", 1, 2), ("5", 1, 2), ("6", 1, 2), ("7", 1, 2), "—", "", "—"]
    rows[5] = [("上年结转资金", 1, 2)]  # a row with missing trailing cells
    rows[6] = [("其他资金", 1, 2)]
    raw = parse_grid(rows, n_cols=12)
    assert {k: v.text for k, v in raw.funds["total"].items()} == {
        "budget_initial": "5",
        "budget_full_year": "6",
        "executed": "7",
    }
    assert {k: v.text for k, v in raw.funds["fiscal"].items()} == {
        "budget_initial": "5",
        "budget_full_year": "6",
        "executed": "7",
    }
    assert raw.funds["carryover"]["budget_initial"].text == ""
    assert (raw.funds_weight.text, raw.execution_rate.text, raw.execution_score.text) == ("10", "70%", "7")


def test_half_width_and_full_width_labels() -> None:
    rows = standard_form()
    rows[0] = ["项目名称：", ("某项目", 1, 10)]
    rows[4][0] = "其中:当年财政拨款"
    raw = parse_grid(rows)
    assert raw.project_name.text == "某项目"
    assert raw.funds["fiscal"]["executed"].text == "738.62892"


def test_header_and_total_in_one_row() -> None:
    """A form that writes 年度资金总额 into the header row, each value right of its label."""
    rows = standard_form()
    rows[2] = [
        ("项目资金(万元)", 4, 1),
        "年度资金总额",
        "年初预算数",
        "5",
        "全年预算数",
        "6",
        "全年执行数",
        "7",
        "分值",
        "10",
        "得分",
    ]
    del rows[3]
    raw = parse_grid(rows, n_cols=11)
    assert {k: v.text for k, v in raw.funds["total"].items()} == {
        "budget_initial": "5",
        "budget_full_year": "6",
        "executed": "7",
    }


def test_missing_table_is_reported() -> None:
    rows = standard_form()[:9]
    raw = parse_grid(rows)
    assert raw.indicators == []
    assert raw.problems and "绩效指标表头" in raw.problems[0]
