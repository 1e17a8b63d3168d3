"""Hostile and damaged spreadsheets: each is refused with its code and a Chinese message, read
nothing it should not, and leaves the good files beside it (a DOCX and an XLSX form) intact."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.cfb import compound_file
from tests.corpus_truth import CORPUS
from tests.xlsx_parts import sheet_xml, write_xlsx

from .conftest import assert_good_file_intact, read_csv, run

GOOD_XLSX = CORPUS / "files" / "xlsx" / "46.xlsx"


@pytest.fixture
def sheets(folder: Path) -> Path:
    """The folder with a good workbook too, the same form as good.docx."""
    shutil.copy(GOOD_XLSX, folder / "good.xlsx")
    return folder


def _assert_good(rows: dict[str, dict[str, str]], out: Path) -> None:
    assert_good_file_intact(rows, out)
    assert (rows["good.xlsx"]["status"], rows["good.xlsx"]["method"]) == ("ok", "xlsx")
    (form,) = [f for f in read_csv(out / "forms.csv") if f["source_file"].endswith("good.xlsx")]
    assert (form["project_name"], form["budget_full_year"], form["execution_rate_declared"]) == (
        "信息安全评估、等级保护测评相关费用",
        "59.8914",
        "99",
    )


def _failed(rows: dict[str, dict[str, str]], name: str, code: str) -> str:
    row = rows[name]
    assert (row["status"], row["error_code"]) == ("failed", code), row
    assert any("\u4e00" <= ch <= "\u9fff" for ch in row["error_message"]), "a message in Chinese"
    return row["error_message"]


def test_xlsx_zip_bomb(sheets: Path, tmp_path: Path) -> None:
    bomb = sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>' + " " * (60 * 1024 * 1024))
    write_xlsx(sheets / "bomb.xlsx", [("Sheet1", bomb)])
    assert (sheets / "bomb.xlsx").stat().st_size < 1024 * 1024
    rows, out = run(sheets, tmp_path)
    assert "压缩炸弹" in _failed(rows, "bomb.xlsx", "TOO_LARGE")
    _assert_good(rows, out)


def test_xlsx_with_external_and_exponential_entities(sheets: Path, tmp_path: Path) -> None:
    """An external entity is never fetched and a billion-laughs entity never expanded: the
    workbook reads (its form, with the entity's text missing) or fails, and leaks nothing."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    doctype = (
        f'<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY a "LOLLOLLOLLOLLOLLOLLOL">'
        + "".join(
            f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    name = "信息安全评估、等级保护测评相关费用"
    injected = []
    with (
        zipfile.ZipFile(GOOD_XLSX) as src,
        zipfile.ZipFile(sheets / "xxe.xlsx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if name.encode("utf-8") in data:  # the shared strings, or the sheet's inline strings
                root = data.decode("utf-8").split("?>", 1)[-1].lstrip()
                tag = root[1:].split(" ", 1)[0].split(">", 1)[0]
                text = f'<?xml version="1.0" encoding="UTF-8"?>{doctype.replace("sst", tag, 1)}{root}'
                data = text.replace(name, "&xxe;&i;", 1).encode("utf-8")
                injected.append(info.filename)
            dst.writestr(info, data)
    assert injected
    rows, out = run(sheets, tmp_path)
    assert rows["xxe.xlsx"]["status"] in {"ok", "partial", "failed"}
    for produced in out.rglob("*"):
        if produced.is_file() and produced.suffix in {".csv", ".json", ".html"}:
            text = produced.read_text(encoding="utf-8", errors="replace")
            assert "TOP-SECRET-VALUE" not in text and "LOLLOL" not in text
    _assert_good(rows, out)


def _million_rows(dimension: bool) -> str:
    # Rows without references are valid XML for a sheet and cost nothing to make.
    rows = '<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 1_000_000
    return sheet_xml(rows, dimension="A1:A1000000" if dimension else None)


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_sheet_of_a_million_rows(sheets: Path, tmp_path: Path, dimension: bool) -> None:
    """Refused by its declared used range before a row is read, or, when it declares none, at
    the row limit while streaming, not after parsing a million rows."""
    # incompressible padding gives the package the compression ratio of real data, so that it
    # is the row limit that refuses it, not the zip bomb check
    write_xlsx(sheets / "huge.xlsx", [("数据", _million_rows(dimension))], padding=os.urandom(400_000))
    rows, out = run(sheets, tmp_path)
    message = _failed(rows, "huge.xlsx", "TOO_LARGE")
    assert "数据" in message and "行" in message and "压缩炸弹" not in message
    if dimension:
        assert "1,000,000 行" in message
    _assert_good(rows, out)


def test_password_protected_xlsx(sheets: Path, tmp_path: Path) -> None:
    """Office saves a password-protected .xlsx as a compound file holding the encrypted package."""
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + os.urandom(512)  # agile encryption, version 4.4
    (sheets / "locked.xlsx").write_bytes(
        compound_file([("EncryptionInfo", info), ("EncryptedPackage", os.urandom(8192))])
    )
    rows, out = run(sheets, tmp_path)
    assert "密码" in _failed(rows, "locked.xlsx", "FILE_ENCRYPTED")
    _assert_good(rows, out)


def test_truncated_xlsx(sheets: Path, tmp_path: Path) -> None:
    """A workbook cut short (an interrupted download) has lost its zip directory; it is a damaged
    workbook, not an archive."""
    data = GOOD_XLSX.read_bytes()
    (sheets / "cut.xlsx").write_bytes(data[: len(data) // 2])
    rows, out = run(sheets, tmp_path)
    assert "Excel" in _failed(rows, "cut.xlsx", "FILE_CORRUPT")
    _assert_good(rows, out)


def test_xlsx_with_a_broken_sheet(sheets: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(GOOD_XLSX) as src, zipfile.ZipFile(sheets / "broken.xlsx", "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            dst.writestr(info, data)
    rows, out = run(sheets, tmp_path)
    assert "损坏" in _failed(rows, "broken.xlsx", "FILE_CORRUPT")
    _assert_good(rows, out)


def test_xls_with_a_damaged_workbook_stream(sheets: Path, tmp_path: Path) -> None:
    (sheets / "bad.xls").write_bytes(compound_file([("Workbook", os.urandom(6000))]))
    rows, out = run(sheets, tmp_path)
    assert "损坏" in _failed(rows, "bad.xls", "FILE_CORRUPT")
    _assert_good(rows, out)
