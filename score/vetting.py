"""Findings checked against how well their cells were read, before anyone is accused.

Each code names the cells it rests on (codes/codes.toml `rests_on`). A finding resting on a cell
that has ink but could not be read (OCR) is withheld: that cell's value is unknown, not what the
rule saw, and a CELL_UNREAD warning points the auditor at it instead. Every other finding gets the
lowest recognition confidence of its cells; below `min_confidence` it becomes a review prompt (a
warning that says to look at the original first), never an error.
"""

from __future__ import annotations

from collections.abc import Iterable

from codes import code_info
from codes.finding import make
from model import Anomaly, Form, Provenance
from score.confidence import cell_subject

Cell = tuple[str, int | None]
"""A provenance key: field name, and the indicator's seq (None for a form field)."""

_REVIEW = "【待核实】"


def cells_of(finding: Anomaly, form: Form) -> list[Cell]:
    """The cells a finding rests on: those its code names, and its own field."""
    seqs = [i.seq for i in form.indicators]
    out: list[Cell] = []
    for name in code_info(finding.code).rests_on:
        scope, _, field = name.rpartition(".")
        if scope == "row":
            if finding.seq is not None:
                out.append((field, finding.seq))
        elif scope == "indicators":
            out.extend((field, seq) for seq in seqs)
        else:
            out.append((field, None))
    if finding.field:
        out.append((finding.field, finding.seq))
    return out


def vet(form: Form, min_confidence: float) -> Form:
    """The form with findings on unread cells withheld (and CELL_UNREAD raised for those cells),
    each finding's confidence set, and unsure errors turned into review prompts."""
    provenance: dict[Cell, Provenance] = {(p.field, p.seq): p for p in form.provenance}
    kept: list[Anomaly] = []
    for finding in form.anomalies:
        if code_info(finding.code).reading:
            kept.append(finding)
            continue
        cells = [provenance[c] for c in cells_of(finding, form) if c in provenance]
        if any(p.unread for p in cells):
            continue
        kept.append(_with_confidence(finding, cells, min_confidence))
    kept += [_unread(form, p) for p in form.provenance if p.unread]
    return form.model_copy(
        update={
            "anomalies": kept,
            "n_errors": sum(a.severity == "error" for a in kept),
            "n_warnings": sum(a.severity == "warning" for a in kept),
            "n_infos": sum(a.severity == "info" for a in kept),
        }
    )


def _with_confidence(finding: Anomaly, cells: Iterable[Provenance], min_confidence: float) -> Anomaly:
    scores = [p.confidence for p in cells if p.confidence is not None]
    if not scores:
        return finding
    confidence = min(scores)
    update: dict[str, object] = {"confidence": confidence}
    if confidence < min_confidence and finding.severity in ("error", "warning"):
        update["severity"] = "warning"
        update["message"] = (
            f"{_REVIEW}{finding.message}（此判断所依据的单元格识别置信度为 {confidence:.2f}，"
            f"低于 {min_confidence:.2f}，可能是识别错误而非填报错误，请先对照原件核实。）"
        )
    return finding.model_copy(update=update)


def _unread(form: Form, p: Provenance) -> Anomaly:
    return make(
        "CELL_UNREAD",
        form_id=form.form_id,
        seq=p.seq,
        field=p.field,
        page=p.page,
        subject=cell_subject(form, p),
        where=_where(p, form.dpi),
    )


def _where(p: Provenance, dpi: int | None) -> str:
    if p.box is None:
        return "位置未知"
    x0, top, x1, bottom = (round(v) for v in p.box)
    unit = f"像素，{dpi} dpi" if dpi else "磅"
    return f"页面坐标 {x0},{top}–{x1},{bottom}（{unit}）"
