"""A table continued on the next scanned page: lined up for the join, then given back its own
coordinates, confidences and dpi."""

from extract.assemble import assemble
from extract.ocr.document import align_continuations, finish
from extract.page import PageContent
from extract.ruling import Table, TableCell, TextPiece


def _table(x0: float, top: float, rows: int, texts: list[str], confidence: float) -> Table:
    xs = [x0, x0 + 300, x0 + 600]
    ys = [top + 40 * i for i in range(rows + 1)]
    cells = []
    for i in range(rows):
        for j in range(2):
            c = TableCell(i, j, 1, 1, (xs[j], ys[i], xs[j + 1], ys[i + 1]))
            c.pieces = [TextPiece(texts[2 * i + j], xs[j] + 5, ys[i] + 5, xs[j] + 60, ys[i] + 30, confidence)]
            cells.append(c)
    t = Table(xs, ys, cells)
    t.build_index()
    return t


def test_a_continuation_shifted_on_the_scanner_is_joined_and_keeps_its_own_boxes() -> None:
    first = PageContent(1, [_table(100, 1500, 2, ["项目名称", "甲", "分值", "10"], 0.99)])
    second = PageContent(2, [_table(112, 100, 2, ["得分", "9", "总分", "100"], 0.6)])
    shifts = align_continuations([first, second], {1, 2})
    assert [(s.page, s.dx) for s in shifts] == [(2, -12)]
    blocks = assemble([first, second])
    (grid,) = blocks
    finish(blocks, [first, second], {1, 2}, 150, shifts)
    assert grid.n_rows == 4 and grid.n_cols == 2 and grid.dpi == 150
    on_two = [c for c in grid.cells if c.page == 2]
    assert {c.box[0] for c in on_two} == {112, 412}  # the page's own pixels again
    assert {c.confidence for c in on_two} == {0.6}
    assert {c.confidence for c in grid.cells if c.page == 1} == {0.99}


def test_tables_of_different_widths_are_not_moved() -> None:
    first = PageContent(1, [_table(100, 1500, 1, ["a", "b"], 1.0)])
    other = _table(112, 100, 1, ["c", "d"], 1.0)
    other.xs[-1] += 80
    second = PageContent(2, [other])
    assert align_continuations([first, second], {1, 2}) == []
