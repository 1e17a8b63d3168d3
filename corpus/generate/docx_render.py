"""FormTable -> Word document, with real merged cells (gridSpan / vMerge) as Word makes them."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .grid import FormTable
from .layouts import Layout

A4_SHORT_CM = 21.0
A4_LONG_CM = 29.7


def _set_run_font(run: Run, font: str, size_pt: float, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    # Word picks the East Asian font from w:eastAsia, not from w:ascii that font.name sets.
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), font)


def _tight(paragraph: Paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _write(paragraph: Paragraph, text: str, lay: Layout, size_pt: float, bold: bool = False) -> None:
    """Text with explicit line breaks (w:br) where the form breaks a label by hand."""
    for i, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        _set_run_font(run, lay.font, size_pt, bold)
        if i < len(text.split("\n")) - 1:
            run.add_break()


def new_document() -> DocxDocument:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    return doc


def _page_setup(section: Section, lay: Layout) -> None:
    long_, short = Cm(A4_LONG_CM), Cm(A4_SHORT_CM)
    section.orientation = WD_ORIENT.LANDSCAPE if lay.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long_, short) if lay.landscape else (short, long_)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(lay.margin_cm))


def _fill_cell(cell: _Cell, text: str, lay: Layout, bold: bool, align: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = text.split("\n") if align == "left" and "\n" in text else [text]
    # Left-aligned multi-line cells (the notes row) get one paragraph per line, as typed;
    # short labels keep their hand-made breaks inside one paragraph.
    for i, line in enumerate(lines):
        para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        _tight(para)
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT if align == "left" else WD_ALIGN_PARAGRAPH.CENTER
        _write(para, line, lay, lay.font_size_pt, bold)


def add_form(doc: DocxDocument, table: FormTable, first: bool) -> None:
    """Append one form; every form after the first starts a new section (and so a new page),
    which lets forms of different orientation share one bundle document."""
    lay = table.layout
    if first:
        section = doc.sections[0]
        title_para = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    else:
        section = doc.add_section(WD_SECTION.NEW_PAGE)
        title_para = doc.add_paragraph()
    _page_setup(section, lay)

    for i, line in enumerate(table.title_lines):
        para = title_para if i == 0 else doc.add_paragraph()
        _tight(para)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _write(para, line, lay, lay.title_size_pt, bold=True)
    gap = doc.add_paragraph()
    _tight(gap)
    for line in table.lines_above:
        para = doc.add_paragraph()
        _tight(para)
        _write(para, line, lay, lay.font_size_pt)

    grid = doc.add_table(rows=table.n_rows, cols=lay.n_cols)
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    widths = [Cm(w) for w in lay.col_widths_cm]
    for col, width in zip(grid.columns, widths, strict=True):
        col.width = width
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width

    for spec in table.cells:
        cell = grid.cell(spec.row, spec.col)
        if spec.rowspan > 1 or spec.colspan > 1:
            # python-docx writes gridSpan for the columns and vMerge restart/continue for rows.
            cell = cell.merge(grid.cell(spec.row + spec.rowspan - 1, spec.col + spec.colspan - 1))
            cell.width = sum(widths[spec.col : spec.col + spec.colspan], Cm(0))
        _fill_cell(cell, spec.text, lay, spec.bold, spec.align)

    # Empty cells still need the form's font size, or their rows grow to the default 11pt.
    for row in grid.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                _tight(para)
                if not para.runs:
                    para.paragraph_format.line_spacing = Pt(lay.font_size_pt * 1.2)

    for note in table.notes_outside:
        para = doc.add_paragraph()
        _tight(para)
        _write(para, note, lay, lay.notes_size_pt)


def render_docx(tables: list[FormTable]) -> DocxDocument:
    doc = new_document()
    for i, table in enumerate(tables):
        add_form(doc, table, first=i == 0)
    return doc


_FIXED_TIME = datetime(2025, 3, 1, 9, 0, 0)


def save_docx(doc: DocxDocument, path: Path) -> None:
    """Save with fixed metadata and zip timestamps, so regenerating gives identical bytes."""
    props = doc.core_properties
    props.author = "朝阳区数据局"
    props.last_modified_by = "朝阳区数据局"
    props.title = "项目支出绩效自评表"
    props.created = props.modified = _FIXED_TIME
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())
