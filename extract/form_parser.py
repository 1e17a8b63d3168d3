"""One located form's rows to a RawForm, by labels and the grid's structure alone.

Every section is found by its labels (labels.toml): the 项目资金 header row gives the column
ranges of 年初预算数 … 得分, the indicator header row gives the ranges of 一级指标 … 偏差原因分析,
and each value is the cell of its row that lies under its header's range. Spacer columns, cells
spanning two grid columns, missing trailing cells and label cells merged down over many rows
therefore need no special case. A header on two rows (年度指标值 over 指标性质 | 指标值 | 度量单位,
预算数 over 年初 | 全年) is one header: the second row's labels narrow the ranges of the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract import labels
from extract.locate import FormSpan
from extract.rows import Row
from model import FUNDS_ROWS, Cell, RawForm, RawIndicator, RawValue
from normalize.labels import strip_name_label
from normalize.numeric import PLACEHOLDERS
from normalize.text import clean_text

Span = tuple[int, int]  # grid columns [start, stop)

_ROW_LABEL_MAX = 16
"""A 项目资金 row label is short (其中：当年财政拨款); a longer cell is a sentence that happens to
contain 财政资金."""
_ELLIPSIS = re.compile(r"^[.…。·、\s]+$")
_GRADE_WORDS = ("优", "良", "中", "差", "优秀", "良好", "合格", "不合格")


@cache
def _funds_unit_pattern() -> re.Pattern[str]:
    return re.compile(str(labels.raw_table()["funds_unit"]["pattern"]))


@cache
def _non_indicator() -> tuple[tuple[str, ...], tuple[str, ...]]:
    t = labels.raw_table()["non_indicator_rows"]
    words = t["words"]
    boxes = t["check_boxes"]
    assert isinstance(words, list) and isinstance(boxes, list)
    return tuple(labels.key(w) for w in words), tuple(boxes)


def _value(cell: Cell | None, covered: bool = False) -> RawValue:
    if cell is None:
        return RawValue()
    return RawValue(
        text=clean_text(cell.text),
        page=cell.page,
        box=cell.box,
        confidence=cell.confidence,
        ref=cell.ref,
        unread=cell.unread and not clean_text(cell.text),
        covered=covered,
    )


def _is_label(cell: Cell) -> bool:
    text = cell.text
    return (
        any(
            labels.match(section, text) is not None
            for section in (
                "header_fields",
                "funds_columns",
                "goal_columns",
                "indicator_columns",
                "goal_rows",
            )
        )
        or labels.match("block_labels", text) is not None
    )


def _blank(text: str) -> bool:
    s = clean_text(text)
    return s in PLACEHOLDERS or bool(_ELLIPSIS.match(s))


@dataclass
class _Header:
    grid: int
    spans: dict[str, Span]
    row: Row | None = None
    section: str = ""


def _header(row: Row, section: str) -> _Header:
    spans: dict[str, Span] = {}
    for cell in row.own_cells():
        name = labels.match(section, cell.text)
        if name is not None and name not in spans:
            spans[name] = (cell.col, cell.col + cell.colspan)
    return _Header(row.grid, spans, row, section)


def _sub_header(header: _Header | None, row: Row, own: list[Cell]) -> bool:
    """The second row of a two-row header: every written cell of the row is a label of the
    header's section (alone, or with the label of the header cell above it: 预算数 over 年初 |
    全年); each narrows its column's range. True when the row was such a row (and merged)."""
    if header is None or header.row is None or header.grid != row.grid or row.index != header.row.index + 1:
        return False
    written = [c for c in own if clean_text(c.text)]
    if not written:
        return False
    found: dict[str, Span] = {}
    for cell in written:
        above = header.row.slots[cell.col] if cell.col < len(header.row.slots) else None
        group = clean_text(above.text) if above is not None and above.row == header.row.index else ""
        name = labels.match(header.section, cell.text)
        if name is None and group:
            name = labels.match(header.section, cell.text + group) or labels.match(
                header.section, group + cell.text
            )
        if name is None:
            return False
        found[name] = (cell.col, cell.col + cell.colspan)
    header.spans.update(found)
    header.row = row  # a third header row narrows the second
    return True


