"""Spreadsheet inputs: every form as an XLSX (`xlsx/NN.xlsx`), the same workbooks saved as Excel
97–2003 by LibreOffice (`xls/NN.xls`), and one workbook holding several forms in both formats
(`xlsx/multi_forms.xlsx`, `xls/multi_forms.xls`).

    python -m corpus.generate.office          # from the repo root; needs soffice for the .xls

The single-form workbooks are the ones printed to `pdf-excel/`, except that every cell reading
as a number is stored as an Excel number with a number format that shows the truth's text
(xlsx_render.number_format_for): a reader gets the truth back only by rendering the formats.
They come from two writers, alternating by groups of four ids so that every layout has both:
openpyxl as written (inline strings, as export tools write them; ids 01–04, 09–12, …) and the
same saved again by LibreOffice Calc (shared strings and Calc's own styles, as an office program
writes them; ids 05–08, 13–16, …, and the several-forms workbook).

The several-forms workbook is laid out to trip a reader that reads what is not shown:
  说明        a cover sheet of contact lines and a date (no form)
  表1         form 05 under a hidden row holding a stale 项目名称 line
  表2-3       forms 02 and 03 one under the other, a print area covering only the first
  模板        form 04 on a hidden sheet (not in the index: it is not shown)
  2024 表4    form 08 with a hidden column before 实际完成值 holding last year's values under
              its own 实际完成值 header (a sheet name Excel quotes: '2024 表4'!C4)
  Sheet6      empty

corpus/files/index.json is shared with the other generators: run alone, this script replaces only
the entries of kinds `xlsx` and `xls` and keeps every other entry as it is. `python -m
corpus.generate` runs it too.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .convert import convert, to_xls
from .grid import FormTable, build_table
from .index import FileEntry, FormRef
from .layouts import layout_for
from .truth import FILES_DIR, Truth, load_truths
from .xlsx_render import render_xlsx, restamp, save_xlsx, sheet_col, write_form

KINDS = ("xlsx", "xls")
MULTI = "multi_forms"
MULTI_FORMS = ("05", "02", "03", "08")
"""The forms the several-forms workbook shows, in reading order."""
HIDDEN_FORM = "04"
_GAP_FORM = "08"
_ACTUAL_HEADERS = ("实际完成值", "实际\n完成值")


def _cover(ws: Worksheet) -> None:
    ws["A1"] = "填报单位：北京市朝阳区数据局"
    ws["A2"] = "联系人：王芳　联系电话：010-65001234"
    ws["A3"] = "报送日期："
    ws["B3"] = datetime(2025, 3, 1)
    ws["B3"].number_format = 'yyyy"年"m"月"d"日"'


def _stale_row_then_form(ws: Worksheet, table: FormTable) -> None:
    """A hidden first row with an old project line, the form below it."""
    ws["A1"] = "项目名称"
    ws["C1"] = "（作废）2023年度互联网接入服务"
    ws.row_dimensions[1].hidden = True
    write_form(ws, table, 2, typed=True)


def _two_forms(ws: Worksheet, first: FormTable, second: FormTable) -> None:
    placed = write_form(ws, first, 1, typed=True)  # sets the print area to this form alone
    write_form(ws, second, placed.end + 3, typed=True)


def _hidden_column_form(ws: Worksheet, table: FormTable, truth: Truth) -> None:
    """The form with a hidden column before its 实际完成值 column, holding stale values under a
    header of the same name: a reader that counts hidden columns reads last year's results."""
    lay = table.layout
    actual_col = lay.indicator_spans[7][0]
    placed = write_form(ws, table, 1, typed=True, gap_before=actual_col)
    header = next(c for c in table.cells if c.text in _ACTUAL_HEADERS)
    gap = sheet_col(actual_col, None)  # the gap takes the actual column's own place
    ws.cell(row=placed.top + header.row, column=gap, value="实际完成值")
    for k, ind in enumerate(truth["indicators"]):
        stale = f"上年：{ind['actual_text'] or '无'}（旧）"
        ws.cell(row=placed.top + header.row + 1 + k, column=gap, value=stale)
    ws.column_dimensions[get_column_letter(gap)].hidden = True


