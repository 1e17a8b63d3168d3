"""Reading the pages of one PDF that need OCR: pdfium renders them, page.py reads them.

One resolution serves the whole document, chosen at its first OCR'd page (a scan's own
resolution up to raster.WORK_DPI, else raster.DEFAULT_DPI): Document.dpi states it, and boxes
of different pages stay comparable, which joining a table across a page break relies on.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2

from extract.ocr import raster
from extract.ocr.engine import get_engine
from extract.ocr.notes import NotesState
from extract.ocr.page import read_scanned_page
from extract.page import PageContent


class Scanner:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._doc: pypdfium2.PdfDocument | None = None
        self.dpi: int | None = None
        self.pages: list[int] = []
        """1-based numbers of the pages read by OCR, in order."""
        self._notes = NotesState()

    def read(self, number: int) -> PageContent:
        engine = get_engine()  # first, so that a missing engine fails before any rendering
        if self._doc is None:
            self._doc = pypdfium2.PdfDocument(str(self._path))
        page = self._doc[number - 1]
        try:
            if self.dpi is None:
                self.dpi = raster.working_dpi(page)
            image = raster.render(page, self.dpi, gray=raster.is_gray_page(page))
        finally:
            page.close()
        if self.pages and self.pages[-1] != number - 1:
            self._notes = NotesState()  # a text page came between: nothing runs on
        self.pages.append(number)
        return read_scanned_page(image, number, self.dpi, engine, self._notes)

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None
