import cv2
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from extract.ocr.textlines import Band, split_lines, typical_height, without_edge_strokes

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


def test_a_rulings_leftover_against_a_cells_edge_is_not_read_with_its_text() -> None:
    # a blurred border wider than what was painted out of it: a 2-pixel stroke inside the
    # cell's left edge, then the cell's "10" (scan/word-V01.pdf read it "I 10")
    ink = _ink(60, 120)
    cv2.rectangle(ink, (0, 10), (1, 29), 255, -1)
    _glyphs(ink, 10, 40, 80)
    (band,) = split_lines(ink, ink, (0, 0, 120, 60), LINE, min_ink=5, trim=True)
    assert (band.x0, band.x1) == (40, 80)
    # alone, against the right edge, it is no text at all
    ink = _ink(60, 120)
    cv2.rectangle(ink, (118, 10), (119, 29), 255, -1)
    assert split_lines(ink, ink, (0, 0, 120, 60), LINE, min_ink=5, trim=True) == []
    # outside a table (no trim) a stroke is kept: it may be a page's only mark of something
    assert split_lines(ink, ink, (0, 0, 120, 60), LINE, min_ink=5) != []


def test_a_narrow_glyph_against_the_edge_close_to_its_text_is_kept() -> None:
    ink = _ink(60, 120)
    cv2.rectangle(ink, (0, 10), (1, 29), 255, -1)  # a "1" flush with the border...
    _glyphs(ink, 10, 5, 40)  # ...followed by its next digit
    (band,) = split_lines(ink, ink, (0, 0, 120, 60), LINE, min_ink=5, trim=True)
    assert band.x0 == 0


@given(st.lists(st.integers(0, 99), unique=True, max_size=40), st.floats(8, 40))
def test_edge_strokes_come_off_the_ends_only(columns: list[int], line: float) -> None:
    cols = sorted(columns)
    kept = without_edge_strokes(np.array(cols, dtype=np.int64), 100, line).tolist()
    limit = max(1, round(0.15 * line))
    if not kept:  # the cell held a stroke against an edge and nothing else
        assert all(c <= limit or c >= 99 - limit for c in cols)
        return
    start = cols.index(kept[0])
    assert cols[start : start + len(kept)] == kept  # a run of the columns, in order
    assert all(c <= limit for c in cols[:start])  # off the left: a stroke's width from the edge
    assert all(c >= 99 - limit for c in cols[start + len(kept) :])  # off the right
    if cols and cols[0] > 1 and cols[-1] < 98:
        assert kept == cols  # nothing against an edge: nothing off
