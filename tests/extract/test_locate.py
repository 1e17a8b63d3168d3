"""Forms are found by titles and labels: several per file, title in or out of the table."""

from __future__ import annotations

from extract.locate import locate_forms
from model import Document, TextBlock

from .grids import grid

FORM = [
    ["项目名称", "项目{n}"],
    ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    ["产出指标", "数量指标", "报告", "10", "10"],
    ["总分", "", "", "100", "100"],
]


def rows(n: int) -> list:
    return [[c.format(n=n) for c in r] for r in FORM]


def test_two_forms_with_titles_outside_tables() -> None:
    doc = Document(
        method="pdf-text",
        blocks=[
            TextBlock(text="项目支出绩效自评表", page=1),
            TextBlock(text="(2024年度)", page=1),
            grid(rows(1), page=1),
            TextBlock(text="填报注意事项：1. 自评表应覆盖本单位本年度全部项目", page=1),
            TextBlock(text="项目支出绩效自评表 (2024年度)", page=2),
            grid(rows(2), page=2),
        ],
    )
    spans = locate_forms(doc)
    assert [[t.text for t in s.titles] for s in spans] == [
        ["项目支出绩效自评表", "(2024年度)"],
        ["项目支出绩效自评表(2024年度)"],
    ]
    assert [s.pages for s in spans] == [[1], [2]]


def test_title_row_inside_one_grid_holding_two_forms() -> None:
    """An Excel sheet with two forms stacked: titles are merged rows of the same grid."""
    stacked = [["项目支出绩效自评表(2024年度)"], *rows(1), ["项目支出绩效自评表(2024年度)"], *rows(2)]
    spans = locate_forms(Document(method="pdf-text", blocks=[grid(stacked, n_cols=5)]))
    assert len(spans) == 2
    assert all(s.titles[0].text == "项目支出绩效自评表(2024年度)" for s in spans)


def test_forms_without_titles_split_at_project_name() -> None:
    spans = locate_forms(Document(method="docx", blocks=[grid(rows(1) + rows(2))]))
    assert len(spans) == 2 and spans[0].titles == []


def test_a_table_that_is_not_a_form() -> None:
    doc = Document(
        method="docx", blocks=[TextBlock(text="会议纪要"), grid([["姓名", "单位"], ["张三", "某局"]])]
    )
    assert locate_forms(doc) == []
