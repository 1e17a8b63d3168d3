"""A grey scan saved in colour (as much scanner and phone software writes it) still has its grey
seal found and removed: the colour route alone looks for red ink only."""

from __future__ import annotations

import cv2
import pypdfium2 as pdfium

from extract.ocr.seal import to_gray
from tests.corpus_truth import CORPUS

SCAN = CORPUS / "files" / "scan" / "word-02.pdf"  # a grey scan with a grey seal


def _page() -> cv2.typing.MatLike:
    pdf = pdfium.PdfDocument(str(SCAN))
    try:
        image = next(o for o in pdf[0].get_objects() if o.type == 3).get_bitmap(render=False).to_numpy()
    finally:
        pdf.close()
    return image


def test_a_grey_seal_in_a_colour_image_is_found_where_the_grey_image_has_it() -> None:
    grey = _page()
    _, seals = to_gray(grey, 150)
    _, in_colour = to_gray(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR), 150)
    assert len(seals) == len(in_colour) == 1
    (x, y, r), (cx, cy, cr) = seals[0], in_colour[0]
    assert abs(x - cx) < 3 and abs(y - cy) < 3 and abs(r - cr) < 3
