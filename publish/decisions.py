"""An auditor's decisions (batch.catalog.Decision) applied to a form's document: every finding
carries its review (review_status, review_note, reviewed_at), and a corrected cell is read
again and the form re-scored (normalize.correct, score.scorer, score.vetting: pure functions),
the value first read kept beside the corrected one (corrected_fields, values_read).

A finding that a correction made go away stays listed with its decision (the auditor said it was
a misread); a decision whose finding no run raises any more is `obsolete` (the review app shows
it; nothing drops it)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from batch.catalog import Decision, decision_key
from model import ANOMALY_COLUMNS, Form
from normalize.correct import apply_corrections, correctable
from publish.serialize import REVIEW_COLUMNS, form_document, json_value, recount
from score.confidence import DEFAULT_THRESHOLD
from score.profile import Profile, load_profile
from score.scorer import score_form
from score.vetting import vet

Key = tuple[str, int, str, str, int | None]


def by_key(decisions: Iterable[Decision]) -> dict[Key, Decision]:
    return {d.key: d for d in decisions}


def decisions_key(decisions: dict[Key, Decision]) -> str:
    """A hash of the decisions (what `mark_reviews` applies), for RunOutput.mark_key."""
    return hashlib.sha256("\n".join(sorted(map(repr, decisions.values()))).encode()).hexdigest()


def form_of(doc: dict[str, Any]) -> Form:
    """The Form a document was serialized from (form_document's inverse)."""
    fields = {k: v for k, v in doc.items() if k in Form.model_fields and k not in ("indicators", "anomalies")}
    fields["indicators"] = [{k: v for k, v in i.items() if k != "form_id"} for i in doc.get("indicators", [])]
    fields["anomalies"] = [{k: a.get(k) for k in ANOMALY_COLUMNS if k in a} for a in doc.get("anomalies", [])]
    return Form.model_validate(fields)


def _seq(d: Decision) -> int | None:
    """The corrected cell's indicator: the finding's, for a field of an indicator."""
    return d.seq if d.seq is not None and correctable(d.cell, d.seq) else None


def _read_value(doc: dict[str, Any], field: str, seq: int | None) -> Any:
    if seq is None:
        return doc.get(field)
    ind = next((i for i in doc.get("indicators", []) if i.get("seq") == seq), {})
    return ind.get(field)


def _profile(doc: dict[str, Any], profile: Profile | None) -> Profile:
    if profile is not None:
        return profile
    try:
        return load_profile(str(doc.get("rules_profile") or "default"))
    except Exception:  # a rules file no longer where it was: the default rules
        return load_profile("default")


def form_key(doc: dict[str, Any]) -> tuple[str, int]:
    """(sha256, form_index) of a form document: what its decisions are keyed by."""
    return str(doc.get("source_sha256") or ""), int(doc.get("form_index") or 0)


def review_document(
    doc: dict[str, Any],
    decisions: dict[Key, Decision],
    profile: Profile | None = None,
    min_confidence: float = DEFAULT_THRESHOLD,
) -> dict[str, Any]:
    """`doc` (as read, never changed) with the decisions on its findings applied; a new dict."""
    key = form_key(doc)
    mine = [d for d in decisions.values() if (d.sha256, d.form_index) == key]
    corrections = [(d.cell, _seq(d), d.corrected) for d in mine if d.corrected not in (None, "")]
    new = dict(doc)
    if corrections:
        try:
            form = apply_corrections(form_of(doc), corrections)  # type: ignore[arg-type]
        except ValueError:  # NotCorrectable, or a document pydantic refuses: the form as read
            corrections = []
    if corrections:
        new = form_document(vet(score_form(form, _profile(doc, profile)), min_confidence))
        for key in doc:
            new.setdefault(key, doc[key])  # extensions of the document (none today) kept
        present = {decision_key(new, a) for a in new["anomalies"]}
        for a in doc["anomalies"]:
            if decision_key(doc, a) in decisions and decision_key(doc, a) not in present:
                new["anomalies"].append(dict(a))
        recount(new)
        _mark_corrections(new, doc, corrections)  # type: ignore[arg-type]
    return mark_reviews(new, decisions)


def mark_reviews(doc: dict[str, Any], decisions: dict[Key, Decision]) -> dict[str, Any]:
    """`doc` with each finding's review columns set from its decision (none changed otherwise)."""
    return {**doc, "anomalies": [_reviewed(doc, a, decisions) for a in doc.get("anomalies", [])]}


def _mark_corrections(
    new: dict[str, Any], read: dict[str, Any], corrections: list[tuple[str, int | None, str]]
) -> None:
    def mark(target: dict[str, Any], seq: int | None) -> None:
        fields = [(f, s) for f, s, _ in corrections if s == seq]
        if fields:
            target["corrected_fields"] = ";".join(f for f, _ in fields)
            target["values_read"] = ";".join(
                f"{f}={json_value(_read_value(read, f, s)) or ''}" for f, s in fields
            )

    mark(new, None)
    new["indicators"] = [dict(i) for i in new["indicators"]]
    for ind in new["indicators"]:
        mark(ind, ind.get("seq"))


def _reviewed(doc: dict[str, Any], finding: dict[str, Any], decisions: dict[Key, Decision]) -> dict[str, Any]:
    d = decisions.get(decision_key(doc, finding))
    out = {k: v for k, v in finding.items() if k not in REVIEW_COLUMNS}
    if d is not None:
        out.update(review_status=d.state, review_note=d.note, reviewed_at=d.decided_at)
    return out


def obsolete(docs: Iterable[dict[str, Any]], decisions: Iterable[Decision]) -> list[Decision]:
    """Decisions whose finding is in none of `docs` (reviewed documents)."""
    present = {decision_key(doc, a) for doc in docs for a in doc.get("anomalies", [])}
    return [d for d in decisions if d.key not in present]
