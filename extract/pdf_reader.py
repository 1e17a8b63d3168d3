"""A PDF to a Document: each page is read from its text layer or, when it has no usable one, by
OCR (extract.ocr); this module only chooses which, then assembles the pages (extract.assemble).

Two readers give a page's text layer (its glyphs, ruling segments and images) as PageObjects:
`pdfium` (extract.pdfium_text, the default: pdfium's own text page and path objects, about five
times faster) and `pdfplumber` (extract.pdf_text, pdfminer's layout walk, kept as the
reference). Both feed the same grid stage (extract.page.page_content) and the same routing, and
tests/extract/test_pdf_readers.py holds them to the same grids and forms on every corpus PDF."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extract.assemble import assemble
from extract.ocr.routing import check_mode, needs_ocr
from extract.page import PageContent, PageObjects, page_content
from model import Document

if TYPE_CHECKING:
    from extract.ocr.scanner import PdfRenderer, Scanner


PdfReader = Literal["pdfium", "pdfplumber"]
PDF_READERS: tuple[PdfReader, ...] = ("pdfium", "pdfplumber")
DEFAULT_PDF_READER: PdfReader = "pdfium"


def check_reader(reader: str) -> PdfReader:
    if reader not in PDF_READERS:
        raise ValueError(f"pdf reader must be one of {', '.join(PDF_READERS)}, not {reader!r}")
    return reader  # type: ignore[return-value]


class _Pages:
    """A PDF's pages as PageObjects, whichever reader reads them."""

    def __init__(self, count: int, read: Callable[[int], PageObjects]) -> None:
        self.count = count
        self.read = read


@contextmanager
def open_pages(path: Path, reader: PdfReader) -> Iterator[_Pages]:
    if reader == "pdfium":
        from extract.pdfium_text import PdfiumDocument

        doc = PdfiumDocument(path)
        try:
            yield _Pages(len(doc), doc.page_objects)
        finally:
            doc.close()
        return
    import pdfplumber

    from extract import pdf_text  # pdfminer's layout: loaded only for this reader

    with pdfplumber.open(str(path)) as pdf:

        def read(index: int) -> PageObjects:
            page = pdf.pages[index]
            try:
                return pdf_text.page_objects(page)
            finally:
                page.close()

        yield _Pages(len(pdf.pages), read)


def read_pdf(path: Path, ocr: str = "auto", reader: str = DEFAULT_PDF_READER) -> Document:
    """`ocr`: "auto" reads a page by OCR when it has no usable text layer (extract.ocr.routing),
    "always" reads every page by OCR, "never" only ever reads the text layer. `reader`: which
    reader gives the text layer (PDF_READERS)."""
    mode = check_mode(ocr)
    scanner: Scanner | None = None
    renderer: PdfRenderer | None = None
    with open_pages(path, check_reader(reader)) as pdf:
        pages: list[PageContent] = []
        try:
            for number in range(1, pdf.count + 1):
                objects = PageObjects([], [], 0.0) if mode == "always" else pdf.read(number - 1)
                pieces, segments, share = objects.pieces, objects.segments, objects.image_share
                scanned_grid = objects.scanned_grid
                if mode == "always" or needs_ocr(mode, [p.text for p in pieces], share > 0, scanned_grid):
                    if scanner is None or renderer is None:
                        from extract.ocr.scanner import PdfRenderer, Scanner

                        scanner, renderer = Scanner(), PdfRenderer(path)
                    pages.append(scanner.read(number, renderer))
                else:
                    pages.append(page_content(number, pieces, segments))
        finally:
            if renderer is not None:
                renderer.close()
        if scanner is None or scanner.dpi is None:
            return Document(method="pdf-text", pages=pdf.count, blocks=assemble(pages))
        # a document with any OCR'd page is "pdf-ocr": its forms' values may carry OCR errors
        return scanner.document(pages, "pdf-ocr")
