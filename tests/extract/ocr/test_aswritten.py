from collections.abc import Callable

from extract.ocr.aswritten import NATURE_SYMBOLS, correct_cell, corrected
from extract.ocr.lexicon import is_label, label_candidates, snap_label
from extract.ruling import TableCell, TextPiece, cell_text


def test_misread_headers_snap_to_their_label() -> None:
    assert snap_label("续效指\n标性质") == "绩效指标性质"
    assert snap_label("年度指林标值") == "年度指标值"
    assert snap_label("项日名称") == "项目名称"
    assert snap_label("实际完成值 0") == "实际完成值"


def test_values_and_true_labels_are_left_alone() -> None:
    assert snap_label("时效指标") is None  # an indicator level, one character from 绩效指标
    assert snap_label("实际完成值") is None and is_label("实际完成值")
    assert snap_label("北京市朝阳区数据局") is None
    assert snap_label("分值") is None  # too short to guess


def test_a_header_as_close_to_two_labels_is_a_question_for_the_image() -> None:
    assert sorted(label_candidates("执行青")) == ["执行数", "执行率"]
    assert snap_label("执行青") is None


def test_whole_cell_corrections() -> None:
    assert corrected("一") == "—" and corrected("二") == "=" and corrected("三") == "="
    assert corrected("113,4") == "113.4" and corrected("99,98%") == "99.98%"
    assert corrected("1,134") is None  # a thousands separator
    assert corrected("1\n得分") == "得分"  # a stray mark above a header
    assert corrected("一级指标") is None


def test_a_narrow_header_read_as_its_label_keeps_every_line() -> None:
    # every line of a narrow header is short: none of them is a stray mark (scan/word-V01.pdf
    # lost （万 and read 项目资金元）, the funds in 元)
    assert corrected("项目\n资金\n(万\n元)") is None
    cell = _cell("项目", "资金", "(万", "元)")
    correct_cell(cell)
    assert cell_text(cell.pieces) == "项目\n资金\n(万\n元)"


def _cell(*texts: str) -> TableCell:
    cell = TableCell(0, 0, 1, 1, (0.0, 0.0, 100.0, 100.0))
    cell.pieces = [TextPiece(t, 10, 10 + 30 * k, 80, 30 + 30 * k, 0.7) for k, t in enumerate(texts)]
    return cell


def test_a_corrected_cell_keeps_its_box_and_weakest_confidence() -> None:
    cell = _cell("年度指", "林标值")
    correct_cell(cell)
    (p,) = cell.pieces
    assert (p.text, p.x0, p.top, p.bottom, p.confidence) == ("年度指标值", 10, 10, 60, 0.7)


def test_a_lone_nature_symbol_is_read_again_as_a_choice() -> None:
    asked: list[list[str]] = []

    def choose(piece: TextPiece, texts: list[str]) -> dict[str, float]:
        asked.append(texts)
        return {"≥": 0.01, "≤": 0.9, "=": 0.01, ">": 0.01, "<": 0.07}

    cell = _cell("≥")
    correct_cell(cell, choose)
    assert asked == [NATURE_SYMBOLS]
    # its confidence is that of its scoring rule: ≤ or <
    assert cell.pieces[0].text == "≤" and cell.pieces[0].confidence == 0.97


def test_a_thousands_comma_read_unsure_is_asked_again_as_a_decimal_point() -> None:
    asked: list[list[str]] = []

    def choose(answer: str) -> Callable[[TextPiece, list[str]], dict[str, float]]:
        def odds(piece: TextPiece, texts: list[str]) -> dict[str, float]:
            asked.append(texts)
            return {t: 0.9 if t == answer else 0.1 for t in texts}

        return odds

    cell = _cell("160,329")  # photo-excel-12 as read, 0.93
    correct_cell(cell, choose("160.329"))
    assert asked == [["160,329", "160.329"]] and cell.pieces[0].text == "160.329"
    cell = _cell("1,134")
    correct_cell(cell, choose("1,134"))  # the image says comma: a thousands separator
    assert cell.pieces[0].text == "1,134"
    asked.clear()
    sure = _cell("1,134")
    sure.pieces = [sure.pieces[0]._replace(confidence=0.999)]
    correct_cell(sure, choose("1.134"))
    assert asked == [] and sure.pieces[0].text == "1,134"  # read surely: not asked
