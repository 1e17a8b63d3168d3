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
