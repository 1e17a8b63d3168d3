import pypdfium2

from extract.ocr.raster import DEFAULT_DPI, WORK_DPI, image_dpi, is_gray_page, render, working_dpi
from tests.corpus_truth import CORPUS

FILES = CORPUS / "files"


def _first_page(path: str) -> pypdfium2.PdfPage:
    return pypdfium2.PdfDocument(str(FILES / path))[0]


def test_a_scan_is_rendered_at_its_own_resolution_and_colour() -> None:
    assert image_dpi(_first_page("scan/word-01.pdf")) == 150
    page = _first_page("scan/word-10.pdf")
    assert image_dpi(page) == 300 and is_gray_page(page)
    assert render(page, 300, gray=True).shape == (2482, 3508)  # landscape A4 at 300 dpi
    colour = _first_page("scan/word-01.pdf")
    assert not is_gray_page(colour) and render(colour, 150, gray=False).shape[2] == 3


def test_a_page_without_a_scan_has_no_resolution_of_its_own() -> None:
    page = _first_page("pdf-word/01.pdf")
    assert image_dpi(page) is None and not is_gray_page(page)
    assert DEFAULT_DPI == 200


def test_a_finer_scan_is_read_at_the_working_resolution() -> None:
    assert WORK_DPI == 150
    assert working_dpi(_first_page("scan/word-10.pdf")) == 150  # a 300-dpi scan
    assert working_dpi(_first_page("scan/word-01.pdf")) == 150
    assert working_dpi(_first_page("pdf-word/01.pdf")) == DEFAULT_DPI
