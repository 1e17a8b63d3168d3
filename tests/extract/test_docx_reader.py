"""The DOCX reader resolves gridSpan / vMerge into one cell per merged area."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from extract.docx_reader import read_docx
from model import Grid, TextBlock


@pytest.fixture
def merged_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("项目支出绩效自评表")
    d.add_paragraph("(2024年度)")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(2, 0)).text = "绩效指标"
    t.cell(0, 1).merge(t.cell(0, 3)).text = "一级指标"
    t.cell(1, 1).text = "产出指标"
    t.cell(1, 2).merge(t.cell(2, 3)).text = "两行两列"
    t.cell(3, 0).text = "总分"
    d.add_paragraph("填报注意事项：")
    path = tmp_path / "merged.docx"
    d.save(str(path))
    return path


def test_blocks_in_body_order(merged_docx: Path) -> None:
    doc = read_docx(merged_docx)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["text", "text", "grid", "text"]
    assert isinstance(doc.blocks[0], TextBlock) and doc.blocks[0].text == "项目支出绩效自评表"
    assert doc.method == "docx" and doc.pages is None


def test_merges_become_spans(merged_docx: Path) -> None:
    grid = read_docx(merged_docx).blocks[2]
    assert isinstance(grid, Grid)
    cells = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in grid.cells}
    assert cells[(0, 0)] == (3, 1, "绩效指标")
    assert cells[(0, 1)] == (1, 3, "一级指标")
    assert cells[(1, 2)] == (2, 2, "两行两列")
    assert cells[(2, 1)] == (1, 1, "")
    # no cell is reported twice, whatever python-docx's row.cells would repeat
    assert len(grid.cells) == 1 + 1 + 1 + 1 + 1 + 4
    assert (grid.n_rows, grid.n_cols) == (4, 4)


def test_tab_stops_are_not_tabs(tmp_path: Path) -> None:
    """A paragraph's tab-stop definitions (w:pPr/w:tabs/w:tab, as LibreOffice writes them into
    every cell of a converted RTF) add nothing to its text; a tab in its runs is a space."""
    d = docx.Document()
    cell = d.add_table(rows=1, cols=1).cell(0, 0)
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(2))
    paragraph.add_run("项目名称")
    stop = d.add_paragraph()
    stop.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(3))
    stop.add_run("指标1").add_tab()
    stop.add_run("存储")
    path = tmp_path / "tabs.docx"
    d.save(str(path))
    blocks = read_docx(path).blocks
    assert isinstance(blocks[0], Grid) and blocks[0].cells[0].text == "项目名称"
    assert isinstance(blocks[1], TextBlock) and blocks[1].text == "指标1 存储"
