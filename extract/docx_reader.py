"""Word (.docx) files to a Document of text blocks and cell grids.

python-docx's `row.cells` repeats a merged cell at every grid position it covers, so merges are
resolved here from the `w:tc` elements themselves: `w:gridSpan` widens a cell, `w:vMerge`
without `restart` continues the cell above, `w:gridBefore` skips leading grid columns.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx.oxml.parser import parse_xml
from lxml import etree

from model import Cell, Document, Grid, TextBlock

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _TBL, _TR, _TC, _SDT = (f"{{{W}}}{t}" for t in ("p", "tbl", "tr", "tc", "sdt"))
_T, _TAB, _BR, _CR = (f"{{{W}}}{t}" for t in ("t", "tab", "br", "cr"))
_VAL = f"{{{W}}}val"
_TABS = f"{{{W}}}tabs"


_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"


def _main_part(z: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (word/document.xml as a rule)."""
    try:
        rels = parse_xml(z.read("_rels/.rels"))
    except KeyError:
        return "word/document.xml"
    for rel in rels.iter(f"{{{_RELS}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT:
            return rel.get("Target", "word/document.xml").lstrip("/")
    return "word/document.xml"


def read_docx(path: Path) -> Document:
    # Only the main document part is parsed, with python-docx's parser (entities never resolved);
    # loading the whole package (styles, numbering, settings) would triple the time per file.
    with zipfile.ZipFile(path) as z:
        root = parse_xml(z.read(_main_part(z)))
    body = root.find(f"{{{W}}}body")
    return Document(method="docx", pages=None, blocks=list(_blocks(body if body is not None else root)))


def _blocks(parent: etree._Element) -> Iterator[TextBlock | Grid]:
    for child in parent:
        if child.tag == _P:
            text = _paragraph_text(child)
            if text.strip():
                yield TextBlock(text=text)
        elif child.tag == _TBL:
            yield _grid(child)
        elif child.tag == _SDT:
            content = child.find(f"{{{W}}}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _TAB and node.getparent().tag == _TABS:
            continue  # a tab stop of the paragraph's properties, not a tab in its text
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(tc: etree._Element) -> str:
    # Nested tables are flattened into the cell's text: their content still belongs to this cell.
    return "\n".join(t for p in tc.iter(_P) if (t := _paragraph_text(p)))


def _int_prop(props: etree._Element | None, name: str, default: int) -> int:
    if props is None:
        return default
    node = props.find(f"{{{W}}}{name}")
    if node is None:
        return default
    try:
        return max(int(node.get(_VAL, default)), 0)
    except ValueError:
        return default


def _grid(tbl: etree._Element) -> Grid:
    grid_cols = tbl.find(f"{{{W}}}tblGrid")
    n_cols = len(grid_cols) if grid_cols is not None else 0
    cells: list[Cell] = []
    # open_cells[col] = the cell whose vertical merge may continue into the next row at that column
    open_cells: dict[int, Cell] = {}
    rows = [tr for tr in tbl if tr.tag == _TR]
    for r, tr in enumerate(rows):
        col = _int_prop(tr.find(f"{{{W}}}trPr"), "gridBefore", 0)
        next_open: dict[int, Cell] = {}
        for tc in (e for e in tr if e.tag in (_TC, _SDT)):
            if tc.tag == _SDT:
                inner = tc.find(f".//{_TC}")
                if inner is None:
                    continue
                tc = inner
            props = tc.find(f"{{{W}}}tcPr")
            span = max(_int_prop(props, "gridSpan", 1), 1)
            vmerge = props.find(f"{{{W}}}vMerge") if props is not None else None
            above = open_cells.get(col)
            if vmerge is not None and vmerge.get(_VAL, "continue") != "restart" and above is not None:
                above.rowspan = r - above.row + 1
                next_open[col] = above
            else:
                cell = Cell(row=r, col=col, colspan=span, text=_cell_text(tc))
                cells.append(cell)
                if vmerge is not None:
                    next_open[col] = cell
            col += span
        n_cols = max(n_cols, col)
        open_cells = next_open
    return Grid(n_rows=len(rows), n_cols=n_cols, cells=cells)
