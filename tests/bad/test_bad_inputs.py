"""Every kind of bad input gets its error code and a clear Chinese message in the manifest, and
never costs the good file beside it its results."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter

import pipeline
from tests.corpus_truth import CORPUS

from .conftest import GOOD, assert_good_file_intact, docx_with_document_xml, read_csv, run

PDF = CORPUS / "files" / "pdf-word" / "46.pdf"


def test_empty_file(folder: Path, tmp_path: Path) -> None:
    (folder / "empty.pdf").write_bytes(b"")
    rows, out = run(folder, tmp_path)
    assert (rows["empty.pdf"]["status"], rows["empty.pdf"]["error_code"]) == ("failed", "FILE_CORRUPT")
    assert "文件为空" in rows["empty.pdf"]["error_message"]
    assert_good_file_intact(rows, out)


def test_truncated_pdf(folder: Path, tmp_path: Path) -> None:
    data = PDF.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    rows, out = run(folder, tmp_path)
    row = rows["truncated.pdf"]
    assert (row["status"], row["error_code"]) == ("failed", "FILE_CORRUPT")
    assert "PDF" in row["error_message"] and "损坏" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_encrypted_pdf(folder: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(PDF))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    with (folder / "locked.pdf").open("wb") as f:
        writer.write(f)
    rows, out = run(folder, tmp_path)
    row = rows["locked.pdf"]
    assert (row["status"], row["error_code"]) == ("failed", "FILE_ENCRYPTED")
    assert "加密" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_pdf_with_2000_pages(folder: Path, tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument.new()
    for _ in range(2000):
        pdf.new_page(595, 842)
    pdf.save(folder / "huge.pdf")
    rows, out = run(folder, tmp_path)
    row = rows["huge.pdf"]
    assert (row["status"], row["error_code"], row["pages"]) == ("failed", "TOO_LARGE", "2000")
    assert "2000" in row["error_message"] and "页" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_image_only_pdf_that_is_not_a_form(folder: Path, tmp_path: Path) -> None:
    """A scanned page of something else: readable, but no form in it."""
    import numpy as np
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), "white")
    draw = ImageDraw.Draw(image)
    for y in range(100, 500, 40):
        draw.line((100, y, 700, y + int(10 * np.sin(y))), fill="black", width=3)
    pdf = pdfium.PdfDocument.new()
    page = pdf.new_page(600, 450)
    obj = pdfium.PdfImage.new(pdf)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    obj.set_matrix(pdfium.PdfMatrix().scale(600, 450))
    page.insert_obj(obj)
    page.gen_content()
    pdf.save(folder / "photo.pdf")
    rows, out = run(folder, tmp_path)
    row = rows["photo.pdf"]
    assert row["status"] == "failed"
    assert row["error_code"] in {"NO_FORM_FOUND", "OCR_UNAVAILABLE"}
    assert row["error_message"]
    assert_good_file_intact(rows, out)


@pytest.mark.parametrize("name", ["old.docx", "sheet.docx"])
def test_legacy_office_file_renamed_to_docx(folder: Path, tmp_path: Path, name: str) -> None:
    """.doc and .xls are OLE compound files whatever their name says; this one's directory is
    damaged, so it goes to the converter as a .doc, which cannot open it (or is not installed)."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + os.urandom(2048)
    (folder / name).write_bytes(ole)
    rows, out = run(folder, tmp_path)
    row = rows[name]
    expected = "FILE_CORRUPT" if shutil.which("soffice") else "CONVERTER_MISSING"
    assert (row["status"], row["error_code"]) == ("failed", expected)
    assert ".doc" in row["error_message"] and "另存为" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_docx_zip_bomb(folder: Path, tmp_path: Path) -> None:
    bomb = b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>"
    bomb += b" " * (50 * 1024 * 1024) + b"</w:document>"
    docx_with_document_xml(folder / "bomb.docx", bomb)
    assert (folder / "bomb.docx").stat().st_size < 1024 * 1024
    rows, out = run(folder, tmp_path)
    row = rows["bomb.docx"]
    assert (row["status"], row["error_code"]) == ("failed", "TOO_LARGE")
    assert "压缩炸弹" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_docx_with_external_entity(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    with zipfile.ZipFile(GOOD) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    xml = xml.replace("?>", "?>" + doctype, 1).replace("信息安全评估、等级保护测评相关费用", "&xxe;", 1)
    docx_with_document_xml(folder / "xxe.docx", xml.encode("utf-8"))
    rows, out = run(folder, tmp_path)
    assert rows["xxe.docx"]["status"] in {"ok", "partial", "failed"}
    for produced in out.rglob("*"):
        if produced.is_file() and produced.suffix in {".csv", ".json", ".html"}:
            assert "TOP-SECRET-VALUE" not in produced.read_text(encoding="utf-8", errors="replace")
    assert_good_file_intact(rows, out)


def test_form_missing_half_its_table(folder: Path, tmp_path: Path) -> None:
    """Everything after the funds block is gone: the file is partial, with what could be read,
    and each block that is gone is one BLOCK_MISSING (not a MISSING_FIELD per cell of it)."""
    d = docx.Document(str(GOOD))
    table = d.tables[0]
    rows_xml = table._tbl.tr_lst
    for tr in rows_xml[len(rows_xml) // 2 :]:
        table._tbl.remove(tr)
    d.save(str(folder / "half.docx"))
    rows, out = run(folder, tmp_path)
    row = rows["half.docx"]
    assert (row["status"], row["forms_found"]) == ("partial", "1")
    assert "未能读到" in row["error_message"]
    half = [f for f in read_csv(out / "forms.csv") if f["source_file"].endswith("half.docx")]
    assert half[0]["project_name"] == "信息安全评估、等级保护测评相关费用"
    assert half[0]["budget_full_year"] == "59.8914"
    found = [a for a in read_csv(out / "anomalies.csv") if a["form_id"] == half[0]["form_id"]]
    missing = sorted(a["field"] for a in found if a["code"] == "BLOCK_MISSING")
    assert missing == ["goals", "indicators", "total"]
    assert not [a for a in found if a["code"] == "MISSING_FIELD" and a["field"].startswith("total")]
    assert_good_file_intact(rows, out)


def test_file_that_vanishes_mid_run(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed and hashed, then gone before a worker reads it."""
    doomed = folder / "doomed.docx"
    doomed.write_bytes(GOOD.read_bytes() + b"")
    real = pipeline.sha256_of

    def hash_then_vanish(path: Path) -> str:
        digest = real(path)
        if path.name == "doomed.docx":
            path.unlink()
        return digest

    monkeypatch.setattr(pipeline, "sha256_of", hash_then_vanish)
    rows, out = run(folder, tmp_path)
    row = rows["doomed.docx"]
    assert (row["status"], row["error_code"]) == ("failed", "FILE_CORRUPT")
    assert "不存在" in row["error_message"]
    assert_good_file_intact(rows, out)


def test_non_utf8_file_name(folder: Path, tmp_path: Path) -> None:
    """A name in GBK, as zip archives from Chinese Windows deliver them."""
    name = "自评表.docx".encode("gbk")
    with open(os.path.join(os.fsencode(folder), name), "wb") as f:
        f.write(GOOD.read_bytes() + b"\n")  # different bytes: not a duplicate of good.docx's sha
    rows, out = run(folder, tmp_path)
    assert rows["自评表.docx"]["status"] == "ok"
    assert rows["自评表.docx"]["forms_found"] == "1"
    assert_good_file_intact(rows, out)
