"""The corpus forms in the formats LibreOffice converts for the reader (extract/convert.py):

    python -m corpus.generate.legacy          # from the repo root, after python -m corpus.generate

- `doc/NN.doc`: all 53 forms as Word 97–2003 files. LibreOffice 7.4 writing a `.doc` straight from
  a DOCX turns some of its tables into paragraphs (03 and 04 lose theirs), so the way is
  DOCX → ODT → DOC.
- `odt/NN.odt`: forms 01–04 (one per layout), the ODT made on the way.
- `rtf/NN.rtf`: forms 05–08, written from the DOCX.
- `wps/bundle_09-12.wps`: forms 09–12 in one document, as WPS 文字 saves it: a Word 97–2003
  binary under a `.wps` name.
- `ods/NN.ods`: forms 13–16, the XLSX rendering (xlsx_render) saved by Calc.

Every file is converted back to DOCX/XLSX and its tables compared with those of the file it was
made from (`same_tables`): a conversion that loses or changes a table stops the build.

The singles are made from the committed `docx/NN.docx`, so run the main generator first. ODF
packages are saved again with fixed zip timestamps and LibreOffice's random revision ids fixed
(`stabilize_odf`); DOC and RTF come out byte-identical on their own (an RTF's font table only
when it is the first file its LibreOffice process converts, so each is converted alone). As
scan.py does, this step replaces only its own kinds' entries in the shared index.json and keeps
every other entry.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from .bundle import render_bundle
from .convert import convert
from .docx_render import save_docx
from .grid import build_table
from .layouts import layout_for
from .truth import FILES_DIR, Truth, load_truths
from .xlsx_render import render_xlsx

INDEX = FILES_DIR / "index.json"
KINDS = ("doc", "odt", "rtf", "wps", "ods")
ODT_IDS = ("01", "02", "03", "04")
RTF_IDS = ("05", "06", "07", "08")
WPS_IDS = ("09", "10", "11", "12")
ODS_IDS = ("13", "14", "15", "16")
_FIXED_TIME = datetime(2025, 3, 1, 9, 0, 0)
_RSID = re.compile(rb'(config:name="Rsid(?:Root)?" config:type="int">)\d+')
_DATES = re.compile(rb"(<(dc:date|meta:creation-date)>)[^<]*(</\2>)")

Entry = dict[str, Any]


def stabilize_odf(path: Path) -> None:
    """Save an ODF package again with fixed zip timestamps and fixed revision-id seeds (LibreOffice
    draws them at random), `mimetype` first and stored, as ODF requires."""
    with zipfile.ZipFile(path) as src:
        parts = [(info.filename, src.read(info)) for info in src.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, data in sorted(parts, key=lambda p: p[0] != "mimetype"):
            if name == "settings.xml":
                data = _RSID.sub(rb"\g<1>1", data)
            elif name == "meta.xml":
                data = _DATES.sub(rb"\g<1>" + _FIXED_TIME.isoformat().encode() + rb"\g<3>", data)
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            dst.writestr(info, data)
    path.write_bytes(out.getvalue())


Rows = list[tuple[tuple[str, int, int], ...]]
"""A table as the cells covering each of its rows, left to right: (text, first row, rows spanned).
LibreOffice may join grid columns no cell boundary uses, which renumbers columns but leaves this
the same."""


def docx_tables(path: Path) -> list[Rows]:
    from extract.docx_reader import read_docx
    from model import Grid

    return [_rows(b) for b in read_docx(path).blocks if isinstance(b, Grid)]


def _rows(grid: Any) -> Rows:
    rows: Rows = []
    for r in range(grid.n_rows):
        covering = sorted((c for c in grid.cells if c.row <= r < c.row + c.rowspan), key=lambda c: c.col)
        rows.append(tuple((c.text, c.row, c.rowspan) for c in covering))
    return rows


def xlsx_tables(path: Path) -> list[Rows]:
    """Each sheet's cells (merged ranges as one cell) in the same shape as docx_tables."""
    from types import SimpleNamespace

    from openpyxl import load_workbook

    tables = []
    for ws in load_workbook(path).worksheets:
        cells = []
        covered: set[tuple[int, int]] = set()
        for merged in ws.merged_cells.ranges:
            value = ws.cell(merged.min_row, merged.min_col).value
            cells.append(
                SimpleNamespace(
                    row=merged.min_row - 1,
                    col=merged.min_col - 1,
                    rowspan=merged.max_row - merged.min_row + 1,
                    text="" if value is None else str(value),
                )
            )
            covered.update((r, c) for r, c, *_ in _positions(merged))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None and (cell.row, cell.column) not in covered:
                    cells.append(
                        SimpleNamespace(
                            row=cell.row - 1, col=cell.column - 1, rowspan=1, text=str(cell.value)
                        )
                    )
        n_rows = max((c.row + c.rowspan for c in cells), default=0)
        tables.append(_rows(SimpleNamespace(n_rows=n_rows, cells=cells)))
    return tables


def _positions(merged: Any) -> list[tuple[int, int]]:
    return [
        (r, c)
        for r in range(merged.min_row, merged.max_row + 1)
        for c in range(merged.min_col, merged.max_col + 1)
    ]


