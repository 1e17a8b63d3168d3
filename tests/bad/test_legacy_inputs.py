"""Files LibreOffice converts (.doc, .wps, .rtf, .odt, .ods): a conversion that hangs or a converter
that is not installed is that file's row, and never costs the good file beside it its results."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from batch.workers import Limits
from extract.convert import INSTALL, SOFFICE_ENV
from tests.corpus_truth import CORPUS

from .conftest import assert_good_file_intact, read_csv, run

DOC = CORPUS / "files" / "doc" / "46.doc"
WPS = CORPUS / "files" / "wps" / "bundle_09-12.wps"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_a_doc_that_libreoffice_hangs_on(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The conversion is stopped inside the file's time limit, with its own message, and no
    LibreOffice (here a stand-in that never finishes, and its child) is left running."""
    pids = tmp_path / "pids"
    hang = tmp_path / "hanging-soffice"
    hang.write_text(f'#!/bin/sh\necho $$ >> "{pids}"\nsleep 60 &\necho $! >> "{pids}"\nwait\n', "utf-8")
    hang.chmod(0o755)
    monkeypatch.setenv(SOFFICE_ENV, str(hang))
    shutil.copyfile(DOC, folder / "hangs.doc")
    rows, out = run(folder, tmp_path, limits=Limits(timeout=6))
    row = rows["hangs.doc"]
    assert (row["status"], row["error_code"]) == ("failed", "TIMEOUT")
    # the converter's own message, not the worker's: LibreOffice stopped before the worker was
    assert "LibreOffice" in row["error_message"] and "--timeout" in row["error_message"]
    started = [int(p) for p in pids.read_text().split()]
    until = time.monotonic() + 10
    while any(_alive(p) for p in started) and time.monotonic() < until:
        time.sleep(0.05)
    assert len(started) == 2 and not any(_alive(p) for p in started)
    assert_good_file_intact(rows, out)


def test_a_doc_where_libreoffice_is_not_installed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "not-installed" / "soffice"))
    shutil.copyfile(DOC, folder / "legacy.doc")
    rows, out = run(folder, tmp_path)
    row = rows["legacy.doc"]
    assert (row["status"], row["error_code"], row["method"]) == ("failed", "CONVERTER_MISSING", "")
    assert INSTALL in row["error_message"] and SOFFICE_ENV in row["error_message"]
    assert_good_file_intact(rows, out)


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason=f"LibreOffice (soffice) is not installed: {INSTALL} to read .doc/.wps files",
)
def test_doc_and_wps_are_read_beside_other_files(folder: Path, tmp_path: Path) -> None:
    shutil.copyfile(DOC, folder / "旧版.doc")
    shutil.copyfile(WPS, folder / "四张表.wps")
    rows, out = run(folder, tmp_path)
    assert (rows["旧版.doc"]["status"], rows["旧版.doc"]["method"]) == ("ok", "doc→docx")
    assert (rows["四张表.wps"]["status"], rows["四张表.wps"]["method"]) == ("ok", "wps→docx")
    assert rows["四张表.wps"]["forms_found"] == "4"
    forms = {f["source_file"].rsplit("/", 1)[-1]: f for f in read_csv(out / "forms.csv")}
    assert forms["旧版.doc"]["method"] == "doc→docx"
    assert forms["旧版.doc"]["project_name"] == "信息安全评估、等级保护测评相关费用"
    assert_good_file_intact(rows, out)
