"""Ruling lines to cells: spans come from missing segments, text from piece positions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.ruling import Segment, TextPiece, assign_pieces, cell_text, find_tables, merge_segments


def box_grid(
    xs: list[float],
    ys: list[float],
    skip_v: set[tuple[int, int]] = frozenset(),
    skip_h: set[tuple[int, int]] = frozenset(),
) -> list[Segment]:  # type: ignore[assignment]
    """Full ruling of a grid, drawn cell edge by cell edge, minus the listed inner edges:
    skip_v (row, boundary) removes the vertical edge at xs[boundary] in that row, skip_h
    (boundary, col) the horizontal edge at ys[boundary] in that column."""
    segs = []
    for i in range(len(ys) - 1):
        for k, x in enumerate(xs):
            if (i, k) not in skip_v:
                segs.append(Segment(x, ys[i], x, ys[i + 1]))
    for k, y in enumerate(ys):
        for j in range(len(xs) - 1):
            if (k, j) not in skip_h:
                segs.append(Segment(xs[j], y, xs[j + 1], y))
    return segs


def test_plain_grid() -> None:
    [table] = find_tables(box_grid([0, 50, 100, 150], [0, 20, 40]))
    assert [(c.row, c.col, c.rowspan, c.colspan) for c in table.cells] == [
        (0, 0, 1, 1),
        (0, 1, 1, 1),
        (0, 2, 1, 1),
        (1, 0, 1, 1),
        (1, 1, 1, 1),
        (1, 2, 1, 1),
    ]


def test_horizontal_and_vertical_merges() -> None:
    # row 0: columns 1-2 merged (no vertical edge at xs[2] in row 0);
    # column 0: rows 0-2 merged (no horizontal edges at ys[1], ys[2] in column 0)
    segs = box_grid([0, 50, 100, 150], [0, 20, 40, 60], skip_v={(0, 2)}, skip_h={(1, 0), (2, 0)})
    [table] = find_tables(segs)
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(0, 0)] == (3, 1)
    assert spans[(0, 1)] == (1, 2)
    assert (1, 0) not in spans and (0, 2) not in spans
    assert len(table.cells) == 1 + 1 + 4


def test_two_tables_on_a_page() -> None:
    segs = box_grid([0, 100], [0, 20]) + box_grid([0, 100], [200, 220, 240])
    tables = find_tables(segs)
    assert [len(t.cells) for t in tables] == [1, 2]
    assert tables[0].ys[0] < tables[1].ys[0]


def test_thin_double_lines_collapse() -> None:
    """Exporters draw a border as a thin rectangle: its two edges are one ruling line."""
    segs = [
        Segment(0, 0, 100, 0),
        Segment(0, 0.6, 100, 0.6),
        Segment(0, 20, 100, 20),
        Segment(0, 0, 0, 20),
        Segment(100, 0, 100, 20),
    ]
    [table] = find_tables(segs)
    assert len(table.ys) == 2


def test_wrapped_cell_text_is_one_cell() -> None:
    [table] = find_tables(box_grid([0, 60], [0, 40]))
    pieces = [TextPiece(ch, 2 + 10 * i, 2, 12 + 10 * i, 12) for i, ch in enumerate("偏差原因")]
    pieces += [TextPiece(ch, 2 + 10 * i, 16, 12 + 10 * i, 26) for i, ch in enumerate("分析")]
    outside = assign_pieces(table, [*pieces, TextPiece("x", 500, 500, 505, 510)])
    assert [p.text for p in outside] == ["x"]
    assert cell_text(table.cells[0].pieces) == "偏差原因\n分析"


@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=30))
def test_merge_segments_never_loses_coverage(starts: list[float]) -> None:
    segs = [Segment(s, 10, s + 5, 10) for s in starts]
    merged = merge_segments(segs, tol=1.0)
    for s in segs:
        assert any(m.x0 <= s.x0 + 1e-9 and m.x1 >= s.x1 - 1e-9 for m in merged)
