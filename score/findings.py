"""Building an Anomaly: severity and message come from score/codes.toml, numbers are written in the
contract's plain decimal format, and the page says where an auditor finds the cell."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from model import Anomaly, Form, Indicator
from score.serialize import format_decimal
from score.vocab import code_info


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_decimal(value)
    return str(value)


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
    info = code_info(code)
    values = {k: text(v) for k, v in params.items()}
    values.update(declared=text(declared), expected=text(expected))
    if indicator is not None:
        values.setdefault("name", indicator.name or indicator.name_raw or f"第{indicator.seq}项")
    page = indicator.page if indicator is not None and indicator.page is not None else form.page_start
    return Anomaly(
        form_id=form.form_id,
        seq=indicator.seq if indicator is not None else None,
        code=code,
        severity=info.severity,  # type: ignore[arg-type]
        field=field,
        declared=values["declared"],
        expected=values["expected"],
        message=info.message.format(**values) if info.message else code,
        page=page,
    )
