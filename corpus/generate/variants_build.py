"""Render corpus/variants/truth/ into corpus/variants/files/: `python -m corpus.generate.variants_build`.

DOCX (real merges), Word PDF, XLSX (numbers stored as numbers, as office.py's inputs) and Excel
PDF per form, and corpus/variants/index.json (same format as corpus/files/index.json).
Options: --only V01,V02 and --out DIR for scratch runs; --skip-pdf leaves out LibreOffice.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .convert import to_pdf
from .docx_render import render_docx, save_docx
from .grid import FormTable, unbreakable_overflows
from .index import FileEntry, FormRef, write_index
from .pages import page_count, page_texts, squash
from .variants import VLAYOUTS, build_variant_table, check_spans
from .variants_truth import VARIANTS_DIR, VTRUTH_DIR
from .xlsx_render import render_xlsx, save_xlsx

FILES = VARIANTS_DIR / "files"


def load_vtruths(truth_dir: Path = VTRUTH_DIR) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(truth_dir.glob("V*.json"))]


def tables(truths: list[dict[str, Any]]) -> list[FormTable]:
    out, problems = [], []
    for t in truths:
        table = build_variant_table(t, VLAYOUTS[t["layout"]])
        problems += [f"{t['id']}: {p}" for p in check_spans(table) + unbreakable_overflows(table)]
        out.append(table)
    if problems:
        raise SystemExit("layout problems:\n" + "\n".join(problems))
    return out


def _pdf_entries(
    truths: list[dict[str, Any]], pdfs: list[Path], out: Path, kind: str, prefix: str
) -> list[FileEntry]:
    entries = []
    for t, pdf in zip(truths, pdfs, strict=True):
        n = page_count(pdf)
        # one form a file: pages 1..n, the form's title and project name on page 1
        first_page = page_texts(pdf)[0]
        for needle in (t["title"], t["project_name"]):
            if squash(needle) not in first_page:
                raise AssertionError(f"{pdf.name}: {needle!r} not on page 1")
        first, last = 1, n
        entries.append(
            FileEntry(
                pdf.relative_to(out).as_posix(), kind, prefix + t["layout"], [FormRef(t["id"], first, last)]
            )
        )
    return entries


def build(out: Path, truths: list[dict[str, Any]], pdf: bool) -> list[FileEntry]:
    tabs = tables(truths)
    for sub in ("docx", "pdf-word", "pdf-excel", "xlsx"):
        shutil.rmtree(out / sub, ignore_errors=True)
    entries: list[FileEntry] = []
    docx_paths = []
    for t, table in zip(truths, tabs, strict=True):
        path = out / "docx" / f"{t['id']}.docx"
        save_docx(render_docx([table]), path)
        docx_paths.append(path)
        entries.append(FileEntry(path.relative_to(out).as_posix(), "docx", t["layout"], [FormRef(t["id"])]))
        xpath = out / "xlsx" / f"{t['id']}.xlsx"
        save_xlsx(render_xlsx(table, typed=True), xpath)
        entries.append(
            FileEntry(
                xpath.relative_to(out).as_posix(), "xlsx", "openpyxl-" + t["layout"], [FormRef(t["id"])]
            )
        )
    print(f"docx, xlsx: {len(docx_paths)} files each")
    if pdf:
        word = to_pdf(docx_paths, out / "pdf-word")
        entries += _pdf_entries(truths, word, out, "pdf-word", "")
        with tempfile.TemporaryDirectory(prefix="evalforms-vxlsx-") as tmp:
            paths = []
            for t, table in zip(truths, tabs, strict=True):
                p = Path(tmp) / f"{t['id']}.xlsx"
                render_xlsx(table).save(p)
                paths.append(p)
            excel = to_pdf(paths, out / "pdf-excel")
        entries += _pdf_entries(truths, excel, out, "pdf-excel", "xlsx-")
        print(f"pdf-word, pdf-excel: {len(word)} files each")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate.variants_build")
    parser.add_argument("--out", type=Path, default=FILES)
    parser.add_argument("--only", default="")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args(argv)
    truths = load_vtruths()
    if args.only:
        wanted = set(args.only.split(","))
        truths = [t for t in truths if t["id"] in wanted]
    args.out.mkdir(parents=True, exist_ok=True)
    entries = build(args.out, truths, pdf=not args.skip_pdf)
    index = args.out.parent / "index.json" if args.out == FILES else args.out / "index.json"
    write_index(entries, index)
    print(f"index: {len(entries)} files -> {index}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
