"""A corrected cell is read by the form's own readers, and the reading findings about it go."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from codes.finding import make
from normalize.correct import NotCorrectable, apply_corrections, correctable
from tests.score.factory import clean_form


def test_number_cells_are_read_as_numbers():
    form = clean_form()
    fixed = apply_corrections(
        form, [("score_declared", 1, "18分"), ("budget_full_year", None, "1,200.5"), ("weight", 2, " 10 ")]
    )
    assert fixed.indicators[0].score_declared == Decimal("18")
    assert fixed.budget_full_year == Decimal("1200.5")
    assert fixed.indicators[1].weight == Decimal("10")
    assert form.indicators[0].score_declared == Decimal("20")  # the form given is not changed


def test_actual_text_is_read_again():
    fixed = apply_corrections(clean_form(), [("actual_text", 1, "完成11份")])
    assert fixed.indicators[0].actual_text == "完成11份"
    assert fixed.indicators[0].actual_value == Decimal("11")


def test_reading_findings_on_the_cell_go_others_stay():
    form = clean_form()
    low = make("CELL_UNREAD", form_id=form.form_id, seq=1, field="score_declared", subject="x", where="")
    other = make("CELL_UNREAD", form_id=form.form_id, seq=2, field="weight", subject="y", where="")
    form = form.model_copy(update={"anomalies": [low, other]})
    fixed = apply_corrections(form, [("score_declared", 1, "20")])
    assert [(a.seq, a.field) for a in fixed.anomalies] == [(2, "weight")]


def test_what_cannot_be_corrected_is_refused():
    with pytest.raises(NotCorrectable):
        apply_corrections(clean_form(), [("total_score_computed", None, "90")])
    with pytest.raises(NotCorrectable):
        apply_corrections(clean_form(), [("score_declared", 99, "9")])
    with pytest.raises(NotCorrectable):
        apply_corrections(clean_form(), [("score_declared", 1, "九分半")])
    assert correctable("actual_text", 3) and not correctable("score_computed", 3)


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_any_plain_score_reads_back(value: Decimal):
    fixed = apply_corrections(clean_form(), [("score_declared", 1, f"{value}")])
    assert fixed.indicators[0].score_declared == value
