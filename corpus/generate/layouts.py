"""The visibly different ways a form is laid out. A layout is a rendering choice only: every
layout shows the same cell texts; only grid, spans, merges, wrapping, fonts and page differ."""

from __future__ import annotations

from dataclasses import dataclass

Span = tuple[int, int]
"""(first grid column, number of grid columns) of one cell."""


@dataclass(frozen=True)
class Layout:
    name: str
    description: str
    col_widths_cm: tuple[float, ...]
    # 项目名称 row: label, value. 主管部门 row: label, value, 实施单位 label, value.
    project_spans: tuple[Span, Span]
    dept_spans: tuple[Span, Span, Span, Span]
    # 项目资金 block: the left label (merged down the block), the row label, the six values.
    funds_label_span: Span
    funds_row_label_span: Span
    funds_value_spans: tuple[Span, Span, Span, Span, Span, Span]
    # 年度总体目标 block: left label, 预期目标, 实际完成情况.
    goals_spans: tuple[Span, Span, Span]
    # 绩效指标 block: left label, then 一级 二级 三级 性质 指标值 单位 实际 分值 得分 偏差.
    indicator_spans: tuple[Span, ...]
    # 总分 row: label, 分值, 得分, and the rest (blank).
    total_spans: tuple[Span, Span, Span, Span]
    merge_levels: bool
    wrap_headers: bool
    notes_inside_table: bool
    font: str
    font_size_pt: float
    notes_size_pt: float
    title_size_pt: float
    landscape: bool
    margin_cm: float
    # xlsx_render.number_format_for's variant for a layout outside LAYOUTS (corpus/variants/)
    number_variant: int = 0

    @property
    def n_cols(self) -> int:
        return len(self.col_widths_cm)


def _singles(n: int) -> tuple[Span, ...]:
    return tuple((i, 1) for i in range(n))


# The standard grid: one grid column per indicator column, everything lines up.
GRID11 = Layout(
    name="grid11",
    description="standard 11-column grid, landscape, serif CJK 9pt, level labels merged down "
    "their rows, header texts on one line, 填报注意事项 as 8pt paragraphs below the table",
    col_widths_cm=(1.5, 1.9, 2.3, 4.2, 1.6, 2.0, 1.6, 4.2, 1.2, 1.5, 3.8),
    project_spans=((0, 2), (2, 9)),
    dept_spans=((0, 2), (2, 3), (5, 2), (7, 4)),
    funds_label_span=(0, 1),
    funds_row_label_span=(1, 2),
    funds_value_spans=((3, 1), (4, 2), (6, 2), (8, 1), (9, 1), (10, 1)),
    goals_spans=((0, 1), (1, 5), (6, 5)),
    indicator_spans=_singles(11),
    total_spans=((0, 8), (8, 1), (9, 1), (10, 1)),
    merge_levels=True,
    wrap_headers=False,
    notes_inside_table=False,
    font="Noto Serif CJK SC",
    font_size_pt=9,
    notes_size_pt=8,
    title_size_pt=16,
    landscape=True,
    margin_cm=1.27,
)

# The Excel-born layout seen in the seed: the 项目资金 values each span two grid columns that
# do not line up with the indicator columns, and 偏差原因分析 spans the last two.
SPACER12 = Layout(
    name="spacer12",
    description="12-column grid with spacer columns: 项目资金 values span two grid columns that "
    "do not line up with the indicator columns, 主管部门/实施单位 split at other columns, "
    "level labels repeated in every row, header texts wrapped (绩效指/标性质), sans CJK "
    "(WenQuanYi Micro Hei) 9pt, landscape, notes as paragraphs",
    col_widths_cm=(1.2, 1.7, 2.0, 3.7, 1.6, 2.0, 1.5, 3.7, 1.2, 1.5, 2.1, 2.1),
    project_spans=((0, 2), (2, 10)),
    dept_spans=((0, 2), (2, 5), (7, 2), (9, 3)),
    funds_label_span=(0, 1),
    funds_row_label_span=(1, 2),
    funds_value_spans=((3, 2), (5, 2), (7, 2), (9, 1), (10, 1), (11, 1)),
    goals_spans=((0, 1), (1, 6), (7, 5)),
    indicator_spans=(*_singles(10), (10, 2)),
    total_spans=((0, 8), (8, 1), (9, 1), (10, 2)),
    merge_levels=False,
    wrap_headers=True,
    notes_inside_table=False,
    font="WenQuanYi Micro Hei",
    font_size_pt=9,
    notes_size_pt=9,
    title_size_pt=16,
    landscape=True,
    margin_cm=1.5,
)