def _under(row: Row, span: Span, skip: Cell | None = None) -> Cell | None:
    """The cell of `row` under a header range: the first non-empty one overlapping it, else the
    first one, never the row's own label cell."""
    cells = [c for c in row.in_span(*span) if c is not skip]
    return next((c for c in cells if clean_text(c.text)), cells[0] if cells else None)


def _right_of(row: Row, label: Cell) -> Cell | None:
    """The value cell of a label/value pair: the next non-empty, non-label cell to the right."""
    for cell in row.cells():
        if cell.col > label.col and clean_text(cell.text) and not _is_label(cell):
            return cell
    return None


def _label_value(text: str) -> tuple[str, str] | None:
    """`部门：北京市…` written in one cell or line: (field, value)."""
    s = clean_text(text)
    label, sep, rest = s.partition(":")
    if not sep or not rest.strip():
        return None
    name = labels.match("header_fields", label)
    return (name, rest.strip()) if name is not None else None


def _is_non_indicator(own: list[Cell]) -> bool:
    """A template row that is no indicator: 其他需要说明事项 | 无, 评价结论, a signature or date
    line, a row of ☑/□ check boxes."""
    written = [c for c in own if clean_text(c.text)]
    if not written:
        return False
    words, boxes = _non_indicator()
    first = labels.key(written[0].text)
    if any(first.startswith(w) for w in words):
        return True
    return any(b in c.text for c in written for b in boxes)


