"""The normalization-stage anomalies, worded from the templates in data/messages.toml."""

from __future__ import annotations

from model import SEVERITY, Anomaly, Severity

from .tables import load

_T = load("messages")
FIELD_LABELS: dict[str, str] = _T["field_labels"]


def _severity(code: str) -> Severity:
    return SEVERITY[code]


def level_inconsistent(
    form_id: str, seq: int, name: str, declared: str, level2: str, expected: str, page: int | None
) -> Anomaly:
    return Anomaly(
        form_id=form_id,
        seq=seq,
        code="LEVEL_INCONSISTENT",
        severity=_severity("LEVEL_INCONSISTENT"),
        field="level1",
        declared=declared,
        expected=expected,
        page=page,
        message=_T["LEVEL_INCONSISTENT"]["message"].format(
            seq=seq, name=name, level2=level2, declared=declared, expected=expected
        ),
    )


def label_normalized(
    form_id: str, seq: int, name: str, field: str, declared: str, expected: str, page: int | None
) -> Anomaly:
    return Anomaly(
        form_id=form_id,
        seq=seq,
        code="LABEL_NORMALIZED",
        severity=_severity("LABEL_NORMALIZED"),
        field=field,
        declared=declared,
        expected=expected,
        page=page,
        message=_T["LABEL_NORMALIZED"]["message"].format(
            seq=seq,
            name=name,
            field_label=FIELD_LABELS.get(field, field),
            declared=declared,
            expected=expected,
        ),
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
    t = _T["ACTUAL_UNPARSEABLE"]
    if qualitative:
        expected = "、".join(scale)
        key = (
            ("qualitative_empty" if scale else "qualitative_empty_noscale")
            if not declared
            else ("qualitative" if scale else "qualitative_noscale")
        )
    else:
        expected = f"数值（{unit}）" if unit else "数值"
        key = "quantitative_empty" if not declared else "quantitative"
    unit_phrase = t["unit_phrase"].format(unit=unit) if unit and not qualitative else ""
    return Anomaly(
        form_id=form_id,
        seq=seq,
        code="ACTUAL_UNPARSEABLE",
        severity=_severity("ACTUAL_UNPARSEABLE"),
        field="actual_text",
        declared=declared,
        expected=expected,
        page=page,
        message=t[key].format(
            seq=seq, name=name, declared=declared, expected=expected, unit_phrase=unit_phrase
        ),
    )
