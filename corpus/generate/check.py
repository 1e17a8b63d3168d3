"""After-generation check: `python -m corpus.generate.check` from the repo root.

Opens every file of corpus/files/index.json with python-docx, pdfplumber, openpyxl, xlrd or as OFD
XML (plain text, no table extraction; a file of legacy.py once LibreOffice has converted it back),
asserts each listed form's project name and indicator names are where the index says, that DOCX
and spreadsheet merges are real merged cells, that the spreadsheets hold numbers, and prints sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import openpyxl
import pdfplumber
import xlrd
from docx import Document
from docx.oxml.ns import qn

from . import legacy
from .index import FileEntry, read_index
from .ofd import page_texts as ofd_page_texts
from .pages import TITLE_MARK, squash
from .truth import CORPUS_DIR, FILES_DIR, Truth, load_truths

SIZE_LIMIT = 30 * 1024 * 1024


def _docx_text(path: Path) -> tuple[str, int, int]:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    body = doc.element.body
    spans = len(body.findall(".//" + qn("w:gridSpan")))
    vmerges = len(body.findall(".//" + qn("w:vMerge")))
    return squash("".join(parts)), spans, vmerges


def _check_docx(entry: FileEntry, truths: dict[str, Truth], files: Path) -> list[str]:
    text, spans, vmerges = _docx_text(files / entry.path)
    errors = []
    if spans == 0 or vmerges == 0:
        errors.append(f"{entry.path}: no real merged cells (gridSpan {spans}, vMerge {vmerges})")
    for form in entry.forms:
        truth = truths[form.truth]
        for needle in [truth["project_name"], *(i["name_raw"] for i in truth["indicators"])]:
            if squash(needle) not in text:
                errors.append(f"{entry.path}: {form.truth}: {needle!r} not in the document text")
    return errors


def _page_texts(path: Path) -> list[str]:
    if path.suffix == ".ofd":
        return [squash(t) for t in ofd_page_texts(path)]
    with pdfplumber.open(path) as pdf:
        return [squash(p.extract_text() or "") for p in pdf.pages]


def _sheet_text(path: Path) -> tuple[str, int, int]:
    """Text of the visible sheets, merged ranges and number cells, read with openpyxl or xlrd."""
    parts: list[str] = []
    merges = numbers = 0
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            merges += len(ws.merged_cells.ranges)
            for row in ws.iter_rows(values_only=True):
                parts += [str(v) for v in row if v is not None]
                numbers += sum(isinstance(v, (int, float)) for v in row)
    else:
        book = xlrd.open_workbook(str(path), formatting_info=True)
        for sh in book.sheets():
            if sh.visibility:
                continue
            merges += len(sh.merged_cells)
            for r in range(sh.nrows):
                parts += [str(c.value) for c in sh.row(r) if c.value != ""]
                numbers += sum(c.ctype == xlrd.XL_CELL_NUMBER for c in sh.row(r))
    return squash("".join(parts)), merges, numbers


def _check_sheet(entry: FileEntry, truths: dict[str, Truth], files: Path) -> list[str]:
    text, merges, numbers = _sheet_text(files / entry.path)
    errors = []
    if merges == 0 or numbers == 0:
        errors.append(f"{entry.path}: {merges} merged ranges, {numbers} number cells")
    for form in entry.forms:
        truth = truths[form.truth]
        for needle in [truth["project_name"], *(i["name_raw"] for i in truth["indicators"])]:
            if squash(needle) not in text:
                errors.append(f"{entry.path}: {form.truth}: {needle!r} not in the visible sheets")
    return errors


def _check_pdf(entry: FileEntry, truths: dict[str, Truth], files: Path) -> list[str]:
    """A paged file (PDF, OFD): each form's title, project and indicators on its pages."""
    errors = []
    pages = _page_texts(files / entry.path)
    covered: set[int] = set()
    for form in entry.forms:
        truth = truths[form.truth]
        if form.page_start is None or form.page_end is None:
            errors.append(f"{entry.path}: {form.truth}: PDF form without a page range")
            continue
        first, last = form.page_start, form.page_end
        span = pages[first - 1 : last]
        if not (TITLE_MARK in span[0] and squash(truth["project_name"]) in span[0]):
            errors.append(f"{entry.path}: {form.truth}: title/project name not on page {first}")
        joined = "".join(span)
        for ind in truth["indicators"]:
            # A row split over a page break splits its text too; its first characters stay.
            if squash(ind["name_raw"])[:4] not in joined:
                errors.append(
                    f"{entry.path}: {form.truth}: indicator {ind['name_raw']!r} not on {first}-{last}"
                )
        covered.update(range(first, last + 1))
    if covered != set(range(1, len(pages) + 1)):
        errors.append(
            f"{entry.path}: pages {sorted(set(range(1, len(pages) + 1)) - covered)} belong to no form"
        )
    return errors