class _Parser:
    def __init__(self, span: FormSpan, raw: RawForm) -> None:
        self.span = span
        self.raw = raw
        self.funds_header: _Header | None = None
        self.goal_header: _Header | None = None
        self.goal_rows_left = 0
        self.indicator_header: _Header | None = None
        self.indicators_done = False
        self.last_header: _Header | None = None

    def run(self) -> RawForm:
        for line in self.span.lines:
            self._line(line)
        for row in self.span.rows:
            self._row(row)
        for line in self.span.trailing:
            self._scheme_in(line.text, line)
        self._check()
        return self.raw

    def _line(self, line: RawValue) -> None:
        """A text line between the title and the table: `部门：…`, `单位：元`."""
        pair = _label_value(line.text)
        if pair is not None and not getattr(self.raw, pair[0]).text:
            setattr(self.raw, pair[0], line.model_copy(update={"text": pair[1]}))
        self._funds_unit_in(line.text, line)
        self._scheme_in(line.text, line)

    def _scheme_in(self, text: str, where: RawValue | Cell) -> bool:
        """A 评分标准：… statement of the form's weight scheme (the first one counts)."""
        if not labels.starts_with("scheme", text):
            return False
        if not self.raw.scheme.text:
            v = where if isinstance(where, RawValue) else _value(where)
            self.raw.scheme = v.model_copy(update={"text": clean_text(text)})
        return True

    def _funds_unit_in(self, text: str, where: RawValue | Cell) -> None:
        if self.raw.funds_unit.text:
            return
        m = _funds_unit_pattern().search(clean_text(text))
        if m is not None:
            v = where if isinstance(where, RawValue) else _value(where)
            self.raw.funds_unit = v.model_copy(update={"text": m.group(1)})

    def _row(self, row: Row) -> None:
        own = list(row.own_cells())
        if not any(clean_text(c.text) for c in own):
            return
        if _sub_header(self.last_header, row, own):
            if self.last_header is self.funds_header:
                for cell in row.cells():
                    self._funds_unit_in(cell.text, cell)
            return
        self.last_header = None
        written = [c for c in own if clean_text(c.text)]
        if len(written) == 1 and self._scheme_in(written[0].text, written[0]):
            return
        if self._header_fields(row, own):
            return
        if any(labels.is_word("notes", c.text) for c in own):
            self.indicators_done = self.indicator_header is not None
            return
        if self._total(row, own):
            return
        funds = _header(row, "funds_columns")
        if {"budget_initial", "budget_full_year", "executed"} & funds.spans.keys() and len(funds.spans) >= 3:
            self.funds_header = self.last_header = funds
            for cell in row.cells():
                self._funds_unit_in(cell.text, cell)
            self._funds_row(row)  # some forms put 年度资金总额 in the header row itself
            return
        goal = _header(row, "goal_columns")
        if len(goal.spans) == 2:
            self.goal_header = goal
            self.goal_rows_left = 1
            return
        ind = _header(row, "indicator_columns")
        if "name" in ind.spans and len(ind.spans) >= 4:
            if self.indicator_header is None or self.indicator_header.grid != row.grid:
                self.indicator_header = self.last_header = ind
            return  # a header repeated after a page break is skipped
        if (
            self.goal_header is not None
            and self.goal_rows_left
            and row.grid == self.goal_header.grid
            and self.goal_header.row is not None
            and row.index == self.goal_header.row.index + 1  # the texts under their header, if any
        ):
            self.goal_rows_left -= 1
            self.raw.goal_expected = _value(_under(row, self.goal_header.spans["expected"]))
            self.raw.goal_actual = _value(_under(row, self.goal_header.spans["actual"]))
            return
        if self.indicator_header is None and self._goal_row(row, own):
            return
        if self._funds_row(row):
            return
        if _is_non_indicator(own):
            return
        if self.indicator_header is not None and not self.indicators_done:
            self._indicator_row(row)

    def _header_fields(self, row: Row, own: list[Cell]) -> bool:
        found = False
        for cell in own:
            name = labels.match("header_fields", cell.text)
            if name is None:
                # `部门：…` in one cell, above the indicators (a signature line below them is none)
                pair = _label_value(cell.text) if self.indicator_header is None else None
                if pair is None:
                    continue
                found = True
                if not getattr(self.raw, pair[0]).text:
                    setattr(self.raw, pair[0], _value(cell).model_copy(update={"text": pair[1]}))
                continue
            found = True
            value = _right_of(row, cell)
            if not getattr(self.raw, name).text:
                setattr(self.raw, name, _value(value))
        if not found and len(own) == 1 and self.funds_header is None:
            self._funds_unit_in(own[0].text, own[0])  # a `单位：元` row of its own above the table
        return found

    def _goal_row(self, row: Row, own: list[Cell]) -> bool:
        """The goals as label | text rows (年度总体目标 | …, 年度总体目标完成情况 | …)."""
        written = [c for c in own if clean_text(c.text)]
        if not written:
            return False
        name = labels.match("goal_rows", written[0].text)
        if name is None:
            return False
        value = _right_of(row, written[0])
        target = "goal_expected" if name == "expected" else "goal_actual"
        if not getattr(self.raw, target).text:
            setattr(self.raw, target, _value(value))
        return True

    def _funds_row(self, row: Row) -> bool:
        if self.funds_header is None or self.indicator_header is not None:
            return False
        label = next(
            (
                c
                for c in row.cells()
                if len(labels.key(c.text)) <= _ROW_LABEL_MAX
                and labels.match("funds_rows", c.text, contains=True) is not None
            ),
            None,
        )
        if label is None:
            return False
        kind = labels.match("funds_rows", label.text, contains=True)
        assert kind in FUNDS_ROWS
        values = {}
        for column, span in self.funds_header.spans.items():
            cell = _under(row, span, skip=label)
            if cell is not None and labels.match("block_labels", cell.text) is not None:
                cell = None
            if cell is not None and labels.match("funds_columns", cell.text) is not None:
                # Header and total share one row: the value sits right of its own header label.
                cell = _right_of(row, cell)
            values[column] = _value(cell)
        if kind in self.raw.funds:
            return True  # a second row of the same kind (单位资金 after 财政专户管理资金) adds nothing
        self.raw.funds[kind] = {
            c: values[c] for c in ("budget_initial", "budget_full_year", "executed") if c in values
        }
        if kind == "total":
            self.raw.funds_weight = values.get("weight", RawValue())
            self.raw.execution_rate = values.get("rate", RawValue())
            self.raw.execution_score = values.get("score", RawValue())
        return True

    def _indicator_row(self, row: Row) -> None:
        header = self.indicator_header
        assert header is not None
        ind = RawIndicator()
        for name, span in header.spans.items():
            cell = row.slots[span[0]] if span[0] < len(row.slots) else None
            if name == "score" and cell is not None and cell.rowspan > 1 and cell.text.strip():
                # One 得分 merged over several indicator rows: the score of their group.
                if not row.covered(cell):
                    ind.group_score = _value(cell)
                continue
            if cell is None or (name not in ("level1", "level2") and row.covered(cell)):
                cell = _under(row, span)
            if cell is not None and labels.match("block_labels", cell.text) is not None:
                cell = None
            setattr(ind, name, _value(cell, covered=cell is not None and row.covered(cell)))
        named = not _blank(strip_name_label(ind.name.text))
        filled = any(
            not getattr(ind, f).covered and not _blank(getattr(ind, f).text)
            for f in ("target", "actual", "weight", "score")
        )
        if named or filled or ind.group_score.text:
            self.raw.indicators.append(ind)

    def _total(self, row: Row, own: list[Cell]) -> bool:
        label = next((c for c in own if labels.key(c.text) in labels.table()["total_row"]["words"]), None)
        if label is None:
            return False
        self.indicators_done = True
        header = self.indicator_header
        weight = score = None
        if header is not None and header.grid == row.grid:
            if "weight" in header.spans:
                weight = _under(row, header.spans["weight"], skip=label)
            if "score" in header.spans:
                score = _under(row, header.spans["score"], skip=label)
        written = [c for c in row.own_cells() if c is not label and clean_text(c.text)]
        grade = next((c for c in written if clean_text(c.text) in _GRADE_WORDS), None)
        if (
            weight is None
            or score is None
            or not clean_text(weight.text)
            or weight is score
            or score is grade
        ):
            numbers = [c for c in written if c is not grade]
            if len(numbers) >= 2:
                weight, score = numbers[-2], numbers[-1]
        self.raw.total_weight = _value(weight)
        self.raw.total_score = _value(score)
        if grade is not None:
            self.raw.grade_declared = _value(grade)
        return True

    def _check(self) -> None:
        """What the form lacks: each block that is not on it, or is on it with nothing written
        (a template published blank), once (RawForm.missing_blocks)."""
        raw = self.raw
        missing = []
        if not raw.project_name.text:
            missing.append("项目名称")
        if not any(v.text for v in (raw.project_name, raw.department, raw.implementing_unit)):
            raw.missing_blocks.append("header")
        funds_cells = [v for row in raw.funds.values() for v in row.values()]
        funds_cells += [raw.funds_weight, raw.execution_rate, raw.execution_score]
        if self.funds_header is None:
            missing.append("项目资金表头")
        if self.funds_header is None or not any(not _blank(v.text) or v.unread for v in funds_cells):
            raw.missing_blocks.append("funds")
        if not any(v.text or v.unread for v in (raw.goal_expected, raw.goal_actual)):
            raw.missing_blocks.append("goals")
        if self.indicator_header is None:
            missing.append("绩效指标表头")
        elif not raw.indicators:
            missing.append("绩效指标行")
        if not raw.indicators:
            raw.missing_blocks.append("indicators")
        if not raw.total_weight.text and not raw.total_score.text:
            missing.append("总分行")
            if not (raw.total_weight.unread or raw.total_score.unread):
                raw.missing_blocks.append("total")
        if missing:
            raw.problems.append("未能读到：" + "、".join(missing))


def parse_form(span: FormSpan, raw: RawForm | None = None) -> RawForm:
    """Fill `raw` (identity fields already set by the caller) from the span's rows."""
    raw = raw or RawForm()
    if span.titles:
        first = span.titles[0]
        raw.title = RawValue(
            text="".join(t.text for t in span.titles),
            page=first.page,
            box=first.box,
            confidence=first.confidence,
            ref=first.ref,
        )
    pages = span.pages
    if pages:
        raw.page_start, raw.page_end = pages[0], pages[-1]
    return _Parser(span, raw).run()
