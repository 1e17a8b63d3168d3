"""A real inbox mixes every kind of file: one manifest row per file and per archive member, each
with the status its kind earns (forms read, a refusal with its reason, an ignored system file)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image

import pipeline
from tests.bad.conftest import read_csv
from tests.bad.test_archives import _write_gbk_zip
from tests.corpus_truth import CORPUS

FILES = CORPUS / "files"
HAVE_SOFFICE = shutil.which("soffice") is not None


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "收件箱"
    folder.mkdir()
    shutil.copy(FILES / "docx" / "46.docx", folder / "四十六.docx")
    shutil.copy(FILES / "pdf-word" / "47.pdf", folder / "四十七.pdf")
    shutil.copy(FILES / "xlsx" / "13.xlsx", folder / "十三.xlsx")
    shutil.copy(FILES / "xls" / "14.xls", folder / "十四.xls")
    shutil.copy(FILES / "ofd" / "05.ofd", folder / "零五.ofd")
    if HAVE_SOFFICE:
        shutil.copy(FILES / "odt" / "01.odt", folder / "零一.odt")
        shutil.copy(FILES / "doc" / "46.doc", folder / "旧版.doc")
    # a JPEG and a TIFF of scanned pages (the corpus PNG scans, resaved)
    Image.open(FILES / "image" / "scan-word-17.png").save(folder / "十七.jpg", quality=90, dpi=(150, 150))
    Image.open(FILES / "image" / "scan-excel-15.png").save(folder / "十五.tif", dpi=(200, 200))
    _write_gbk_zip(
        folder / "报送.zip",
        {
            "一科/项目自评表.docx": (FILES / "docx" / "02.docx").read_bytes(),
            "二科/说明.txt": "请查收".encode("gbk"),
        },
    )
    (folder / "说明.txt").write_text("请查收", encoding="utf-8")
    (folder / "~$四十六.docx").write_bytes(b"\x00" * 162)
    return folder


def test_every_file_and_member_has_one_row_with_its_status(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.run([str(inbox)], out, pipeline.Settings(jobs=2))
    rows = read_csv(out / "manifest.csv")
    sources = [r["source_file"] for r in rows]
    assert len(sources) == len(set(sources))  # one row each
    by_name = {r["source_file"].removeprefix(str(inbox) + "/"): r for r in rows}
    expected = {
        "四十六.docx": ("ok", "docx"),
        "四十七.pdf": ("ok", "pdf-text"),
        "十三.xlsx": ("ok", "xlsx"),
        "十四.xls": ("ok", "xls"),
        "零五.ofd": ("ok", "ofd"),
        "十七.jpg": ("ok", "image-ocr"),
        "十五.tif": ("ok", "image-ocr"),
        "报送.zip": ("ok", ""),
        "报送.zip!/一科/项目自评表.docx": ("ok", "docx"),
        "报送.zip!/二科/说明.txt": ("failed", ""),
        "说明.txt": ("failed", ""),
        "~$四十六.docx": ("ignored", ""),
    }
    if HAVE_SOFFICE:
        expected |= {"零一.odt": ("ok", "odt→docx"), "旧版.doc": ("ok", "doc→docx")}
    assert {n: (r["status"], r["method"]) for n, r in by_name.items()} == expected
    assert (
        by_name["说明.txt"]["error_code"]
        == by_name["报送.zip!/二科/说明.txt"]["error_code"]
        == "UNSUPPORTED_TYPE"
    )
    assert by_name["~$四十六.docx"]["error_message"]
    forms = read_csv(out / "forms.csv")
    read = {f["source_file"].removeprefix(str(inbox) + "/") for f in forms}
    assert read == {n for n, (status, method) in expected.items() if status == "ok" and method}
