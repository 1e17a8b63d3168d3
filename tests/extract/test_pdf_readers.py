"""The pdfium reader (extract.pdfium_text, the default) and pdfplumber (extract.pdf_text, the
reference) give the same page routing, the same grids and the same forms on every corpus PDF
(corpus/files and the variant layouts of corpus/variants), and agree glyph for glyph and line
for line on pages drawn through form XObjects and on rotated pages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

import pipeline
from extract import pdf_text, pdfium_text
from extract.ocr.routing import needs_ocr
from extract.page import PageObjects
from extract.read import read_document
from model import Document, Grid, TextBlock
from publish.serialize import anomaly_csv_rows, form_csv_row, form_document, indicator_csv_rows
from tests.corpus_truth import CORPUS

FILES = CORPUS / "files"


def _index(folder: Path) -> list[dict[str, Any]]:
    """The PDFs of a corpus index, each path made relative to the corpus folder."""
    index = folder / "index.json" if (folder / "index.json").exists() else folder.parent / "index.json"
    if not index.exists():
        return []
    prefix = folder.relative_to(CORPUS)
    entries = json.loads(index.read_text(encoding="utf-8"))
    return [e | {"path": str(prefix / e["path"])} for e in entries if e["path"].endswith(".pdf")]


PDFS = _index(FILES) + _index(CORPUS / "variants" / "files")
TEXT_PDFS = [e["path"] for e in PDFS if e["kind"] != "scan"]
BOX_TOLERANCE = 0.01  # points: pdfium holds coordinates as 32-bit floats
ROUNDED = 0.0101  # boxes of blocks, rounded to 0.01: a hair's difference may round either way


def _pages(path: Path) -> tuple[list[PageObjects], list[PageObjects]]:
    doc = pdfium_text.PdfiumDocument(path)
    try:
        fast = [doc.page_objects(i) for i in range(len(doc))]
    finally:
        doc.close()
    with pdfplumber.open(str(path)) as pdf:
        reference = [pdf_text.page_objects(page) for page in pdf.pages]
    return fast, reference


def _same_objects(fast: PageObjects, reference: PageObjects) -> None:
    """The same glyphs with the same boxes (in reading order: pdfium orders the glyphs of a
    rotated page its own way, and the grid stage orders them by position anyway) and the same
    ruling segments."""
    order = lambda p: (round(p.top, 1), round(p.x0, 1), p.text)  # noqa: E731
    pieces, expected = sorted(fast.pieces, key=order), sorted(reference.pieces, key=order)
    assert [p.text for p in pieces] == [p.text for p in expected]
    for a, b in zip(pieces, expected, strict=True):
        box = (b.x0, b.top, b.x1, b.bottom)
        assert (a.x0, a.top, a.x1, a.bottom) == pytest.approx(box, abs=BOX_TOLERANCE), a.text
    key = lambda s: (round(s.x0, 1), round(s.y0, 1), round(s.x1, 1), round(s.y1, 1))  # noqa: E731
    segments, expected = sorted(fast.segments, key=key), sorted(reference.segments, key=key)
    assert len(segments) == len(expected)
    for a, b in zip(segments, expected, strict=True):
        assert (a.x0, a.y0, a.x1, a.y1) == pytest.approx((b.x0, b.y0, b.x1, b.y1), abs=BOX_TOLERANCE)
    assert fast.image_share == pytest.approx(reference.image_share, abs=1e-6)


def _routes(pages: list[PageObjects]) -> list[bool]:
    return [needs_ocr("auto", [p.text for p in o.pieces], o.image_share > 0, o.scanned_grid) for o in pages]


@pytest.mark.parametrize("path", [e["path"] for e in PDFS])
def test_both_readers_route_every_page_alike(path: str) -> None:
    """Scanned pages go to OCR and text pages stay text, whichever reader looked at them."""
    fast, reference = _pages(CORPUS / path)
    assert _routes(fast) == _routes(reference)
    kind = next(e["kind"] for e in PDFS if e["path"] == path)
    assert all(_routes(fast)) if kind == "scan" else not any(_routes(fast))


def _grids(doc: Document) -> list[Any]:
    out: list[Any] = []
    for block in doc.blocks:
        if isinstance(block, Grid):
            out.append(
                (
                    block.n_rows,
                    block.n_cols,
                    [(c.row, c.col, c.rowspan, c.colspan, c.text, c.page, c.page_end) for c in block.cells],
                )
            )
        else:
            assert isinstance(block, TextBlock)
            out.append((block.text, block.page))
    return out


def _boxes(doc: Document) -> list[tuple[float, ...]]:
    return [tuple(c.box or ()) for b in doc.blocks if isinstance(b, Grid) for c in b.cells] + [
        tuple(b.box or ()) for b in doc.blocks if isinstance(b, TextBlock)
    ]


def _rows(result: pipeline.FileResult) -> list[Any]:
    docs = [form_document(f) for f in result.forms]
    entry = result.entry.model_copy(update={"seconds": None})
    return [entry, *([form_csv_row(d), indicator_csv_rows(d), anomaly_csv_rows(d)] for d in docs)]


@pytest.mark.parametrize("path", TEXT_PDFS)
def test_both_readers_give_the_same_grids_and_forms(path: str, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = {reader: read_document(CORPUS / path, pdf_reader=reader) for reader in ("pdfium", "pdfplumber")}
    fast, reference = docs["pdfium"], docs["pdfplumber"]
    assert fast.method == reference.method == "pdf-text" and fast.pages == reference.pages
    assert _grids(fast) == _grids(reference)
    for a, b in zip(_boxes(fast), _boxes(reference), strict=True):
        assert a == pytest.approx(b, abs=ROUNDED)
    results = {}
    for reader, doc in docs.items():  # each reader's document through the rest of the pipeline
        monkeypatch.setattr(pipeline, "read_document", lambda *args, doc=doc, **kwargs: doc)
        settings = pipeline.Settings(pdf_reader=reader)  # type: ignore[arg-type]
        results[reader] = _rows(pipeline.process_file(pipeline.InputFile(CORPUS / path, path), settings))
    assert results["pdfium"] == results["pdfplumber"]
    assert results["pdfium"][0].forms_found >= 1


def _transformed(tmp_path: Path, source: Path) -> Path:
    """The source's first page drawn as a form XObject, scaled and moved, on a page with /Rotate
    90 and a MediaBox whose origin is not (0, 0)."""
    src = pdfium.PdfDocument(str(source))
    dest = pdfium.PdfDocument.new()
    width, height = src[0].get_size()
    page = dest.new_page(width + 100, height + 100)
    xobject = raw.FPDF_NewXObjectFromPage(dest.raw, src.raw, 0)
    form = raw.FPDF_NewFormObjectFromXObject(xobject)
    raw.FPDFPageObj_Transform(form, 0.8, 0, 0, 0.8, 30, 40)
    raw.FPDFPage_InsertObject(page.raw, form)
    raw.FPDFPage_GenerateContent(page.raw)
    page.set_mediabox(-20, -10, width + 80, height + 90)
    page.set_rotation(90)
    path = tmp_path / "transformed.pdf"
    dest.save(path)
    raw.FPDF_CloseXObject(xobject)
    return path


def test_form_xobjects_rotation_and_mediabox_offsets_read_alike(tmp_path: Path) -> None:
    path = _transformed(tmp_path, FILES / "pdf-word" / "01.pdf")
    (fast,), (reference,) = _pages(path)
    assert len(reference.pieces) > 500 and len(reference.segments) > 30
    _same_objects(fast, reference)


@pytest.mark.parametrize(
    "path", ["files/pdf-word/01.pdf", "files/pdf-excel/04.pdf", "files/bundle/department_bundle.pdf"]
)
def test_glyphs_and_rulings_agree_to_a_hundredth_of_a_point(path: str) -> None:
    fast, reference = _pages(CORPUS / path)
    assert len(fast) == len(reference)
    for a, b in zip(fast, reference, strict=True):
        _same_objects(a, b)
