from extract.ocr.junk import drop_seal_junk
from extract.ruling import TableCell, TextPiece


def _cell(*pieces: TextPiece) -> TableCell:
    cell = TableCell(0, 0, 1, 1, (0.0, 0.0, 300.0, 100.0))
    cell.pieces = list(pieces)
    return cell


def _in_seal(box: tuple[float, float, float, float]) -> bool:
    return box[0] >= 100


def test_a_stray_character_beside_a_value_under_a_seal_goes() -> None:
    cell = _cell(TextPiece("42.12", 10, 10, 90, 30, 1.0), TextPiece("京", 150, 12, 170, 30, 0.99))
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["42.12"]


def test_an_unsure_mark_alone_under_a_seal_goes_but_a_symbol_stays() -> None:
    junk = _cell(TextPiece("女", 120, 10, 140, 30, 0.36))
    drop_seal_junk(junk, _in_seal)
    assert junk.pieces == []
    symbol = _cell(TextPiece("≤", 120, 10, 140, 30, 0.3))
    drop_seal_junk(symbol, _in_seal)
    assert [p.text for p in symbol.pieces] == ["≤"]


def test_nothing_goes_outside_a_seal_or_when_long_or_sure() -> None:
    pieces = (
        TextPiece("10", 10, 10, 40, 30, 0.2),
        TextPiece("万元", 60, 10, 90, 30, 0.3),
        TextPiece("项目总结报告", 120, 40, 250, 60, 0.5),
        TextPiece("份", 120, 70, 140, 90, 0.95),
    )
    cell = _cell(*pieces)
    drop_seal_junk(cell, _in_seal)
    assert cell.pieces == list(pieces)


def test_a_grade_before_a_bracketed_remark_under_a_seal_stays_joined_to_it() -> None:
    # excel-20 #20 and bundle-36-45 #45 as read: 优 / 好 split from its remark by the bracket's blank
    cell = _cell(
        TextPiece("优", 109, 53, 121, 68, 0.885),
        TextPiece("(加强了对运维外包服务过程的监", 133, 53, 350, 68, 0.9911),
        TextPiece("督和考核工作)", 110, 76, 204, 91, 0.9615),
    )
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["优(加强了对运维外包服务过程的监", "督和考核工作)"]
    assert cell.pieces[0].confidence == 0.885
    assert (cell.pieces[0].x0, cell.pieces[0].x1) == (109, 350)


def test_a_stray_character_far_before_a_bracket_still_goes() -> None:
    cell = _cell(TextPiece("京", 110, 12, 128, 30, 0.99), TextPiece("(备注说明)", 180, 10, 290, 30, 1.0))
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["(备注说明)"]


def test_an_unsure_line_of_letters_above_a_header_under_a_seal_goes() -> None:
    # photo-word-01 as read: a seal's ring above 全年执行数 read as a line of Latin letters
    cell = _cell(
        TextPiece("AIX", 120, 10, 160, 30, 0.5476), TextPiece("全年执行数", 110, 40, 220, 60, 0.9998)
    )
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["全年执行数"]
    # sure, or holding a digit, or the cell's only line: print
    for kept in (TextPiece("Mbps", 120, 10, 160, 30, 0.9), TextPiece("AI2", 120, 10, 160, 30, 0.5)):
        cell = _cell(kept, TextPiece("全年执行数", 110, 40, 220, 60, 0.9998))
        drop_seal_junk(cell, _in_seal)
        assert len(cell.pieces) == 2
    alone = _cell(TextPiece("AIX", 120, 10, 160, 30, 0.5))
    drop_seal_junk(alone, _in_seal)
    assert len(alone.pieces) == 1


def test_a_ring_arc_read_as_a_lone_one_above_a_sure_value_goes() -> None:
    # scans-3-forms.tif #12 as read: the grey seal's ring arcs through the score cells
    cell = _cell(TextPiece("1", 130, 10, 136, 30, 0.7498), TextPiece("20", 120, 40, 150, 60, 0.9996))
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["20"]
    # beside an unsure line, or itself sure, a lone character stays
    for pieces in (
        (TextPiece("1", 130, 10, 136, 30, 0.7498), TextPiece("20", 120, 40, 150, 60, 0.9)),
        (TextPiece("1", 130, 10, 136, 30, 0.95), TextPiece("20", 120, 40, 150, 60, 0.9996)),
    ):
        cell = _cell(*pieces)
        drop_seal_junk(cell, _in_seal)
        assert len(cell.pieces) == 2


def test_an_unsure_mark_beside_a_sure_value_as_short_under_a_seal_goes() -> None:
    # photo-word-37 as read: "2" and, under the seal beside it, a "P" at 0.19
    cell = _cell(TextPiece("2", 10, 10, 20, 30, 1.0), TextPiece("P", 120, 10, 170, 30, 0.1885))
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["2"]
    cell = _cell(TextPiece("2", 10, 10, 20, 30, 1.0), TextPiece("个", 120, 10, 140, 30, 0.9))
    drop_seal_junk(cell, _in_seal)
    assert [p.text for p in cell.pieces] == ["2", "个"]  # read fairly surely: print
