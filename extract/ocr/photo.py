"""What a phone photo of a form has and a flatbed scan has not: light that falls unevenly (a
lamp's spot, the phone's shadow) and a sheet seen a little from the side (keystone). Each is
corrected only when it is measured on the page, so that a scan stays exactly as it was.

- Surroundings: the desk the sheet lies on (darker than the paper, reaching the picture's edge)
  is painted white, so that the sheet's edge is not taken for a ruling line.
- Background: the paper's brightness, found by closing the image (a dark stroke narrower than
  the kernel is filled with the paper around it), varies by more than UNEVEN grey levels over
  the page: each channel is divided by it, and the paper becomes evenly white.
- Perspective: the table's outer ruling lines form a quadrilateral whose opposite sides are not
  parallel (by more than KEYSTONE degrees): the page is warped (cv2.getPerspectiveTransform) so
  that the quadrilateral becomes a rectangle of its own size. A mere turn (parallel sides) is left
  to deskew.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

UNEVEN = 30
"""Grey levels between the darkest and brightest tenth of the paper beyond which it is flattened
(a scan's auto-levels leave its paper within a few levels of white)."""
KEYSTONE = 0.4
"""Degrees between opposite sides of the table above which the page is seen from the side."""
MAX_KEYSTONE = 10.0
"""More than this is not a slightly tilted photo but a table misfound: left alone."""
_WORK_DPI = 50
"""Resolution the background and the table's outline are measured at."""
_CLOSE_INCH = 0.25
"""Wider than a character, narrower than a blank stretch of paper between the cells' text."""
_LINE_INCH = 0.4
"""A ruling is a straight run of ink at least this long."""
_MIN_TABLE_SHARE = 0.4
_MIN_CELLS = 4
DESK = 0.7
"""A picture's edge darker than this share of its paper is the surface the sheet lies on."""
_STEP = 60
"""Sobel magnitude of the closed background at the sheet's edge (a step of tens of grey levels);
light across the desk or the paper changes far more gently."""
_MIN_DESK = 0.005


def _closed(image: np.ndarray, dpi: int) -> np.ndarray:
    """The page's background at _WORK_DPI: strokes narrower than _CLOSE_INCH filled with the
    paper around them."""
    scale = min(1.0, _WORK_DPI / dpi)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    size = max(3, round(_CLOSE_INCH * dpi * scale) | 1)
    return cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (size, size)))


def desk(image: np.ndarray, dpi: int) -> np.ndarray | None:
    """uint8 mask at the background's resolution (_closed), 255 where the picture shows the
    surface the sheet lies on; None when its edges are paper (a scan)."""
    background = _closed(image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dpi)
    paper = float(np.percentile(background, 90))
    # regions of the background bounded by steep steps (the sheet's edge); the desk is those of
    # them reaching the picture's edge that are much darker than the paper (a shadow's edge is soft:
    # a shadowed part of the sheet stays one region with the lit part)
    level = background.astype(np.float32)
    steep = np.hypot(cv2.Sobel(level, cv2.CV_32F, 1, 0), cv2.Sobel(level, cv2.CV_32F, 0, 1)) > _STEP
    open_ = cv2.erode((~steep).astype(np.uint8), np.ones((3, 3), np.uint8))
    _, labels = cv2.connectedComponents(open_, connectivity=4)
    edge = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    mask = np.zeros(background.shape, np.uint8)
    for label in edge[edge > 0]:
        region = labels == label
        if background[region].mean() < DESK * paper:
            mask[region] = 255
    if mask.mean() / 255 < _MIN_DESK:
        return None
    return cv2.dilate(mask, np.ones((5, 5), np.uint8))  # over the eroded seam


def clear_desk(image: np.ndarray, dpi: int, surface: np.ndarray | None = None) -> np.ndarray:
    """`image` with what lies around the sheet (`surface`, from desk(), found when not given)
    painted white; `image` itself when its edges are paper (a scan)."""
    surface = desk(image, dpi) if surface is None else surface
    if surface is None:
        return image
    full = cv2.resize(surface, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_NEAREST)
    out = image.copy()
    out[full > 0] = 255
    return out


def flatten(image: np.ndarray, dpi: int, surface: np.ndarray | None = None) -> np.ndarray:
    """`image` with its paper made evenly white when its light is uneven; else `image` itself.
    `surface` (desk()) is where the picture shows the desk, painted white already: the light is
    measured over the sheet alone (a shadow over a quarter of it counts)."""
    background = _closed(image, dpi)
    luminance = background if background.ndim == 2 else cv2.cvtColor(background, cv2.COLOR_BGR2GRAY)
    paper = luminance if surface is None or surface.shape != luminance.shape else luminance[surface == 0]
    if paper.size == 0:
        return image
    low, high = np.percentile(paper, (2, 98))
    if high - low <= UNEVEN:
        return image
    size = max(3, round(_CLOSE_INCH * min(dpi, _WORK_DPI)) | 1)
    smooth = cv2.GaussianBlur(background, (0, 0), size)
    full = cv2.resize(smooth, (image.shape[1], image.shape[0]), interpolation=cv2.INTER_LINEAR)
    flat = image.astype(np.float32) * (255.0 / np.maximum(full.astype(np.float32), 1.0))
    return np.clip(flat, 0, 255).astype(np.uint8)


