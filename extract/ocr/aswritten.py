"""Corrections a whole recognized cell makes certain.

The recognizer reads a dash or an equals sign standing alone as the CJK numeral it resembles,
and a decimal point as a comma where the number then cannot be read; a misread header loses
its column (lexicon). Each correction looks at the whole cell, never at part of a text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from extract.ocr.lexicon import is_label, label_candidates, snap_label
from extract.ruling import TableCell, TextPiece, cell_text

LONE_GLYPHS = {"一": "—", "二": "=", "三": "="}
"""A cell holding nothing but one of these holds the symbol it looks like: no form puts a
bare 一, 二 or 三 in a cell, and 分值/得分 of the funds sub-rows and 绩效指标性质 often hold — and =
(三: an equals sign with a stray mark)."""
_DECIMAL_COMMA = re.compile(r"^(\d+),(\d{1,2}|\d{4,})(%?)$")
"""A number whose comma cannot separate thousands."""


def corrected(text: str) -> str | None:
    """The cell's text as written, when the recognized text is certainly a misreading."""
    fixed = LONE_GLYPHS.get(text) or snap_label(text) or _label_with_stray_line(text)
    if fixed is None and (m := _DECIMAL_COMMA.match(text)):
        fixed = f"{m[1]}.{m[2]}{m[3]}"
    return fixed


def _label_with_stray_line(text: str) -> str | None:
    """A header with a stray mark read as a line of its own ("1" above 得分). A cell that is a
    label as read has none: in a narrow header every line is short (项目/资金/（万/元）), and
    dropping （万 left 项目资金元）, the funds in 元 instead of 万元."""
    lines = text.split("\n")
    if len(lines) < 2 or is_label(text):
        return None
    for i, stray in enumerate(lines):
        if len(stray.strip()) <= 2:
            rest = "".join(lines[:i] + lines[i + 1 :])
            if is_label(rest):
                return rest
            if (snapped := snap_label(rest)) is not None:
                return snapped
    return None


Chooser = Callable[[TextPiece, list[str]], dict[str, float] | None]
"""For a piece read as one line: how likely it shows each of some texts (engine.posterior)."""

NATURE_SYMBOLS = ["≥", "≤", "=", ">", "<"]
"""A 绩效指标性质 symbol alone is hard to read (the recognizer is unsure of a lone ≥ even when
right) and decides the scoring rule: it is read again as a choice among these. Its confidence
is the probability of its rule (≥ and > score alike, as do ≤ and <): the recognizer often
hesitates between ≥ and >, which changes nothing a finding depends on."""
_SAME_RULE = {"≥": "≥>", ">": "≥>", "≤": "≤<", "<": "≤<", "=": "="}


UNSURE_SYMBOL = 0.8
UNSURE_COMMA = 0.98
"""A number with one thousands comma read less sure than this is asked again as a decimal point."""
_ONE_COMMA = re.compile(r"^\d{1,3},\d{3}(%?)$")


def correct_cell(cell: TableCell, choose: Chooser | None = None) -> None:
    if not cell.pieces:
        return
    text = cell_text(cell.pieces)
    fixed = corrected(text)
    confidence: float | None = None
    if choose is not None and len(cell.pieces) == 1:
        piece = cell.pieces[0]
        if (fixed or text) in NATURE_SYMBOLS:  # also a 二 read for =
            candidates = NATURE_SYMBOLS
        elif fixed is None and len(text) <= 2 and (piece.confidence or 0.0) < UNSURE_SYMBOL:
            # an unsure short reading may be a symbol in a font the recognizer knows less
            # ("⩽" read as M): the symbols compete with what was read
            candidates = [text, *NATURE_SYMBOLS]
        elif fixed is None and _ONE_COMMA.match(text) and (piece.confidence or 0.0) < UNSURE_COMMA:
            # 160,329 read unsure may be 160.329 (a photo's blurred point has a comma's tail):
            # the image decides between them
            candidates = [text, text.replace(",", ".")]
        elif fixed is None:
            # a header one character from two labels (执行青: 执行率 or 执行数?): ask the image
            candidates = label_candidates(text)
        else:
            candidates = []
        if len(candidates) > 1 and (odds := choose(piece, candidates)) is not None:
            best = max(odds, key=lambda t: odds[t])
            if best != text or candidates is NATURE_SYMBOLS:
                fixed = best
                confidence = sum(p for t, p in odds.items() if t in _SAME_RULE.get(best, best))
    if fixed is None or (fixed == text and confidence is None):
        return
    scores = [p.confidence for p in cell.pieces if p.confidence is not None]
    if confidence is not None:
        scores = [round(confidence, 4)]
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
