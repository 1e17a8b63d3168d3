"""After-generation check of corpus/variants/: `python -m corpus.generate.variants_check`.

Every file of corpus/variants/index.json must carry its truth: each value the form writes (title,
header fields, every funds cell, goals, every indicator cell, group scores, the total and the
declared grade) is found in one cell of the rendered file: a DOCX table cell (python-docx), a
spreadsheet cell (openpyxl; a number cell matches the truth text it was typed from), a PDF table
cell (pdfplumber's ruling-based cells, their text cropped out; a value of a row split by a page
break may be found across the break); scans (variants_scan.py) are only opened. DOCX and XLSX
must hold real merges. Also prints the size per kind (limit 10 MB for the variant corpus) and,
with --findings, compares each form's expected findings with what the current scorer raises on
the truth itself (a report for the hand check, not a pass/fail: the scorer does not know the new
codes yet).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pdfplumber
from docx import Document
from docx.oxml.ns import qn

from .index import read_index
from .pages import page_count, squash
from .variants import _FIELD, VLAYOUTS
from .variants_truth import VARIANTS_DIR, VTRUTH_DIR
from .xlsx_render import number_format_for

SIZE_LIMIT = 10 * 1024 * 1024
FORM_VALUES = ("project_name", "department", "implementing_unit", "goal_expected", "goal_actual")


def values(truth: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, text) of every non-empty value the form writes, as the truth records it."""
    out = [("title", truth["title"])]
    out += [(f, truth[f]) for f in FORM_VALUES]
    blocks = truth.get("render", {}).get("blocks")
    lay = VLAYOUTS[truth["layout"]]
    shown = {slot for slot, _ in lay.funds_cols}
    if blocks is None or "funds" in blocks:
        for key, row in truth["funds_raw"].items():
            out += [(f"funds.{key}.{i}", v) for i, v in enumerate(row) if i in shown]
    keys = [k for k, _ in lay.columns]
    for ind in truth["indicators"]:
        out += [(f"{ind['seq']}.{_FIELD[k]}", ind[_FIELD[k]] or "") for k in keys]
    out += [(f"group.{g['level1']}", g["score_declared"] or "") for g in truth.get("groups", [])]
    out += [("total_weight_declared", truth["total_weight_declared"] or "")]
    out += [("total_score_declared", truth["total_score_declared"] or "")]
    out += [("grade_declared", truth.get("grade_declared") or "")]
    return [(w, v) for w, v in out if v]


def _docx_cells(path: Path) -> tuple[list[str], int]:
    doc = Document(str(path))
    cells = [squash(p.text) for p in doc.paragraphs]
    cells.append("".join(cells))  # a title on two lines
    for table in doc.tables:
        for row in table.rows:
            cells += [squash(c.text) for c in row.cells]
    body = doc.element.body
    merges = len(body.findall(".//" + qn("w:gridSpan"))) + len(body.findall(".//" + qn("w:vMerge")))
    return cells, merges


def _xlsx_cells(path: Path) -> tuple[list[str], set[float], int]:
    wb = openpyxl.load_workbook(path)
    texts: list[str] = []
    numbers: set[float] = set()
    merges = 0
    for ws in wb.worksheets:
        merges += len(ws.merged_cells.ranges)
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, (int, float)):
                    numbers.add(float(v))
                elif v is not None:
                    texts.append(squash(str(v)))
    return [*texts, "".join(texts[:2])], numbers, merges  # a title on two rows


def _pdf_cells(path: Path) -> list[str]:
    """Cell texts of every page; the last cells of a page joined with the first of the next."""
    cells: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page_cells = [squash(page.extract_text() or "")]
            for table in page.find_tables():
                for bbox in table.cells:
                    page_cells.append(squash(page.crop(bbox).extract_text() or ""))
            if cells:
                # a row broken by the page break: its cell continues at the top of this page
                cells += [a + b for a in cells[-40:] for b in page_cells[1:40]]
            cells += page_cells
    return cells


