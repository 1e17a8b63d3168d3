"""年度指标值: the text as written with known typos fixed, its number, or its grade scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .actuals import read_actual
from .grades import read_scale
from .nature import OPERATORS as operators
from .numeric import PLACEHOLDERS, read_decimal
from .qualifiers import AFTER
from .text import clean_text
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


_NUMBER = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_UNIT_MAX = 6


def unit_in_target(text: str | None) -> tuple[str, str | None]:
    """(unit, bound) a 年度指标值 cell writes with its number when there is no 度量单位 cell:
    ≥50个 -> (个, None), 达到95%以上 -> (%, ge), ≤2小时 -> (小时, None), 2小时以内 -> (小时, le);
    ("", None) when the cell is no single number with a short unit after it."""
    s = clean_text(text).replace(" ", "")
    for word in operators:
        if s.startswith(word):
            s = s[len(word) :]
            break
    m = _NUMBER.match(s)
    if m is None:
        return "", None
    rest = s[m.end() :]
    bound = None
    for word in sorted(AFTER, key=len, reverse=True):
        if rest.endswith(word) and len(rest) > len(word):
            rest, bound = rest[: -len(word)], AFTER[word]
            break
    if not rest or len(rest) > _UNIT_MAX or any(ch.isdigit() for ch in rest):
        return "", bound
    return rest, bound
