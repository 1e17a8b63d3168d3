"""Reading page images by OCR, one document's pages in order, whatever made the images: pdfium
renders a scanned PDF's pages (PdfRenderer), extract.ofd_reader pastes an OFD page's images,
extract.image_reader decodes a photo's or a TIFF's frames. Every source hands the Scanner a
page as pixels; from there on (prepare, page.py, assembly) the code is one.

One resolution serves the whole document, chosen at its first OCR'd page (a scan's own
resolution up to raster.WORK_DPI, else raster.DEFAULT_DPI): Document.dpi states it, and boxes
of different pages stay comparable, which joining a table across a page break relies on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
import pypdfium2

from extract.ocr import raster
from extract.ocr.document import scanned_document
from extract.ocr.engine import get_engine
from extract.ocr.notes import NotesState
from extract.ocr.page import read_scanned_page
from extract.page import PageContent
from model import Document, Method


class PageSource(Protocol):
    def image(self, number: int, dpi: int | None) -> tuple[np.ndarray, int]:
        """Page `number` (1-based) as a uint8 array (H×W grey or H×W×3 BGR) and its resolution:
        `dpi` when given (the document's, from its first OCR'd page), else the page's own."""
        ...


class PdfRenderer:
    """A PDF's pages as pixels, rendered by pdfium at a scan's own resolution."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._doc: pypdfium2.PdfDocument | None = None

    def image(self, number: int, dpi: int | None) -> tuple[np.ndarray, int]:
        if self._doc is None:
            self._doc = pypdfium2.PdfDocument(str(self._path))
        page = self._doc[number - 1]
        try:
            dpi = dpi or raster.working_dpi(page)
            return raster.render(page, dpi, gray=raster.is_gray_page(page)), dpi
        finally:
            page.close()

    def close(self) -> None:
        if self._doc is not None:
            self._doc.close()
            self._doc = None


class Scanner:
    def __init__(self) -> None:
        self.dpi: int | None = None
        self.pages: list[int] = []
        """1-based numbers of the pages read by OCR, in order."""
        self._notes = NotesState()

    def read(self, number: int, source: PageSource) -> PageContent:
        engine = get_engine()  # first, so that a missing engine fails before any image is made
        image, self.dpi = source.image(number, self.dpi)
        if self.pages and self.pages[-1] != number - 1:
            self._notes = NotesState()  # a text page came between: nothing runs on
        self.pages.append(number)
        return read_scanned_page(image, number, self.dpi, engine, self._notes)

    def document(self, contents: list[PageContent], method: Method) -> Document:
        """The document of `contents` (every page, in order), those this scanner read among them."""
        assert self.dpi is not None
        return scanned_document(contents, set(self.pages), self.dpi, method)
