"""A whole synthetic scan through read_scanned_page with the real recognizer: skewed, stamped,
a title above a ruled table, a cell of two lines."""

from __future__ import annotations

import numpy as np

from extract.ocr.engine import get_engine
from extract.ocr.notes import NotesState
from extract.ocr.page import read_scanned_page
from extract.ruling import cell_text
from tests.extract.ocr.images import DPI, page, rotated, stamp_red, table, text


def _scan() -> np.ndarray:
    img = page(1240, 900)
    text(img, "REPORT 2024", 480, 120, scale=1.2)
    table(img, [100, 500, 800, 1100], [200, 280, 400, 480])
    text(img, "BUDGET", 130, 250)
    text(img, "738.62892", 530, 250)
    text(img, "100%", 850, 250)
    text(img, "WEIGHT", 130, 330)
    text(img, "SCORE", 130, 375)  # a second line in the same cell
    text(img, "10", 620, 350)
    text(img, "9.5", 900, 350)
    text(img, "TOTAL", 130, 450)
    text(img, "100", 610, 450)
    text(img, "99.5", 890, 450)
    return stamp_red(rotated(img, 1.2), 900, 420, 110)


def test_a_scan_reads_into_the_grid_with_confidences() -> None:
    content = read_scanned_page(_scan(), 3, DPI, get_engine(), NotesState())
    assert content.number == 3
    (t,) = content.tables
    assert len(t.xs) == 4 and len(t.ys) == 4
    texts = {(c.row, c.col): cell_text(c.pieces) for c in t.cells}
    assert texts[(0, 1)] == "738.62892"
    assert texts[(1, 0)] == "WEIGHT\nSCORE"
    assert texts[(1, 1)] == "10" and texts[(2, 2)] == "99.5" and texts[(0, 2)] == "100%"
    assert all(p.confidence is not None and 0 < p.confidence <= 1 for c in t.cells for p in c.pieces)
    (title,) = content.lines
    assert title.text.replace(" ", "") == "REPORT2024" and title.page == 3
    assert title.confidence is not None and title.box is not None
