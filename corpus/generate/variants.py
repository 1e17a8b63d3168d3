"""The variant layouts of corpus/variants/ as data, and one form of them as a FormTable.

A variant layout says which blocks a form has, in which order, with which labels, which
indicator columns (and which header rows over them), which funds columns and rows, and how the
page looks. Everything a form says comes from its truth (corpus/variants/truth/VNN.json); the
truth's `render` block adds what is on the form but is no field (placeholder rows, rows after the
table, lines above and below it) and cells written differently from their clean text
(`as_written`, checked to clean back to the truth's value).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .grid import Cell, FormTable, _clean, _runs, as_typed
from .layouts import GRID11, Layout, Span

Truth = dict[str, Any]

FUNDS_KEYS = ("total", "fiscal", "carryover", "other")
IND_KEYS = ("level1", "level2", "name", "nature", "target", "unit", "actual", "weight", "score", "note")
_FIELD = {
    "level1": "level1_raw",
    "level2": "level2_raw",
    "name": "name_raw",
    "nature": "nature_raw",
    "target": "target_text",
    "unit": "unit_raw",
    "actual": "actual_text",
    "weight": "weight",
    "score": "score_declared",
    "note": "deviation_note",
}
_ALIGN = {"name": "left", "actual": "left", "note": "left"}


@dataclass(frozen=True)
class VLayout:
    name: str
    description: str
    # indicator columns: (key, header text); key in IND_KEYS; widths in cm per key
    columns: tuple[tuple[str, str], ...]
    widths: dict[str, float]
    # a header row above the column headers: (text, first key, last key); other columns span both
    header_groups: tuple[tuple[str, str, str], ...] = ()
    block_label: str | None = "绩效指标"  # the left-most label of the indicator block
    block_label_width: float = 1.2
    label_cols: int = 2  # grid columns of the 项目名称 / 实施单位 labels
    funds_label: str = "项目资金\n（{unit}）"
    # (slot of funds_raw, header); slots 0-5: 年初预算数 全年预算数 全年执行数 分值 执行率 得分
    funds_cols: tuple[tuple[int, str], ...] = (
        (0, "年初预算数"),
        (1, "全年预算数"),
        (2, "全年执行数"),
        (3, "分值"),
        (4, "执行率"),
        (5, "得分"),
    )
    # a header row above the funds headers: (text, first slot, last slot); others span both rows
    funds_groups: tuple[tuple[str, int, int], ...] = ()
    funds_rows: tuple[tuple[str, str], ...] = (
        ("total", "年度资金总额"),
        ("fiscal", "其中：当年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "其他资金"),
    )
    goals_style: str = "rows"  # "rows": label | 预期目标 | 实际完成情况 over the texts; "side": one row each
    goals_labels: tuple[str, str, str] = ("年度总体目标", "预期目标", "实际完成情况")
    dept_in_table: bool = True
    dept_line: str | None = None  # a line above the table, e.g. "部门：{department}"
    unit_label: str = "实施单位"
    total_label: str = "总分"
    grade_cell: bool = False  # the declared grade in the cell after the total score
    merge_levels: bool = True
    font: str = "Noto Serif CJK SC"
    font_size_pt: float = 9
    landscape: bool = True
    margin_cm: float = 1.27
    number_variant: int = 0  # xlsx_render.number_format_for's variant


def page_layout(v: VLayout) -> Layout:
    """The renderers' Layout (page, fonts, grid widths) of a variant layout."""
    widths = ([v.block_label_width] if v.block_label else []) + [v.widths[k] for k, _ in v.columns]
    return replace(
        GRID11,
        name=v.name,
        description=v.description,
        col_widths_cm=tuple(widths),
        merge_levels=v.merge_levels,
        wrap_headers=False,
        notes_inside_table=False,
        font=v.font,
        font_size_pt=v.font_size_pt,
        notes_size_pt=v.font_size_pt,
        title_size_pt=16 if v.landscape else 15,
        landscape=v.landscape,
        margin_cm=v.margin_cm,
        number_variant=v.number_variant,
    )


