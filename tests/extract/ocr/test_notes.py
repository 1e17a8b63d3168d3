from extract.ocr.notes import NotesState, continues_in, is_heading
from extract.ruling import Table, TableCell


def _table() -> Table:
    cells = [TableCell(0, 0, 1, 3, (0, 0, 300, 100)), TableCell(1, 0, 1, 1, (0, 100, 100, 140))]
    return Table([0.0, 100.0, 200.0, 300.0], [0.0, 100.0, 140.0], cells)


def test_the_notes_heading() -> None:
    assert is_heading("填报注意事项：") and is_heading("填表说明")
    assert not is_heading("偏差原因分析及改进措施")


def test_a_full_width_first_row_after_a_page_ending_in_notes_continues_them() -> None:
    t = _table()
    wide, narrow = t.cells
    assert continues_in(wide, t, True, NotesState(open=True))
    assert not continues_in(wide, t, True, NotesState(open=False))
    assert not continues_in(wide, t, False, NotesState(open=True))  # not the page's first table
    assert not continues_in(narrow, t, True, NotesState(open=True))
