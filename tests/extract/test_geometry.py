"""Table geometry in the unit of each page, and wraps inside narrow cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extract.assemble import assemble
from extract.geometry import TableGeometry
from extract.page import PageContent
from extract.ruling import Segment, TextPiece, cell_text, find_tables


def test_tolerances_scale_from_points_to_pixels_and_back() -> None:
    g = TableGeometry()
    px = g.at(150)
    assert (px.join, px.column, px.wrap_pad, px.dpi) == (3.0 * 150 / 72, 3.0 * 150 / 72, 3.0 * 150 / 72, 150)
    assert px.at(None) == g
    assert g.at(None) is g


@given(st.integers(min_value=50, max_value=600), st.integers(min_value=50, max_value=600))
def test_scaling_composes(a: int, b: int) -> None:
    g = TableGeometry()
    direct, via = g.at(b), g.at(a).at(b)
    assert abs(direct.join - via.join) < 1e-9 and direct.dpi == via.dpi


def _glyphs(text: str, x0: float, top: float, size: float = 10.0) -> list[TextPiece]:
    return [
        TextPiece(ch, x0 + i * size * 0.55, top, x0 + (i + 1) * size * 0.55, top + size)
        for i, ch in enumerate(text)
    ]


def test_a_number_wrapped_at_the_cell_edge_is_one_number() -> None:
    box = (100.0, 0.0, 144.0, 30.0)  # 7 digits fill the cell's 38.5 pt of text width
    pieces = _glyphs("1108140", 102.0, 2.0) + _glyphs("0", 102.0, 14.0)
    assert cell_text(pieces, box, pad=3.0) == "11081400"


def test_a_short_line_ends_with_a_real_line_break() -> None:
    box = (100.0, 0.0, 200.0, 30.0)  # room left: the writer broke the line on purpose
    pieces = _glyphs("12", 102.0, 2.0) + _glyphs("34", 102.0, 14.0)
    assert cell_text(pieces, box, pad=3.0) == "12\n34"


def test_words_wrapped_keep_their_break() -> None:
    box = (100.0, 0.0, 144.0, 30.0)
    pieces = _glyphs("完成合同约定", 102.0, 2.0) + _glyphs("内容", 102.0, 14.0)
    assert cell_text(pieces, box, pad=3.0) == "完成合同约定\n内容"


def _table_page(number: int, x0: float, x1: float, top: float, dpi: int | None) -> PageContent:
    segments = [Segment(x0, top, x1, top), Segment(x0, top + 20, x1, top + 20)]
    segments += [Segment(x0, top, x0, top + 20), Segment(x1, top, x1, top + 20)]
    return PageContent(number=number, tables=find_tables(segments), dpi=dpi)


def test_a_text_table_never_continues_onto_a_scanned_page() -> None:
    same_numbers = [_table_page(1, 50, 500, 700, None), _table_page(2, 50, 500, 40, 150)]
    assert len(assemble(same_numbers)) == 2
    text_only = [_table_page(1, 50, 500, 700, None), _table_page(2, 51, 501, 40, None)]
    assert len(assemble(text_only)) == 1
    scans = [_table_page(1, 100, 1000, 1500, 150), _table_page(2, 105, 1005, 80, 150)]  # 5 px < 6.25 px
    assert len(assemble(scans)) == 1
