"""Findings checked against how well their cells were read, before anyone is accused.

Each code names the cells it rests on (codes/codes.toml `rests_on`). A finding resting on a cell
that has ink but could not be read (OCR) is withheld: that cell's value is unknown, not what the
rule saw, and a CELL_UNREAD warning points the auditor at it instead. Every other finding gets the
lowest recognition confidence of its cells; below `min_confidence` it becomes a review prompt (a
warning that says to look at the original first), never an error.

A total that differs from the sum of OCR-read cells by exactly one digit's worth (3, 0.03, 300:
a nonzero digit times a power of ten) is what one misread digit in any of those cells gives
(738.62892 read as 735.62892 under a seal, however sure the recognizer was), so on a form read
by OCR such a finding is a review prompt too.

An OCR'd form whose 项目资金 amounts were read but not their unit has more likely lost it in
reading (a （万元） dropped under a seal or a narrow header) than left it unwritten: the amounts are
taken as 万元, FUNDS_UNIT_UNREAD says so, and what rests on the unit is not checked.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from codes import code_info
from codes.finding import make
from model import OCR_METHODS, Anomaly, Form, Provenance
from normalize.form import FUNDS_UNIT
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
    unit_unread = _unit_unread(form)
    kept: list[Anomaly] = []
    for finding in form.anomalies:
        if code_info(finding.code).reading:
            kept.append(finding)
            continue
        rests_on = cells_of(finding, form)
        cells = [provenance[c] for c in rests_on if c in provenance]
        if any(p.unread for p in cells) or (unit_unread and _UNIT in rests_on):
            continue
        kept.append(_with_confidence(finding, cells, min_confidence))
    kept += [_unread(form, p) for p in form.provenance if p.unread]
    if unit_unread:
        kept.append(make("FUNDS_UNIT_UNREAD", form_id=form.form_id, field=_UNIT[0], assumed=FUNDS_UNIT))
    return form.model_copy(
        update={
            "anomalies": kept,
            "n_errors": sum(a.severity == "error" for a in kept),
            "n_warnings": sum(a.severity == "warning" for a in kept),
            "n_infos": sum(a.severity == "info" for a in kept),
        }
    )


_UNIT: Cell = ("funds_unit_raw", None)
_AMOUNTS = ("budget_initial", "budget_full_year", "executed")


def _unit_unread(form: Form) -> bool:
    return (
        form.method in OCR_METHODS
        and not form.funds_unit_raw
        and any(getattr(form, name) is not None for name in _AMOUNTS)
    )


def one_digit_apart(declared: str, expected: str) -> Decimal | None:
    """The difference of two written numbers when it is one nonzero digit times a power of ten."""
    try:
        diff = abs(Decimal(declared) - Decimal(expected))
    except (InvalidOperation, ValueError):
        return None
    if diff == 0 or not diff.is_finite():
        return None
    digits = diff.normalize().as_tuple().digits
    return diff if len(digits) == 1 else None


def _with_confidence(finding: Anomaly, cells: Iterable[Provenance], min_confidence: float) -> Anomaly:
    scores = [p.confidence for p in cells if p.confidence is not None]
    if not scores:
        return finding
    confidence = min(scores)
    update: dict[str, object] = {"confidence": confidence}
    if finding.severity not in ("error", "warning"):
        return finding.model_copy(update=update)
    digit = (
        one_digit_apart(finding.declared, finding.expected) if code_info(finding.code).sum_of_cells else None
    )
    if confidence < min_confidence:
        update["severity"] = "warning"
        update["message"] = (
            f"{_REVIEW}{finding.message}（此判断所依据的单元格识别置信度为 {confidence:.2f}，"
            f"低于 {min_confidence:.2f}，可能是识别错误而非填报错误，请先对照原件核实。）"
        )
    elif digit is not None:
        update["severity"] = "warning"
        update["message"] = (
            f"{_REVIEW}{finding.message}（两数相差 {digit.normalize():f}，恰为一位数字之差：可能是某个"
            f"单元格有一位数字识别错误而非填报错误，请先对照原件核实。）"
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
