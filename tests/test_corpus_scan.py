"""Scanned corpus forms against their hand-verified truth.

OCR misreads a character now and then, so a scan is not held to "every field equal" as a text
PDF is. It is held to two things: at least 98 % of all fields of all scanned forms equal their
truth (the same per-field comparison as tests/test_corpus.py), and every number that decides a
finding — the funds block, every weight, every score — equal without exception.

Each scanned file is read once per session, two at a time in worker processes (OCR is the
slow part of the suite; bench/accuracy_scan.py prints the same comparison per degradation).
"""

from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest

from model import Form
from pipeline import FileResult, InputFile, process_file
from tests.corpus_truth import CORPUS, FORM_FIELDS, INDICATOR_FIELDS, _same, load_truth

FILES = CORPUS / "files"
INDEX = (
    json.loads((FILES / "index.json").read_text(encoding="utf-8")) if (FILES / "index.json").exists() else []
)
OCR_METHOD = {"scan": "pdf-ocr", "ofd-scan": "ofd-ocr"}
"""Scanned kinds and the method their forms are read by: a scanned PDF, a scanned OFD."""
SCANS = [e for e in INDEX if e["kind"] in OCR_METHOD]

MIN_ACCURACY = 0.98
FUNDS_FIELDS = [
    f"{prefix}{col}"
    for prefix in ("", "fiscal_", "carryover_", "other_")
    for col in ("budget_initial", "budget_full_year", "executed")
]
CRITICAL_FORM_FIELDS = {
    *FUNDS_FIELDS,
    "funds_weight",
    "execution_rate_declared",
    "execution_score_declared",
    "total_weight_declared",
    "total_score_declared",
}
CRITICAL_INDICATOR_FIELDS = {"weight", "score_declared"}


@dataclass(frozen=True)
class FieldResult:
    path: str
    truth: str
    field: str
    seq: int | None
    expected: Any
    got: Any
    ok: bool
    critical: bool

    def __str__(self) -> str:
        where = f"{self.path} #{self.truth}" + (f" indicator {self.seq}" if self.seq else "")
        return f"{where} {self.field}: expected {self.expected!r}, got {self.got!r}"


def field_results(entry: dict[str, Any], result: FileResult) -> list[FieldResult]:
    """Every truth field of every form of one file, compared with what was read (a form or an
    indicator not found counts all its fields wrong; an extra indicator counts one)."""
    out: list[FieldResult] = []
    for k, ref in enumerate(entry["forms"]):
        truth = load_truth(ref["truth"])
        form: Form | None = result.forms[k] if k < len(result.forms) else None
        row = (entry["path"], ref["truth"])
        for f in FORM_FIELDS:
            got = getattr(form, f) if form else None
            ok = form is not None and _same(truth[f], got)
            out.append(FieldResult(*row, f, None, truth[f], got, ok, f in CRITICAL_FORM_FIELDS))
        pages = (ref["page_start"], ref["page_end"])
        got_pages = (form.page_start, form.page_end) if form else None
        out.append(FieldResult(*row, "pages", None, pages, got_pages, got_pages == pages, False))
        found = form.indicators if form else []
        for i, t in enumerate(truth["indicators"]):
            ind = found[i] if i < len(found) else None
            for f in INDICATOR_FIELDS:
                got = getattr(ind, f) if ind else None
                ok = ind is not None and _same(t[f], got)
                out.append(FieldResult(*row, f, t["seq"], t[f], got, ok, f in CRITICAL_INDICATOR_FIELDS))
        for extra in found[len(truth["indicators"]) :]:
            out.append(FieldResult(*row, "indicator", extra.seq, None, extra.name_raw, False, False))
    return out


def _process(path: str) -> FileResult:
    return process_file(InputFile(FILES / path, path))


@cache
def processed() -> dict[str, FileResult]:
    """All scans, read once per session on up to two cores. Fresh worker processes: the OCR
    engine's thread pools must not be forked from a process that already ran them."""
    paths = [e["path"] for e in SCANS]
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        return dict(zip(paths, pool.map(_process, paths), strict=True))


@cache
def all_results() -> list[FieldResult]:
    done = processed()
    return [r for e in SCANS for r in field_results(e, done[e["path"]])]


pytestmark = pytest.mark.skipif(not SCANS, reason="no scanned files in corpus/files/index.json")


def test_the_scanned_corpus_covers_the_degradations() -> None:
    degradations = [e["degradation"] for e in SCANS]
    assert sum(len(e["forms"]) for e in SCANS) >= 30
    assert {d["dpi"] for d in degradations} >= {150, 300}
    assert {d["colour"] for d in degradations} == {"colour", "gray"}
    assert any(d["seal"] for d in degradations) and not all(d["seal"] for d in degradations)
    assert any(f["page_end"] > f["page_start"] for e in SCANS for f in e["forms"])
    for e in SCANS:
        assert (FILES / e["path"]).is_file(), e["path"]


@pytest.mark.parametrize("entry", SCANS, ids=[e["path"] for e in SCANS])
def test_a_scan_is_read_by_ocr_into_its_forms(entry: dict[str, Any]) -> None:
    result = processed()[entry["path"]]
    assert result.entry.status == "ok", result.entry.error_message
    assert result.entry.method == OCR_METHOD[entry["kind"]]
    assert len(result.forms) == len(entry["forms"])
    for form in result.forms:
        assert form.method == OCR_METHOD[entry["kind"]]


def test_at_least_98_percent_of_all_fields_equal_truth() -> None:
    results = all_results()
    wrong = [r for r in results if not r.ok]
    accuracy = 1 - len(wrong) / len(results)
    report = "\n".join(map(str, wrong))
    assert accuracy >= MIN_ACCURACY, f"{accuracy:.2%} of {len(results)} fields right; wrong:\n{report}"


def test_every_funds_number_weight_and_score_equals_truth() -> None:
    wrong = [r for r in all_results() if r.critical and not r.ok]
    assert not wrong, "\n".join(map(str, wrong))
