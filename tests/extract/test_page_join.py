"""A table continued on the next page is one grid; a row broken across the page is one row."""

from __future__ import annotations

from extract.page_join import join_parts
from extract.ruling import Table, TableCell, TextPiece

XS = [0.0, 40.0, 120.0, 160.0, 200.0]


def part(rows: list[list[str]], top: float = 0.0) -> Table:
    """A one-line-per-row table; each text becomes one piece in its cell."""
    ys = [top + 20 * i for i in range(len(rows) + 1)]
    cells = []
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            box = (XS[c], ys[r], XS[c + 1], ys[r + 1])
            pieces = (
                [TextPiece(text, box[0] + 1, box[1] + 2, box[0] + 1 + 5 * len(text), box[1] + 12)]
                if text
                else []
            )
            cells.append(TableCell(r, c, 1, 1, box, pieces))
    table = Table(XS, ys, cells)
    table.build_index()
    return table


PAGE1 = [
    ["一级指标", "三级指标", "分值", "得分"],
    ["产出指标", "报告", "10", "10"],
    ["效益指标", "提升综合分析辅助治理", "30", "30"],
]


def texts(grid) -> list[list[str]]:  # type: ignore[no-untyped-def]
    rows: list[list[str]] = [[] for _ in range(grid.n_rows)]
    for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows[c.row].append(c.text)
    return rows


def test_row_broken_across_pages_is_rejoined() -> None:
    page2 = part([["", "决策的智慧能力", "", ""], ["满意度指标", "用户满意度", "10", "10"]], top=30)
    grid = join_parts([(1, part(PAGE1, top=500)), (2, page2)])
    assert grid.n_rows == 4
    assert texts(grid)[2] == ["效益指标", "提升综合分析辅助治理\n决策的智慧能力", "30", "30"]
    assert texts(grid)[3] == ["满意度指标", "用户满意度", "10", "10"]


def test_a_real_row_at_the_top_of_the_next_page_stays_a_row() -> None:
    page2 = part([["满意度指标", "用户满意度", "10", "10"]], top=30)
    grid = join_parts([(1, part(PAGE1, top=500)), (2, page2)])
    assert grid.n_rows == 4
    assert texts(grid)[3] == ["满意度指标", "用户满意度", "10", "10"]
    assert {c.page for c in grid.cells if c.row == 3} == {2}


def test_a_real_row_missing_a_text_cell_stays_a_row() -> None:
    """Text only where the row above has text is not enough: it carries its own numbers."""
    page2 = part([["", "用户满意度", "10", "10"]], top=30)
    grid = join_parts([(1, part(PAGE1, top=500)), (2, page2)])
    assert grid.n_rows == 4
