"""Text lines of a region by horizontal projection: where the grid already says where text is,
finding its lines needs no detector.

A region's rows of ink form runs; a run is a line of text. Two kinds of run are not:
a glyph made only of horizontal strokes ("=", "二", "…") falls apart into thin runs close
together, which are joined back while they stay within a line's height; and lines printed
so tightly that their strokes touch make one run two lines high, which is cut at its
emptiest row when that row is nearly empty (a line of large type has no such row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Box = tuple[int, int, int, int]  # x0, top, x1, bottom: pixels, end-exclusive


@dataclass(frozen=True)
class Band:
    """One line of text (or a part of one, split at a wide gap): pixels, end-exclusive."""

    x0: int
    top: int
    x1: int
    bottom: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def width(self) -> int:
        return self.x1 - self.x0


_JOIN_GAP = 0.35  # runs closer than this many line heights may be one line...
_JOIN_HEIGHT = 1.25  # ...if together they are no taller than this
_SPLIT_HEIGHT = 1.6  # a run taller than this many line heights may be two lines
_SPLIT_EMPTY = 0.12  # cut where a row has at most this share of the run's typical ink
WORD_GAP = 2.0  # a gap this many line heights wide separates two pieces of text
_MIN_DARK = 3  # pixels of print-dark ink a piece of text has at least
_THIN = 0.15  # rows with at most this share of a tall run's fullest row are a stroke's tail
_RESIDUE = 0.15  # a ruling's leftover at a cell's edge is at most this many line heights wide...
_RESIDUE_GAP = 0.5  # ...and this far from the cell's text, if it has any


def row_runs(ink: np.ndarray, box: Box, min_ink: int) -> list[tuple[int, int]]:
    """(top, bottom) of each run of inked rows in the box; runs with less ink than `min_ink`
    pixels are specks."""
    x0, top, x1, bottom = box
    rows = np.count_nonzero(ink[top:bottom, x0:x1], axis=1)
    inked = np.flatnonzero(rows)
    if inked.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(inked) > 1)
    starts = np.concatenate(([inked[0]], inked[breaks + 1]))
    ends = np.concatenate((inked[breaks], [inked[-1]])) + 1
    return [
        (top + int(s), top + int(e)) for s, e in zip(starts, ends, strict=True) if rows[s:e].sum() >= min_ink
    ]


def typical_height(runs: list[tuple[int, int]], floor: float) -> float:
    """The median height of runs at least `floor` high: the page's body text line."""
    heights = [b - t for t, b in runs if b - t >= floor]
    return float(np.median(heights)) if heights else 2 * floor


def _join(runs: list[tuple[int, int]], line: float) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for top, bottom in runs:
        if out and top - out[-1][1] <= _JOIN_GAP * line and bottom - out[-1][0] <= _JOIN_HEIGHT * line:
            out[-1] = (out[-1][0], bottom)
        else:
            out.append((top, bottom))
    return out


def _split(rows: np.ndarray, top: int, bottom: int, line: float) -> list[tuple[int, int]]:
    """Cut a run too tall for one line at its emptiest row, recursively."""
    height = bottom - top
    if height <= _SPLIT_HEIGHT * line:
        return [(top, bottom)]
    profile = rows[top:bottom]
    margin = max(1, int(0.6 * line))
    if height <= 2 * margin:
        return [(top, bottom)]
    inner = profile[margin : height - margin]
    cut = margin + int(np.argmin(inner))
    typical = float(np.median(profile[profile > 0])) if np.any(profile > 0) else 0.0
    if profile[cut] > _SPLIT_EMPTY * typical:
        return [(top, bottom)]
    return _split(rows, top, top + cut, line) + _split(rows, top + cut + 1, bottom, line)


def _trim(rows: np.ndarray, top: int, bottom: int, line: float) -> tuple[int, int]:
    """A run too tall for a line and not two lines (_split found no empty row) without the
    thin rows at its ends: what is left of a seal's ring arcs through a cell's text and joins
    the rows above and below it to its line, which the recognizer then gets at a third of
    its height (a header under a grey seal read 科分 for 得分). Never below a line's height."""
    if bottom - top <= _SPLIT_HEIGHT * line:
        return top, bottom
    thin = _THIN * float(rows[top:bottom].max())
    while bottom - top > line and rows[top] <= thin:
        top += 1
    while bottom - top > line and rows[bottom - 1] <= thin:
        bottom -= 1
    return top, bottom


