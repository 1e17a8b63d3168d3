"""Building a scoring-stage finding about a form (and one of its indicators): the one
constructor (codes.finding.make) with the form's id and the page an auditor finds the cell on."""

from __future__ import annotations

from typing import Any

from codes.finding import make, text
from model import Anomaly, Form, Indicator

__all__ = ["finding", "text"]


def finding(
    code: str,
    form: Form,
    *,
    indicator: Indicator | None = None,
    field: str = "",
    declared: Any = None,
    expected: Any = None,
    **params: Any,
) -> Anomaly:
    """One finding about `form` (and `indicator`, for a row-level one). `params` fill the code's
    message template beside `declared` and `expected`."""
    if indicator is not None:
        params.setdefault("name", indicator.name or indicator.name_raw or f"第{indicator.seq}项")
    page = indicator.page if indicator is not None and indicator.page is not None else form.page_start
    return make(
        code,
        form_id=form.form_id,
        seq=indicator.seq if indicator is not None else None,
        field=field,
        declared=declared,
        expected=expected,
        page=page,
        **params,
    )
