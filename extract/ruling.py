"""Ruling lines to tables of cells with spans: the geometry shared by text PDFs (vector lines)
and scans (lines found by morphology).

A table is a connected set of horizontal and vertical segments. Its distinct x and y positions
cut it into elementary cells; two neighbouring elementary cells belong to the same merged cell
when no segment separates them. Coordinates are top-down (y grows downwards), in whatever unit
the caller uses (PDF points, pixels).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple


@dataclass(frozen=True)
class Segment:
    """A horizontal (y0 == y1) or vertical (x0 == x1) ruling segment."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass
class TableCell:
    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[float, float, float, float]
    pieces: list[TextPiece] = field(default_factory=list)
    unread: bool = False
    """Ink was found in the cell (a scan) but nothing could be recognized in it."""


class TextPiece(NamedTuple):
    """A glyph (text PDFs) or a recognized word (scans) with its box. A named tuple rather than a
    frozen dataclass: a text page makes one per glyph, and a tuple is made four times faster."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass
class Table:
    xs: list[float]
    ys: list[float]
    cells: list[TableCell]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def cell_at(self, x: float, y: float) -> TableCell | None:
        """The cell containing a point, via the elementary-cell index."""
        i = bisect_right(self.ys, y) - 1
        j = bisect_right(self.xs, x) - 1
        if i < 0 or j < 0 or i >= len(self.ys) - 1 or j >= len(self.xs) - 1:
            return None
        return self._index[i][j]

    def build_index(self) -> None:
        self._index: list[list[TableCell | None]] = [
            [None] * (len(self.xs) - 1) for _ in range(len(self.ys) - 1)
        ]
        for cell in self.cells:
            for i in range(cell.row, cell.row + cell.rowspan):
                for j in range(cell.col, cell.col + cell.colspan):
                    self._index[i][j] = cell


def _cluster(values: Iterable[float], tol: float) -> list[float]:
    """Positions closer than tol become one (their mean)."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def _nearest(values: list[float], v: float) -> float:
    """The value nearest to v in an ascending list (of two as near, the first), as
    min(values, key=lambda u: abs(u - v)) finds it, by bisection."""
    k = bisect_left(values, v)
    if k == 0:
        return values[0]
    if k < len(values) and abs(values[k] - v) < abs(values[k - 1] - v):
        return values[k]
    return values[k - 1]


def merge_segments(segments: Iterable[Segment], tol: float) -> list[Segment]:
    """Colinear pieces (a border drawn cell by cell, a thin rectangle's two edges) become one."""
    horiz: dict[float, list[tuple[float, float]]] = {}
    vert: dict[float, list[tuple[float, float]]] = {}
    segs = list(segments)
    ys = _cluster((s.y0 for s in segs if s.horizontal), tol)
    xs = _cluster((s.x0 for s in segs if not s.horizontal), tol)
    for s in segs:
        if s.horizontal:
            y = _nearest(ys, s.y0)
            horiz.setdefault(y, []).append((min(s.x0, s.x1), max(s.x0, s.x1)))
        else:
            x = _nearest(xs, s.x0)
            vert.setdefault(x, []).append((min(s.y0, s.y1), max(s.y0, s.y1)))
    out: list[Segment] = []
    for y, spans in horiz.items():
        out.extend(Segment(a, y, b, y) for a, b in _join(spans, tol))
    for x, spans in vert.items():
        out.extend(Segment(x, a, x, b) for a, b in _join(spans, tol))
    return out


