"""A rendered scan made ready for reading: evenly lit and seen square-on (a phone photo,
extract.ocr.photo), straight, without seals, its grid found, its ruling
lines painted out, its ink in two strengths, its body text height measured."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extract.ocr.binarize import TEXT_INK_SHARE, ink_mask
from extract.ocr.deskew import MIN_CORRECTION, estimate_skew, rotate
from extract.ocr.photo import clear_desk, desk, flatten, unwarp
from extract.ocr.rulings import erase_mask, find_rulings
from extract.ocr.seal import Circle, to_gray
from extract.ocr.textlines import Box, row_runs, typical_height
from extract.ruling import Segment, Table, find_tables

_MIN_TABLE_INCH = (1.0, 0.3)  # width, height: smaller "tables" are the strokes of a big glyph
_INSET_INCH = 0.012  # a cell's text starts this far inside its border lines
_SPECK_INCH2 = 0.0004  # less ink than this (6 pixels at 150 dpi) is noise


@dataclass
class Prepared:
    gray: np.ndarray
    """The straightened page in grey, seals and ruling lines painted white."""
    stamped: np.ndarray
    """The same with the seals left on: seal removal also takes faint text (seals.py)."""
    seals: list[Circle]
    ink: np.ndarray
    """Sensitive binary ink (thin strokes, a lone "。")."""
    dark: np.ndarray
    """Strict binary ink: print, not a seal's leftover specks or a scan's haze."""
    outside: np.ndarray
    """`ink` with the tables blanked: the text outside them."""
    tables: list[Table]
    dpi: int
    line: float
    """Body text height in pixels."""
    min_ink: int
    """Pixels of ink below which a mark is a speck."""

    def under_seal(self, box: tuple[float, float, float, float]) -> bool:
        """Whether a box reaches into a seal."""
        x0, top, x1, bottom = box
        for cx, cy, r in self.seals:
            nx, ny = min(max(cx, x0), x1), min(max(cy, top), bottom)
            if (nx - cx) ** 2 + (ny - cy) ** 2 <= (r * 1.05) ** 2:
                return True
        return False

    def cell_box(self, box: tuple[float, float, float, float]) -> Box:
        """The inside of a cell, its border lines excluded."""
        inset = max(2, round(_INSET_INCH * self.dpi))
        x0, top, x1, bottom = box
        return (round(x0) + inset, round(top) + inset, round(x1) - inset + 1, round(bottom) - inset + 1)

    @property
    def page_box(self) -> Box:
        return (0, 0, self.ink.shape[1], self.ink.shape[0])


def prepare(image: np.ndarray, dpi: int) -> Prepared:
    """`image` is the rendered page (grey, or BGR colour) at `dpi`."""
    # each only when measured as needed: a scan stays as it was
    surface = desk(image, dpi)
    image = unwarp(flatten(clear_desk(image, dpi, surface), dpi, surface), dpi)
    # straighten first: seal removal spares long ruling lines, and a line is one long
    # straight run only once the page is straight
    luminance = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    skew = estimate_skew(ink_mask(luminance, dpi), dpi)
    if abs(skew) >= MIN_CORRECTION:
        image = rotate(image, skew)
    stamped = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    gray, seals = to_gray(image, dpi)
    rulings = find_rulings(ink_mask(gray, dpi), dpi, seals)
    found = [
        t for t in find_tables(rulings.segments, tol=rulings.tol, min_size=6 / 72 * dpi) if _is_table(t, dpi)
    ]
    # a single cell around another table is a frame, not a table: the sheet's edge on a photo
    # whose desk was not told from the paper (the title inside it would be a cell's text and
    # its large glyphs' strokes taken for the cell's ruling lines), a border drawn round a form
    tables = [t for t in found if not _is_frame(t, found)]
    frames = [t for t in found if t not in tables]
    lines = [
        s
        for s in rulings.segments
        if _in_tables(s, tables, rulings.tol) or any(_on_border(s, f, rulings.tol) for f in frames)
    ]
    erase = erase_mask(rulings, lines)
    gray[erase > 0] = 255
    if seals:
        stamped = stamped.copy()
        stamped[erase > 0] = 255
    ink = ink_mask(gray, dpi)
    dark = ink_mask(gray, dpi, share=TEXT_INK_SHARE)
    outside = ink.copy()
    for table in tables:
        x0, top, x1, bottom = (round(v) for v in table.box)
        outside[max(0, top - 2) : bottom + 3, max(0, x0 - 2) : x1 + 3] = 0
    min_ink = max(3, round(_SPECK_INCH2 * dpi * dpi))
    page = Prepared(gray, stamped, seals, ink, dark, outside, tables, dpi, 0.0, min_ink)
    runs = [r for t in tables for c in t.cells for r in row_runs(ink, page.cell_box(c.box), min_ink)]
    runs += row_runs(outside, page.page_box, min_ink)
    page.line = typical_height(runs, floor=0.06 * dpi)
    return page


def _is_table(table: Table, dpi: int) -> bool:
    x0, top, x1, bottom = table.box
    return x1 - x0 >= _MIN_TABLE_INCH[0] * dpi and bottom - top >= _MIN_TABLE_INCH[1] * dpi


def _is_frame(table: Table, tables: list[Table]) -> bool:
    x0, top, x1, bottom = table.box
    return len(table.cells) == 1 and any(
        other is not table
        and x0 <= other.box[0]
        and other.box[2] <= x1
        and top <= other.box[1]
        and other.box[3] <= bottom
        for other in tables
    )


def _on_border(s: Segment, frame: Table, tol: float) -> bool:
    """A segment of the frame's own outline (not a stroke of the text inside it)."""
    x0, top, x1, bottom = frame.box
    if s.horizontal:
        return min(abs(s.y0 - top), abs(s.y0 - bottom)) <= tol
    return min(abs(s.x0 - x0), abs(s.x0 - x1)) <= tol


def _in_tables(s: Segment, tables: list[Table], tol: float) -> bool:
    return any(
        t.box[0] - tol <= min(s.x0, s.x1)
        and max(s.x0, s.x1) <= t.box[2] + tol
        and t.box[1] - tol <= min(s.y0, s.y1)
        and max(s.y0, s.y1) <= t.box[3] + tol
        for t in tables
    )
