"""The words people read: column headers and sheet names (score/columns.toml); the codes' titles
and messages come from the one table of codes (codes/codes.toml), re-exported here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from codes import CodeInfo, code_info, codes

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    width: int
    numeric: bool


@cache
def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads((_HERE / name).read_text(encoding="utf-8"))


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


__all__ = ["CodeInfo", "Column", "code_info", "codes", "column", "sheet_title"]
