"""The hand-verified truth of corpus/truth/ as dicts and as model.Form objects."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from model import FORM_COLUMNS, INDICATOR_COLUMNS, Form, Indicator

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TRUTH_DIR = CORPUS / "truth"

_FORM_DECIMALS = {n for n, f in Form.model_fields.items() if "Decimal" in str(f.annotation)}
_IND_DECIMALS = {n for n, f in Indicator.model_fields.items() if "Decimal" in str(f.annotation)}


def truth_ids() -> list[str]:
    return sorted(p.stem for p in TRUTH_DIR.glob("*.json"))


@cache
def load_truth(truth_id: str) -> dict[str, Any]:
    return json.loads((TRUTH_DIR / f"{truth_id}.json").read_text(encoding="utf-8"))


def _convert(data: dict[str, Any], decimals: set[str], allowed: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in allowed:
            continue
        out[key] = Decimal(value) if key in decimals and value is not None else value
    return out


def truth_form(truth_id: str, form_id: str = "") -> Form:
    """The truth as a Form, ready for score/ (computed fields empty)."""
    t = load_truth(truth_id)
    fields = _convert(t, _FORM_DECIMALS, set(FORM_COLUMNS))
    fields.update(form_id=form_id or f"truth{truth_id}-1", source_file=f"truth/{truth_id}.json")
    indicators = [
        Indicator(**_convert(i, _IND_DECIMALS, set(INDICATOR_COLUMNS) | set(Indicator.model_fields)))
        for i in t["indicators"]
    ]
    return Form(**fields, indicators=indicators)


FORM_FIELDS = [
    "year", "project_name", "department", "implementing_unit",
    "budget_initial", "budget_full_year", "executed",
    "fiscal_budget_initial", "fiscal_budget_full_year", "fiscal_executed",
    "carryover_budget_initial", "carryover_budget_full_year", "carryover_executed",
    "other_budget_initial", "other_budget_full_year", "other_executed",
    "funds_weight", "execution_rate_declared", "execution_score_declared",
    "goal_expected", "goal_actual", "total_weight_declared", "total_score_declared",
]  # fmt: skip
INDICATOR_FIELDS = [
    "seq", "level1", "level2", "level1_raw", "level2_raw", "name", "name_raw", "nature", "nature_raw",
    "target_value", "target_text", "unit", "unit_raw", "actual_text", "actual_value", "actual_qualifier",
    "actual_grade", "weight", "score_declared", "deviation_note",
]  # fmt: skip


def _same(expected: Any, got: Any) -> bool:
    if isinstance(got, Decimal) or (isinstance(expected, str) and isinstance(got, (int, float))):
        return expected is not None and Decimal(str(expected)) == Decimal(str(got))
    if expected is None:
        return got in (None, "")
    return bool(expected == got)


def form_differences(truth: dict[str, Any], form: Form) -> list[str]:
    diffs = [
        f"{f}: expected {truth[f]!r}, got {getattr(form, f)!r}"
        for f in FORM_FIELDS
        if not _same(truth[f], getattr(form, f))
    ]
    want, got = truth["indicators"], form.indicators
    if len(want) != len(got):
        diffs.append(f"indicators: expected {len(want)}, got {len(got)}")
    for t, i in zip(want, got, strict=False):
        diffs += [
            f"indicator {t['seq']} {f}: expected {t[f]!r}, got {getattr(i, f)!r}"
            for f in INDICATOR_FIELDS
            if not _same(t[f], getattr(i, f))
        ]
    return diffs