def _split(start: int, end: int, k: int) -> list[Span]:
    """k contiguous spans covering grid columns start..end-1, as equal as they come."""
    n = end - start
    if k > n:
        raise ValueError(f"{k} cells do not fit {n} grid columns")
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    spans, c = [], start
    for s in sizes:
        spans.append((c, s))
        c += s
    return spans


@dataclass
class _Builder:
    truth: Truth
    v: VLayout
    table: FormTable
    row: int = 0
    written: dict[str, str] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return self.table.layout.n_cols

    def add(self, row: int, span: Span, text: str, rowspan: int = 1, align: str = "center") -> None:
        self.table.add(row, span, text, rowspan=rowspan, align=align)


def _text(truth: Truth, key: str, value: str | None) -> str:
    """A cell as the form writes it: the as_written override, else the clean text as typed."""
    over = truth.get("render", {}).get("as_written", {}).get(key)
    if over is not None:
        if _clean(over) != _clean(value or ""):
            raise ValueError(f"{truth['id']} {key}: {over!r} does not clean to {value!r}")
        return over
    return as_typed(value or "")


def build_variant_table(truth: Truth, v: VLayout) -> FormTable:
    lay = page_layout(v)
    r = truth.get("render", {})
    title = r.get("title_as_written") or as_typed(truth["title"])
    lines = [title]
    if int(truth.get("title_lines") or 1) == 2:
        cut = title.find("（")
        lines = [title[:cut], title[cut:]] if cut > 0 else lines
    t = FormTable(layout=lay, title_lines=lines)
    above = list(r.get("lines_above", []))
    if v.dept_line:
        above.insert(0, v.dept_line.format(department=as_typed(truth["department"])))
    t.lines_above = above
    b = _Builder(truth, v, t)
    n = lay.n_cols
    lc = v.label_cols
    blocks = r.get("blocks", ["header", "funds", "goals", "indicators", "total"])

    if "header" in blocks:
        b.add(b.row, (0, lc), "项目名称")
        b.add(b.row, (lc, n - lc), as_typed(truth["project_name"]), align="left")
        b.row += 1
        if v.dept_in_table:
            mid = lc + (n - lc) // 2
            b.add(b.row, (0, lc), "主管部门")
            b.add(b.row, (lc, mid - lc - 1), as_typed(truth["department"]), align="left")
            b.add(b.row, (mid - 1, 2), v.unit_label)
            b.add(b.row, (mid + 1, n - mid - 1), as_typed(truth["implementing_unit"]), align="left")
        else:
            b.add(b.row, (0, lc), v.unit_label)
            b.add(b.row, (lc, n - lc), as_typed(truth["implementing_unit"]), align="left")
        b.row += 1
    if "funds" in blocks:
        _funds(b)
    if "goals" in blocks:
        _goals(b)
    if "indicators" in blocks:
        _indicators(b)
    if "total" in blocks:
        _total(b)
    for label, text in r.get("after_rows", []):
        if label is None:
            b.add(b.row, (0, n), as_typed(text), align="left")
        else:
            b.add(b.row, (0, lc), as_typed(label))
            b.add(b.row, (lc, n - lc), as_typed(text), align="left")
        b.row += 1
    t.notes_outside = [as_typed(x) for x in r.get("lines_below", [])]
    return t


