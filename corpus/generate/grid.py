"""One form as an abstract table (cells with row/column spans), shared by the DOCX and XLSX
renderers so that both show exactly the same texts and merges."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from .layouts import Layout, Span
from .notes import NOTES, NOTES_HEADING
from .truth import FUNDS_ROWS, Truth, rendered_target_text


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bold: bool = False
    align: str = "center"  # "center" | "left"


@dataclass
class FormTable:
    layout: Layout
    title_lines: list[str]
    n_rows: int = 0
    cells: list[Cell] = field(default_factory=list)
    notes_outside: list[str] = field(default_factory=list)
    lines_above: list[str] = field(default_factory=list)  # left-aligned lines between title and table

    def add(self, row: int, span: Span, text: str, rowspan: int = 1, **kw: Any) -> None:
        self.cells.append(Cell(row, span[0], text, rowspan=rowspan, colspan=span[1], **kw))
        self.n_rows = max(self.n_rows, row + rowspan)


# Full-width forms of the ASCII punctuation NFKC produced in the truth. Real forms are typed
# with a Chinese IME; rendering the full-width form makes the extractor's NFKC step matter.
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})
_CJK = re.compile(r"[\u3400-\u9fff]")
_WS = re.compile(r"\s+")
_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")


def _clean(value: str) -> str:
    # The contract's text rule (normalize.text.clean_text), repeated here so the generator
    # does not depend on the code it produces test inputs for.
    s = _WS.sub(" ", unicodedata.normalize("NFKC", value)).strip()
    return _LONE_SPACE.sub("", s)


def as_typed(text: str) -> str:
    """The text as a person would have typed it: full-width punctuation in Chinese text.
    Falls back to the text itself if the round trip through the text rule would change it."""
    if not text or not _CJK.search(text):
        return text
    typed = text.translate(_FULL_WIDTH)
    return typed if _clean(typed) == _clean(text) else text


def title_lines(truth: Truth) -> list[str]:
    """The title on one line or split before the year, as the form had it."""
    title = as_typed(truth["title"])
    if int(truth.get("title_lines") or 1) == 2:
        cut = title.find("（")
        if cut > 0:
            return [title[:cut], title[cut:]]
    return [title]


_HEADERS_FLAT = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标性质",
    "年度指标值",
    "绩效度量单位",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
# Narrow header cells in the seed wrap mid-word; the break is written in, as Word users do.
_HEADERS_WRAPPED = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指\n标性质",
    "年度\n指标值",
    "绩效度\n量单位",
    "实际\n完成值",
    "分值",
    "得分",
    "偏差原因分析\n及改进措施",
)


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(start, length) of runs of equal, non-empty values; empty values stay single cells."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(values):
        j = i + 1
        if values[i]:
            while j < len(values) and values[j] == values[i]:
                j += 1
        runs.append((i, j - i))
        i = j
    return runs


def _indicator_cells(
    table: FormTable, first_row: int, indicators: list[dict[str, Any]], truth: Truth
) -> None:
    lay = table.layout
    spans = lay.indicator_spans
    level1 = [as_typed(ind["level1_raw"]) for ind in indicators]
    level2 = [as_typed(ind["level2_raw"]) for ind in indicators]
    if lay.merge_levels:
        for start, length in _runs(level1):
            table.add(first_row + start, spans[1], level1[start], rowspan=length)
            # 二级 labels merge only inside their 一级 block, as the forms draw them.
            for s2, l2 in _runs(level2[start : start + length]):
                table.add(first_row + start + s2, spans[2], level2[start + s2], rowspan=l2)
    else:
        for k in range(len(indicators)):
            table.add(first_row + k, spans[1], level1[k])
            table.add(first_row + k, spans[2], level2[k])
    for k, ind in enumerate(indicators):
        row = first_row + k
        values = (
            (ind["name_raw"], "left"),
            (ind["nature_raw"], "center"),
            (rendered_target_text(truth, ind), "center"),
            (ind["unit_raw"], "center"),
            (ind["actual_text"], "left"),
            (ind["weight"] or "", "center"),
            (ind["score_declared"] or "", "center"),
            (ind["deviation_note"], "left"),
        )
        for span, (text, align) in zip(spans[3:], values, strict=True):
            table.add(row, span, as_typed(text or ""), align=align)


def build_table(truth: Truth, layout: Layout) -> FormTable:
    """Every cell of the form in `layout`. Texts are the truth's raw values; nothing else."""
    t = FormTable(layout=layout, title_lines=title_lines(truth))
    full: Span = (0, layout.n_cols)
    r = 0
    p_label, p_value = layout.project_spans
    t.add(r, p_label, "项目名称")
    t.add(r, p_value, as_typed(truth["project_name"]), align="left")
    r += 1
    d_label, d_value, u_label, u_value = layout.dept_spans
    t.add(r, d_label, "主管部门")
    t.add(r, d_value, as_typed(truth["department"]), align="left")
    t.add(r, u_label, "实施单位")
    t.add(r, u_value, as_typed(truth["implementing_unit"]), align="left")
    r += 1

    t.add(r, layout.funds_label_span, "项目资金\n（万元）", rowspan=1 + len(FUNDS_ROWS))
    t.add(r, layout.funds_row_label_span, "")
    for span, head in zip(
        layout.funds_value_spans,
        ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        strict=True,
    ):
        t.add(r, span, head)
    r += 1
    funds_raw = truth["funds_raw"]
    for key, label in FUNDS_ROWS:
        t.add(r, layout.funds_row_label_span, label, align="left")
        for span, value in zip(layout.funds_value_spans, funds_raw[key], strict=True):
            t.add(r, span, as_typed(value))
        r += 1

    g_label, g_expected, g_actual = layout.goals_spans
    goal_label = "年度\n总体\n目标" if layout.wrap_headers else "年度总体目标"
    t.add(r, g_label, goal_label, rowspan=2)
    t.add(r, g_expected, "预期目标")
    t.add(r, g_actual, "实际完成情况")
    t.add(r + 1, g_expected, as_typed(truth["goal_expected"]), align="left")
    t.add(r + 1, g_actual, as_typed(truth["goal_actual"]), align="left")
    r += 2

    indicators = truth["indicators"]
    spans = layout.indicator_spans
    label = "绩效\n指标" if layout.wrap_headers else "绩效指标"
    t.add(r, spans[0], label, rowspan=1 + len(indicators))
    headers = _HEADERS_WRAPPED if layout.wrap_headers else _HEADERS_FLAT
    for span, head in zip(spans[1:], headers, strict=True):
        t.add(r, span, head)
    _indicator_cells(t, r + 1, indicators, truth)
    r += 1 + len(indicators)

    s_label, s_weight, s_score, s_rest = layout.total_spans
    t.add(r, s_label, "总分")
    t.add(r, s_weight, truth.get("total_weight_declared") or "")
    t.add(r, s_score, truth.get("total_score_declared") or "")
    t.add(r, s_rest, "")
    r += 1

    notes = [NOTES_HEADING, *NOTES]
    if layout.notes_inside_table:
        t.add(r, full, "\n".join(notes), align="left")
    else:
        t.notes_outside = notes
    return t


