"""Pages to a Document's reading-ordered blocks: text lines and tables top to bottom, a table
that runs off the bottom of a page and resumes at the top of the next with the same outer edges
joined into one grid (extract.page_join)."""

from __future__ import annotations

from dataclasses import dataclass

from extract.geometry import DEFAULT, TableGeometry
from extract.page import PageContent
from extract.page_join import join_parts
from extract.ruling import Table
from model import Grid, TextBlock

_PAGE_MARK_MAX = 12  # "第 1 页", "- 2 -": page furniture between a table and its continuation


def _is_page_mark(block: TextBlock) -> bool:
    text = block.text.strip()
    return len(text) <= _PAGE_MARK_MAX and any(ch.isdigit() for ch in text) and "年度" not in text


@dataclass
class _Chain:
    """Tables joined across page breaks, kept with their page numbers until they become a Grid."""

    parts: list[tuple[int, Table]]
    dpi: int | None
    """The unit of every part: a table never continues from a text page onto a scanned one."""

    @property
    def last(self) -> Table:
        return self.parts[-1][1]


def _continues(prev: _Chain, nxt: Table, dpi: int | None, geometry: TableGeometry) -> bool:
    if prev.dpi != dpi:
        return False  # points and pixels: two readings, never one table
    a, b = prev.last.box, nxt.box
    tol = geometry.at(dpi).join
    return abs(a[0] - b[0]) <= tol and abs(a[2] - b[2]) <= tol


def assemble(pages: list[PageContent], geometry: TableGeometry = DEFAULT) -> list[TextBlock | Grid]:
    """Reading-ordered blocks of all pages, with tables continued across page breaks joined."""
    items: list[TextBlock | _Chain] = []
    for content in pages:
        page_items: list[tuple[float, TextBlock | Table]] = [
            (b.box[1] if b.box else 0.0, b) for b in content.lines
        ]
        page_items += [(t.ys[0], t) for t in content.tables]
        page_items.sort(key=lambda it: it[0])
        first_table = True
        for _, item in page_items:
            if isinstance(item, TextBlock):
                items.append(item)
                continue
            if first_table:
                first_table = False
                prev = _previous_chain(items)
                if prev is not None and _continues(prev, item, content.dpi, geometry):
                    prev.parts.append((content.number, item))
                    continue
            items.append(_Chain([(content.number, item)], content.dpi))
    return [join_parts(i.parts, geometry.at(i.dpi)) if isinstance(i, _Chain) else i for i in items]


def _previous_chain(items: list[TextBlock | _Chain]) -> _Chain | None:
    """The chain a table at the top of a new page may continue: the last item, skipping page marks."""
    for item in reversed(items):
        if isinstance(item, _Chain):
            return item
        if not _is_page_mark(item):
            return None
    return None
