"""Decisions applied to a form's document: review columns on every decided finding, a correction
re-scores the form with the value read kept beside it, a finding the correction removed stays
listed with its decision, and a decision whose finding is gone is obsolete."""

from __future__ import annotations

from decimal import Decimal

from batch.catalog import Decision, decision_key
from publish.decisions import by_key, form_of, obsolete, review_document
from publish.serialize import anomaly_csv_rows, form_document, indicator_csv_rows
from score.scorer import score_form
from tests.score.factory import clean_form

SHA = "ab" * 32


def _doc(**changes: object) -> dict:
    form = clean_form().model_copy(update={"source_sha256": SHA, "form_index": 1, "form_id": SHA[:12] + "-1"})
    ind = form.indicators[0].model_copy(update=changes)
    form = form.model_copy(update={"indicators": [ind, *form.indicators[1:]]})
    return form_document(score_form(form))


def test_the_document_round_trips_to_its_form():
    doc = _doc()
    assert form_document(form_of(doc)) == doc


def test_a_confirmed_finding_carries_its_review():
    doc = _doc(score_declared=Decimal(25))  # over its weight of 20
    finding = next(a for a in doc["anomalies"] if a["code"] == "SCORE_EXCEEDS_WEIGHT")
    key = decision_key(doc, finding)
    decision = Decision(*key, state="确认", decided_at="2026-12-02T10:00:00+0000")
    reviewed = review_document(doc, by_key([decision]))
    marked = next(a for a in reviewed["anomalies"] if a["code"] == "SCORE_EXCEEDS_WEIGHT")
    assert (marked["review_status"], marked["review_note"], marked["reviewed_at"]) == (
        "确认", "", "2026-12-02T10:00:00+0000",
    )  # fmt: skip
    assert all("review_status" not in a for a in reviewed["anomalies"] if a is not marked)
    assert "review_status" not in finding  # the document given is not changed
    row = next(r for r in anomaly_csv_rows(reviewed) if r[2] == "SCORE_EXCEEDS_WEIGHT")
    assert row[-3:] == ["确认", "", "2026-12-02T10:00:00+0000"]


def test_a_correction_rescores_the_form():
    doc = _doc(score_declared=Decimal(25))
    assert doc["total_score_computed"] == clean_doc_total()
    finding = next(a for a in doc["anomalies"] if a["code"] == "SCORE_EXCEEDS_WEIGHT")
    decision = Decision(*decision_key(doc, finding), state="驳回", note="识别错误，原件为20", corrected="20")
    reviewed = review_document(doc, by_key([decision]))
    assert reviewed["indicators"][0]["score_declared"] == "20"
    assert reviewed["indicators"][0]["corrected_fields"] == "score_declared"
    assert reviewed["indicators"][0]["values_read"] == "score_declared=25"
    codes = [a["code"] for a in reviewed["anomalies"]]
    # the misread is gone from the scoring, and listed with the auditor's decision
    assert codes.count("SCORE_EXCEEDS_WEIGHT") == 1
    kept = next(a for a in reviewed["anomalies"] if a["code"] == "SCORE_EXCEEDS_WEIGHT")
    assert kept["review_status"] == "驳回" and kept["review_note"] == "识别错误，原件为20"
    assert "TOTAL_SCORE_MISMATCH" not in codes
    assert indicator_csv_rows(reviewed)[0][-2:] == ["score_declared", "score_declared=25"]
    assert obsolete([reviewed], [decision]) == []


def test_a_decision_without_its_finding_is_obsolete():
    doc = _doc()
    gone = Decision(SHA, 1, "SCORE_MISMATCH", "score_declared", 3, "确认")
    other_file = Decision("cd" * 32, 1, "SCORE_MISMATCH", "score_declared", 3, "确认")
    assert review_document(doc, by_key([gone]))["anomalies"] == doc["anomalies"]
    assert obsolete([doc], [gone, other_file]) == [gone, other_file]


def clean_doc_total() -> str:
    return _doc()["total_score_computed"]
