"""One page as read, whatever read it: the tables found on it (cells holding text pieces) and
its text lines outside them. The text-layer readers (extract.pdf_text for PDF pages,
extract.ofd_reader for OFD pages) collect a page's glyphs and ruling segments as PageObjects
and page_content() builds the page from them; the scanner (extract.ocr) produces PageContent
from pixels. extract.assemble joins pages into a Document's blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.ruling import Segment, Table, TextPiece, assign_pieces, find_tables, line_text, lines_of
from model import TextBlock

SCAN_SHARE = 0.5
"""An image covering this share of a page makes it a scan."""


@dataclass
class PageContent:
    number: int
    tables: list[Table] = field(default_factory=list)
    lines: list[TextBlock] = field(default_factory=list)
    dpi: int | None = None
    """None: coordinates in PDF points (a text layer); else pixels of a scan at this dpi."""


@dataclass
class PageObjects:
    """What a text-layer reader found on one page, in top-down points."""

    pieces: list[TextPiece]
    segments: list[Segment]
    image_share: float
    """The share of the page covered by its largest image (a scan covers it all); 0 without one."""

    @property
    def scanned_grid(self) -> bool:
        """A scan without a single drawn ruling: its table exists only in the image."""
        return self.image_share >= SCAN_SHARE and not self.segments


def page_content(number: int, pieces: list[TextPiece], segments: list[Segment]) -> PageContent:
    """Ruling segments become tables with merged cells; each glyph falls into the cell under its
    centre, and the glyphs outside every table become text lines."""
    content = PageContent(number=number)
    content.tables = find_tables(segments)
    for table in content.tables:
        pieces = assign_pieces(table, pieces)
    for line in lines_of(pieces):
        x0 = min(p.x0 for p in line)
        top = min(p.top for p in line)
        box = (
            round(x0, 2),
            round(top, 2),
            round(max(p.x1 for p in line), 2),
            round(max(p.bottom for p in line), 2),
        )
        content.lines.append(TextBlock(text=line_text(line), page=number, box=box))
    return content
