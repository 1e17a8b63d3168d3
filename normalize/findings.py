"""The normalization-stage findings, through the one constructor (codes.finding.make)."""

from __future__ import annotations

from codes import code_info
from codes.finding import make
from model import Anomaly

from .tables import load

FIELD_LABELS: dict[str, str] = load("messages")["field_labels"]


def level_inconsistent(
    form_id: str, seq: int, name: str, declared: str, level2: str, expected: str, page: int | None
) -> Anomaly:
    return make(
        "LEVEL_INCONSISTENT",
        form_id=form_id,
        seq=seq,
        field="level1",
        declared=declared,
        expected=expected,
        page=page,
        name=name,
        level2=level2,
    )


def label_normalized(
    form_id: str, seq: int, name: str, field: str, declared: str, expected: str, page: int | None
) -> Anomaly:
    return make(
        "LABEL_NORMALIZED",
        form_id=form_id,
        seq=seq,
        field=field,
        declared=declared,
        expected=expected,
        page=page,
        name=name,
        field_label=FIELD_LABELS.get(field, field),
    )


def actual_unparseable(
    form_id: str,
    seq: int,
    name: str,
    declared: str,
    *,
    qualitative: bool,
    unit: str = "",
    scale: tuple[str, ...] = (),
    page: int | None = None,
) -> Anomaly:
    if qualitative:
        expected = "、".join(scale)
        variant = (
            ("qualitative_empty" if scale else "qualitative_empty_noscale")
            if not declared
            else ("qualitative" if scale else "qualitative_noscale")
        )
    else:
        expected = f"数值（{unit}）" if unit else "数值"
        variant = "quantitative_empty" if not declared else "quantitative"
    unit_phrase = f"以“{unit}”计的" if unit and not qualitative else ""
    assert variant in code_info("ACTUAL_UNPARSEABLE").messages
    return make(
        "ACTUAL_UNPARSEABLE",
        form_id=form_id,
        seq=seq,
        field="actual_text",
        declared=declared,
        expected=expected,
        page=page,
        variant=variant,
        name=name,
        unit_phrase=unit_phrase,
    )


BLOCK_LABELS: dict[str, str] = load("messages")["block_labels"]
NATURE_LABELS: dict[str, str] = load("messages")["nature_labels"]


def nature_inferred(form_id: str, seq: int, name: str, nature: str, basis: str, page: int | None) -> Anomaly:
    return make(
        "NATURE_INFERRED",
        form_id=form_id,
        seq=seq,
        field="nature",
        expected=nature,
        page=page,
        name=name,
        nature_label=NATURE_LABELS.get(nature, nature),
        basis=basis,
    )


def block_missing(form_id: str, block: str) -> Anomaly:
    return make("BLOCK_MISSING", form_id=form_id, field=block, block=BLOCK_LABELS.get(block, block))