def _funds(b: _Builder) -> None:
    truth, v, n = b.truth, b.v, b.n
    cols = v.funds_cols
    shown = {slot for slot, _ in cols}
    for key, row in truth["funds_raw"].items():
        hidden = [row[i] for i in range(6) if i not in shown and row[i]]
        if hidden:
            raise ValueError(f"{truth['id']}: funds {key} has {hidden} in a column {v.name} does not show")
    rows = v.funds_rows
    for key in FUNDS_KEYS:
        if key not in {k for k, _ in rows} and any(truth["funds_raw"][key]):
            raise ValueError(f"{truth['id']}: funds row {key} not shown by {v.name}")
    head_rows = 2 if v.funds_groups else 1
    unit = truth.get("funds_unit_raw") or "万元"
    label = v.funds_label.format(unit=unit)
    b.add(b.row, (0, 1), label, rowspan=head_rows + len(rows))
    row_label: Span = (1, v.label_cols)
    b.add(b.row, row_label, "", rowspan=head_rows)
    spans = _split(row_label[0] + row_label[1], n, len(cols))
    slot_span = {slot: span for (slot, _), span in zip(cols, spans, strict=True)}
    grouped: set[int] = set()
    for text, first, last in v.funds_groups:
        i0 = [s for s, _ in cols].index(first)
        i1 = [s for s, _ in cols].index(last)
        c0 = spans[i0][0]
        c1 = spans[i1][0] + spans[i1][1]
        b.add(b.row, (c0, c1 - c0), text)
        grouped.update(s for s, _ in cols[i0 : i1 + 1])
    for slot, head in cols:
        if slot in grouped:
            b.add(b.row + 1, slot_span[slot], head)
        else:
            b.add(b.row, slot_span[slot], head, rowspan=head_rows)
    b.row += head_rows
    for key, text in rows:
        b.add(b.row, row_label, text, align="left")
        for slot, _ in cols:
            b.add(b.row, slot_span[slot], as_typed(truth["funds_raw"][key][slot]))
        b.row += 1


def _goals(b: _Builder) -> None:
    truth, v, n, lc = b.truth, b.v, b.n, b.v.label_cols
    label, expected, actual = v.goals_labels
    if v.goals_style == "rows":
        mid = 1 + (n - 1) // 2
        b.add(b.row, (0, 1), label, rowspan=2)
        b.add(b.row, (1, mid - 1), expected)
        b.add(b.row, (mid, n - mid), actual)
        b.add(b.row + 1, (1, mid - 1), as_typed(truth["goal_expected"]), align="left")
        b.add(b.row + 1, (mid, n - mid), as_typed(truth["goal_actual"]), align="left")
        b.row += 2
    else:  # side: one row each, the label on the left
        b.add(b.row, (0, lc), expected)
        b.add(b.row, (lc, n - lc), as_typed(truth["goal_expected"]), align="left")
        b.add(b.row + 1, (0, lc), actual)
        b.add(b.row + 1, (lc, n - lc), as_typed(truth["goal_actual"]), align="left")
        b.row += 2


def _indicators(b: _Builder) -> None:
    truth, v = b.truth, b.v
    r = truth.get("render", {})
    first = 1 if v.block_label else 0
    col_of = {key: first + i for i, (key, _) in enumerate(v.columns)}
    head_rows = 2 if v.header_groups else 1

    # Block rows: indicators and, where render.placeholders says, rows that are not indicators.
    rows: list[dict[str, str]] = []
    place = r.get("placeholders", [])  # [{"after": seq or 0, "cells": {key: text}}]
    for p in [p for p in place if p["after"] == 0]:
        rows.append({"_kind": "placeholder", **{k: as_typed(x) for k, x in p["cells"].items()}})
    for ind in truth["indicators"]:
        cells = {"_kind": "indicator", "_seq": str(ind["seq"])}
        for key, _ in v.columns:
            cells[key] = _text(truth, f"{ind['seq']}.{_FIELD[key]}", ind[_FIELD[key]])
        rows.append(cells)
        for p in [p for p in place if p["after"] == ind["seq"]]:
            rows.append({"_kind": "placeholder", **{k: as_typed(x) for k, x in p["cells"].items()}})
    for row in rows:
        for key, _ in v.columns:
            row.setdefault(key, "")

    top = b.row
    if v.block_label:
        b.add(top, (0, 1), v.block_label, rowspan=head_rows + len(rows))
    grouped: set[str] = set()
    keys = [k for k, _ in v.columns]
    for text, k0, k1 in v.header_groups:
        c0, c1 = col_of[k0], col_of[k1]
        b.add(top, (c0, c1 - c0 + 1), text)
        grouped.update(keys[keys.index(k0) : keys.index(k1) + 1])
    for key, head in v.columns:
        if key in grouped:
            b.add(top + 1, (col_of[key], 1), head)
        else:
            b.add(top, (col_of[key], 1), head, rowspan=head_rows)
    first_row = top + head_rows

    merged = {"level1", "level2"} if v.merge_levels else set()
    # a group score (truth groups[].score_declared) is one cell over the group's rows
    group_score = {
        g["level1"]: g["score_declared"] for g in truth.get("groups", []) if g.get("score_declared")
    }
    if group_score:
        merged.add("score")
    if "level1" in merged:
        l1 = [row["level1"] for row in rows]
        for s, ln in _runs(l1):
            b.add(first_row + s, (col_of["level1"], 1), l1[s], rowspan=ln)
            l2 = [row["level2"] for row in rows[s : s + ln]]
            for s2, ln2 in _runs(l2):
                b.add(first_row + s + s2, (col_of["level2"], 1), l2[s2], rowspan=ln2)
            if "score" in merged:
                inds = [
                    truth["indicators"][int(row["_seq"]) - 1]
                    for row in rows[s : s + ln]
                    if row["_kind"] == "indicator"
                ]
                lv = inds[0]["level1"] if inds else ""
                if lv in group_score:
                    b.add(first_row + s, (col_of["score"], 1), group_score[lv], rowspan=ln)
                else:
                    for k in range(ln):
                        b.add(first_row + s + k, (col_of["score"], 1), rows[s + k]["score"])
    for k, row in enumerate(rows):
        for key, _ in v.columns:
            if key in merged:
                continue
            b.add(first_row + k, (col_of[key], 1), row[key], align=_ALIGN.get(key, "center"))
    b.row = first_row + len(rows)


