"""Records to the contract's cell strings. One serialization, `form_document`, feeds the form's
JSON, the CSV rows and the workbook, so the three can never disagree."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from model import (
    ANOMALY_COLUMNS,
    FORM_COLUMNS,
    INDICATOR_COLUMNS,
    MANIFEST_COLUMNS,
    Anomaly,
    Form,
    ManifestEntry,
)
from normalize.numeric import format_decimal

REVIEW_COLUMNS = ["review_status", "review_note", "reviewed_at"]
"""The auditor's decision on a finding (`evalforms review`), appended to anomalies.csv."""
CORRECTION_COLUMNS = ["corrected_fields", "values_read"]
"""Cells the auditor corrected and the values first read from them, appended to forms.csv and
indicators.csv (docs/outputs.md)."""
FORM_CSV = [*FORM_COLUMNS, *CORRECTION_COLUMNS]
INDICATOR_CSV = [*INDICATOR_COLUMNS, *CORRECTION_COLUMNS]
ANOMALY_CSV = [*ANOMALY_COLUMNS, *REVIEW_COLUMNS]

_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_GUARDED = re.compile(r"^'*[\t\r\n ]*[=+\-@]|^'*[\t\r]")
"""Text a spreadsheet would run as a formula: a leading = + - @, also behind blanks, tabs or line
breaks (which some spreadsheets skip), and a leading tab or carriage return (OWASP's list). Text
that already starts with apostrophes before such a start is matched too, so that adding one
apostrophe is undone exactly by `csv_text`."""


def json_value(value: Any) -> Any:
    """Decimals become strings so that no JSON reader turns 738.62892 into a float."""
    if isinstance(value, Decimal):
        return format_decimal(value)
    return value


def csv_cell(value: Any) -> str:
    """A JSON-ready value as the contract writes it in a CSV cell: "" for absent, and text that a
    spreadsheet would execute (leading = + - @) prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = format_decimal(value) if isinstance(value, Decimal) else str(value)
    if _GUARDED.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_text(cell: str) -> str:
    """The text a CSV cell written by `csv_cell` stands for (its guard apostrophe removed)."""
    if cell.startswith("'") and _GUARDED.match(cell):
        return cell[1:]
    return cell


def anomaly_dict(a: Anomaly) -> dict[str, Any]:
    return {c: json_value(getattr(a, c)) for c in ANOMALY_COLUMNS}


def form_document(form: Form) -> dict[str, Any]:
    """forms/<form_id>.json: the forms.csv columns, then indicators, anomalies, provenance."""
    doc: dict[str, Any] = {c: json_value(getattr(form, c)) for c in FORM_COLUMNS}
    doc["indicators"] = [
        {"form_id": form.form_id} | {c: json_value(getattr(i, c)) for c in INDICATOR_COLUMNS[1:]}
        for i in form.indicators
    ]
    doc["anomalies"] = [anomaly_dict(a) for a in form.anomalies]
    doc["provenance"] = [p.model_dump(mode="json") for p in form.provenance]
    return doc


def recount(doc: dict[str, Any]) -> None:
    """n_errors / n_warnings / n_infos follow the anomalies list (after run-level findings)."""
    for severity, column in (("error", "n_errors"), ("warning", "n_warnings"), ("info", "n_infos")):
        doc[column] = sum(1 for a in doc["anomalies"] if a["severity"] == severity)


def form_csv_row(doc: dict[str, Any]) -> list[str]:
    return [csv_cell(doc.get(c)) for c in FORM_CSV]


def indicator_csv_rows(doc: dict[str, Any]) -> list[list[str]]:
    return [[csv_cell(i.get(c)) for c in INDICATOR_CSV] for i in doc["indicators"]]


def anomaly_csv_rows(doc: dict[str, Any]) -> list[list[str]]:
    return [[csv_cell(a.get(c)) for c in ANOMALY_CSV] for a in doc["anomalies"]]


def manifest_csv_row(entry: ManifestEntry) -> list[str]:
    return [csv_cell(json_value(getattr(entry, c))) for c in MANIFEST_COLUMNS]
