"""Finding the forms in a Document: a form starts at its title (a text line or a title row inside
the grid) or, when a title is missing, at a second 项目名称 row; it owns the grid rows that
follow until the next form starts. A bundle PDF thus yields one span per form, and a form whose
table continues on the next page keeps all its rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract import labels
from extract.rows import Row, grid_rows
from model import Document, Grid, RawValue, TextBlock
from normalize.text import clean_text

_YEAR_LINE = re.compile(r"^\(?\d{4}年度?\)?$")
_TITLE_MAX_CHARS = 40


@dataclass
class FormSpan:
    titles: list[RawValue] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    has_project_row: bool = False
    text_pages: set[int] = field(default_factory=set)
    """Pages of text printed with the form after its title (its 填报注意事项 notes may run onto
    the next page, which the form then spans)."""
    lines: list[RawValue] = field(default_factory=list)
    """Text lines between the title and the table (a `部门：…` or `单位：元` line)."""
    trailing: list[RawValue] = field(default_factory=list)
    """Text lines after the table's first row, up to the next form (its notes, a 评分标准 line,
    a signature line)."""

    @property
    def pages(self) -> list[int]:
        found = {t.page for t in self.titles if t.page is not None} | self.text_pages
        for row in self.rows:
            for c in row.own_cells():
                found.update(p for p in (c.page, c.page_end) if p is not None)
        return sorted(found)


def _is_title(text: str) -> bool:
    if len(text) > _TITLE_MAX_CHARS or labels.is_word("notes", text):
        return False
    return labels.is_word("title", text) or labels.key(text).endswith(
        tuple(labels.table()["title"]["endings"])
    )


def _title_row_text(row: Row) -> RawValue | None:
    """A grid row that holds only the form's title (Excel exports put it inside the table)."""
    own = [c for c in row.own_cells() if clean_text(c.text)]
    if len(own) == 1 and _is_title(clean_text(own[0].text)):
        c = own[0]
        return RawValue(text=clean_text(c.text), page=c.page, box=c.box, confidence=c.confidence, ref=c.ref)
    return None


def _is_project_row(row: Row) -> bool:
    return any(labels.match("header_fields", c.text) == "project_name" for c in row.own_cells())


def _is_form(span: FormSpan) -> bool:
    if not span.rows:
        return False
    if span.has_project_row:
        return True
    return any(labels.match("indicator_columns", c.text) == "name" for r in span.rows for c in r.own_cells())


def locate_forms(doc: Document) -> list[FormSpan]:
    spans: list[FormSpan] = []
    current: FormSpan | None = None

    def start(title: RawValue | None) -> FormSpan:
        span = FormSpan(titles=[title] if title else [])
        spans.append(span)
        return span

    def title_or_year(value: RawValue) -> None:
        nonlocal current
        if _is_title(value.text):
            if current is None or current.rows:
                current = start(value)
            else:
                current.titles.append(value)
        elif current is not None and not current.rows and _YEAR_LINE.match(value.text):
            current.titles.append(value)
        elif current is not None:
            (current.trailing if current.rows else current.lines).append(value)
            if value.page is not None:
                current.text_pages.add(value.page)

    grid_index = 0
    for block in doc.blocks:
        if isinstance(block, TextBlock):
            for line in block.text.splitlines() or [block.text]:
                text = clean_text(line)
                if text:
                    title_or_year(
                        RawValue(text=text, page=block.page, box=block.box, confidence=block.confidence)
                    )
            continue
        assert isinstance(block, Grid)
        for row in grid_rows(block, grid_index):
            title = _title_row_text(row)
            if title is not None:
                title_or_year(title)
                continue
            if (
                current is not None
                and not current.rows
                and len(row.texts()) == 1
                and _YEAR_LINE.match(row.texts()[0])
            ):
                c = next(row.own_cells())
                current.titles.append(RawValue(text=row.texts()[0], page=c.page, box=c.box, ref=c.ref))
                continue
            if _is_project_row(row):
                if current is None or current.has_project_row:
                    current = start(None)
                current.has_project_row = True
            if current is None:
                current = start(None)
            current.rows.append(row)
        grid_index += 1
    return [s for s in spans if _is_form(s)]
