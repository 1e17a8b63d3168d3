"""One scanned page to the PageContent a text page gives: tables of cells holding text pieces,
and the text lines outside them, so that everything after reading (assemble, page_join,
locate, form_parser) is the same code for scans and text PDFs.

The grid tells where the text is: each cell is cut into lines by projection and each line is
recognized on its own (no detector runs over the page; the recognizer costs the same per
line whether lines come in batches or not). Lines are read in reading order so that the
notes block can be recognized as such and skipped (notes.py). Coordinates are pixels of the
straightened page at the page's dpi.
"""

from __future__ import annotations

import numpy as np

from extract.ocr import notes
from extract.ocr.aswritten import LONE_GLYPHS, correct_cell
from extract.ocr.crops import crop
from extract.ocr.engine import Engine
from extract.ocr.junk import drop_seal_junk
from extract.ocr.prepare import Prepared, prepare
from extract.ocr.textlines import WORD_GAP, Band, split_lines
from extract.page import PageContent
from extract.ruling import TextPiece, line_text, lines_of
from model import TextBlock

SEAL_WORD_GAP = 0.8
SMALL_MARKS = ["=", "≥", "≤", ">", "<", "—", "-", "/", "%"]
_UNSURE_SHORT = 0.8
_SURE = 0.98
_SURE_CHAR = 0.9
"""A line read from the seal-free image at least _SURE confident on the mean, with no character
below _SURE_CHAR, is not read again from the stamped one. The mean alone let one character whose
strokes went with the seal pass in a long line (excel-V12's scan: 健个了 at 0.980, 曾强 for
增强 at 0.984, the stamped image reading both right)."""
_TALL_LINE = 2.5  # an outside band this many line heights high is not a line: detect in it
_SLIVER = 0.5  # ...unless narrower than this many line heights: a stroke (a desk's edge), no text


def read_scanned_page(
    image: np.ndarray, number: int, dpi: int, engine: Engine, state: notes.NotesState | None = None
) -> PageContent:
    """`image` is the rendered page (grey, or BGR colour) at `dpi`; `state` carries the notes
    block from page to page of a document."""
    state = state if state is not None else notes.NotesState()
    page = prepare(image, dpi)
    reader = _Reader(page, engine)
    notes_bottom = other_bottom = -1.0

    for t, table in enumerate(page.tables):
        for cell in table.cells:
            # under a seal, a stray mark a character's width beside the text is its own piece
            gap = SEAL_WORD_GAP if page.under_seal(cell.box) else WORD_GAP
            bands = split_lines(
                page.ink, page.dark, page.cell_box(cell.box), page.line, page.min_ink, gap, trim=True
            )
            if not bands:
                continue
            first = reader.read(bands[0])
            cell.pieces += [first] if first else []
            boilerplate = (first is not None and notes.is_heading(first.text)) or notes.continues_in(
                cell, table, t == 0, state
            )
            if not boilerplate:
                cell.pieces += [p for b in bands[1:] if (p := reader.read(b))]
            if not cell.pieces and not all(page.under_seal(_box(b)) for b in bands):
                # ink that is no seal and reads as nothing: we failed, the cell is not empty
                cell.unread = True
            drop_seal_junk(cell, page.under_seal)
            correct_cell(cell, reader.posterior)
            if boilerplate:
                notes_bottom = max(notes_bottom, cell.box[3])
            elif cell.pieces:
                other_bottom = max(other_bottom, cell.box[3])

    outside: list[TextPiece] = []
    in_notes = state.open
    read_in_notes = 0
    previous = -1.0
    for band in sorted(
        split_lines(page.outside, page.dark, page.page_box, page.line, page.min_ink), key=_top
    ):
        if any(previous < t.box[1] <= band.top for t in page.tables):
            in_notes = False  # a table ends the notes
        previous = band.bottom
        if band.height > _TALL_LINE * page.line:
            if band.width >= _SLIVER * page.line:
                outside += reader.detect(band)
            in_notes = False
            continue
        if in_notes and read_in_notes and band.height <= notes.TALLER * page.line:
            notes_bottom = max(notes_bottom, band.bottom)
            continue
        piece = reader.read(band)
        if piece is None:
            continue
        outside.append(piece)
        if notes.is_heading(piece.text):
            in_notes, read_in_notes = True, 0
        elif band.height > notes.TALLER * page.line:
            in_notes = False
        if in_notes:
            read_in_notes += 1
            notes_bottom = max(notes_bottom, band.bottom)
        else:
            other_bottom = max(other_bottom, band.bottom)
    state.open = notes_bottom > other_bottom

    content = PageContent(number=number, tables=page.tables, dpi=dpi)
    content.lines = [_text_block(line, number) for line in lines_of(outside)]
    return content


