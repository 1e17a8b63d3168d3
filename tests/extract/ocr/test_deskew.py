import numpy as np
import pytest

from extract.ocr.binarize import ink_mask
from extract.ocr.deskew import estimate_skew, rotate
from tests.extract.ocr.images import DPI, page, rotated, table, text


def _form() -> np.ndarray:
    img = table(page(), [100, 400, 700, 1100], [150, 250, 350, 450, 550])
    return text(img, "12345", 150, 210)


@pytest.mark.parametrize("angle", [-2.0, -0.7, 0.3, 1.2, 2.0])
def test_a_known_rotation_is_recovered_from_the_ruling_lines(angle: float) -> None:
    skewed = rotated(_form(), angle)
    # turning by the estimate undoes the scanner's turn
    assert estimate_skew(ink_mask(skewed, DPI), DPI) == pytest.approx(-angle, abs=0.05)


def test_the_straightened_page_has_level_lines() -> None:
    skewed = rotated(_form(), 1.5)
    straight = rotate(skewed, estimate_skew(ink_mask(skewed, DPI), DPI))
    assert abs(estimate_skew(ink_mask(straight, DPI), DPI)) < 0.05


def test_a_page_of_text_lines_without_rulings_is_straightened_by_its_text() -> None:
    img = page()
    for k in range(12):
        text(img, "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 ABCDEFG", 60, 120 + 55 * k)
    assert estimate_skew(ink_mask(rotated(img, 1.0), DPI), DPI) == pytest.approx(-1.0, abs=0.1)


def test_a_blank_page_and_a_tiny_skew_are_left_alone() -> None:
    assert estimate_skew(ink_mask(page(), DPI), DPI) == 0.0
    img = _form()
    assert rotate(img, 0.01) is img
