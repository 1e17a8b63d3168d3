"""Every field of every corpus form, read from every rendering, equals its hand-verified truth.

corpus/files/index.json says which truth forms each rendered file holds (tests only: the product
never sees file names). Each (file, form) pair is one test, so a failure names the kind, the
file and the form, and lists every differing field.
"""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extract.read import READERS
from pipeline import FileResult, InputFile, process_file
from tests.corpus_truth import CORPUS, form_differences, load_truth

FILES = CORPUS / "files"
INDEX = (
    json.loads((FILES / "index.json").read_text(encoding="utf-8")) if (FILES / "index.json").exists() else []
)


@cache
def processed(path: str) -> FileResult:
    return process_file(InputFile(FILES / path, path))


CONVERTED = {"doc": "doc→docx", "wps": "wps→docx", "rtf": "rtf→docx", "odt": "odt→docx", "ods": "ods→xlsx"}
"""Kinds read through LibreOffice (extract/convert.py), and the method their forms get."""
TEXT_KINDS = {"docx", "pdf-word", "pdf-excel", "bundle", *CONVERTED}
"""Files with a text layer; scans have their own accuracy test (tests/test_corpus_scan.py)."""
UNPAGED = {"docx", *CONVERTED}
"""Kinds read as DOCX/XLSX, which have no pages."""

NO_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
    "libreoffice-calc-nogui to read .doc/.wps/.rtf/.odt/.ods",
)
NO_XLSX = pytest.mark.skipif("xlsx" not in READERS, reason="no XLSX reader yet to read a converted .ods")


def _marks(kind: str) -> list[pytest.MarkDecorator]:
    if kind not in CONVERTED:
        return []
    return [NO_SOFFICE, NO_XLSX] if CONVERTED[kind].endswith("xlsx") else [NO_SOFFICE]


CASES = [
    pytest.param(entry, k, id=f"{entry['kind']}:{entry['path']}#{k + 1}", marks=_marks(entry["kind"]))
    for entry in INDEX
    if entry["kind"] in TEXT_KINDS
    for k in range(len(entry["forms"]))
]


@pytest.mark.skipif(not INDEX, reason="corpus/files/index.json not generated yet")
@pytest.mark.parametrize(("entry", "k"), CASES)
def test_form_matches_truth(entry: dict[str, Any], k: int) -> None:
    result = processed(entry["path"])
    assert result.entry.status == "ok", result.entry.error_message
    assert len(result.forms) == len(entry["forms"]), "forms found in the file"
    expected = entry["forms"][k]
    form = result.forms[k]
    diffs = form_differences(load_truth(expected["truth"]), form)
    if entry["kind"] not in UNPAGED:
        if (form.page_start, form.page_end) != (expected["page_start"], expected["page_end"]):
            want = f"{expected['page_start']}-{expected['page_end']}"
            diffs.append(f"pages: expected {want}, got {form.page_start}-{form.page_end}")
    else:
        assert form.page_start is None and form.page_end is None
    if entry["kind"] in CONVERTED:
        assert form.method == CONVERTED[entry["kind"]]
    assert not diffs, "\n".join(diffs)


@pytest.mark.skipif(not INDEX, reason="corpus/files/index.json not generated yet")
def test_every_kind_is_in_the_corpus() -> None:
    kinds = {e["kind"] for e in INDEX}
    assert {"docx", "pdf-word", "pdf-excel", "bundle", *CONVERTED} <= kinds
    assert len([e for e in INDEX if e["kind"] == "doc"]) == 53
    bundle = [e for e in INDEX if e["kind"] == "bundle"]
    assert any(len(e["forms"]) == 53 for e in bundle)


def _expected_findings(truth_id: str) -> list[tuple[int | None, str]]:
    scorer = json.loads((Path(__file__).parent / "score" / "seed_findings.json").read_text(encoding="utf-8"))
    normalizer = json.loads((Path(__file__).parent / "expected_findings.json").read_text(encoding="utf-8"))
    pairs = scorer["findings"].get(truth_id, []) + normalizer["normalizer"].get(truth_id, [])
    return sorted((seq, code) for seq, code in pairs)


@pytest.mark.skipif(not INDEX, reason="corpus/files/index.json not generated yet")
@pytest.mark.parametrize(("entry", "k"), CASES)
def test_findings_match_hand_checked_list(entry: dict[str, Any], k: int) -> None:
    """The whole pipeline (extraction, normalization, scoring) raises exactly the findings worked
    out by hand for the form, whatever file it was read from."""
    form = processed(entry["path"]).forms[k]
    got = sorted((a.seq, a.code) for a in form.anomalies if a.code != "DUPLICATE_FORM")
    assert got == _expected_findings(entry["forms"][k]["truth"])
