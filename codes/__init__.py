"""Every code evalforms writes, with its severity, title, message, what to do about it and the
cells a finding rests on, in one table (codes.toml), the way OCRmyPDF keeps each condition's exit
code and message together. Stages build findings through `codes.finding.make`; the report, the
workbook and `inspect` take titles from here.

This module imports nothing of the project, so that model.py can take its severities from it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

Kind = Literal["finding", "error"]


@dataclass(frozen=True)
class CodeInfo:
    code: str
    kind: Kind
    severity: str
    """A finding's; "error" for a manifest error code."""
    title: str
    message: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    action: str = ""
    reading: bool = False
    """About our own reading of the file (accuses nobody)."""
    rests_on: tuple[str, ...] = ()
    sum_of_cells: bool = False
    """`declared` is a written total and `expected` the sum of other read cells: one digit misread
    in any of them moves the sum by exactly one digit's worth (score/vetting.py)."""

    def render(self, variant: str | None = None, **values: str) -> str:
        template = self.messages[variant] if variant else self.message
        return template.format(**values) if template else self.code


class UnknownCode(KeyError):
    pass


@cache
def codes() -> dict[str, CodeInfo]:
    table = tomllib.loads((Path(__file__).with_name("codes.toml")).read_text(encoding="utf-8"))
    return {code: _info(code, spec) for code, spec in table.items()}


@cache
def reading_codes() -> frozenset[str]:
    """The findings about our own reading of a file (`reading = true`), which accuse nobody."""
    return frozenset(code for code, info in codes().items() if info.reading)


def _info(code: str, spec: dict[str, Any]) -> CodeInfo:
    kind = spec["kind"]
    return CodeInfo(
        code=code,
        kind=kind,
        severity=spec.get("severity", "error"),
        title=spec["title"],
        message=spec.get("message", ""),
        messages=dict(spec.get("messages", {})),
        action=spec.get("action", ""),
        reading=bool(spec.get("reading", False)),
        rests_on=tuple(spec.get("rests_on", ())),
        sum_of_cells=bool(spec.get("sum_of_cells", False)),
    )


def code_info(code: str) -> CodeInfo:
    """A known code's entry; an unknown one (raised by no stage of this version, e.g. read back
    from an older catalog) is shown as itself, a warning."""
    return codes().get(code) or CodeInfo(code, "finding", "warning", code)


def severities() -> dict[str, str]:
    """Each finding code's severity (the contract's table in CONTRACT.md, with extensions)."""
    return {c.code: c.severity for c in codes().values() if c.kind == "finding"}


def error_codes() -> list[str]:
    return [c.code for c in codes().values() if c.kind == "error"]