def _total(b: _Builder) -> None:
    truth, v, n = b.truth, b.v, b.n
    first = 1 if v.block_label else 0
    keys = [k for k, _ in v.columns]
    cw = first + keys.index("weight")
    cs = first + keys.index("score")
    if cs != cw + 1:
        raise ValueError(f"{v.name}: 分值 and 得分 must be neighbours for the total row")
    b.add(b.row, (0, cw), v.total_label)
    b.add(b.row, (cw, 1), truth.get("total_weight_declared") or "")
    b.add(b.row, (cs, 1), truth.get("total_score_declared") or "")
    rest = cs + 1
    if rest < n:
        if v.grade_cell:
            b.add(b.row, (rest, 1), truth.get("grade_declared") or "")
            if rest + 1 < n:
                b.add(b.row, (rest + 1, n - rest - 1), "")
        else:
            b.add(b.row, (rest, n - rest), "")
    b.row += 1


def check_spans(table: FormTable) -> list[str]:
    """Every grid position covered by exactly one cell (the renderers rely on it)."""
    seen: dict[tuple[int, int], Cell] = {}
    problems = []
    for cell in table.cells:
        for rr in range(cell.row, cell.row + cell.rowspan):
            for cc in range(cell.col, cell.col + cell.colspan):
                if (rr, cc) in seen:
                    problems.append(f"r{rr}c{cc} covered twice ({seen[(rr, cc)].text!r}, {cell.text!r})")
                seen[(rr, cc)] = cell
    for rr in range(table.n_rows):
        for cc in range(table.layout.n_cols):
            if (rr, cc) not in seen:
                problems.append(f"r{rr}c{cc} not covered")
    return problems


# ---------------------------------------------------------------------------------------------
# The layouts. Each is one real way of drawing the 项目支出绩效自评表 (issue 12's list).

INLINE_TARGET = VLayout(
    name="inline-target",
    description="no 指标性质 and no 度量单位 column: operator and unit in the 年度指标值 cell; "
    "部门 line above the table, no 主管部门 row; title 2022年度项目支出绩效自评表; "
    "WenQuanYi Micro Hei 9pt, landscape, level labels merged",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("target", "年度指标值"),
        ("actual", "实际完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 1.8,
        "level2": 2.1,
        "name": 5.2,
        "target": 2.9,
        "actual": 5.0,
        "weight": 1.3,
        "score": 1.3,
        "note": 4.8,
    },
    dept_in_table=False,
    dept_line="部门：{department}",
    font="WenQuanYi Micro Hei",
    number_variant=0,
)

