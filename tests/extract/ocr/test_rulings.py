import cv2

from extract.ocr.binarize import ink_mask
from extract.ocr.rulings import erase_mask, find_rulings
from extract.ruling import find_tables
from tests.extract.ocr.images import DPI, page, table, text


def _merged_table():
    """3 rows x 3 columns; the middle row's first two cells merged; a dash in a cell."""
    img = page()
    xs, ys = [100, 400, 700, 1000], [200, 300, 400, 500]
    table(img, xs, ys)
    # open the border between (1,0) and (1,1): a merged cell
    cv2.line(img, (400, 303), (400, 397), 255, 4)
    cv2.line(img, (750, 350), (772, 350), 0, 2)  # an em dash in cell (1, 2)
    text(img, "10", 150, 260)
    return img


def test_morphology_finds_the_table_and_its_merged_cell() -> None:
    rulings = find_rulings(ink_mask(_merged_table(), DPI), DPI)
    (t,) = find_tables(rulings.segments, tol=rulings.tol)
    assert len(t.xs) == 4 and len(t.ys) == 4
    spans = {(c.row, c.col): c.colspan for c in t.cells}
    assert spans[(1, 0)] == 2 and (1, 1) not in spans
    assert len(t.cells) == 8
    # positions are the lines' centres, in pixels
    assert abs(t.xs[0] - 100) <= 1.5 and abs(t.ys[-1] - 500) <= 1.5


def test_a_dash_and_glyph_strokes_are_no_rulings() -> None:
    rulings = find_rulings(ink_mask(_merged_table(), DPI), DPI)
    assert not any(s.horizontal and 740 < s.x0 < 780 for s in rulings.segments)


def test_a_seal_arc_inside_a_seal_is_dropped() -> None:
    img = _merged_table()
    cv2.line(img, (420, 250), (500, 250), 0, 3)  # a straight stretch of a ring, in cell (0, 1)
    cv2.line(img, (460, 215), (460, 290), 0, 3)
    seals = [(460.0, 250.0, 110.0)]
    kept = find_rulings(ink_mask(img, DPI), DPI, seals).segments
    assert not any(abs(s.y0 - 250) < 3 and s.horizontal for s in kept)


def test_the_erase_mask_covers_the_rulings_and_not_the_text() -> None:
    img = _merged_table()
    rulings = find_rulings(ink_mask(img, DPI), DPI)
    mask = erase_mask(rulings, rulings.segments)
    assert mask[200, 250] and mask[350, 100]
    assert not mask[250:262, 150:190].any()
