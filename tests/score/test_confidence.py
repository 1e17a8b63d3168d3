"""LOW_CONFIDENCE from the provenance of an OCR'd form."""

from __future__ import annotations

from decimal import Decimal

from model import Form, Indicator, Provenance
from score.confidence import DEFAULT_THRESHOLD, low_confidence_findings


def _form(*provenance: Provenance) -> Form:
    return Form(
        form_id="abc-1",
        method="pdf-ocr",
        project_name="朝阳区政务云",
        funds_weight=Decimal(10),
        indicators=[
            Indicator(seq=1, name="服务响应时间", name_raw="指标1:服务响应时间", actual_text="2小时内")
        ],
        provenance=list(provenance),
    )


def test_a_cell_read_below_the_threshold_is_a_warning_naming_field_indicator_value_and_page() -> None:
    cell = Provenance(field="actual_text", seq=1, page=2, confidence=0.41)
    (a,) = low_confidence_findings(_form(cell), 0.8)
    assert (a.code, a.severity, a.form_id, a.seq, a.field, a.page) == (
        "LOW_CONFIDENCE",
        "warning",
        "abc-1",
        1,
        "actual_text",
        2,
    )
    assert a.declared == "2小时内"
    for part in ("第2页", "服务响应时间", "实际完成值", "2小时内", "0.41"):
        assert part in a.message


def test_a_form_level_number_is_named_and_shown_as_read() -> None:
    (a,) = low_confidence_findings(_form(Provenance(field="funds_weight", page=1, confidence=0.5)), 0.8)
    assert a.seq is None and a.declared == "10"
    assert "资金执行分值" in a.message and "“10”" in a.message


def test_confident_cells_and_cells_without_confidence_are_quiet() -> None:
    form = _form(
        Provenance(field="actual_text", seq=1, page=1, confidence=0.95),
        Provenance(field="project_name", page=1, confidence=None),
        Provenance(field="project_name", page=1, confidence=DEFAULT_THRESHOLD),
    )
    assert low_confidence_findings(form, DEFAULT_THRESHOLD) == []


def test_the_threshold_is_the_callers() -> None:
    form = _form(Provenance(field="project_name", page=1, confidence=0.85))
    assert low_confidence_findings(form, 0.8) == []
    assert len(low_confidence_findings(form, 0.9)) == 1
