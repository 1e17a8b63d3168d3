"""Regenerate corpus/files/ from corpus/truth/: `python -m corpus.generate` from the repo root.

Options: --only 01,02 renders a few forms into a scratch directory (for trying a layout);
--skip-excel leaves out the Excel-born PDFs and the XLSX/XLS inputs; --out DIR writes somewhere
else than corpus/files (index paths stay relative to it). The XLSX/XLS inputs alone:
`python -m corpus.generate.office`.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .bundle import render_bundle
from .convert import to_pdf
from .docx_render import render_docx, save_docx
from .grid import FormTable, build_table, unbreakable_overflows
from .index import FileEntry, FormRef, write_index
from .layouts import layout_for
from .office import build as build_office
from .pages import locate_forms, page_count
from .truth import FILES_DIR, TARGET_TEXT_AS_WRITTEN, Truth, find_typos, load_truths
from .xlsx_render import render_xlsx

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_4a328df02db551d3.txt"
BUNDLE_STEM = "department_bundle"


def _check_typos(truths: list[Truth]) -> None:
    if not SEED.exists():
        print(f"note: {SEED} not found; using the recorded typo list as is")
        return
    found = find_typos(truths, SEED)
    if found != TARGET_TEXT_AS_WRITTEN:
        print(
            f"warning: the seed shows typos {found}, "
            f"truth.TARGET_TEXT_AS_WRITTEN has {TARGET_TEXT_AS_WRITTEN}"
        )


def _tables(truths: list[Truth]) -> list[FormTable]:
    tables = []
    problems = []
    for truth in truths:
        table = build_table(truth, layout_for(truth["id"]))
        problems += [f"{truth['id']}: {p}" for p in unbreakable_overflows(table)]
        tables.append(table)
    if problems:
        # A number broken over two lines in a cell no longer reads as the truth says.
        raise SystemExit("columns too narrow:\n" + "\n".join(problems))
    return tables


def _single_pdf_entries(
    truths: list[Truth], pdfs: list[Path], out: Path, kind: str, layout_prefix: str
) -> list[FileEntry]:
    entries = []
    for truth, pdf in zip(truths, pdfs, strict=True):
        n = page_count(pdf)
        ((first, last),) = locate_forms(pdf, [truth["project_name"]], [n])
        entries.append(
            FileEntry(
                pdf.relative_to(out).as_posix(),
                kind,
                layout_prefix + layout_for(truth["id"]).name,
                [FormRef(truth["id"], first, last)],
            )
        )
    return entries


def build(out: Path, truths: list[Truth], excel: bool) -> list[FileEntry]:
    tables = _tables(truths)
    for sub in ("docx", "pdf-word", "pdf-excel", "bundle"):
        shutil.rmtree(out / sub, ignore_errors=True)
    entries: list[FileEntry] = []

    docx_paths = []
    for truth, table in zip(truths, tables, strict=True):
        path = out / "docx" / f"{truth['id']}.docx"
        save_docx(render_docx([table]), path)
        docx_paths.append(path)
        entries.append(
            FileEntry(path.relative_to(out).as_posix(), "docx", table.layout.name, [FormRef(truth["id"])])
        )
    print(f"docx: {len(docx_paths)} files")

    word_pdfs = to_pdf(docx_paths, out / "pdf-word")
    entries += _single_pdf_entries(truths, word_pdfs, out, "pdf-word", "")
    print(f"pdf-word: {len(word_pdfs)} files")

    if excel:
        with tempfile.TemporaryDirectory(prefix="evalforms-xlsx-") as tmp:
            xlsx_paths = []
            for truth, table in zip(truths, tables, strict=True):
                path = Path(tmp) / f"{truth['id']}.xlsx"
                render_xlsx(table).save(path)
                xlsx_paths.append(path)
            excel_pdfs = to_pdf(xlsx_paths, out / "pdf-excel")
        entries += _single_pdf_entries(truths, excel_pdfs, out, "pdf-excel", "xlsx-")
        print(f"pdf-excel: {len(excel_pdfs)} files")
        entries += build_office(out, truths)

    bundle_docx = out / "bundle" / f"{BUNDLE_STEM}.docx"
    save_docx(render_bundle(tables), bundle_docx)
    entries.append(
        FileEntry(
            bundle_docx.relative_to(out).as_posix(), "docx", "mixed", [FormRef(t["id"]) for t in truths]
        )
    )
    (bundle_pdf,) = to_pdf([bundle_docx], out / "bundle")
    alone = [page_count(p) for p in word_pdfs]
    ranges = locate_forms(bundle_pdf, [t["project_name"] for t in truths], alone)
    entries.append(
        FileEntry(
            bundle_pdf.relative_to(out).as_posix(),
            "bundle",
            "mixed",
            [FormRef(t["id"], a, b) for t, (a, b) in zip(truths, ranges, strict=True)],
        )
    )
    spanning = [t["id"] for t, (a, b) in zip(truths, ranges, strict=True) if b > a]
    print(f"bundle: {page_count(bundle_pdf)} pages; forms on two or more pages: {' '.join(spanning)}")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.generate")
    parser.add_argument("--out", type=Path, default=FILES_DIR)
    parser.add_argument("--only", default="", help="comma-separated truth ids (scratch runs)")
    parser.add_argument("--skip-excel", action="store_true")
    args = parser.parse_args(argv)

    truths = load_truths()
    _check_typos(truths)
    if args.only:
        wanted = set(args.only.split(","))
        truths = [t for t in truths if t["id"] in wanted]
    if not truths:
        print("no truth files found", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    entries = build(args.out, truths, excel=not args.skip_excel)
    write_index(entries, args.out / "index.json")
    print(f"index: {len(entries)} files -> {args.out / 'index.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
