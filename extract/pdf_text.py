"""A text PDF page to its PageContent: ruling lines from the vector drawing, glyphs from the
text layer.

pdfplumber gives the page's characters, lines, rectangles and paths; extract.ruling turns the
lines into tables with merged cells; characters fall into the cell under their centre and are
read line by line, so a cell wrapped over several lines stays one cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect

from extract.page import PageContent
from extract.ruling import Segment, TextPiece, assign_pieces, find_tables, line_text, lines_of
from model import TextBlock

_THIN = 3.0  # a filled rectangle thinner than this (points) is a drawn line


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
