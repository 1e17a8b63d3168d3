"""Where each form sits in a PDF, found by plain page-text search, never by table extraction:
the index must not inherit a bug of the code it is meant to test."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pypdfium2

_WS = re.compile(r"\s+")
TITLE_MARK = "绩效自评表"


def squash(text: str) -> str:
    """NFKC (LibreOffice sometimes maps CJK glyphs to Kangxi radicals) without any whitespace,
    so a name broken over two lines still matches."""
    return _WS.sub("", unicodedata.normalize("NFKC", text))


def page_count(pdf: Path) -> int:
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [squash(page.extract_text() or "") for page in doc.pages]


def locate_forms(pdf: Path, names: list[str], alone_pages: list[int]) -> list[tuple[int, int]]:
    """1-based (first, last) page of each form, in order.

    A form starts on the first page after the previous form's start that shows the title and
    its project name; it ends where the next one starts. Each range must have exactly as many
    pages as that form rendered on its own (alone_pages), or the layout changed in between."""
    texts = page_texts(pdf)
    if len(texts) != page_count(pdf):
        raise AssertionError(f"{pdf.name}: pdfplumber and pdfium disagree on the page count")
    starts: list[int] = []
    cursor = 0
    for name in names:
        key = squash(name)
        hit = next((i for i in range(cursor, len(texts)) if TITLE_MARK in texts[i] and key in texts[i]), None)
        if hit is None:
            raise AssertionError(f"{pdf.name}: project name {name!r} not found from page {cursor + 1} on")
        starts.append(hit)
        cursor = hit + 1
    ranges = []
    for i, start in enumerate(starts):
        end = (starts[i + 1] if i + 1 < len(starts) else len(texts)) - 1
        ranges.append((start + 1, end + 1))
    for name, (first, last), alone in zip(names, ranges, alone_pages, strict=True):
        if last - first + 1 != alone:
            raise AssertionError(
                f"{pdf.name}: {name!r} covers pages {first}-{last} but takes {alone} page(s) alone"
            )
    return ranges
