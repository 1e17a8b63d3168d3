"""Official seals off the page before lines are found and text is read.

A seal is stamped over the table in red ink; its ring, star and curved text would otherwise
become ruling fragments, ink in a cell's line profile and characters in its text.

Colour scans: a red pixel at least as light as the stamp's densest ink is stamp and becomes
paper; printed text is darker, also where the stamp covers it or where JPEG (which keeps
colour at half resolution, brightness at full) has smeared the stamp's red over it, so its
grey value stays. The stamp's strokes also have a neutral grey rim that no colour test
catches: right next to red ink, what is lighter than printed ink is taken off too.

Grayscale scans: the seal is a lighter grey than printed text, but at 150 dpi thin strokes of
text are that grey too, so grey level alone cannot tell them apart. A seal is *area* of light
grey (a ring several pixels wide, a filled star, bold text) with little dark ink in it, laid
out as a circle of a seal's size with an unbroken ring. Inside such a circle, everything
lighter than the page's printed ink is paper, except long ruling lines (hairlines are light).
"""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np

from extract.ocr.binarize import ink_mask

Circle = tuple[float, float, float]  # x, y, radius: pixels

_RED_FLOOR = 12  # JPEG and scanner colour noise leave grey pixels this much off balance
_RED_FULL = 30  # a pixel this much redder than its other channels is all seal
_MIN_RED_PIXELS = 50
_RIM_INCH = 0.015  # a stamp's neutral JPEG rim lies this close to its red ink (text nearby must stay)

_LIGHT = 228  # paper is lighter
_SEAL_MIN_INCH = 0.25  # a seal's light-grey area spans at least this much
_SEAL_RADIUS_INCH = (0.65, 1.0)  # official round seals are 38-45 mm across; with margin
_RING_INK_SHARE = 0.9  # a stamp's ink is uneven: its pale parts count too
_RING_DPI = 40  # rings as large as seals are found on a copy this coarse
_RING_WIDTH = max(1.0, 0.03 * _RING_DPI)  # of a ring filter's bands, pixels of the coarse copy
_RING_RESPONSE = 0.25  # ring filter answer of a candidate (seals: 0.29-0.54, text: up to 0.26)
_MAX_SEALS = 3
_RING_COVER = 0.75  # share of a candidate's circumference that has ink...
_RING_CONTRAST = 0.3  # ...more than circles just inside and outside it have
_RING_INCH = 0.05  # a ring is about 1 mm wide
_RULING_INCH = 0.75
"""A straight run this long is a ruling line, never seal: a seal ring's straightest stretch
(its tangent band, 40 mm across, 1 mm wide) is about 0.5 inch."""


def to_gray(image: np.ndarray, dpi: int) -> tuple[np.ndarray, list[Circle]]:
    """The page in grey with any seal removed, and where the seals were."""
    if image.ndim == 3:
        gray, circles = _colour(image, dpi)
        if circles:
            return gray, circles
        # no red seal: a grey scan saved in colour (scanner and phone software do it) can still
        # carry a grey one
        return _grey(gray, dpi)
    return _grey(image, dpi)


def red_excess(image: np.ndarray) -> np.ndarray:
    """uint8 per pixel: how much the red channel exceeds the other two (BGR image)."""
    b, g, r = cv2.split(image)
    return cv2.subtract(r, cv2.max(g, b))


def redness(image: np.ndarray) -> np.ndarray:
    """0..1 per pixel: how much redder than its other channels."""
    excess = red_excess(image).astype(np.float32) - _RED_FLOOR
    return np.clip(excess / _RED_FULL, 0.0, 1.0)


def _colour(image: np.ndarray, dpi: int) -> tuple[np.ndarray, list[Circle]]:
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    excess = red_excess(image)  # integers: a 300-dpi page in float is 35 MB a copy
    core = excess >= _RED_FLOOR + _RED_FULL // 2
    if np.count_nonzero(core) < _MIN_RED_PIXELS:
        return gray, []
    # seal ink is never darker than its densest red; printed text is, also where JPEG has
    # smeared the stamp's colour over it (colour is kept at half resolution, brightness not)
    # (a tenth of the red pixels are text under the stamp: the 10th percentile is its ink)
    level = int(np.clip(np.percentile(gray[core], 10) - 10, 60, 170))
    rulings = long_rulings(gray, dpi)
    out = gray.copy()
    out[(excess > _RED_FLOOR + round(0.15 * _RED_FULL)) & (gray >= level) & ~rulings] = 255
    grow = max(3, round(dpi * _RIM_INCH)) | 1
    near = cv2.dilate(core.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (grow, grow))) > 0
    out[near & (gray >= max(level, print_level(gray))) & ~rulings] = 255
    return out, _red_circles(core.astype(np.uint8), dpi)


