import cv2
import numpy as np

from extract.ocr.textlines import Band, split_lines, typical_height

LINE = 20.0


def _ink(h: int = 200, w: int = 400) -> np.ndarray:
    return np.zeros((h, w), np.uint8)


def _glyphs(img: np.ndarray, top: int, x0: int, x1: int, height: int = 20) -> None:
    """A line of 'characters': blocks with gaps."""
    for x in range(x0, x1, 22):
        cv2.rectangle(img, (x, top), (x + 17, top + height - 1), 255, -1)


def test_a_three_line_cell_splits_into_its_lines_top_to_bottom() -> None:
    ink = _ink()
    for top in (20, 60, 100):
        _glyphs(ink, top, 10, 300)
    bands = split_lines(ink, ink, (0, 0, 400, 200), LINE, min_ink=5)
    assert [(b.top, b.bottom) for b in bands] == [(20, 40), (60, 80), (100, 120)]
    assert bands[0].x0 == 10 and bands[0].x1 >= 290


def test_a_glyph_of_horizontal_strokes_stays_one_line() -> None:
    ink = _ink()
    cv2.rectangle(ink, (20, 50), (40, 52), 255, -1)  # "=" : two bars
    cv2.rectangle(ink, (20, 58), (40, 60), 255, -1)
    (band,) = split_lines(ink, ink, (0, 0, 400, 200), LINE, min_ink=5)
    assert (band.top, band.bottom) == (50, 61)


def test_two_lines_whose_strokes_touch_are_cut_at_the_thin_join() -> None:
    ink = _ink()
    _glyphs(ink, 20, 10, 300)
    _glyphs(ink, 41, 10, 300)
    cv2.line(ink, (15, 38), (15, 44), 255, 1)  # a descender touching the next line
    bands = split_lines(ink, ink, (0, 0, 400, 200), LINE, min_ink=5)
    assert len(bands) == 2
    assert bands[0].bottom <= 42 <= bands[1].top + 1


def test_a_wide_gap_splits_a_line_into_pieces_and_specks_are_dropped() -> None:
    ink = _ink()
    _glyphs(ink, 20, 10, 100)
    _glyphs(ink, 20, 250, 330)
    ink[150, 200] = 255  # a speck
    bands = split_lines(ink, ink, (0, 0, 400, 200), LINE, min_ink=5)
    assert [b.x0 for b in bands] == [10, 250]


def test_a_light_mark_without_print_dark_ink_is_no_text() -> None:
    ink = _ink()
    _glyphs(ink, 20, 10, 100)
    cv2.rectangle(ink, (10, 100), (60, 118), 255, -1)  # ink in the sensitive mask only
    dark = ink.copy()
    dark[90:130] = 0
    bands = split_lines(ink, dark, (0, 0, 400, 200), LINE, min_ink=5)
    assert bands == [Band(10, 20, 116, 40)]


def test_the_body_line_height_is_the_median_run() -> None:
    assert typical_height([(0, 20), (30, 50), (60, 62), (70, 110)], floor=8) == 20