def same_tables(made: list[Path], sources: list[Path], scratch: Path) -> None:
    """Convert each made file back to its source's format and compare their tables."""
    target = sources[0].suffix.lstrip(".")
    read = docx_tables if target == "docx" else xlsx_tables
    back = convert(made, scratch, target)
    for path, source, again in zip(made, sources, back, strict=True):
        want, got = read(source), read(again)
        if not want or want != got:
            raise SystemExit(f"{path.name}: tables differ from {source.name} after conversion")


def converted_back(path: Path, scratch: Path) -> Path:
    """A file of this step as DOCX (or XLSX, for an .ods), for corpus.generate.check."""
    (back,) = convert([path], scratch, "xlsx" if path.suffix == ".ods" else "docx")
    return back


def _entry(path: Path, kind: str, layout: str, ids: list[str]) -> Entry:
    return {
        "path": path.relative_to(FILES_DIR).as_posix(),
        "kind": kind,
        "layout": layout,
        "forms": [{"truth": i, "page_start": None, "page_end": None} for i in ids],
    }


def _xlsx(truth: Truth, path: Path) -> Path:
    wb = render_xlsx(build_table(truth, layout_for(truth["id"])))
    wb.properties.creator = wb.properties.lastModifiedBy = "朝阳区数据局"
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def generate() -> list[Entry]:
    truths = {t["id"]: t for t in load_truths()}
    ids = sorted(truths)
    for kind in KINDS:
        shutil.rmtree(FILES_DIR / kind, ignore_errors=True)
    entries: list[Entry] = []
    with tempfile.TemporaryDirectory(prefix="evalforms-legacy-") as tmp:
        scratch = Path(tmp)
        sources = [FILES_DIR / "docx" / f"{i}.docx" for i in ids]
        missing = [p.name for p in sources if not p.exists()]
        if missing:
            raise SystemExit(f"run python -m corpus.generate first: {missing} missing")

        odts = convert(sources, scratch / "odt", "odt")
        for odt in odts:
            stabilize_odf(odt)
        docs = convert(odts, FILES_DIR / "doc", "doc")
        same_tables(docs, sources, scratch / "doc-back")
        entries += [_entry(d, "doc", layout_for(i).name, [i]) for i, d in zip(ids, docs, strict=True)]

        kept = [FILES_DIR / "odt" / f"{i}.odt" for i in ODT_IDS]
        for i, path in zip(ODT_IDS, kept, strict=True):
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(scratch / "odt" / f"{i}.odt", path)
        same_tables(kept, [FILES_DIR / "docx" / f"{i}.docx" for i in ODT_IDS], scratch / "odt-back")
        entries += [_entry(p, "odt", layout_for(i).name, [i]) for i, p in zip(ODT_IDS, kept, strict=True)]

        rtf_sources = [FILES_DIR / "docx" / f"{i}.docx" for i in RTF_IDS]
        rtfs = convert(rtf_sources, FILES_DIR / "rtf", "rtf", batch_size=1)
        same_tables(rtfs, rtf_sources, scratch / "rtf-back")
        entries += [_entry(p, "rtf", layout_for(i).name, [i]) for i, p in zip(RTF_IDS, rtfs, strict=True)]

        stem = f"bundle_{WPS_IDS[0]}-{WPS_IDS[-1]}"
        bundle = scratch / "wps" / f"{stem}.docx"
        save_docx(render_bundle([build_table(truths[i], layout_for(i)) for i in WPS_IDS]), bundle)
        (bundle_odt,) = convert([bundle], scratch / "wps-odt", "odt")
        (bundle_doc,) = convert([bundle_odt], scratch / "wps-doc", "doc")
        wps = FILES_DIR / "wps" / f"{stem}.wps"
        wps.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle_doc, wps)
        same_tables([bundle_doc], [bundle], scratch / "wps-back")
        entries.append(_entry(wps, "wps", "mixed", list(WPS_IDS)))

        xlsxs = [_xlsx(truths[i], scratch / "xlsx" / f"{i}.xlsx") for i in ODS_IDS]
        odss = convert(xlsxs, FILES_DIR / "ods", "ods")
        for ods in odss:
            stabilize_odf(ods)
        same_tables(odss, xlsxs, scratch / "ods-back")
        entries += [
            _entry(p, "ods", "xlsx-" + layout_for(i).name, [i]) for i, p in zip(ODS_IDS, odss, strict=True)
        ]
    for entry in entries:
        size = (FILES_DIR / entry["path"]).stat().st_size
        print(f"{entry['path']}: {len(entry['forms'])} form(s), {size // 1024} KB")
    return entries


def write_index(entries: list[Entry]) -> None:
    """Replace this step's entries of the shared index, keep the others in their order."""
    index = json.loads(INDEX.read_text(encoding="utf-8"))
    kept = [e for e in index if e.get("kind") not in KINDS]
    order = {kind: k for k, kind in enumerate(KINDS)}
    ours = sorted(entries, key=lambda e: (order[e["kind"]], e["path"]))
    INDEX.write_text(json.dumps(kept + ours, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    write_index(generate())


if __name__ == "__main__":
    main()