def _red_circles(red: np.ndarray, dpi: int) -> list[Circle]:
    """Where the red stamps are, as circles: the grid finder distrusts short lines in them."""
    close = max(3, round(dpi * 0.1)) | 1
    joined = cv2.morphologyEx(
        red, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (close, close))
    )
    n, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    circles = []
    for i in range(1, n):
        if max(stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]) < _SEAL_MIN_INCH * dpi:
            continue
        points = np.column_stack(np.nonzero(labels == i))[:, ::-1].astype(np.float32)
        (cx, cy), r = cv2.minEnclosingCircle(points)
        circles.append((float(cx), float(cy), float(r)))
    # a stamp's star or lettering inside its ring is the same stamp
    circles.sort(key=lambda c: -c[2])
    kept: list[Circle] = []
    for c in circles:
        if not any(math.hypot(c[0] - k[0], c[1] - k[1]) < k[2] for k in kept):
            kept.append(c)
    return kept


def _whiten(gray: np.ndarray, region: np.ndarray, dpi: int, level: int) -> np.ndarray:
    """Inside the region, everything at least as light as `level` becomes paper, except long
    rulings (a hairline is as light as a seal)."""
    out = gray.copy()
    out[region & (gray >= level) & ~long_rulings(gray, dpi)] = 255
    return out