def unwarp(image: np.ndarray, dpi: int) -> np.ndarray:
    """`image` seen square-on when its table's outline is a keystone; else `image` itself."""
    quad = table_outline(image, dpi)
    if quad is None:
        return image
    tl, tr, br, bl = quad
    skew = max(abs(_angle(tl, tr) - _angle(bl, br)), abs(_angle(tl, bl) - _angle(tr, br)))
    if not KEYSTONE < skew < MAX_KEYSTONE:
        return image
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    cx, cy = quad.mean(axis=0)
    target = np.float32(
        [
            (cx - width / 2, cy - height / 2),
            (cx + width / 2, cy - height / 2),
            (cx + width / 2, cy + height / 2),
            (cx - width / 2, cy + height / 2),
        ]
    )
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    white = (255,) * (1 if image.ndim == 2 else 3)
    return cv2.warpPerspective(
        image,
        matrix,
        (image.shape[1], image.shape[0]),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=white,
    )


def table_outline(image: np.ndarray, dpi: int) -> np.ndarray | None:
    """The corners (top-left, top-right, bottom-right, bottom-left, in pixels of `image`) of the
    largest grid of ruling lines on the page, or None when there is none."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = min(1.0, 2 * _WORK_DPI / dpi)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    block = max(3, round(0.15 * dpi * scale) | 1)
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 10)
    run = max(5, round(_LINE_INCH * dpi * scale))
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    # the table is the largest outline holding cells (a sheet's edge against the desk holds none)
    contours, hierarchy = cv2.findContours(lines, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return None
    min_cell = (0.1 * dpi * scale) ** 2
    best, best_area = -1, 0.0
    for k, contour in enumerate(contours):
        if hierarchy[0][k][3] != -1:
            continue  # a hole
        holes, child = 0, hierarchy[0][k][2]
        while child != -1:
            holes += cv2.contourArea(contours[child]) >= min_cell
            child = hierarchy[0][child][0]
        _, _, w, h = cv2.boundingRect(contour)
        if holes >= _MIN_CELLS and w >= _MIN_TABLE_SHARE * small.shape[1] and w * h > best_area:
            best, best_area = k, float(w * h)
    if best < 0:
        return None
    mask = np.zeros_like(lines)
    cv2.drawContours(mask, contours, best, 255, thickness=cv2.FILLED)
    # each side a straight line fitted through the outline's outermost pixels along it (the
    # middle of the side: a seal or a stray mark at a corner does not bend it), the corners where
    # the sides meet
    filled = mask > 0
    rows = np.flatnonzero(filled.any(axis=1))
    cols = np.flatnonzero(filled.any(axis=0))
    if len(rows) < 10 or len(cols) < 10:
        return None
    rows = rows[len(rows) // 10 : -(len(rows) // 10) or None]
    cols = cols[len(cols) // 10 : -(len(cols) // 10) or None]
    left = _fit(rows, np.argmax(filled[rows], axis=1))
    right = _fit(rows, filled.shape[1] - 1 - np.argmax(filled[rows, ::-1], axis=1))
    top = _fit(cols, np.argmax(filled[:, cols], axis=0))
    bottom = _fit(cols, filled.shape[0] - 1 - np.argmax(filled[::-1, cols], axis=0))
    corners = np.array(
        [_meet(top, left), _meet(top, right), _meet(bottom, right), _meet(bottom, left)], dtype=np.float64
    )
    return corners / scale


def _fit(along: np.ndarray, across: np.ndarray) -> tuple[float, float]:
    """across = a * along + b, fitted robustly (an outline's step at a merged cell is an outlier)."""
    points = np.stack([along, across], axis=1).astype(np.float32)
    vx, vy, x0, y0 = (float(v) for v in cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel())
    a = vy / vx if abs(vx) > 1e-9 else 0.0
    return a, y0 - a * x0


def _meet(horizontal: tuple[float, float], vertical: tuple[float, float]) -> tuple[float, float]:
    """Where y = a·x + b (a horizontal side) meets x = c·y + d (a vertical one)."""
    a, b = horizontal
    c, d = vertical
    y = (a * d + b) / (1 - a * c)
    return c * y + d, y


def _angle(a: np.ndarray, b: np.ndarray) -> float:
    """Direction of the side from a to b in degrees (opposite sides are both taken left to right,
    or both top to bottom, so that parallel sides have the same)."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
