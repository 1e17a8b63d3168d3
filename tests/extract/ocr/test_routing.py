"""Which pages are read by OCR: the decision alone (text_layer_problem, needs_ocr) and inside
read_pdf, with the page reader replaced by a recorder (no recognition runs)."""

from __future__ import annotations

from typing import Any

import pytest

from extract import pdf_text, pdfium_text
from extract.ocr import scanner
from extract.ocr.routing import NO_TEXT, check_mode, needs_ocr, text_layer_problem
from extract.page import PageContent
from extract.pdf_reader import read_pdf
from extract.ruling import TextPiece
from tests.corpus_truth import CORPUS

TEXT_PDF = CORPUS / "files" / "pdf-word" / "01.pdf"
SCAN_PDF = CORPUS / "files" / "scan" / "word-03.pdf"  # two image-only pages

READERS = pytest.mark.parametrize(("reader", "module"), [("pdfium", pdfium_text), ("pdfplumber", pdf_text)])
"""Both PDF readers route pages alike; a test replacing the page reader replaces that reader's."""

FORM_TEXT = list("项目支出绩效自评表项目名称主管部门实施单位年初预算数全年预算数") + list("738.62892")


def test_a_good_chinese_text_layer_is_trusted() -> None:
    assert text_layer_problem(FORM_TEXT) is None
    assert text_layer_problem(list("12345.67 100%")) is None  # little text, all of it sound


@pytest.mark.parametrize(
    ("glyphs", "why"),
    [
        ([], NO_TEXT),
        ([" ", "\n"], NO_TEXT),
        (["(cid:123)"] * 40 + FORM_TEXT[:10], "cid"),
        (list("\ue001\ue002\ue003\ufffd") * 10 + FORM_TEXT[:20], "private-use"),
        (list("ÏîÄ¿Ö§³ö¼¨Ð§×ÔÆÀ±í") * 3, "Latin-1"),
        (list("Xiangmu zhichu jixiao zipingbiao xiangmu mingcheng"), "no Chinese"),
    ],
)
def test_garbage_text_layers_are_recognised(glyphs: list[str], why: str) -> None:
    problem = text_layer_problem(glyphs)
    assert problem is not None and why in problem


def test_the_modes() -> None:
    assert needs_ocr("auto", FORM_TEXT, has_image=True) is False
    assert needs_ocr("auto", [], has_image=True) is True
    assert needs_ocr("auto", [], has_image=False) is False  # a blank page needs no engine
    assert needs_ocr("auto", ["(cid:5)"] * 50, has_image=False) is True
    assert needs_ocr("never", [], has_image=True) is False
    assert needs_ocr("always", FORM_TEXT, has_image=False) is True
    with pytest.raises(ValueError):
        check_mode("sometimes")


@pytest.fixture
def scanned(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pages read_pdf sends to OCR; each comes back empty."""
    pages: list[int] = []

    def read(self: scanner.Scanner, number: int, source: object) -> PageContent:
        self.dpi = 150
        self.pages.append(number)
        pages.append(number)
        return PageContent(number=number)

    monkeypatch.setattr(scanner.Scanner, "read", read)
    return pages


def test_a_text_pdf_stays_text(scanned: list[int]) -> None:
    doc = read_pdf(TEXT_PDF)
    assert scanned == [] and doc.method == "pdf-text" and doc.dpi is None and doc.blocks


def test_image_only_pages_go_to_ocr(scanned: list[int]) -> None:
    doc = read_pdf(SCAN_PDF)
    assert scanned == [1, 2]
    assert doc.method == "pdf-ocr" and doc.dpi == 150 and doc.pages == 2


@READERS
def test_a_cid_garbage_page_goes_to_ocr_in_auto_mode(
    scanned: list[int], monkeypatch: pytest.MonkeyPatch, reader: str, module: Any
) -> None:
    real = module.page_objects

    def garbled(page: object, *args: Any) -> pdf_text.PageObjects:
        objects = real(page, *args)
        objects.pieces = [TextPiece("(cid:77)", p.x0, p.top, p.x1, p.bottom) for p in objects.pieces]
        return objects

    monkeypatch.setattr(module, "page_objects", garbled)
    assert read_pdf(TEXT_PDF, reader=reader).method == "pdf-ocr"
    assert scanned == [1]


def test_never_and_always_are_obeyed(scanned: list[int]) -> None:
    doc = read_pdf(SCAN_PDF, ocr="never")
    assert scanned == [] and doc.method == "pdf-text" and doc.blocks == []
    doc = read_pdf(TEXT_PDF, ocr="always")
    assert scanned == [1] and doc.method == "pdf-ocr"


def test_the_mode_is_checked_before_reading() -> None:
    with pytest.raises(ValueError):
        read_pdf(TEXT_PDF, ocr="yes")


@READERS
def test_a_searchable_scan_is_read_again_with_its_grid(
    scanned: list[int], monkeypatch: pytest.MonkeyPatch, reader: str, module: Any
) -> None:
    """A scanner's own text layer over a scan: sound text, but the table is only in the image."""

    real = module.page_objects

    def text_layer(page: object, *args: Any) -> pdf_text.PageObjects:
        objects = real(page, *args)  # the page's own image, under a scanner's text layer
        objects.pieces = [TextPiece(ch, 10.0 * k, 10.0, 10.0 * k + 9, 20.0) for k, ch in enumerate(FORM_TEXT)]
        objects.segments = []
        return objects

    monkeypatch.setattr(module, "page_objects", text_layer)
    assert read_pdf(SCAN_PDF, reader=reader).method == "pdf-ocr"
    assert scanned == [1, 2]
    assert needs_ocr("auto", FORM_TEXT, has_image=True, scanned_grid=True) is True
    assert needs_ocr("never", FORM_TEXT, has_image=True, scanned_grid=True) is False
