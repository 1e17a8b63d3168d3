"""A short OCR'd cell is read against what its column can hold; text layers are as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from model import RawForm, RawIndicator, RawValue
from normalize.form import normalize_form
from normalize.lookalikes import read_as_column


def test_a_lone_slash_read_as_one_in_a_unit_column_is_a_slash() -> None:
    assert read_as_column(RawValue(text="1", confidence=0.7), "unit").text == "/"
    assert read_as_column(RawValue(text="一", confidence=0.9), "number").text == "—"
    assert read_as_column(RawValue(text="1", confidence=0.7), "number").text == "1"


def test_text_layers_are_as_written() -> None:
    assert read_as_column(RawValue(text="1"), "unit").text == "1"


@given(st.text(min_size=2).filter(lambda t: t.strip() not in {"1", "l", "I", "|", "丨", "一", "-"}))
def test_longer_cells_are_never_changed(text: str) -> None:
    assert read_as_column(RawValue(text=text, confidence=0.5), "unit").text == text


def test_a_scanned_form_gets_its_unit_and_dash() -> None:
    ocr = {"confidence": 0.8, "page": 1, "box": (0, 0, 1, 1)}
    raw = RawForm(
        form_id="0123456789ab-1",
        method="pdf-ocr",
        dpi=150,
        indicators=[
            RawIndicator(
                name=RawValue(text="培训人次", **ocr),
                nature=RawValue(text="≥", **ocr),
                target=RawValue(text="100", **ocr),
                unit=RawValue(text="1", **ocr),
                actual=RawValue(text="一", **ocr),
                weight=RawValue(text="10", **ocr),
                score=RawValue(text="10", **ocr),
            )
        ],
    )
    ind = normalize_form(raw).indicators[0]
    assert (ind.unit_raw, ind.actual_text) == ("/", "—")
