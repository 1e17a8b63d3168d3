"""A text PDF page to its PageObjects: ruling lines from the vector drawing, glyphs from the
text layer.

pdfplumber gives the page's characters, lines, rectangles and paths; they become the glyph
pieces and ruling segments of PageObjects, which extract.page.page_content turns into tables
with merged cells, as it does for an OFD page (extract.ofd_reader).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTRect

from extract.page import PageObjects
from extract.ruling import Segment, TextPiece
from extract.vector import polyline_segments, rect_segments


def _walk(objs: list[Any]) -> Iterator[Any]:
    for obj in objs:
        if isinstance(obj, LTContainer) and not isinstance(obj, LTChar):
            yield from _walk(obj._objs)
        else:
            yield obj


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
            segments += rect_segments(x0, t, x1, b, bool(obj.stroke))
        elif isinstance(obj, LTCurve):  # LTLine is a two-point curve
            segments += polyline_segments([(x + mb_x0, top(y)) for x, y in obj.pts])
        elif isinstance(obj, LTImage):
            largest_image = max(largest_image, obj.width * obj.height)
    area = float(page.width) * float(page.height)
    return PageObjects(pieces, segments, largest_image / area if area else 0.0)
