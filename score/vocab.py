"""The words people read: finding codes (title, message template; severity from the contract table
model.SEVERITY) and column headers, kept as data in score/codes.toml and score/columns.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from model import SEVERITY

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class CodeInfo:
    code: str
    severity: str
    title: str
    message: str


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    width: int
    numeric: bool


@cache
def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((_HERE / name).read_text(encoding="utf-8"))


@cache
def codes() -> dict[str, CodeInfo]:
    return {
        code: CodeInfo(code, SEVERITY[code], str(v.get("title", code)), str(v.get("message", "")))
        for code, v in _toml("codes.toml").items()
    }


def code_info(code: str) -> CodeInfo:
    """Known codes from the table; an unknown one (a later stage's) is shown as itself, a warning."""
    return codes().get(code) or CodeInfo(code, "warning", code, "")


def sheet_title(table: str) -> str:
    return str(_toml("columns.toml")["sheets"].get(table, table))


def column(table: str, name: str) -> Column:
    spec = _toml("columns.toml").get(table, {}).get(name)
    if spec is None:
        return Column(name, name, max(10, len(name) + 2), False)
    return Column(name, str(spec["header"]), int(spec.get("width", 12)), spec.get("kind") == "number")


def label(table: str, name: str) -> str:
    return column(table, name).header


def value_word(kind: str, value: str) -> str:
    """severity / nature / status / rounding_convention codes in Chinese; anything else as is."""
    return str(_toml("columns.toml").get("values", {}).get(kind, {}).get(value, value))
