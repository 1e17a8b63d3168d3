"""An auditor's correction of a misread cell: the cell's text as she reads it on the page, read
into the field's canonical value by the same readers as the form's own cells. Pure: a Form in,
a new Form out; scoring it again (score.scorer.score_form) recomputes its findings.

The findings of earlier stages about that very cell (how it was read: LOW_CONFIDENCE, CELL_UNREAD,
ACTUAL_UNPARSEABLE, LABEL_NORMALIZED) go with the reading they were about."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from model import Form, Indicator

from .actuals import read_actual
from .form import read_money, read_score
from .grades import read_grade
from .nature import read_nature
from .numeric import parse_percent
from .targets import read_target
from .text import clean_text
from .units import canonical_unit

Correction = tuple[str, int | None, str]
"""(field, indicator seq or None, the text the cell holds)."""

_MONEY = {
    f"{prefix}{col}"
    for prefix in ("", "fiscal_", "carryover_", "other_")
    for col in ("budget_initial", "budget_full_year", "executed")
}
_SCORES = {"funds_weight", "execution_score_declared", "total_weight_declared", "total_score_declared"}
_TEXTS = {"project_name", "department", "implementing_unit", "goal_expected", "goal_actual"}


class NotCorrectable(ValueError):
    """The field cannot take a correction (a computed value, an unknown field)."""


def correctable(field: str, seq: int | None) -> bool:
    if seq is None:
        return field in _MONEY | _SCORES | _TEXTS | {"execution_rate_declared"}
    return field in _INDICATOR


def _number(reader: Callable[[str], Decimal | None], text: str) -> Decimal:
    value = reader(text)
    if value is None:
        raise NotCorrectable(f"“{text}”不是一个数")
    return value


def _form_update(field: str, text: str) -> dict[str, Any]:
    if field in _MONEY:
        return {field: _number(read_money, text)}
    if field in _SCORES:
        return {field: _number(read_score, text)}
    if field == "execution_rate_declared":
        return {field: _number(parse_percent, text)}
    return {field: clean_text(text)}


def _actual(ind: Indicator, text: str) -> dict[str, Any]:
    s = clean_text(text)
    if ind.nature == "qualitative":
        scale = read_target(ind.target_text, ind.unit_raw, qualitative=True).scale
        return {"actual_text": s, "actual_grade": read_grade(s, scale).value or "", "actual_value": None}
    reading = read_actual(s, ind.unit_raw)
    return {"actual_text": s, "actual_value": reading.value, "actual_qualifier": reading.qualifier}


def _target(ind: Indicator, text: str) -> dict[str, Any]:
    reading = read_target(text, ind.unit_raw, qualitative=ind.nature == "qualitative" or None)
    return {"target_text": reading.text, "target_value": reading.value}


_INDICATOR: dict[str, Callable[[Indicator, str], dict[str, Any]]] = {
    "weight": lambda i, t: {"weight": _number(read_score, t)},
    "score_declared": lambda i, t: {"score_declared": _number(read_score, t)},
    "actual_text": _actual,
    "target_text": _target,
    "nature": lambda i, t: {"nature": read_nature(t).value, "nature_raw": clean_text(t)},
    "unit": lambda i, t: {"unit": canonical_unit(clean_text(t)), "unit_raw": clean_text(t)},
    "name": lambda i, t: {"name": clean_text(t), "name_raw": clean_text(t)},
    "level1": lambda i, t: {"level1": clean_text(t)},
    "level2": lambda i, t: {"level2": clean_text(t)},
    "deviation_note": lambda i, t: {"deviation_note": clean_text(t)},
}


def apply_corrections(form: Form, corrections: Iterable[Correction]) -> Form:
    """`form` with each corrected cell holding the value read from its corrected text, and the
    reading findings about those cells dropped. Raises NotCorrectable for a field that takes none."""
    update: dict[str, Any] = {}
    indicators = {i.seq: i for i in form.indicators}
    cells: set[tuple[str, int | None]] = set()
    for field, seq, text in corrections:
        if not correctable(field, seq):
            raise NotCorrectable(f"“{field}”不是可更正的单元格")
        if seq is None:
            update.update(_form_update(field, text))
        elif seq in indicators:
            indicators[seq] = indicators[seq].model_copy(update=_INDICATOR[field](indicators[seq], text))
        else:
            raise NotCorrectable(f"没有第{seq}项指标")
        cells.add((field, seq))
        if field == "actual_text":
            cells.update({("actual_value", seq), ("actual_grade", seq)})
    kept = [a for a in form.anomalies if (a.field, a.seq) not in cells]
    return form.model_copy(
        update={
            **update,
            "indicators": [indicators[i.seq] for i in form.indicators],
            "anomalies": kept,
            "provenance": [p.model_copy(update={"unread": False}) if (p.field, p.seq) in cells else p
                           for p in form.provenance],
        }
    )  # fmt: skip
