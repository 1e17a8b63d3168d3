"""Every field of every corpus form, read from every rendering, equals its hand-verified truth.

corpus/files/index.json says which truth forms each rendered file holds (tests only: the product
never sees file names). Each (file, form) pair is one test, so a failure names the kind, the
file and the form, and lists every differing field.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

from model import Form
from pipeline import FileResult, InputFile, process_file
from tests.corpus_truth import CORPUS, load_truth

FILES = CORPUS / "files"
INDEX = json.loads((FILES / "index.json").read_text(encoding="utf-8")) if (FILES / "index.json").exists() else []

FORM_FIELDS = [
    "year", "project_name", "department", "implementing_unit",
    "budget_initial", "budget_full_year", "executed",
    "fiscal_budget_initial", "fiscal_budget_full_year", "fiscal_executed",
    "carryover_budget_initial", "carryover_budget_full_year", "carryover_executed",
    "other_budget_initial", "other_budget_full_year", "other_executed",
    "funds_weight", "execution_rate_declared", "execution_score_declared",
    "goal_expected", "goal_actual", "total_weight_declared", "total_score_declared",
]  # fmt: skip
INDICATOR_FIELDS = [
    "seq", "level1", "level2", "level1_raw", "level2_raw", "name", "name_raw", "nature", "nature_raw",
    "target_value", "target_text", "unit", "unit_raw", "actual_text", "actual_value", "actual_qualifier",
    "actual_grade", "weight", "score_declared", "deviation_note",
]  # fmt: skip


def _same(expected: Any, got: Any) -> bool:
    if isinstance(got, Decimal) or (isinstance(expected, str) and isinstance(got, (int, float))):
        return expected is not None and Decimal(str(expected)) == Decimal(str(got))
    if expected is None:
        return got in (None, "")
    return bool(expected == got)


def form_differences(truth: dict[str, Any], form: Form) -> list[str]:
    diffs = [
        f"{f}: expected {truth[f]!r}, got {getattr(form, f)!r}"
        for f in FORM_FIELDS
        if not _same(truth[f], getattr(form, f))
    ]
    want, got = truth["indicators"], form.indicators
    if len(want) != len(got):
        diffs.append(f"indicators: expected {len(want)}, got {len(got)}")
    for t, i in zip(want, got, strict=False):
        diffs += [
            f"indicator {t['seq']} {f}: expected {t[f]!r}, got {getattr(i, f)!r}"
            for f in INDICATOR_FIELDS
            if not _same(t[f], getattr(i, f))
        ]
    return diffs


@cache
def processed(path: str) -> FileResult:
    return process_file(InputFile(FILES / path, path))


CASES = [
    pytest.param(entry, k, id=f"{entry['kind']}:{entry['path']}#{k + 1}")
    for entry in INDEX
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
    if entry["kind"] != "docx":
        if (form.page_start, form.page_end) != (expected["page_start"], expected["page_end"]):
            diffs.append(f"pages: expected {expected['page_start']}-{expected['page_end']}, got {form.page_start}-{form.page_end}")  # fmt: skip
    else:
        assert form.page_start is None and form.page_end is None
    assert not diffs, "\n".join(diffs)


@pytest.mark.skipif(not INDEX, reason="corpus/files/index.json not generated yet")
def test_every_kind_is_in_the_corpus() -> None:
    kinds = {e["kind"] for e in INDEX}
    assert {"docx", "pdf-word", "pdf-excel", "bundle"} <= kinds
    bundle = [e for e in INDEX if e["kind"] == "bundle"]
    assert any(len(e["forms"]) == 53 for e in bundle)