# Rough glyph advances in em, enough to tell whether a number fits its column.
_EM_NARROW = 0.56
_EM_WIDE_ASCII = 0.9  # % and capitals
_CELL_PADDING_CM = 0.4  # Word's default left + right cell margins (0.19 cm each), plus slack
_PT_TO_CM = 2.54 / 72
_TOKEN = re.compile(r"[0-9A-Za-z.%/:,+\-]+")


def _token_width_cm(token: str, size_pt: float) -> float:
    ems = sum(
        0.3 if ch in ".,:" else _EM_WIDE_ASCII if ch == "%" or ch.isupper() else _EM_NARROW for ch in token
    )
    return ems * size_pt * _PT_TO_CM


def unbreakable_overflows(table: FormTable) -> list[str]:
    """Numbers and Latin words too wide for their cell. A number wrapped inside a cell reads
    back as "10 0%", which is not what the form says, so the generator refuses such layouts."""
    lay = table.layout
    problems = []
    for cell in table.cells:
        width = sum(lay.col_widths_cm[cell.col : cell.col + cell.colspan]) - _CELL_PADDING_CM
        for token in _TOKEN.findall(cell.text):
            if _token_width_cm(token, lay.font_size_pt) > width:
                problems.append(f"{lay.name} r{cell.row}c{cell.col}: {token!r} wider than {width:.2f} cm")
    return problems
