"""What is left of a seal after its removal, read as text.

Where a grey stamp is as dark as the print, removing it leaves blotches and some of its own
lettering, which the recognizer reads as stray characters beside or below a cell's value
("42.12 京", a lone "女" in an empty cell). Inside a seal's circle, a short piece of text is
dropped when the cell has a longer piece on the same line (a value does not end in a gap and
one character) or, itself read unsure, a surely read one ("2 P"), or when it stands on a line
of its own, is read with little confidence and holds none of the symbols forms write alone
(≥ ≤ = % / —); a lone character beside a surely read line is held to a higher confidence (a
ring's arc reads as an unsure "1"). A longer line of its own read unsure as nothing but
letters and marks ("AIX" above a header) is the seal's too.

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
UNSURE_LONE = 0.8
"""A lone character on a line of its own is junk below this confidence when the cell holds
another line read at least SURE: an arc of the seal's ring beside a value ("1" above 20)."""
SURE = 0.98
SYMBOLS = frozenset("≥≤=<>%/—-－～~")
OPENING = tuple("（([【〔《“‘「")
_BRACKET_GAP = 1.2  # in the piece's heights: a bracket's own blank and a character's spacing


def drop_seal_junk(cell: TableCell, under_seal: Callable[[tuple[float, float, float, float]], bool]) -> None:
    if not cell.pieces:
        return
    _join_bracketed(cell)
    kept: list[TextPiece] = []
    for piece in cell.pieces:
        if not under_seal((piece.x0, piece.top, piece.x1, piece.bottom)):
            kept.append(piece)
            continue
        if len(piece.text) > SHORT:
            if not _stray_letters(piece, cell.pieces):
                kept.append(piece)
            continue
        unsure = (piece.confidence or 0.0) < UNSURE
        beside = any(
            other is not piece
            and _same_line(piece, other)
            and (len(other.text) > len(piece.text) or (unsure and (other.confidence or 0.0) >= SURE))
            for other in cell.pieces
        )
        # a ring's arc through the cell reads as a lone "1" or "i", as unsure as a real one is sure
        sure_line = len(piece.text) == 1 and any(
            other is not piece and (other.confidence or 0.0) >= SURE for other in cell.pieces
        )
        alone_unsure = (
            not any(other is not piece and _same_line(piece, other) for other in cell.pieces)
            and (piece.confidence or 0.0) < (UNSURE_LONE if sure_line else UNSURE)
            and not SYMBOLS & set(piece.text)
        )
        if not (beside or alone_unsure):
            kept.append(piece)
    cell.pieces = kept


def _stray_letters(piece: TextPiece, pieces: list[TextPiece]) -> bool:
    """A line of its own read unsure as letters and marks only ("AIX" above 全年执行数): a seal's
    ring or lettering. Print writes Latin letters beside words and numbers (Mbps, AI中台), not
    as a line alone beside a cell's other lines."""
    return (
        (piece.confidence or 0.0) < UNSURE
        and len(pieces) > 1
        and not any(ch.isdigit() or "\u4e00" <= ch <= "\u9fff" for ch in piece.text)
        and not any(other is not piece and _same_line(piece, other) for other in pieces)
    )


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