BLANK_NATURE = VLayout(
    name="blank-nature",
    description="年度指标值 header spanning 指标性质 | 指标值 | 度量单位 on a second header row, "
    "指标性质 cells left blank, header words broken over lines (一级/指标), level labels "
    "repeated in every row; title on two lines; Noto Serif CJK 9pt, landscape",
    columns=(
        ("level1", "一级\n指标"),
        ("level2", "二级\n指标"),
        ("name", "三级指标"),
        ("nature", "指标\n性质"),
        ("target", "指标值"),
        ("unit", "度量\n单位"),
        ("actual", "实际\n完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因\n分析及改进措施"),
    ),
    widths={
        "level1": 1.7,
        "level2": 2.1,
        "name": 4.8,
        "nature": 1.2,
        "target": 1.8,
        "unit": 1.2,
        "actual": 4.6,
        "weight": 1.3,
        "score": 1.3,
        "note": 4.4,
    },
    header_groups=(("年度指标值", "nature", "unit"),),
    merge_levels=False,
    number_variant=1,
)

YUAN_FUNDS = VLayout(
    name="yuan-funds",
    description="项目资金（元）with 预算数（A）| 执行数（B）| 分值 | 执行率（B/A）| 得分 and rows 总额, "
    "其中：财政资金, 上年结转资金, 单位资金; 年初目标值（A）, 全年实际值（B）, 权重, "
    "未完成原因分析及改进措施; no 绩效指标 block label; portrait, Noto Sans CJK 8pt",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年初目标值（A）"),
        ("unit", "度量单位"),
        ("actual", "全年实际值（B）"),
        ("weight", "权重"),
        ("score", "得分"),
        ("note", "未完成原因分析及改进措施"),
    ),
    widths={
        "level1": 1.3,
        "level2": 1.6,
        "name": 3.2,
        "nature": 1.1,
        "target": 1.7,
        "unit": 1.1,
        "actual": 3.2,
        "weight": 1.3,
        "score": 1.3,
        "note": 2.4,
    },
    block_label=None,
    funds_label="项目资金\n（{unit}）",
    funds_cols=((1, "预算数（A）"), (2, "执行数（B）"), (3, "分值"), (4, "执行率（B/A）"), (5, "得分")),
    funds_rows=(
        ("total", "总额"),
        ("fiscal", "其中：财政资金"),
        ("carryover", "上年结转资金"),
        ("other", "单位资金"),
    ),
    font="Noto Sans CJK SC",
    font_size_pt=8,
    landscape=False,
    margin_cm=1.0,
    number_variant=2,
)