def multi_workbook(tables: dict[str, FormTable], truths: dict[str, Truth]) -> Workbook:
    wb = Workbook()
    cover = wb.active
    cover.title = "说明"
    _cover(cover)
    _stale_row_then_form(wb.create_sheet("表1"), tables["05"])
    _two_forms(wb.create_sheet("表2-3"), tables["02"], tables["03"])
    template = wb.create_sheet("模板")
    write_form(template, tables[HIDDEN_FORM], 1, typed=True)
    template.sheet_state = "hidden"
    _hidden_column_form(wb.create_sheet("2024 表4"), tables[_GAP_FORM], truths[_GAP_FORM])
    wb.create_sheet("Sheet6")
    return wb


def saved_by_calc(truth_id: str) -> bool:
    return (int(truth_id) - 1) // 4 % 2 == 1


def _resave_with_calc(paths: list[Path]) -> None:
    """Open each workbook in LibreOffice Calc and save it as XLSX again, in place."""
    with tempfile.TemporaryDirectory(prefix="evalforms-calc-") as tmp:
        for saved in convert(paths, Path(tmp), "xlsx:Calc MS Excel 2007 XML"):
            (paths[0].parent / saved.name).write_bytes(restamp(saved.read_bytes()))


def build(out: Path, truths: list[Truth]) -> list[FileEntry]:
    by_id = {t["id"]: t for t in truths}
    tables = {t["id"]: build_table(t, layout_for(t["id"])) for t in truths}
    for kind in KINDS:
        shutil.rmtree(out / kind, ignore_errors=True)
    entries: list[FileEntry] = []
    sources: list[tuple[Path, str, list[str]]] = []
    calc: list[Path] = []
    for truth in truths:
        path = out / "xlsx" / f"{truth['id']}.xlsx"
        save_xlsx(render_xlsx(tables[truth["id"]], typed=True), path)
        writer = "calc" if saved_by_calc(truth["id"]) else "openpyxl"
        if writer == "calc":
            calc.append(path)
        sources.append((path, f"{writer}-{tables[truth['id']].layout.name}", [truth["id"]]))
    if all(i in by_id for i in (*MULTI_FORMS, HIDDEN_FORM)):
        path = out / "xlsx" / f"{MULTI}.xlsx"
        save_xlsx(multi_workbook(tables, by_id), path)
        calc.append(path)
        sources.append((path, "calc-multi", list(MULTI_FORMS)))
    if calc:
        _resave_with_calc(calc)
    xls = to_xls([p for p, _, _ in sources], out / "xls")
    for kind, paths in (("xlsx", [p for p, _, _ in sources]), ("xls", xls)):
        for path, (_, layout, ids) in zip(paths, sources, strict=True):
            entries.append(
                FileEntry(path.relative_to(out).as_posix(), kind, layout, [FormRef(i) for i in ids])
            )
    print(f"xlsx, xls: {len(sources)} workbooks each")
    return entries


def replace_entries(index_path: Path, kinds: tuple[str, ...], entries: list[FileEntry]) -> None:
    """Replace the entries of `kinds` in the shared index, keep the others in their order."""
    index: list[dict[str, Any]] = json.loads(index_path.read_text(encoding="utf-8"))
    kept = [e for e in index if e.get("kind") not in kinds]
    new = [e.as_json() for e in sorted(entries, key=lambda e: (kinds.index(e.kind), e.path))]
    index_path.write_text(json.dumps(kept + new, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    replace_entries(FILES_DIR / "index.json", KINDS, build(FILES_DIR, load_truths()))


if __name__ == "__main__":
    main()
