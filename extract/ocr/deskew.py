"""Straightening a scanned page by its ruling lines.

The long horizontal rulings of a form are the most reliable straight edges on the page: their
slope is the paper's skew, far more precisely than text baselines give it. Lines are found as
long thin components of the page's ink after an opening that keeps near-horizontal runs; each
gives a least-squares slope, and the length-weighted median of those is the page's skew.

A page without rulings (the notes running onto a second page) is straightened by its text:
the angle at which the rows of a small copy of the page are most sharply split into lines of
ink and gaps between them.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

MAX_SKEW = 5.0  # degrees: anything steeper is not a scanner's skew
MIN_CORRECTION = 0.03  # degrees: below this, rotating only blurs
_MIN_LINE_SHARE = 0.2  # a line spans at least this share of the page width


def estimate_skew(ink: np.ndarray, dpi: int) -> float:
    """Skew in degrees (positive: lines fall to the right, y grows downward); 0.0 when the
    page has no long ruling line. `ink` is a binary image, non-zero where there is ink."""
    # a 1-pixel line skewed by 2 degrees is a staircase of 28-pixel runs: keep runs of 0.1"
    run = max(5, round(dpi * 0.1))
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    min_width = _MIN_LINE_SHARE * ink.shape[1]
    max_rise = math.tan(math.radians(MAX_SKEW))
    slopes: list[tuple[float, float]] = []
    for i in range(1, n):
        x, y, w, h = stats[i, :4]
        if w < min_width or h > w * max_rise + dpi * 0.05:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == i)
        if len(xs) > 4000:  # a line's slope needs no more points than that
            step = len(xs) // 4000 + 1
            xs, ys = xs[::step], ys[::step]
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        slopes.append((float(slope), float(w)))
    if not slopes:
        return _text_skew(ink, dpi)
    slopes.sort()
    total = sum(w for _, w in slopes)
    acc = 0.0
    for slope, w in slopes:
        acc += w
        if acc >= total / 2:
            return math.degrees(math.atan(slope))
    return 0.0  # pragma: no cover (the loop always reaches half the total)


_PROFILE_DPI = 50


def _text_skew(ink: np.ndarray, dpi: int) -> float:
    """The angle whose row profile has the most contrast (sum of squared row-to-row changes)."""
    scale = min(1.0, _PROFILE_DPI / dpi)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA).astype(np.float32)
    if small.sum() < 255 * 50:  # a nearly blank page
        return 0.0
    h, w = small.shape

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (w, h), flags=cv2.INTER_LINEAR)
        profile = turned.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25), key=sharpness)
    best = max(np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05), key=sharpness)
    # turning by `best` straightens the text, as rotate(image, skew) turns by skew
    return float(best)


def rotate(image: np.ndarray, skew: float) -> np.ndarray:
    """The image turned so that a line of the given skew becomes horizontal, same size, the
    uncovered corners white."""
    if abs(skew) < MIN_CORRECTION:
        return image
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    white = (255, 255, 255) if image.ndim == 3 else 255
    return cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_CONSTANT, borderValue=white
    )