TWO_ROW_FUNDS = VLayout(
    name="two-row-funds",
    description="项目资金 header on two rows (预算数 over 年初预算数 | 调整后预算数; 预算执行数, 执行率, "
    "分值, 得分 spanning both); rows 其中：本年财政拨款; goals as two rows 年度总体目标 / "
    "年度总体目标完成情况; 年度指标值（A）, 实际完成值（B）; 合计 row; title 2023年度…自评表; "
    "Noto Serif CJK 8.5pt, landscape",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年度指标值（A）"),
        ("unit", "度量单位"),
        ("actual", "实际完成值（B）"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 1.7,
        "level2": 2.0,
        "name": 4.6,
        "nature": 1.4,
        "target": 2.0,
        "unit": 1.3,
        "actual": 4.6,
        "weight": 1.3,
        "score": 1.3,
        "note": 4.2,
    },
    funds_cols=(
        (0, "年初预算数"),
        (1, "调整后预算数"),
        (2, "预算执行数"),
        (4, "执行率"),
        (3, "分值"),
        (5, "得分"),
    ),
    funds_groups=(("预算数", 0, 1),),
    funds_rows=(
        ("total", "年度资金总额"),
        ("fiscal", "其中：本年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "其他资金"),
    ),
    goals_style="side",
    goals_labels=("", "年度总体目标", "年度总体目标完成情况"),
    total_label="合计",
    font_size_pt=8.5,
    number_variant=3,
)

GROUP_WEIGHTS = VLayout(
    name="group-weights",
    description="一级 labels carrying the group weight (产出指标（40分）), a group's 得分 merged over "
    "its rows, the declared grade in the cell after the total (总分 | 100 | 96 | 优); level "
    "labels merged; WenQuanYi Micro Hei 9pt, landscape",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年度指标值"),
        ("unit", "度量单位"),
        ("actual", "实际完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 2.2,
        "level2": 2.0,
        "name": 4.4,
        "nature": 1.3,
        "target": 1.9,
        "unit": 1.3,
        "actual": 4.4,
        "weight": 1.3,
        "score": 1.6,
        "note": 3.9,
    },
    grade_cell=True,
    font="WenQuanYi Micro Hei",
    number_variant=0,
)

PLACEHOLDERS = VLayout(
    name="placeholders",
    description="the published template's rows left in: 指标N alone, ……, 二级 labels with no "
    "三级 row; 其他需要说明事项 | 无, 评价结论, 存在问题, 改进措施, a ☑/□ row and a signature row "
    "inside the table, 单位负责人 line below; 实施单位（盖章）; portrait, Noto Sans CJK 8.5pt",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年度指标值"),
        ("unit", "度量单位"),
        ("actual", "实际完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 1.3,
        "level2": 1.6,
        "name": 3.1,
        "nature": 1.0,
        "target": 1.6,
        "unit": 1.0,
        "actual": 3.0,
        "weight": 1.3,
        "score": 1.3,
        "note": 2.2,
    },
    block_label_width=0.9,
    unit_label="实施单位（盖章）",
    font="Noto Sans CJK SC",
    font_size_pt=8.5,
    landscape=False,
    margin_cm=1.0,
    number_variant=1,
)

PRE2021 = VLayout(
    name="pre2021",
    description="the 财预〔2020〕10号 framework: 成本指标 a 二级 under 产出指标, 满意度 / "
    "服务对象满意度指标等 labels, 环境效益指标; three-tier qualitative actuals; the 20/40/40 "
    "scheme stated under the table; Noto Serif CJK 9pt, landscape, labels merged",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年度指标值"),
        ("unit", "度量单位"),
        ("actual", "实际完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 1.7,
        "level2": 2.2,
        "name": 4.4,
        "nature": 1.3,
        "target": 2.4,
        "unit": 1.3,
        "actual": 4.6,
        "weight": 1.3,
        "score": 1.3,
        "note": 4.2,
    },
    number_variant=2,
)

W10_50_30_10 = VLayout(
    name="w10-50-30-10",
    description="goals as 项目基本情况 / 年度总体目标完成情况 rows, 调整后预算数 / 预算执行数, rows "
    "其中：本年财政拨款 and 财政专户管理资金, level labels repeated, the 10/50/30/10 scheme stated "
    "under the table; Noto Sans CJK 9pt, landscape",
    columns=(
        ("level1", "一级指标"),
        ("level2", "二级指标"),
        ("name", "三级指标"),
        ("nature", "指标性质"),
        ("target", "年度指标值"),
        ("unit", "度量单位"),
        ("actual", "实际完成值"),
        ("weight", "分值"),
        ("score", "得分"),
        ("note", "偏差原因分析及改进措施"),
    ),
    widths={
        "level1": 1.7,
        "level2": 2.1,
        "name": 4.6,
        "nature": 1.3,
        "target": 1.9,
        "unit": 1.3,
        "actual": 4.6,
        "weight": 1.3,
        "score": 1.6,
        "note": 4.0,
    },
    funds_cols=(
        (0, "年初预算数"),
        (1, "调整后预算数"),
        (2, "预算执行数"),
        (3, "分值"),
        (4, "执行率"),
        (5, "得分"),
    ),
    funds_rows=(
        ("total", "年度资金总额"),
        ("fiscal", "其中：本年财政拨款"),
        ("carryover", "上年结转资金"),
        ("other", "财政专户管理资金"),
    ),
    goals_style="side",
    goals_labels=("", "项目基本情况", "年度总体目标完成情况"),
    merge_levels=False,
    font="Noto Sans CJK SC",
    number_variant=3,
)

VLAYOUTS: dict[str, VLayout] = {
    v.name: v
    for v in (
        INLINE_TARGET,
        BLANK_NATURE,
        YUAN_FUNDS,
        TWO_ROW_FUNDS,
        GROUP_WEIGHTS,
        PLACEHOLDERS,
        PRE2021,
        W10_50_30_10,
    )
}
