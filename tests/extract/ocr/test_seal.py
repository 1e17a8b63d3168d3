import numpy as np

from extract.ocr.binarize import ink_mask
from extract.ocr.seal import grey_seals, redness, to_gray
from tests.extract.ocr.images import DPI, page, stamp_grey, stamp_red, table, text

CX, CY, R = 650, 450, 118  # a 40 mm seal at 150 dpi


def _form() -> np.ndarray:
    img = table(page(), [100, 400, 700, 1100], [250, 350, 450, 550, 650], thickness=2)
    for k, y in enumerate((310, 410, 510, 610)):
        text(img, f"{k + 1}0.25", 450, y)
    return img


def test_a_red_seal_is_taken_off_and_the_black_text_under_it_stays() -> None:
    clean = _form()
    stamped = stamp_red(clean, CX, CY, R)
    assert redness(stamped).max() > 0.9
    gray, seals = to_gray(stamped, DPI)
    assert len(seals) == 1
    (x, y, r) = seals[0]
    assert abs(x - CX) < 10 and abs(y - CY) < 10 and abs(r - R) < 15
    ring = _ring(gray.shape)
    # the ring is paper again...
    assert (gray[ring] < 200).mean() < 0.05
    # ...and the text and rulings are still there, as dark as before
    printed = clean < 100
    assert (gray[printed] < 160).mean() > 0.95


def test_a_grey_seal_on_a_grayscale_scan_is_found_and_taken_off() -> None:
    clean = _form()
    stamped = stamp_grey(clean, CX, CY, R)
    ((x, y, r),) = grey_seals(stamped, DPI)
    assert abs(x - CX) < 10 and abs(y - CY) < 10 and abs(r - R) < 15
    gray, _ = to_gray(stamped, DPI)
    assert (gray[_ring(gray.shape)] < 200).mean() < 0.1
    printed = clean < 100
    assert (gray[printed] < 160).mean() > 0.9


def test_a_page_without_a_seal_is_left_as_it_is() -> None:
    clean = _form()
    gray, seals = to_gray(clean, DPI)
    assert seals == [] and np.array_equal(gray, clean)
    assert grey_seals(clean, DPI) == []
    # a colour scan without red: only converted to grey
    gray, seals = to_gray(np.dstack([clean] * 3), DPI)
    assert seals == [] and np.array_equal(gray, clean)


def test_text_is_no_seal() -> None:
    img = page()
    for k in range(14):
        text(img, "0000 OOOO 8888 QQQQ 0000 OOOO", 60, 80 + 55 * k, scale=1.0)
    assert grey_seals(img, DPI) == []
    assert ink_mask(img, DPI).any()


def _ring(shape: tuple[int, int]) -> np.ndarray:
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    d = np.hypot(xx - CX, yy - CY)
    ring = np.abs(d - R) < 3
    # where the ring crosses a ruling or text, the ink is the form's
    clean = _form()
    return ring & (clean > 200)
