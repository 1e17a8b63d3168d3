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
