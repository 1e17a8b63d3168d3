"""What is left of a seal after its removal, read as text.

Where a grey stamp is as dark as the print, removing it leaves blotches and some of its own
lettering, which the recognizer reads as stray characters beside or below a cell's value
("42.12 京", a lone "女" in an empty cell). Inside a seal's circle, a short piece of text is
dropped when the cell has a longer piece on the same line (a value does not end in a gap and
one character), or when it stands on a line of its own, is read with little confidence and
holds none of the symbols forms write alone (≥ ≤ = % / —).

A short piece that an opening bracket follows on its line is the start of the value, not junk:
`优（加强了…）` is split there under a seal only because a full-width bracket carries half a
character of blank on its left, and junk left by a seal never introduces a bracketed remark. Such
a piece is joined to the text it begins.
"""

from __future__ import annotations

from collections.abc import Callable

from extract.ruling import TableCell, TextPiece

SHORT = 2  # characters
UNSURE = 0.6
SYMBOLS = frozenset("≥≤=<>%/—-－～~")
OPENING = tuple("（([【〔《“‘「")
_BRACKET_GAP = 1.2  # in the piece's heights: a bracket's own blank and a character's spacing


def drop_seal_junk(cell: TableCell, under_seal: Callable[[tuple[float, float, float, float]], bool]) -> None:
    if not cell.pieces:
        return
    _join_bracketed(cell)
    kept: list[TextPiece] = []
    for piece in cell.pieces:
        if len(piece.text) > SHORT or not under_seal((piece.x0, piece.top, piece.x1, piece.bottom)):
            kept.append(piece)
            continue
        beside = any(
            other is not piece and len(other.text) > len(piece.text) and _same_line(piece, other)
            for other in cell.pieces
        )
        alone_unsure = (
            not any(other is not piece and _same_line(piece, other) for other in cell.pieces)
            and (piece.confidence or 0.0) < UNSURE
            and not SYMBOLS & set(piece.text)
        )
        if not (beside or alone_unsure):
            kept.append(piece)
    cell.pieces = kept


def _same_line(a: TextPiece, b: TextPiece) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _join_bracketed(cell: TableCell) -> None:
    pieces: list[TextPiece] = []
    for piece in cell.pieces:
        prev = pieces[-1] if pieces else None
        if (
            prev is not None
            and len(prev.text) <= SHORT
            and piece.text.startswith(OPENING)
            and _same_line(prev, piece)
            and 0 <= piece.x0 - prev.x1 <= _BRACKET_GAP * (prev.bottom - prev.top)
        ):
            scores = [s for s in (prev.confidence, piece.confidence) if s is not None]
            pieces[-1] = TextPiece(
                prev.text + piece.text,
                prev.x0,
                min(prev.top, piece.top),
                piece.x1,
                max(prev.bottom, piece.bottom),
                min(scores) if scores else None,
            )
        else:
            pieces.append(piece)
    cell.pieces = pieces