def _check_converted(entry: FileEntry, truths: dict[str, Truth], files: Path) -> list[str]:
    """A file of corpus.generate.legacy (.doc/.wps/.rtf/.odt/.ods): converted back by LibreOffice,
    then checked as the DOCX, or for the texts and merges of the XLSX, it becomes."""
    with tempfile.TemporaryDirectory(prefix="evalforms-check-") as tmp:
        back = legacy.converted_back(files / entry.path, Path(tmp))
        if back.suffix == ".docx":
            again = FileEntry(back.name, entry.kind, entry.layout, entry.forms)
            return [e.replace(back.name, entry.path) for e in _check_docx(again, truths, back.parent)]
        return _check_converted_sheet(entry, back, truths)


def _check_converted_sheet(entry: FileEntry, xlsx: Path, truths: dict[str, Truth]) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    text = squash("".join(str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value))
    errors = []
    if not any(ws.merged_cells.ranges for ws in book):
        errors.append(f"{entry.path}: no merged cells")
    for form in entry.forms:
        truth = truths[form.truth]
        for needle in [truth["project_name"], *(i["name_raw"] for i in truth["indicators"])]:
            if squash(needle) not in text:
                errors.append(f"{entry.path}: {form.truth}: {needle!r} not in the sheet text")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate.check")
    parser.add_argument("--files", type=Path, default=FILES_DIR)
    files: Path = parser.parse_args(argv).files
    truths = {t["id"]: t for t in load_truths()}
    entries = read_index(files / "index.json")
    errors: list[str] = []
    count: dict[str, int] = defaultdict(int)
    size: dict[str, int] = defaultdict(int)
    forms: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        path = files / entry.path
        if not path.exists():
            errors.append(f"{entry.path}: listed but missing")
            continue
        if entry.kind in legacy.KINDS:
            check = _check_converted
        else:
            check = {"docx": _check_docx, "xlsx": _check_sheet, "xls": _check_sheet}.get(
                entry.kind, _check_pdf
            )
        errors += check(entry, truths, files)
        count[entry.kind] += 1
        size[entry.kind] += path.stat().st_size
        forms[entry.kind].update(f.truth for f in entry.forms)
    listed = {(files / e.path).resolve() for e in entries} | {(files / "index.json").resolve()}
    stray = [p for p in files.rglob("*") if p.is_file() and p.resolve() not in listed]
    errors += [f"{p.relative_to(files)}: on disk but not in index.json" for p in stray]

    for kind in count:
        print(f"{kind:10} {count[kind]:3} files  {len(forms[kind]):3} forms  {size[kind] / 1e6:6.2f} MB")
    # corpus/variants/ has its own limit and check (variants_check.py)
    corpus_bytes = sum(
        p.stat().st_size
        for p in CORPUS_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.relative_to(CORPUS_DIR).parts[0] != "variants"
    )
    print(f"corpus/ total {corpus_bytes / 1e6:.2f} MB (limit {SIZE_LIMIT / 1e6:.0f} MB)")
    if corpus_bytes > SIZE_LIMIT:
        errors.append("corpus/ is over the size limit")
    for error in errors:
        print("FAIL", error)
    print("ok" if not errors else f"{len(errors)} problem(s)")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
