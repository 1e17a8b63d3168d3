"""Hostile and broken OFD files get their error code and a Chinese message in the manifest, and
cost neither the good Word form nor the good OFD form beside them their results."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from tests.corpus_truth import CORPUS, load_truth
from tests.extract.test_ofd_reader import BILLION_LAUGHS, PAGE, sample_parts, write_ofd

from .conftest import assert_good_file_intact, read_csv, run

GOOD_OFD = CORPUS / "files" / "ofd" / "05.ofd"


def _run(folder: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    shutil.copy(GOOD_OFD, folder / "good.ofd")
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)
    good = rows["good.ofd"]
    assert (good["status"], good["method"], good["forms_found"], good["pages"]) == ("ok", "ofd", "1", "2")
    forms = [f for f in read_csv(out / "forms.csv") if f["source_file"].endswith("good.ofd")]
    truth = load_truth("05")
    assert [(f["project_name"], f["budget_full_year"], f["method"]) for f in forms] == [
        (truth["project_name"], truth["budget_full_year"], "ofd")
    ]
    return rows


def test_ofd_with_entity_expansion(folder: Path, tmp_path: Path) -> None:
    write_ofd(folder / "laughs.ofd", sample_parts() | {PAGE: BILLION_LAUGHS.encode()})
    row = _run(folder, tmp_path)["laughs.ofd"]
    assert (row["status"], row["error_code"]) == ("failed", "FILE_CORRUPT")
    assert "DTD" in row["error_message"] and "恶意" in row["error_message"]


def test_ofd_zip_bomb(folder: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(folder / "bomb.ofd", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in sample_parts().items():
            z.writestr(name, data)
        with z.open(PAGE.replace("Page_0", "Page_9"), "w") as f:
            for _ in range(300):
                f.write(b" " * (1 << 20))
    assert (folder / "bomb.ofd").stat().st_size < 2 * 1024 * 1024
    row = _run(folder, tmp_path)["bomb.ofd"]
    assert (row["status"], row["error_code"]) == ("failed", "TOO_LARGE")
    assert "压缩炸弹" in row["error_message"]


def test_ofd_missing_its_page(folder: Path, tmp_path: Path) -> None:
    write_ofd(folder / "nopage.ofd", {n: d for n, d in sample_parts().items() if n != PAGE})
    row = _run(folder, tmp_path)["nopage.ofd"]
    assert (row["status"], row["error_code"]) == ("failed", "FILE_CORRUPT")
    assert "第 1 页" in row["error_message"] and "缺少" in row["error_message"]


def test_ofd_without_a_form(folder: Path, tmp_path: Path) -> None:
    """A sound OFD holding some other table: read, and told apart from a broken file."""
    parts = sample_parts()
    write_ofd(
        folder / "other.ofd", parts | {PAGE: parts[PAGE].replace("项目名称".encode(), "单位名称".encode())}
    )
    row = _run(folder, tmp_path)["other.ofd"]
    assert (row["status"], row["error_code"], row["method"]) == ("failed", "NO_FORM_FOUND", "ofd")
