"""A PDF to a Document: each page is read from its text layer (extract.pdf_text) or, when it has
no usable one, by OCR (extract.ocr); this module only chooses which, then assembles the pages
(extract.assemble)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pdfplumber

from extract import pdf_text
from extract.assemble import assemble
from extract.ocr.routing import check_mode, needs_ocr
from extract.page import PageContent, page_content
from model import Document

if TYPE_CHECKING:
    from extract.ocr.scanner import Scanner


def read_pdf(path: Path, ocr: str = "auto") -> Document:
    """`ocr`: "auto" reads a page by OCR when it has no usable text layer (extract.ocr.routing),
    "always" reads every page by OCR, "never" only ever reads the text layer."""
    mode = check_mode(ocr)
    scanner: Scanner | None = None
    with pdfplumber.open(str(path)) as pdf:
        pages: list[PageContent] = []
        try:
            for number, page in enumerate(pdf.pages, start=1):
                objects = (
                    pdf_text.PageObjects([], [], 0.0) if mode == "always" else pdf_text.page_objects(page)
                )
                pieces, segments, share = objects.pieces, objects.segments, objects.image_share
                scanned_grid = objects.scanned_grid
                if mode == "always" or needs_ocr(mode, [p.text for p in pieces], share > 0, scanned_grid):
                    if scanner is None:
                        from extract.ocr.scanner import Scanner

                        scanner = Scanner(path)
                    pages.append(scanner.read(number))
                else:
                    pages.append(page_content(number, pieces, segments))
                page.close()
        finally:
            if scanner is not None:
                scanner.close()
        if scanner is None or scanner.dpi is None:
            return Document(method="pdf-text", pages=len(pdf.pages), blocks=assemble(pages))
        from extract.ocr.document import align_continuations, finish

        scanned = set(scanner.pages)
        shifts = align_continuations(pages, scanned)
        blocks = assemble(pages)
        finish(blocks, pages, scanned, scanner.dpi, shifts)
        # a document with any OCR'd page is "pdf-ocr": its forms' values may carry OCR errors
        return Document(
            method="pdf-ocr", pages=len(pdf.pages), blocks=blocks, dpi=scanner.dpi, ocr_pages=sorted(scanned)
        )
