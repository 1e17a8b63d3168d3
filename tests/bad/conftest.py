"""Bad inputs, built at test time so the repository carries no hostile files."""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest

import pipeline
from tests.corpus_truth import CORPUS

GOOD = CORPUS / "files" / "docx" / "46.docx"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An input folder already holding one good form beside whatever bad file a test adds."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(GOOD, inputs / "good.docx")
    return inputs


def run(folder: Path, tmp_path: Path, **settings: object) -> tuple[dict[str, dict[str, str]], Path]:
    """Run on the folder; manifest rows by file name, and the output folder."""
    out = tmp_path / "out"
    pipeline.run([str(folder)], out, pipeline.Settings(jobs=1, **settings))  # type: ignore[arg-type]
    rows = {Path(r["source_file"]).name: r for r in read_csv(out / "manifest.csv")}
    return rows, out


def assert_good_file_intact(rows: dict[str, dict[str, str]], out: Path) -> None:
    """The good form beside the bad file is read completely: its row, fields and findings."""
    assert rows["good.docx"]["status"] == "ok"
    forms = [f for f in read_csv(out / "forms.csv") if f["source_file"].endswith("good.docx")]
    assert len(forms) == 1
    form = forms[0]
    assert form["project_name"] == "信息安全评估、等级保护测评相关费用"
    assert (form["budget_full_year"], form["executed"], form["execution_rate_declared"]) == (
        "59.8914",
        "59.8914",
        "99",
    )
    codes = {a["code"] for a in read_csv(out / "anomalies.csv") if a["form_id"] == form["form_id"]}
    assert {"FUNDS_RATE_MISMATCH", "FUNDS_SCORE_MISMATCH"} <= codes
    assert len([i for i in read_csv(out / "indicators.csv") if i["form_id"] == form["form_id"]]) == 6


def docx_with_document_xml(path: Path, document_xml: bytes, template: Path = GOOD) -> Path:
    """A copy of a real DOCX whose main part is replaced."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info, data)
    return path
