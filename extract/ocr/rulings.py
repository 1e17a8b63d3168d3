"""Ruling lines of a scanned page as extract.ruling Segments, found by morphology.

An opening with a long thin kernel keeps only ink that runs straight for the kernel's length:
table borders, not glyphs. Each remaining component is one segment at its densest row (or
column). A segment that does not meet at least two segments of the other direction bounds no
cell (a dash, an underline, a stray arc of a seal) and is dropped before the table geometry
(extract.ruling.find_tables, the same code as for text PDFs) sees it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from extract.ruling import Segment, merge_segments

MIN_RULING_INCH = 0.17
"""Shortest border found: a one-line row is about 0.25 inch high; an em dash at 10.5 pt is
0.15 inch long and must not become a ruling."""
_GAP_INCH = 0.02  # breaks in a scanned line up to this long are bridged
_SEAL_RUN_INCH = 0.6  # a seal ring's straightest stretch is about 0.5 inch


@dataclass
class Rulings:
    segments: list[Segment]
    horizontal: np.ndarray
    """Pixels of horizontal straight runs (uint8 mask), glyph strokes of large type included."""
    vertical: np.ndarray
    tol: float


def _masks(ink: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    n = max(8, round(dpi * MIN_RULING_INCH))
    gap = max(2, round(dpi * _GAP_INCH))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, n), np.uint8))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((n, 1), np.uint8))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))
    return horizontal, vertical


def _segments(mask: np.ndarray, horizontal: bool) -> list[Segment]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, n):
        x, y, w, h = (int(v) for v in stats[i, :4])
        if horizontal:
            profile = (labels[y : y + h, x : x + w] == i).sum(axis=1)
            pos = y + _centre(profile)
            out.append(Segment(float(x), pos, float(x + w - 1), pos))
        else:
            profile = (labels[y : y + h, x : x + w] == i).sum(axis=0)
            pos = x + _centre(profile)
            out.append(Segment(pos, float(y), pos, float(y + h - 1)))
    return out


def _centre(profile: np.ndarray) -> float:
    """The line's centre across its width: the densest row and its neighbours, weighted (text
    touching a line thickens the component, not the line)."""
    k = int(np.argmax(profile))
    lo, hi = max(0, k - 1), min(len(profile), k + 2)
    weights = profile[lo:hi].astype(np.float64)
    return float((np.arange(lo, hi) * weights).sum() / weights.sum())


def _meets(a: Segment, b: Segment, tol: float) -> bool:
    h, v = (a, b) if a.horizontal else (b, a)
    return h.x0 - tol <= v.x0 <= h.x1 + tol and v.y0 - tol <= h.y0 <= v.y1 + tol


def _bounding(segments: list[Segment], tol: float) -> list[Segment]:
    """Segments meeting at least two of the other direction; repeated, since dropping one can
    leave another with a single partner."""
    while True:
        hs = [s for s in segments if s.horizontal]
        vs = [s for s in segments if not s.horizontal]
        kept = [s for s in hs if sum(_meets(s, v, tol) for v in vs) >= 2]
        kept += [s for s in vs if sum(_meets(s, h, tol) for h in hs) >= 2]
        if len(kept) == len(segments):
            return kept
        segments = kept


def find_rulings(ink: np.ndarray, dpi: int, seals: Sequence[tuple[float, float, float]] = ()) -> Rulings:
    """The page's ruling segments, in pixels, with the straight-run masks they came from.
    `seals` are circles (x, y, radius) where a stamp was: what is left of its ring can be a
    short straight run, so short segments inside them are not trusted."""
    horizontal, vertical = _masks(ink, dpi)
    tol = 2 / 72 * dpi  # the 2-point tolerance text PDFs use, in pixels
    segments = merge_segments(_segments(horizontal, True) + _segments(vertical, False), tol)
    segments = [s for s in segments if not _seal_remnant(s, seals, dpi)]
    return Rulings(_bounding(segments, tol), horizontal, vertical, tol)


def _seal_remnant(s: Segment, seals: Sequence[tuple[float, float, float]], dpi: int) -> bool:
    length = max(abs(s.x1 - s.x0), abs(s.y1 - s.y0))
    if length >= _SEAL_RUN_INCH * dpi:
        return False
    return any(
        math.hypot(s.x0 - x, s.y0 - y) <= r * 1.1 and math.hypot(s.x1 - x, s.y1 - y) <= r * 1.1
        for x, y, r in seals
    )


def erase_mask(rulings: Rulings, keep: list[Segment]) -> np.ndarray:
    """Pixels of the kept segments' lines (grown by a pixel for their blurred rims), to be
    painted white before text is cut out; straight strokes of large glyphs are not in it."""
    band = np.zeros(rulings.horizontal.shape, np.uint8)
    width = max(3, round(2 * rulings.tol) | 1)
    for s in keep:
        p0 = (round(s.x0), round(s.y0))
        p1 = (round(s.x1), round(s.y1))
        cv2.line(band, p0, p1, 255, thickness=width)
    lines = (rulings.horizontal | rulings.vertical) & band
    return cv2.dilate(lines, np.ones((3, 3), np.uint8))