def _box(band: Band) -> tuple[float, float, float, float]:
    return float(band.x0), float(band.top), float(band.x1), float(band.bottom)


def _top(band: Band) -> int:
    return band.top


def _text_block(line: list[TextPiece], number: int) -> TextBlock:
    box = (
        min(p.x0 for p in line),
        min(p.top for p in line),
        max(p.x1 for p in line),
        max(p.bottom for p in line),
    )
    scores = [p.confidence for p in line if p.confidence is not None]
    return TextBlock(
        text=line_text(line), page=number, box=box, confidence=round(min(scores), 4) if scores else None
    )


class _Reader:
    def __init__(self, page: Prepared, engine: Engine) -> None:
        self._page = page
        self._engine = engine
        self._crops: dict[int, list[np.ndarray]] = {}
        """id of a piece read -> the line images it was read from, for posterior()."""

    def read(self, band: Band) -> TextPiece | None:
        page = self._page
        box = (float(band.x0), float(band.top), float(band.x1), float(band.bottom))
        crops = [crop(page.gray, band, page.line)]
        results = self._engine.recognize(crops)
        sure = results[0].score >= _SURE and results[0].weakest >= _SURE_CHAR
        if not sure and page.under_seal(box):
            # under a seal, removing it may also have taken text: the likelier reading wins
            crops.append(crop(page.stamped, band, page.line))
            results += self._engine.recognize(crops[-1:])
        if len(results[0].text) <= 2 and max(r.score for r in results) < _UNSURE_SHORT:
            # a lone symbol is read right with narrow margins in some fonts, wide in others
            crops.append(crop(page.gray, band, page.line, wide=True))
            results += self._engine.recognize(crops[-1:])
        best = max(range(len(results)), key=lambda i: results[i].score)
        text, score = results[best].text.strip(), results[best].score
        if not text and band.width < page.line * 1.5:
            # a mark too small to be read as anything ("=" a few pixels high): if it is
            # likelier a symbol than nothing, it is that symbol
            odds = self._engine.posterior(crops, ["", *SMALL_MARKS, *LONE_GLYPHS])
            folded: dict[str, float] = {}
            for t, p in (odds or {}).items():
                folded[LONE_GLYPHS.get(t, t)] = folded.get(LONE_GLYPHS.get(t, t), 0.0) + p
            if folded and (mark := max(folded, key=lambda t: folded[t])):
                text, score = mark, folded[mark]
        if not text:
            return None
        piece = TextPiece(text, *box, round(score, 4))
        self._crops[id(piece)] = [crops[best], *(c for i, c in enumerate(crops) if i != best)]
        return piece

    def posterior(self, piece: TextPiece, texts: list[str]) -> dict[str, float] | None:
        images = self._crops.get(id(piece))
        return None if images is None else self._engine.posterior(images, texts)

    def detect(self, band: Band) -> list[TextPiece]:
        """Text in a region that is not a line of print (a logo, handwriting): the detector
        finds its lines."""
        region = np.ascontiguousarray(self._page.gray[band.top : band.bottom, band.x0 : band.x1])
        return [
            TextPiece(
                d.text.strip(),
                band.x0 + d.box[0],
                band.top + d.box[1],
                band.x0 + d.box[2],
                band.top + d.box[3],
                round(d.score, 4),
            )
            for d in self._engine.detect(region)
            if d.text.strip()
        ]
