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
from normalize.text import clean_text
from pipeline import FileResult, InputFile, process_file
from tests.corpus_truth import CORPUS, form_differences, load_truth

FILES = CORPUS / "files"
INDEX = (
    json.loads((FILES / "index.json").read_text(encoding="utf-8")) if (FILES / "index.json").exists() else []
)


INDEX_BY_PATH = {e["path"]: e for e in INDEX}


@cache
def processed(path: str) -> FileResult:
    return process_file(InputFile(FILES / path, path))


CONVERTED = {"doc": "doc→docx", "wps": "wps→docx", "rtf": "rtf→docx", "odt": "odt→docx", "ods": "ods→xlsx"}
"""Kinds read through LibreOffice (extract/convert.py), and the method their forms get."""
TEXT_KINDS = {"docx", "pdf-word", "pdf-excel", "bundle", "ofd", "xlsx", "xls", *CONVERTED}
"""Files with a text layer; scans have their own accuracy test (tests/test_corpus_scan.py)."""
UNPAGED = {"docx", "xlsx", "xls", *CONVERTED}
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


SHEET_KINDS = {"xlsx", "xls"}
"""Spreadsheets: no pages; every cell's provenance is its sheet and cell reference instead."""
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
    truth = load_truth(expected["truth"])
    diffs = form_differences(truth, form)
    if entry["kind"] in SHEET_KINDS:
        diffs += _sheet_provenance_differences(FILES / entry["path"], form, truth)
    if entry["kind"] not in UNPAGED:
        if (form.page_start, form.page_end) != (expected["page_start"], expected["page_end"]):
            want = f"{expected['page_start']}-{expected['page_end']}"
            diffs.append(f"pages: expected {want}, got {form.page_start}-{form.page_end}")
    else:
        assert form.page_start is None and form.page_end is None
    if entry["kind"] in CONVERTED:
        assert form.method == CONVERTED[entry["kind"]]
    assert not diffs, "\n".join(diffs)


@cache
def _workbook_cells(path: Path) -> dict[str, str]:
    """Every non-empty cell of the workbook by its reference (`'2024 表4'!C3`), as openpyxl or xlrd
    read it: a second reader, so that a reference is checked against the file, not against the
    reader that made it."""
    from extract.sheets import column_letters, sheet_prefix

    cells: dict[str, str] = {}
    if path.suffix == ".xlsx":
        import openpyxl

        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for c in row:
                    if c.value is not None:
                        cells[f"{sheet_prefix(ws.title)}{c.coordinate}"] = str(c.value)
    else:
        import xlrd

        for sh in xlrd.open_workbook(str(path)).sheets():
            for r in range(sh.nrows):
                for k, c in enumerate(sh.row(r)):
                    if c.value != "":
                        cells[f"{sheet_prefix(sh.name)}{column_letters(k)}{r + 1}"] = str(c.value)
    return cells


def _sheet_provenance_differences(path: Path, form: Any, truth: dict[str, Any]) -> list[str]:
    """The cells a spreadsheet form's provenance names hold what was read from them: the header
    fields and each indicator's name."""
    cells = _workbook_cells(path)
    wanted = {("project_name", None): truth["project_name"], ("department", None): truth["department"]}
    wanted |= {("name", i["seq"]): i["name_raw"] for i in truth["indicators"]}
    diffs = []
    for p in form.provenance:
        if p.page is not None or p.box is not None:
            diffs.append(f"provenance {p.field}: page {p.page} / box {p.box} on a spreadsheet")
        expected = wanted.pop((p.field, p.seq), None)
        if expected is None:
            continue
        held = cells.get(p.ref or "")
        if held is None or clean_text(held) != expected:
            diffs.append(f"provenance {p.field}#{p.seq}: {p.ref} holds {held!r}, not {expected!r}")
    diffs += [f"provenance {field}#{seq}: no cell reference" for field, seq in wanted]
    return diffs


@pytest.mark.skipif(not INDEX, reason="corpus/files/index.json not generated yet")
def test_every_kind_is_in_the_corpus() -> None:
    kinds = {e["kind"] for e in INDEX}
    assert {"docx", "pdf-word", "pdf-excel", "bundle", "ofd", *CONVERTED} <= kinds
    assert len([e for e in INDEX if e["kind"] == "doc"]) == 53
    assert any(len(e["forms"]) > 1 for e in INDEX if e["kind"] == "ofd"), "an OFD of several forms"
    sheets = [e for e in INDEX if e["kind"] in SHEET_KINDS]
    assert any(len(e["forms"]) > 1 for e in sheets), "a workbook of several forms"
    bundle = [e for e in INDEX if e["kind"] == "bundle"]
    assert any(len(e["forms"]) == 53 for e in bundle)


OFD = [e for e in INDEX if e["kind"] == "ofd"]


@pytest.mark.parametrize("entry", OFD, ids=[e["path"] for e in OFD])
def test_an_ofd_form_has_the_provenance_of_the_pdf_it_was_written_from(entry: dict[str, Any]) -> None:
    """Method `ofd`, boxes in points: every cell a form was read from lies where the same cell
    of the Word PDF lies (mm × 72 / 25.4), on the same page of the form. A title is a text line,
    boxed from its glyphs: OFD states no font metrics, so its box may differ by a descent."""
    result, source = processed(entry["path"]), processed(entry["source"])
    assert result.entry.method == "ofd"
    offset = entry["source_pages"][0] - 1
    truths = [f["truth"] for f in INDEX_BY_PATH[entry["source"]]["forms"]]
    by_truth = dict(zip(truths, source.forms, strict=True))
    for ref, form in zip(entry["forms"], result.forms, strict=True):
        assert (form.method, form.dpi) == ("ofd", None)
        want = by_truth[ref["truth"]].provenance
        assert len(form.provenance) == len(want)
        for got, pdf in zip(form.provenance, want, strict=True):
            assert (got.field, got.seq, got.page) == (
                pdf.field,
                pdf.seq,
                pdf.page - offset if pdf.page else None,
            )
            assert got.box is not None and pdf.box is not None
            tolerance = 3.0 if got.field == "title" else 0.0
            assert max(abs(a - b) for a, b in zip(got.box, pdf.box, strict=True)) <= tolerance, got


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
