"""Drawn vector shapes to ruling segments, for every format that draws its table borders as
vector paths (PDF, OFD): a thin filled rectangle is a line, a stroked rectangle its four edges,
and a polyline the axis-parallel pieces of it. Coordinates are top-down points."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from extract.ruling import Segment

THIN = 3.0
"""A rectangle thinner than this (points) is a drawn line: Word and Excel exporters draw a cell
border as a filled rectangle half a point wide as often as a stroked line."""
_STRAIGHT = 0.5  # a piece whose ends differ less than this in x (or y) is vertical (horizontal)


def rect_segments(x0: float, top: float, x1: float, bottom: float, stroke: bool) -> list[Segment]:
    """A rectangle as ruling: its centre line when thin, its edges when stroked, nothing when it
    is a filled area (a shaded cell)."""
    if x1 - x0 < THIN:
        return [Segment((x0 + x1) / 2, top, (x0 + x1) / 2, bottom)]
    if bottom - top < THIN:
        return [Segment(x0, (top + bottom) / 2, x1, (top + bottom) / 2)]
    if stroke:
        return [
            Segment(x0, top, x1, top),
            Segment(x0, bottom, x1, bottom),
            Segment(x0, top, x0, bottom),
            Segment(x1, top, x1, bottom),
        ]
    return []


def polyline_segments(points: Sequence[tuple[float, float]]) -> list[Segment]:
    """The horizontal and vertical pieces of a polyline; slanted pieces are no ruling."""
    out: list[Segment] = []
    for (ax, ay), (bx, by) in pairwise(points):
        if abs(ax - bx) < _STRAIGHT or abs(ay - by) < _STRAIGHT:
            out.append(Segment(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    return out
