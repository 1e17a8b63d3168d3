"""Findings checked against how their cells were read: none rests on a cell OCR could not read,
each carries its cells' lowest confidence, and an unsure one is a review prompt, not an error."""

from __future__ import annotations

from decimal import Decimal

from model import Provenance
from score.scorer import score_form
from score.vetting import cells_of, vet
from tests.score.factory import clean_form

D = Decimal


def _scanned(form, **cells):  # type: ignore[no-untyped-def]
    """Provenance for every indicator's weight and score and the total, as a scan gives it;
    `cells` overrides entries by (field, seq) with dicts of Provenance fields."""
    entries = []
    keys = [("total_score_declared", None), ("execution_score_declared", None)]
    keys += [(f, i.seq) for i in form.indicators for f in ("weight", "score_declared", "actual_text")]
    for field, seq in keys:
        spec = {"page": 2, "box": (10, 20, 30, 40), "confidence": 0.99} | cells.get(f"{field}:{seq}", {})
        entries.append(Provenance(field=field, seq=seq, **spec))
    return form.model_copy(update={"provenance": entries, "method": "pdf-ocr", "dpi": 150})


def test_a_score_ocr_could_not_read_is_no_missing_field_and_no_total_mismatch() -> None:
    form = clean_form()
    seq = form.indicators[1].seq
    blanked = [i.model_copy(update={"score_declared": None}) if i.seq == seq else i for i in form.indicators]
    form = _scanned(
        form.model_copy(update={"indicators": blanked}), **{f"score_declared:{seq}": {"unread": True}}
    )
    scored = score_form(form)
    before = {(a.code, a.seq) for a in scored.anomalies}
    assert ("MISSING_FIELD", seq) in before  # what the rules see: an empty score
    vetted = vet(scored, 0.9)
    after = {(a.code, a.seq): a for a in vetted.anomalies}
    assert ("MISSING_FIELD", seq) not in after
    assert not any(code == "TOTAL_SCORE_MISMATCH" for code, _ in after)
    unread = after[("CELL_UNREAD", seq)]
    assert (unread.severity, unread.field, unread.page) == ("warning", "score_declared", 2)
    assert (
        "第2页" in unread.message and "“得分（填报）”" in unread.message and "10,20–30,40" in unread.message
    )
    assert vetted.n_errors == sum(a.severity == "error" for a in vetted.anomalies)


def test_an_unsure_cell_turns_an_error_into_a_review_prompt() -> None:
    form = clean_form()
    seq = form.indicators[0].seq
    wrong = [i.model_copy(update={"score_declared": D(5)}) if i.seq == seq else i for i in form.indicators]
    base = form.model_copy(update={"indicators": wrong, "total_score_declared": D(95)})
    sure = vet(score_form(_scanned(base)), 0.9)
    unsure = vet(score_form(_scanned(base, **{f"score_declared:{seq}": {"confidence": 0.61}})), 0.9)
    mismatch = next(a for a in sure.anomalies if a.code == "SCORE_MISMATCH")
    assert (mismatch.severity, mismatch.confidence) == ("error", 0.99)
    review = next(a for a in unsure.anomalies if a.code == "SCORE_MISMATCH")
    assert (review.severity, review.confidence) == ("warning", 0.61)
    assert review.message.startswith("【待核实】") and "0.61" in review.message
    lenient = vet(score_form(_scanned(base, **{f"score_declared:{seq}": {"confidence": 0.61}})), 0.5)
    kept = next(a for a in lenient.anomalies if a.code == "SCORE_MISMATCH")
    assert (kept.severity, kept.confidence) == ("error", 0.61)  # --min-confidence 0.5 trusts it


def test_text_forms_are_untouched() -> None:
    form = clean_form(total_score_declared=D(90))
    scored = score_form(form)
    assert vet(scored, 0.9).anomalies == scored.anomalies
    assert all(a.confidence is None for a in scored.anomalies)


def test_cells_a_finding_rests_on() -> None:
    form = clean_form()
    total = next(a for a in score_form(form.model_copy(update={"total_score_declared": D(1)})).anomalies)
    assert total.code == "TOTAL_SCORE_MISMATCH"
    cells = cells_of(total, form)
    assert ("total_score_declared", None) in cells and ("execution_score_declared", None) in cells
    assert {("score_declared", i.seq) for i in form.indicators} <= set(cells)


def test_a_total_one_digit_off_the_sum_of_scanned_cells_is_a_review_prompt() -> None:
    """738.62892 read as 735.62892 under a seal, surely: a total 3 (or 30, 0.03) off the sum of
    OCR-read cells is what one misread digit gives, so it is asked about, not charged."""
    off_by_digit = vet(score_form(_scanned(clean_form(total_score_declared=D(97)))), 0.9)
    [review] = [a for a in off_by_digit.anomalies if a.code == "TOTAL_SCORE_MISMATCH"]
    assert (review.severity, review.declared, review.expected) == ("warning", "97", "100")
    assert review.message.startswith("【待核实】") and "相差 3" in review.message
    off_by_two = vet(score_form(_scanned(clean_form(total_score_declared=D(88)))), 0.9)
    [error] = [a for a in off_by_two.anomalies if a.code == "TOTAL_SCORE_MISMATCH"]
    assert error.severity == "error"  # 12 apart: no single digit explains it
    text = score_form(clean_form(total_score_declared=D(97)))
    assert vet(text, 0.9).anomalies == text.anomalies  # a text layer is read as written


def test_one_digit_apart() -> None:
    from score.vetting import one_digit_apart

    assert one_digit_apart("738.62892", "735.62892") == D(3)
    assert one_digit_apart("100", "99.97") == D("0.03")
    assert one_digit_apart("1000", "700") == D(300)
    assert one_digit_apart("100", "88") is None
    assert one_digit_apart("100", "100") is None
    assert one_digit_apart("", "1") is None


def test_a_scanned_forms_funds_read_without_their_unit_are_taken_as_wan_yuan_and_said_so() -> None:
    """scan/word-V01.pdf once lost the （万元） of a narrow header: the amounts were read, the unit
    not. The unit is then likelier misread than unwritten: a reading warning, and no finding that
    rests on the unit (FUNDS_UNIT_SUSPECT would say it was written 万元)."""
    indicators = [
        i.model_copy(update={"unit": "万元", "target_value": D("0.01"), "actual_value": D("0.01")})
        if k == 0
        else i
        for k, i in enumerate(clean_form().indicators)
    ]
    form = clean_form(indicators=indicators)  # funds 100, a money indicator 0.01: 10,000 apart
    read = vet(score_form(_scanned(form.model_copy(update={"funds_unit_raw": "万元"}))), 0.9)
    assert "FUNDS_UNIT_SUSPECT" in {a.code for a in read.anomalies}
    assert "FUNDS_UNIT_UNREAD" not in {a.code for a in read.anomalies}
    lost = vet(score_form(_scanned(form.model_copy(update={"funds_unit_raw": ""}))), 0.9)
    codes = {a.code: a for a in lost.anomalies}
    assert "FUNDS_UNIT_SUSPECT" not in codes
    unread = codes["FUNDS_UNIT_UNREAD"]
    assert (unread.severity, unread.field) == ("warning", "funds_unit_raw")
    assert "万元" in unread.message and "请对照原件核实单位" in unread.message
    text = score_form(form.model_copy(update={"funds_unit_raw": ""}))
    assert "FUNDS_UNIT_UNREAD" not in {
        a.code for a in vet(text, 0.9).anomalies
    }  # a text layer says what is written
