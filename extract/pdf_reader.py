"""Text PDFs to a Document: ruling lines from the vector drawing, glyphs from the text layer.

pdfplumber gives the page's characters, lines, rectangles and paths; extract.ruling turns the
lines into tables with merged cells; characters fall into the cell under their centre and are
read line by line, so a cell wrapped over several lines stays one cell. A table that runs off
the bottom of a page and resumes at the top of the next with the same outer edges is joined
into one grid.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect

from extract.ocr.routing import check_mode, needs_ocr
from extract.page_join import join_parts
from extract.ruling import (
    Segment,
    Table,
    TextPiece,
    assign_pieces,
    find_tables,
    line_text,
    lines_of,
)
from model import Document, Grid, TextBlock

if TYPE_CHECKING:
    from extract.ocr.scanner import Scanner

_THIN = 3.0  # a filled rectangle thinner than this (points) is a drawn line
_JOIN_TOL = 3.0
_SCAN_SHARE = 0.5  # an image covering this much of a page makes it a scan
_PAGE_MARK_MAX = 12  # "第 1 页", "- 2 -": page furniture between a table and its continuation


@dataclass
class PageContent:
    number: int
    tables: list[Table] = field(default_factory=list)
    lines: list[TextBlock] = field(default_factory=list)


def _walk(objs: list[Any]) -> Iterator[Any]:
    for obj in objs:
        if isinstance(obj, LTContainer) and not isinstance(obj, LTChar):
            yield from _walk(obj._objs)
        else:
            yield obj


@dataclass
class PageObjects:
    pieces: list[TextPiece]
    segments: list[Segment]
    image_share: float
    """The share of the page covered by its largest image (a scan covers it all); 0 without one."""


def page_objects(page: Any) -> PageObjects:
    """Glyphs, ruling segments and images straight from pdfminer's layout, in one walk, in
    pdfplumber's top-down coordinates. Skipping pdfplumber's per-object attribute dictionaries
    halves the time per page."""
    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])

    def top(y: float) -> float:
        return height - y + mb_top

    pieces: list[TextPiece] = []
    segments: list[Segment] = []
    largest_image = 0.0
    for obj in _walk(page.layout._objs):
        if isinstance(obj, LTChar):
            text = obj.get_text()
            if not text.isspace():
                pieces.append(TextPiece(text, obj.x0 + mb_x0, top(obj.y1), obj.x1 + mb_x0, top(obj.y0)))
        elif isinstance(obj, LTRect):
            x0, x1, t, b = obj.x0 + mb_x0, obj.x1 + mb_x0, top(obj.y1), top(obj.y0)
            if x1 - x0 < _THIN:
                segments.append(Segment((x0 + x1) / 2, t, (x0 + x1) / 2, b))
            elif b - t < _THIN:
                segments.append(Segment(x0, (t + b) / 2, x1, (t + b) / 2))
            elif obj.stroke:
                segments += [
                    Segment(x0, t, x1, t),
                    Segment(x0, b, x1, b),
                    Segment(x0, t, x0, b),
                    Segment(x1, t, x1, b),
                ]
        elif isinstance(obj, LTCurve):  # LTLine is a two-point curve
            pts = [(x + mb_x0, top(y)) for x, y in obj.pts]
            for (ax, ay), (bx, by) in pairwise(pts):
                if abs(ax - bx) < 0.5 or abs(ay - by) < 0.5:
                    segments.append(Segment(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif isinstance(obj, LTImage):
            largest_image = max(largest_image, obj.width * obj.height)
    area = float(page.width) * float(page.height)
    return PageObjects(pieces, segments, largest_image / area if area else 0.0)


def read_page(page: Any, number: int) -> PageContent:
    objects = page_objects(page)
    return page_content(page, number, objects.pieces, objects.segments)


def page_content(page: Any, number: int, pieces: list[TextPiece], segments: list[Segment]) -> PageContent:
    content = PageContent(number=number)
    content.tables = find_tables(segments)
    for table in content.tables:
        pieces = assign_pieces(table, pieces)
    for line in lines_of(pieces):
        x0 = min(p.x0 for p in line)
        top = min(p.top for p in line)
        box = (
            round(x0, 2),
            round(top, 2),
            round(max(p.x1 for p in line), 2),
            round(max(p.bottom for p in line), 2),
        )
        content.lines.append(TextBlock(text=line_text(line), page=number, box=box))
    return content


def _is_page_mark(block: TextBlock) -> bool:
    text = block.text.strip()
    return len(text) <= _PAGE_MARK_MAX and any(ch.isdigit() for ch in text) and "年度" not in text


@dataclass
class _Chain:
    """Tables joined across page breaks, kept with their page numbers until they become a Grid."""

    parts: list[tuple[int, Table]]

    @property
    def last(self) -> Table:
        return self.parts[-1][1]


def _continues(prev: Table, nxt: Table) -> bool:
    a, b = prev.box, nxt.box
    return abs(a[0] - b[0]) <= _JOIN_TOL and abs(a[2] - b[2]) <= _JOIN_TOL


def assemble(pages: list[PageContent]) -> list[TextBlock | Grid]:
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
                if prev is not None and _continues(prev.last, item):
                    prev.parts.append((content.number, item))
                    continue
            items.append(_Chain([(content.number, item)]))
    return [join_parts(i.parts) if isinstance(i, _Chain) else i for i in items]


def _previous_chain(items: list[TextBlock | _Chain]) -> _Chain | None:
    """The chain a table at the top of a new page may continue: the last item, skipping page marks."""
    for item in reversed(items):
        if isinstance(item, _Chain):
            return item
        if not _is_page_mark(item):
            return None
    return None


def read_pdf(path: Path, ocr: str = "auto") -> Document:
    """`ocr`: "auto" reads a page by OCR when it has no usable text layer (extract.ocr.routing),
    "always" reads every page by OCR, "never" only ever reads the text layer."""
    mode = check_mode(ocr)
    scanner: Scanner | None = None
    with pdfplumber.open(str(path)) as pdf:
        pages: list[PageContent] = []
        try:
            for number, page in enumerate(pdf.pages, start=1):
                objects = PageObjects([], [], 0.0) if mode == "always" else page_objects(page)
                pieces, segments, share = objects.pieces, objects.segments, objects.image_share
                scanned_grid = share >= _SCAN_SHARE and not segments
                if mode == "always" or needs_ocr(mode, [p.text for p in pieces], share > 0, scanned_grid):
                    if scanner is None:
                        from extract.ocr.scanner import Scanner

                        scanner = Scanner(path)
                    pages.append(scanner.read(number))
                else:
                    pages.append(page_content(page, number, pieces, segments))
                page.close()
        finally:
            if scanner is not None:
                scanner.close()
        if scanner is None or scanner.dpi is None:
            return Document(method="pdf-text", pages=len(pdf.pages), blocks=assemble(pages))
        from extract.ocr.document import align_continuations, finish

        scanned = set(scanner.pages)
        shifts = align_continuations(pages, scanned)
        blocks = assemble(pages)
        finish(blocks, pages, scanned, scanner.dpi, shifts)
        # a document with any OCR'd page is "pdf-ocr": its forms' values may carry OCR errors
        return Document(method="pdf-ocr", pages=len(pdf.pages), blocks=blocks, dpi=scanner.dpi)
