"""Corrections a whole recognized cell makes certain.

The recognizer reads a dash or an equals sign standing alone as the CJK numeral it resembles,
and a decimal point as a comma where the number then cannot be read; a misread header loses
its column (lexicon). Each correction looks at the whole cell, never at part of a text.
"""

from __future__ import annotations

import re

from extract.ocr.lexicon import snap_label
from extract.ruling import TableCell, TextPiece, cell_text

LONE_GLYPHS = {"一": "—", "二": "="}
"""A cell holding nothing but one of these holds the symbol it looks like: no form puts a
bare 一 or 二 in a cell, and 分值/得分 of the funds sub-rows and 绩效指标性质 often hold — and =."""
_DECIMAL_COMMA = re.compile(r"^(\d+),(\d{1,2}|\d{4,})(%?)$")
"""A number whose comma cannot separate thousands."""


def corrected(text: str) -> str | None:
    """The cell's text as written, when the recognized text is certainly a misreading."""
    fixed = LONE_GLYPHS.get(text) or snap_label(text)
    if fixed is None and (m := _DECIMAL_COMMA.match(text)):
        fixed = f"{m[1]}.{m[2]}{m[3]}"
    return fixed


def correct_cell(cell: TableCell) -> None:
    if not cell.pieces:
        return
    fixed = corrected(cell_text(cell.pieces))
    if fixed is None:
        return
    scores = [p.confidence for p in cell.pieces if p.confidence is not None]
    cell.pieces = [
        TextPiece(
            fixed,
            min(p.x0 for p in cell.pieces),
            min(p.top for p in cell.pieces),
            max(p.x1 for p in cell.pieces),
            max(p.bottom for p in cell.pieces),
            min(scores) if scores else None,
        )
    ]