def _pieces(
    ink: np.ndarray,
    dark: np.ndarray,
    box: Box,
    top: int,
    bottom: int,
    line: float,
    word_gap: float,
    min_ink: int,
    edges: bool = False,
) -> list[Band]:
    """The band's inked columns, split where a gap is wider than a couple of characters; a
    piece without dark ink is a smudge, not print, and one with less ink than a speck's is a
    speck."""
    x0, _, x1, _ = box
    cols = np.flatnonzero(np.count_nonzero(ink[top:bottom, x0:x1], axis=0))
    if edges:
        cols = without_edge_strokes(cols, x1 - x0, line)
    if cols.size == 0:
        return []
    gaps = np.flatnonzero(np.diff(cols) > word_gap * line)
    starts = np.concatenate(([cols[0]], cols[gaps + 1]))
    ends = np.concatenate((cols[gaps], [cols[-1]])) + 1
    return [
        Band(x0 + int(s), top, x0 + int(e), bottom)
        for s, e in zip(starts, ends, strict=True)
        if np.count_nonzero(dark[top:bottom, x0 + s : x0 + e]) >= _MIN_DARK
        and np.count_nonzero(ink[top:bottom, x0 + s : x0 + e]) >= min_ink
    ]


def without_edge_strokes(cols: np.ndarray, width: int, line: float) -> np.ndarray:
    """A cell's inked columns (offsets from its inside's left edge, ascending) without what a
    ruling line leaves at either edge: a run of columns no wider than a stroke, against the edge,
    apart from the text. A blurred scan's border is wider than what was painted out of it, and
    its leftover was read with the cell's text (`I 10` for 10) or alone as a `1`."""
    limit = max(1, round(_RESIDUE * line))
    apart = _RESIDUE_GAP * line
    if cols.size == 0:
        return cols
    breaks = np.flatnonzero(np.diff(cols) > 1)
    if cols[0] <= 1:  # against the left edge
        end = int(breaks[0]) + 1 if breaks.size else cols.size
        if cols[end - 1] - cols[0] < limit and (end == cols.size or cols[end] - cols[end - 1] > apart):
            return without_edge_strokes(cols[end:], width, line)
    if cols[-1] >= width - 2:  # against the right edge
        start = int(breaks[-1]) + 1 if breaks.size else 0
        if cols[-1] - cols[start] < limit and (start == 0 or cols[start] - cols[start - 1] > apart):
            return cols[:start]
    return cols


def split_lines(
    ink: np.ndarray,
    dark: np.ndarray,
    box: Box,
    line: float,
    min_ink: int,
    word_gap: float = WORD_GAP,
    trim: bool = False,
) -> list[Band]:
    """The text lines in a box, top to bottom, each cut into pieces at gaps wider than
    `word_gap` line heights. `ink` is a sensitive binary image (thin strokes, a lone "。"),
    `dark` a strict one (print, not the specks a seal or a smudge leaves); `line` is the body
    text height (typical_height). `trim` takes the thin ends off a line too tall to be one
    (_trim) and a ruling's leftover off its sides (without_edge_strokes): for a table's cells,
    which hold body text, not the large type of a title."""
    x0, top, x1, bottom = box
    if x1 <= x0 or bottom <= top:
        return []
    runs = _join(row_runs(ink, box, min_ink), line)
    rows = np.zeros(ink.shape[0], dtype=np.int64)
    rows[top:bottom] = np.count_nonzero(ink[top:bottom, x0:x1], axis=1)
    bands: list[Band] = []
    for run_top, run_bottom in runs:
        for t, b in _split(rows, run_top, run_bottom, line):
            if trim:
                t, b = _trim(rows, t, b, line)
            bands.extend(_pieces(ink, dark, box, t, b, line, word_gap, min_ink, edges=trim))
    return bands