def long_rulings(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Pixels of long straight lines: a thin ruling line is as light a grey as a seal."""
    ink = (gray < _LIGHT).astype(np.uint8)
    n = round(dpi * _RULING_INCH)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    return cv2.dilate(lines, np.ones((3, 3), np.uint8)) > 0


def print_level(gray: np.ndarray) -> int:
    """Grey level splitting printed ink from lighter marks: well below paper, well above the
    darkest ink, which on a faint scan is far from black."""
    inked = gray[gray < _LIGHT]
    if inked.size < 100:
        return 110
    darkest = float(np.percentile(inked, 3))
    return int(darkest + 0.45 * (_LIGHT - darkest))


def grey_seals(gray: np.ndarray, dpi: int) -> list[Circle]:
    """Seals on a grey page: circles of a seal's size whose ring is an unbroken line of ink,
    darker than what lies just inside and outside it (a circle drawn through text is not).

    Candidates come from ring-shaped filters over a coarse copy of the page's ink (a ring of
    ink between two rings of paper answers, text and grid lines do not), checked at full
    resolution around their whole circumference."""
    ink = ink_mask(gray, dpi, share=_RING_INK_SHARE)
    f = _RING_DPI / dpi
    small = cv2.resize(ink, None, fx=f, fy=f, interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    response: np.ndarray | None = None
    radius = np.zeros(small.shape, np.float32)
    lo, hi = (r * _RING_DPI for r in _SEAL_RADIUS_INCH)
    radii = [float(r) for r in np.arange(lo, hi, 0.05 * _RING_DPI)]
    for r, answer in zip(radii, _ring_answers(small, radii), strict=True):
        if response is None:
            response = answer
            radius[:] = r
        else:
            better = answer > response
            response[better] = answer[better]
            radius[better] = r
    assert response is not None
    full = ink > 0
    seals: list[Circle] = []
    for _ in range(_MAX_SEALS):
        y, x = np.unravel_index(int(np.argmax(response)), response.shape)
        if response[y, x] < _RING_RESPONSE:
            break
        cx, cy, r = x / f, y / f, float(radius[y, x]) / f
        cv2.circle(response, (int(x), int(y)), int(radius[y, x]), -1.0, thickness=-1)
        r = max(
            np.arange(r - 0.06 * dpi, r + 0.06 * dpi, dpi / 150), key=lambda q: _cover(full, cx, cy, q, dpi)
        )
        ring = _cover(full, cx, cy, r, dpi, band=0.04)
        around = max(_cover(full, cx, cy, r - 0.15 * dpi, dpi), _cover(full, cx, cy, r + 0.15 * dpi, dpi))
        if ring >= _RING_COVER and ring - around >= _RING_CONTRAST:
            seals.append((cx, cy, _ring_middle(full, cx, cy, float(r), dpi)))
    return seals


def _ring_middle(ink: np.ndarray, cx: float, cy: float, r: float, dpi: int) -> float:
    """The radius where the ring's ink is densest, near r. The best-covered radius is the
    ring's inner edge (any ink within a band counts there already): a circle that small left
    the outer half of the ring on the page, whose arcs through the cells beside the seal read
    as a lone "1"."""
    steps = np.arange(r - 0.02 * dpi, r + 0.06 * dpi, 1.0)
    angles = np.linspace(0, 2 * math.pi, 360, endpoint=False)
    xs = np.clip(np.round(cx + steps[:, None] * np.cos(angles)), 0, ink.shape[1] - 1).astype(int)
    ys = np.clip(np.round(cy + steps[:, None] * np.sin(angles)), 0, ink.shape[0] - 1).astype(int)
    share = ink[ys, xs].mean(axis=1)
    dense = steps[share >= share.max() - 0.05]
    return float((dense.min() + dense.max()) / 2)


def _ring_answers(small: np.ndarray, radii: list[float]) -> list[np.ndarray]:
    """Each ring filter over the image, zero outside it (cv2.filter2D with BORDER_CONSTANT;
    the kernels are symmetric, so correlation is convolution): one Fourier transform of the
    image serves every radius, the kernels' are computed once a page size."""
    h, w = small.shape
    k = max(2 * int(r + 3.5 * _RING_WIDTH + 2) + 1 for r in radii)  # the largest kernel's side
    size = (cv2.getOptimalDFTSize(h + k - 1), cv2.getOptimalDFTSize(w + k - 1))
    spectra = _ring_spectra(size, k, tuple(radii))
    padded = np.zeros(spectra[0].shape[:2], np.float32)
    padded[:h, :w] = small
    image = cv2.dft(padded, flags=cv2.DFT_COMPLEX_OUTPUT)
    answers = []
    for spectrum in spectra:
        full = cv2.idft(cv2.mulSpectrums(image, spectrum, 0), flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_SCALE)
        answers.append(np.ascontiguousarray(full[k // 2 : k // 2 + h, k // 2 : k // 2 + w]))
    return answers


@lru_cache(maxsize=2)
def _ring_spectra(size: tuple[int, int], k: int, radii: tuple[float, ...]) -> list[np.ndarray]:
    """The ring kernels' Fourier transforms at a padded image size, each kernel centred in a
    k x k square (a few MB each: a run's pages are mostly of one or two sizes)."""
    kernels = [_ring_kernel(r) for r in radii]
    assert max(kernel.shape[0] for kernel in kernels) == k
    spectra = []
    for kernel in kernels:
        n, at = kernel.shape[0], (k - kernel.shape[0]) // 2
        spread = np.zeros(size, np.float32)
        spread[at : at + n, at : at + n] = kernel
        spectra.append(cv2.dft(spread, flags=cv2.DFT_COMPLEX_OUTPUT))
    return spectra


def _ring_kernel(r: float) -> np.ndarray:
    """Mean of a ring of radius r minus the means of the rings just inside and outside it."""
    w = _RING_WIDTH
    n = int(r + 3.5 * w + 2)
    y, x = np.mgrid[-n : n + 1, -n : n + 1]
    d = np.hypot(x, y)

    def band(centre: float, half: float) -> np.ndarray:
        b = (np.abs(d - centre) <= half).astype(np.float32)
        return b / b.sum()

    return band(r, w) - 0.5 * band(r - 2.5 * w - 1, 0.8 * w) - 0.5 * band(r + 2.5 * w + 1, 0.8 * w)


def _cover(ink: np.ndarray, cx: float, cy: float, r: float, dpi: int, band: float = 0.015) -> float:
    """Share of directions from the centre in which ink lies within `band` inch of radius r."""
    offsets = np.arange(-band, band + 1e-9, 0.01) * dpi
    angles = np.linspace(0, 2 * math.pi, 180, endpoint=False)
    radii = r + offsets[:, None]
    xs = np.clip(np.round(cx + radii * np.cos(angles)), 0, ink.shape[1] - 1).astype(int)
    ys = np.clip(np.round(cy + radii * np.sin(angles)), 0, ink.shape[0] - 1).astype(int)
    return float(ink[ys, xs].any(axis=0).mean())


def _grey(gray: np.ndarray, dpi: int) -> tuple[np.ndarray, list[Circle]]:
    seals = grey_seals(gray, dpi)
    if not seals:
        return gray, []
    disk = np.zeros(gray.shape, np.uint8)
    ring = np.zeros(gray.shape, np.uint8)
    width = max(2, round(_RING_INCH * dpi))
    for cx, cy, r in seals:
        # the whole stamp, also where its ink blotted darker over text and lines
        cv2.circle(disk, (round(cx), round(cy)), round(r * 1.04 + 2), 1, thickness=-1)
        cv2.circle(ring, (round(cx), round(cy)), round(r), 1, thickness=width)
    # the stamp's own tone: a dark stamp must go too, a light one must not take faint text
    tones = gray[(ring > 0) & (gray < _LIGHT)]
    level = print_level(gray)
    if tones.size:
        tone = float(np.median(tones))
        level = min(level, int(tone - 0.15 * (255 - tone)))
    return _whiten(gray, disk > 0, dpi, level), seals