def _join(spans: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    spans.sort()
    joined = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= joined[-1][1] + tol:
            joined[-1][1] = max(joined[-1][1], b)
        else:
            joined.append([a, b])
    return [(a, b) for a, b in joined]


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_tables(segments: Iterable[Segment], tol: float = 2.0, min_size: float = 6.0) -> list[Table]:
    """Tables from ruling segments, top to bottom."""
    segs = [s for s in merge_segments(segments, tol) if max(abs(s.x1 - s.x0), abs(s.y1 - s.y0)) >= min_size]
    hs = [s for s in segs if s.horizontal]
    vs = [s for s in segs if not s.horizontal]
    uf = _UnionFind(len(hs) + len(vs))
    verticals = [(len(hs) + j, v.x0, v.y0 - tol, v.y1 + tol) for j, v in enumerate(vs)]
    for i, h in enumerate(hs):
        left, right, y = h.x0 - tol, h.x1 + tol, h.y0
        for k, x, top, bottom in verticals:
            if left <= x <= right and top <= y <= bottom:  # the two cross
                uf.union(i, k)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        groups.setdefault(uf.find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        groups.setdefault(uf.find(len(hs) + j), ([], []))[1].append(v)
    tables = [t for g in groups.values() if (t := _table(*g, tol)) is not None]
    tables.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return tables


def _covers(spans: list[tuple[float, float]], a: float, b: float, tol: float) -> bool:
    """Does one of the spans of the segments at an edge's position cover the open interval
    (a, b)?"""
    lo, hi = a + tol, b - tol
    if hi <= lo:
        lo = hi = (a + b) / 2
    for start, stop in spans:  # noqa: SIM110 (a loop: any() over a generator costs twice as much)
        if start <= lo and stop >= hi:
            return True
    return False


def _table(hs: list[Segment], vs: list[Segment], tol: float) -> Table | None:
    if len(hs) < 2 or len(vs) < 2:
        return None
    ys = _cluster((h.y0 for h in hs), tol)
    xs = _cluster((v.x0 for v in vs), tol)
    if len(ys) < 2 or len(xs) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # the spans of the segments that can cover an edge at each position, found once, not per cell
    at_x = [[(v.y0, v.y1) for v in vs if abs(v.x0 - x) <= tol] for x in xs]
    at_y = [[(h.x0, h.x1) for h in hs if abs(h.y0 - y) <= tol] for y in ys]
    uf = _UnionFind(n_rows * n_cols)
    for i in range(n_rows):
        top, bottom, below = ys[i], ys[i + 1], at_y[i + 1]
        for j in range(n_cols):
            k = i * n_cols + j
            if j + 1 < n_cols and not _covers(at_x[j + 1], top, bottom, tol):
                uf.union(k, k + 1)
            if i + 1 < n_rows and not _covers(below, xs[j], xs[j + 1], tol):
                uf.union(k, k + n_cols)
    regions: dict[int, list[int]] = {}
    for i in range(n_rows):  # rows in order: a region's first row is where it is first met
        for j in range(n_cols):
            r = regions.setdefault(uf.find(i * n_cols + j), [i, j, i, j])
            r[2] = i
            if j < r[1]:
                r[1] = j
            elif j > r[3]:
                r[3] = j
    cells = [
        TableCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        for r0, c0, r1, c1 in regions.values()
    ]
    cells.sort(key=lambda c: (c.row, c.col))
    table = Table(xs, ys, cells)
    table.build_index()
    return table


def assign_pieces(table: Table, pieces: Iterable[TextPiece]) -> list[TextPiece]:
    """Put each piece into the cell holding its centre (Table.cell_at, inlined: a text page has
    a thousand glyphs); returns the pieces outside the table."""
    outside: list[TextPiece] = []
    xs, ys, index = table.xs, table.ys, table._index
    rows, cols = len(ys) - 1, len(xs) - 1
    for p in pieces:
        i = bisect_right(ys, (p[2] + p[4]) / 2) - 1
        j = bisect_right(xs, (p[1] + p[3]) / 2) - 1
        cell = index[i][j] if 0 <= i < rows and 0 <= j < cols else None
        if cell is None:
            outside.append(p)
        else:
            cell.pieces.append(p)
    return outside


_READING = itemgetter(2, 1)  # (top, x0) of a TextPiece
_X0 = itemgetter(1)


def lines_of(pieces: list[TextPiece]) -> list[list[TextPiece]]:
    """Pieces grouped into text lines (reading order: top to bottom, then left to right). A piece
    joins a line when its vertical centre lies within the line's band."""
    lines: list[list[Any]] = []  # [top, bottom, members]
    for p in sorted(pieces, key=_READING):
        top, bottom = p[2], p[4]
        mid = (top + bottom) / 2
        for line in lines:
            if line[0] <= mid <= line[1]:
                line[2].append(p)
                if top < line[0]:
                    line[0] = top
                if bottom > line[1]:
                    line[1] = bottom
                break
        else:
            lines.append([top, bottom, [p]])
    lines.sort(key=_FIRST)
    out = []
    for line in lines:
        members = line[2]
        members.sort(key=_X0)
        out.append(members)
    return out


_FIRST = itemgetter(0)


def line_text(line: list[TextPiece], gap_factor: float = 0.3) -> str:
    """A line's pieces joined; a visible gap becomes a space (kept only between ASCII words later)."""
    if len(line) <= 1:
        return line[0].text if line else ""
    parts = [line[0].text]
    right = line[0].x1
    for text, x0, top, x1, bottom, _ in line[1:]:
        height = bottom - top
        if height < 1.0:
            height = 1.0
        if x0 - right > gap_factor * height and not parts[-1].endswith(" ") and not text.startswith(" "):
            parts.append(" ")
        parts.append(text)
        right = x1
    return "".join(parts)


_NUMBER_END = tuple("0123456789.")
_NUMBER_START = tuple("0123456789.%")


def _wrapped(before: list[TextPiece], after: list[TextPiece], right: float, pad: float) -> bool:
    """Whether the line `before` ran out of room in a cell whose text ends at `right`: the next
    line's first character would not have fitted after it."""
    first = after[0]
    glyph = (first.x1 - first.x0) / max(len(first.text.strip()), 1)
    return right - max(p.x1 for p in before) < glyph + pad


def cell_text(
    pieces: list[TextPiece], box: tuple[float, float, float, float] | None = None, pad: float = 0.0
) -> str:
    """A cell's lines joined by line breaks, except where a number was wrapped at the cell's edge
    (`1108140` / `0` in a narrow cell): digits, decimals and % split by a wrap belong together.
    `box` is the cell's, `pad` its inner padding (extract.geometry.TableGeometry.wrap_pad)."""
    lines = lines_of(pieces)
    if not lines:
        return ""
    texts = [line_text(line) for line in lines]
    out = [texts[0]]
    for k in range(1, len(lines)):
        wrap = (
            box is not None
            and out[-1].endswith(_NUMBER_END)
            and texts[k].startswith(_NUMBER_START)
            and _wrapped(lines[k - 1], lines[k], box[2], pad)
        )
        out.append(texts[k] if wrap else "\n" + texts[k])
    return "".join(out)
