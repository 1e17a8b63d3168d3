"""A form's own method and box unit, from the pages it lies on: in a department bundle whose
forms are partly text and partly scanned, a text form is `pdf-text` with boxes in points and a
scanned one `pdf-ocr` with boxes in pixels at the scan's dpi, whatever the rest of the file is."""

from __future__ import annotations

from extract.locate import FormSpan
from model import Document, Method

_TEXT_METHOD: dict[str, Method] = {"pdf-ocr": "pdf-text", "ofd-ocr": "ofd"}
"""What a document's method is on the pages that were not read by OCR."""

_POINTS_PER_INCH = 72


def form_method(span: FormSpan, doc: Document) -> tuple[Method, int | None]:
    """The method and dpi of the form on these pages."""
    if not doc.ocr_pages or not set(span.pages) & set(doc.ocr_pages):
        return _TEXT_METHOD.get(doc.method, doc.method), None
    return doc.method, doc.dpi


def unify_boxes(span: FormSpan, doc: Document) -> None:
    """A form read partly from text pages and partly by OCR gets all its boxes in the OCR pages'
    pixels, so that its JSON has one unit (the form's dpi)."""
    ocr = set(doc.ocr_pages)
    if not doc.dpi or not ocr or not set(span.pages) & ocr or set(span.pages) <= ocr:
        return
    scale = doc.dpi / _POINTS_PER_INCH
    for row in span.rows:
        for cell in row.own_cells():
            if cell.page not in ocr and cell.box is not None:
                cell.box = tuple(round(v * scale, 2) for v in cell.box)  # type: ignore[assignment]
    for title in span.titles:
        if title.page not in ocr and title.box is not None:
            title.box = tuple(round(v * scale, 2) for v in title.box)  # type: ignore[assignment]
