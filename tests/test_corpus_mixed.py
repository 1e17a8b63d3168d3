"""A department bundle whose forms are partly text and partly scanned: each form has the method,
dpi and box unit of its own pages, and every field read from the text pages equals its truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import InputFile, process_file
from tests.corpus_truth import CORPUS, form_differences, load_truth

FILES = CORPUS / "files"
PARTS = [("pdf-word/01.pdf", "01"), ("scan/word-02.pdf", "02"), ("pdf-word/03.pdf", "03")]


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part, _ in PARTS:
        writer.append(str(FILES / part))
    path = tmp_path_factory.mktemp("mixed") / "bundle.pdf"
    with path.open("wb") as f:
        writer.write(f)
    return path


def test_each_form_has_the_method_and_unit_of_its_own_pages(mixed: Path) -> None:
    result = process_file(InputFile(mixed, "bundle.pdf"))
    assert result.entry.method == "pdf-ocr"  # the file holds OCR'd pages
    forms = result.forms
    assert [f.method for f in forms] == ["pdf-text", "pdf-ocr", "pdf-text"]
    assert [f.dpi for f in forms] == [None, 150, None]
    for form in (forms[0], forms[2]):
        boxes = [p.box for p in form.provenance if p.box is not None]
        assert boxes and max(b[3] for b in boxes) <= 842  # points on an A4 page
    scanned = [p.box for p in forms[1].provenance if p.box is not None]
    assert max(b[2] for b in scanned) > 595  # pixels at 150 dpi: wider than an A4 page in points
    assert not any(a.code == "LOW_CONFIDENCE" for f in (forms[0], forms[2]) for a in f.anomalies)
    for form, (_, truth) in zip((forms[0], forms[2]), (PARTS[0], PARTS[2]), strict=True):
        assert not form_differences(load_truth(truth), form)
