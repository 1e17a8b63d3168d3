"""A short OCR'd cell read against what its column can hold (data/lookalikes.toml): a unit cell
read as "1" that holds a "/", a number cell read as "一" that holds a "—"."""

from __future__ import annotations

from model import RawForm, RawIndicator, RawValue

from .tables import load

_TABLE: dict[str, dict[str, str]] = load("lookalikes")

_INDICATOR_COLUMNS = {
    "unit": "unit",
    "target": "number",
    "actual": "number",
    "weight": "number",
    "score": "number",
}
_FORM_COLUMNS = {
    "funds_weight": "number",
    "execution_rate": "number",
    "execution_score": "number",
    "total_weight": "number",
    "total_score": "number",
}


def read_as_column(value: RawValue, column: str) -> RawValue:
    """The value, with a lone look-alike glyph replaced by what `column` can hold; cells not read
    by OCR (no confidence) are kept as written."""
    if value.confidence is None:
        return value
    text = value.text.strip()
    meant = _TABLE[column].get(text)
    return value if meant is None else value.model_copy(update={"text": meant})


def _indicator(ri: RawIndicator) -> RawIndicator:
    return ri.model_copy(
        update={
            attr: read_as_column(getattr(ri, attr), column) for attr, column in _INDICATOR_COLUMNS.items()
        }
    )


def read_as_columns(raw: RawForm) -> RawForm:
    """Every short OCR'd cell of a form read against its column."""
    if raw.dpi is None:
        return raw  # nothing was read by OCR
    funds = {
        row: {col: read_as_column(v, "number") for col, v in cells.items()}
        for row, cells in raw.funds.items()
    }
    update: dict[str, object] = {
        attr: read_as_column(getattr(raw, attr), column) for attr, column in _FORM_COLUMNS.items()
    }
    update["funds"] = funds
    update["indicators"] = [_indicator(ri) for ri in raw.indicators]
    return raw.model_copy(update=update)
