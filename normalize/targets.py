"""年度指标值: the text as written with known typos fixed, its number, or its grade scale."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .actuals import read_actual
from .grades import read_scale
from .numeric import PLACEHOLDERS, read_decimal
from .typos import fix_typos
from .units import shift, unit_info


@dataclass(frozen=True, slots=True)
class TargetReading:
    text: str
    """target_text: as written, known typos fixed (优良种低差 -> 优良中低差)."""
    value: Decimal | None
    """target_value in the row's canonical unit (万元 for money); None for qualitative rows."""
    scale: tuple[str, ...] = ()
    """The grade words when the cell is a scale (qualitative rows)."""
    fixes: tuple[tuple[str, str], ...] = ()
    """(wrong, right) typo fixes applied to the text."""
    reason: str = ""


def read_target(
    text: str | None, unit: str | None, *, qualitative: bool | None = None, money: bool = False
) -> TargetReading:
    """Read a 年度指标值 cell. qualitative: True for a 定性 row (no number is read), False for a
    quantitative one (no scale is read), None when the nature is unknown (either, by the cell).
    money: as in read_actual, for a money row whose unit cell is blank."""
    fixed, fixes = fix_typos(text)
    if fixed in PLACEHOLDERS:
        return TargetReading(fixed, None, fixes=fixes, reason="年度指标值为空")
    value: Decimal | None = None
    reason = ""
    if qualitative is not True:
        cell = read_decimal(fixed)
        if cell.value is not None:
            value = shift(cell.value, unit_info(unit).money_shift or 0)
        else:
            # A target written as a phrase (≥90%, 不超过45万元) is read like an actual.
            actual = read_actual(fixed, unit, money=money)
            value, reason = actual.value, actual.reason
    scale: tuple[str, ...] = ()
    if qualitative is not False and value is None:
        read = read_scale(fixed)
        scale = read.value or ()
        reason = "" if scale else (read.reason if qualitative else reason or read.reason)
    return TargetReading(fixed, value, scale, fixes, reason)
