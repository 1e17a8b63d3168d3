"""The one constructor of a finding: severity and wording from the table of codes, numbers in the
contract's plain decimal format."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from codes import code_info
from model import Anomaly


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        # imported here: normalize's own findings are built by this module
        from normalize.numeric import format_decimal

        return format_decimal(value)
    return str(value)


def make(
    code: str,
    *,
    form_id: str = "",
    seq: int | None = None,
    field: str = "",
    declared: Any = None,
    expected: Any = None,
    page: int | None = None,
    variant: str | None = None,
    confidence: float | None = None,
    **params: Any,
) -> Anomaly:
    """A finding of `code`. `params` (and `declared`, `expected`, `seq`) fill the code's message
    template, or its `variant` wording."""
    info = code_info(code)
    if info.kind != "finding":
        raise ValueError(f"{code} is a manifest error code, not a finding")
    values = {k: text(v) for k, v in params.items()}
    values.update(declared=text(declared), expected=text(expected))
    values.setdefault("seq", text(seq))
    return Anomaly(
        form_id=form_id,
        seq=seq,
        code=code,
        severity=info.severity,  # type: ignore[arg-type]
        field=field,
        declared=values["declared"],
        expected=values["expected"],
        message=info.render(variant, **values),
        page=page,
        confidence=confidence,
    )