def check_entry(entry: Any, truth: dict[str, Any], files: Path) -> list[str]:
    path = files / entry.path
    errors: list[str] = []
    numbers: set[float] = set()
    if entry.kind == "scan":  # page images: read by OCR, held to the scans' accuracy elsewhere
        return [] if page_count(path) >= 1 else [f"{entry.path}: no pages"]
    if entry.kind == "docx":
        cells, merges = _docx_cells(path)
        if merges == 0:
            errors.append(f"{entry.path}: no real merged cells")
    elif entry.kind == "xlsx":
        cells, numbers, merges = _xlsx_cells(path)
        if merges == 0:
            errors.append(f"{entry.path}: no merged ranges")
    else:
        cells = _pdf_cells(path)
    variant = VLAYOUTS[truth["layout"]].number_variant
    for where, value in values(truth):
        key = squash(_as_rendered(truth, where, value))
        if any(key in c for c in cells):
            continue
        typed = number_format_for(_as_rendered(truth, where, value), variant)
        if typed is not None and typed[0] in numbers:
            continue
        errors.append(f"{entry.path}: {truth['id']} {where} = {value!r} not found")
    return errors


def _as_rendered(truth: dict[str, Any], where: str, value: str) -> str:
    """The cell's text as drawn: an as_written override where the truth has one."""
    r = truth.get("render", {})
    if where == "title" and r.get("title_as_written"):
        return r["title_as_written"]
    return r.get("as_written", {}).get(where, value)


def findings_report(truths: dict[str, dict[str, Any]]) -> None:
    """What the current scorer raises on each truth next to the expected findings."""

    sys.path.insert(0, str(VARIANTS_DIR.parent.parent))
    from model import FORM_COLUMNS, INDICATOR_COLUMNS, Form, Indicator
    from score.profile import load_profile
    from score.scorer import SCORER_CODES, score_form

    form_dec = {n for n, f in Form.model_fields.items() if "Decimal" in str(f.annotation)}
    ind_dec = {n for n, f in Indicator.model_fields.items() if "Decimal" in str(f.annotation)}

    def conv(data: dict[str, Any], dec: set[str], allowed: set[str]) -> dict[str, Any]:
        return {k: (Decimal(v) if k in dec and v is not None else v) for k, v in data.items() if k in allowed}

    for tid, t in sorted(truths.items()):
        fields = conv(t, form_dec, set(FORM_COLUMNS))
        fields.update(form_id=tid, source_file=tid)
        inds = [
            Indicator(**conv(i, ind_dec, set(INDICATOR_COLUMNS) | set(Indicator.model_fields)))
            for i in t["indicators"]
        ]
        prof = t.get("rules_profile") or "default"
        scored = score_form(Form(**fields, indicators=inds), load_profile(prof))
        got = sorted((a.code, a.seq or 0, a.field or "") for a in scored.anomalies)
        want = sorted(
            (f["code"], f.get("seq") or 0, f.get("field") or "")
            for f in t["expected_findings"]
            if f["code"] in SCORER_CODES
        )
        mark = "same" if got == want else "DIFF"
        print(f"{tid} {mark} total {scored.total_score_computed} {scored.grade_computed}")
        if got != want:
            print(f"    scorer:   {got}\n    expected: {want}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate.variants_check")
    parser.add_argument("--files", type=Path, default=VARIANTS_DIR / "files")
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--findings", action="store_true")
    args = parser.parse_args(argv)
    truths = {
        t["id"]: t
        for t in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(VTRUTH_DIR.glob("V*.json")))
    }
    index = args.index or (
        VARIANTS_DIR / "index.json" if args.files == VARIANTS_DIR / "files" else args.files / "index.json"
    )
    entries = read_index(index)
    errors: list[str] = []
    count: dict[str, int] = defaultdict(int)
    size: dict[str, int] = defaultdict(int)
    for entry in entries:
        path = args.files / entry.path
        if not path.exists():
            errors.append(f"{entry.path}: listed but missing")
            continue
        for form in entry.forms:
            errors += check_entry(entry, truths[form.truth], args.files)
        count[entry.kind] += 1
        size[entry.kind] += path.stat().st_size
    listed = {(args.files / e.path).resolve() for e in entries}
    errors += [
        f"{p}: on disk but not in the index"
        for p in args.files.rglob("*")
        if p.is_file() and p.resolve() not in listed
    ]
    for kind in count:
        print(f"{kind:10} {count[kind]:3} files  {size[kind] / 1e6:6.2f} MB")
    total = sum(p.stat().st_size for p in VARIANTS_DIR.rglob("*") if p.is_file())
    print(f"corpus/variants total {total / 1e6:.2f} MB (limit {SIZE_LIMIT / 1e6:.0f} MB)")
    if total > SIZE_LIMIT:
        errors.append("corpus/variants is over the size limit")
    if args.findings:
        findings_report(truths)
    for e in errors:
        print("FAIL", e)
    print("ok" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