# Portrait with larger type and the notes as the table's last row: long forms break across a
# page boundary in the middle of the indicators, as many real submissions do.
PORTRAIT_NOTES = Layout(
    name="portrait-notes",
    description="11-column grid on portrait A4, sans CJK (Noto Sans CJK SC) 10.5pt, level "
    "labels merged, header texts wrapped, 填报注意事项 inside the table as a last row spanning "
    "all columns; long forms break across pages mid-indicators",
    col_widths_cm=(0.9, 1.3, 1.5, 2.6, 1.0, 2.2, 1.4, 2.4, 1.2, 1.7, 2.4),
    project_spans=((0, 2), (2, 9)),
    dept_spans=((0, 2), (2, 4), (6, 2), (8, 3)),
    funds_label_span=(0, 1),
    funds_row_label_span=(1, 2),
    funds_value_spans=((3, 1), (4, 2), (6, 2), (8, 1), (9, 1), (10, 1)),
    goals_spans=((0, 1), (1, 5), (6, 5)),
    indicator_spans=_singles(11),
    total_spans=((0, 8), (8, 1), (9, 1), (10, 1)),
    merge_levels=True,
    wrap_headers=True,
    notes_inside_table=True,
    font="Noto Sans CJK SC",
    font_size_pt=10.5,
    notes_size_pt=10.5,
    title_size_pt=18,
    landscape=False,
    margin_cm=1.1,
)

# A 13-column grid whose 项目资金 label is two columns wide (the row labels start further
# right), values one column each, and 实施单位 split late; repeated labels, notes in the table.
WIDE13 = Layout(
    name="wide13",
    description="13-column grid: 项目资金 label two columns wide, 项目名称/主管部门 labels one "
    "column, 实施单位 split late, level labels repeated, header texts on one line, serif CJK "
    "8.5pt, landscape, 填报注意事项 inside the table as a last row",
    col_widths_cm=(1.3, 0.6, 1.8, 2.2, 4.0, 1.5, 2.0, 1.5, 4.0, 1.3, 1.5, 2.0, 1.9),
    project_spans=((0, 2), (2, 11)),
    dept_spans=((0, 2), (2, 6), (8, 2), (10, 3)),
    funds_label_span=(0, 2),
    funds_row_label_span=(2, 2),
    funds_value_spans=((4, 1), (5, 2), (7, 2), (9, 1), (10, 1), (11, 2)),
    goals_spans=((0, 2), (2, 5), (7, 6)),
    indicator_spans=((0, 2), *((i, 1) for i in range(2, 11)), (11, 2)),
    total_spans=((0, 9), (9, 1), (10, 1), (11, 2)),
    merge_levels=False,
    wrap_headers=False,
    notes_inside_table=True,
    font="Noto Serif CJK SC",
    font_size_pt=8.5,
    notes_size_pt=8.5,
    title_size_pt=15,
    landscape=True,
    margin_cm=1.2,
)

LAYOUTS: tuple[Layout, ...] = (GRID11, SPACER12, PORTRAIT_NOTES, WIDE13)


def layout_for(truth_id: str) -> Layout:
    """Fixed choice by id, so every regeneration gives every form the same layout."""
    return LAYOUTS[(int(truth_id) - 1) % len(LAYOUTS)]
