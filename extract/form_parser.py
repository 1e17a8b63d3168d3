"""One located form's rows to a RawForm, by labels and the grid's structure alone.

Every section is found by its labels (labels.toml): the 项目资金 header row gives the column
ranges of 年初预算数 … 得分, the indicator header row gives the ranges of 一级指标 … 偏差原因分析,
and each value is the cell of its row that lies under its header's range. Spacer columns, cells
spanning two grid columns, missing trailing cells and label cells merged down over many rows
therefore need no special case.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract import labels
from extract.locate import FormSpan
from extract.rows import Row
from model import FUNDS_ROWS, Cell, RawForm, RawIndicator, RawValue
from normalize.text import clean_text

Span = tuple[int, int]  # grid columns [start, stop)


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
            for section in ("header_fields", "funds_columns", "goal_columns", "indicator_columns")
        )
        or labels.match("block_labels", text) is not None
    )


@dataclass
class _Header:
    grid: int
    spans: dict[str, Span]


def _header(row: Row, section: str) -> _Header:
    spans: dict[str, Span] = {}
    for cell in row.own_cells():
        name = labels.match(section, cell.text)
        if name is not None and name not in spans:
            spans[name] = (cell.col, cell.col + cell.colspan)
    return _Header(row.grid, spans)


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


class _Parser:
    def __init__(self, span: FormSpan, raw: RawForm) -> None:
        self.span = span
        self.raw = raw
        self.funds_header: _Header | None = None
        self.goal_header: _Header | None = None
        self.goal_rows_left = 0
        self.indicator_header: _Header | None = None
        self.indicators_done = False

    def run(self) -> RawForm:
        for row in self.span.rows:
            self._row(row)
        self._check()
        return self.raw

    def _row(self, row: Row) -> None:
        own = list(row.own_cells())
        if not any(clean_text(c.text) for c in own):
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
            self.funds_header = funds
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
                self.indicator_header = ind
            return  # a header repeated after a page break is skipped
        if self.goal_header is not None and self.goal_rows_left and row.grid == self.goal_header.grid:
            self.goal_rows_left -= 1
            self.raw.goal_expected = _value(_under(row, self.goal_header.spans["expected"]))
            self.raw.goal_actual = _value(_under(row, self.goal_header.spans["actual"]))
            return
        if self._funds_row(row):
            return
        if self.indicator_header is not None and not self.indicators_done:
            self._indicator_row(row)

    def _header_fields(self, row: Row, own: list[Cell]) -> bool:
        found = False
        for cell in own:
            name = labels.match("header_fields", cell.text)
            if name is None:
                continue
            found = True
            value = _right_of(row, cell)
            if not getattr(self.raw, name).text:
                setattr(self.raw, name, _value(value))
        return found

    def _funds_row(self, row: Row) -> bool:
        if self.funds_header is None or self.indicator_header is not None:
            return False
        label = next(
            (c for c in row.cells() if labels.match("funds_rows", c.text, contains=True) is not None), None
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
            if cell is None or (name not in ("level1", "level2") and row.covered(cell)):
                cell = _under(row, span)
            if cell is not None and labels.match("block_labels", cell.text) is not None:
                cell = None
            setattr(ind, name, _value(cell, covered=cell is not None and row.covered(cell)))
        if any(getattr(ind, f).text for f in ("name", "nature", "target", "actual", "weight", "score")):
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
        if weight is None or score is None or not clean_text(weight.text) or weight is score:
            numbers = [c for c in row.own_cells() if c is not label and clean_text(c.text)]
            if len(numbers) >= 2:
                weight, score = numbers[-2], numbers[-1]
        self.raw.total_weight = _value(weight)
        self.raw.total_score = _value(score)
        return True

    def _check(self) -> None:
        missing = []
        if not self.raw.project_name.text:
            missing.append("项目名称")
        if self.funds_header is None:
            missing.append("项目资金表头")
        if self.indicator_header is None:
            missing.append("绩效指标表头")
        elif not self.raw.indicators:
            missing.append("绩效指标行")
        if not self.raw.total_weight.text and not self.raw.total_score.text:
            missing.append("总分行")
        if missing:
            self.raw.problems.append("未能读到：" + "、".join(missing))


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
