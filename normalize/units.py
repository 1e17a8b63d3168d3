"""绩效度量单位 to its canonical form, and money: 万元 and the exact shift from 元."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from .numeric import PLACEHOLDERS, format_decimal
from .tables import load, longest_first
from .text import clean_text

_T = load("units")
ALIASES: dict[str, str] = _T["aliases"]
MONEY_UNIT: str = _T["money"]["canonical"]
MONEY_SHIFT: dict[str, int] = _T["money"]["shift"]
MONEY_SHIFT_IN_TEXT: dict[str, int] = {**MONEY_SHIFT, **_T["money"]["shift_in_text"]}
KNOWN_UNITS: tuple[str, ...] = longest_first([*_T["known"]["words"], *MONEY_SHIFT, *ALIASES.values()])
MEASURE_WORDS: tuple[str, ...] = tuple(_T["numbers"]["measure_words"])
MULTIPLIERS: dict[str, int] = _T["multipliers"]
LIST_MARKERS: tuple[str, ...] = tuple(_T["numbers"]["list_markers"])
ORDINAL_PREFIXES: tuple[str, ...] = tuple(_T["numbers"]["ordinal_prefixes"])
_MESSY_SPLIT = re.compile(_T["messy"]["separators"])
_FILLER = frozenset(_T["messy"]["filler"])
_MONEY_NAME_WORDS: tuple[str, ...] = tuple(_T["money_names"]["words"])
_MONEY_NAME_EXCLUDE: tuple[str, ...] = tuple(_T["money_names"]["exclude"])


def _last_real_token(s: str) -> str:
    """个(单位:) TB -> TB: the last token that is a known unit, else the last that is not filler."""
    tokens = [t for t in _MESSY_SPLIT.split(s) if t and t not in _FILLER]
    known = [t for t in tokens if t in KNOWN_UNITS or t in MONEY_SHIFT or t.isascii()]
    if known:
        return known[-1]
    return tokens[-1] if tokens else ""


def _canonical_of_clean(s: str) -> str:
    if s in PLACEHOLDERS:
        return ""
    if _MESSY_SPLIT.search(s):
        s = _last_real_token(s)
        if s in PLACEHOLDERS:
            return ""
    if s in MONEY_SHIFT:
        return MONEY_UNIT
    return ALIASES.get(s, s)


def canonical_unit(text: str | None) -> str:
    """The unit a value is reported in (docs/canonical.md, Units): money -> 万元, 时 -> 小时,
    a messy cell -> its last real unit token, a placeholder -> "", anything else as written.
    Idempotent."""
    s = _canonical_of_clean(clean_text(text))
    # A token cut out of a messy cell is clean already in practice; settle pathological input
    # (a lone combining mark after a bracket) so that a second call changes nothing.
    for _ in range(4):
        again = _canonical_of_clean(clean_text(s))
        if again == s:
            break
        s = again
    return s


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """What a unit cell says: the canonical unit, and for money the decimal shift to 万元."""

    raw: str
    canonical: str
    money_shift: int | None = None

    @property
    def is_money(self) -> bool:
        return self.money_shift is not None


def unit_info(text: str | None) -> UnitInfo:
    raw = clean_text(text)
    canonical = canonical_unit(raw)
    shift = None
    if canonical == MONEY_UNIT:
        token = raw if raw in MONEY_SHIFT else _last_real_token(raw)
        shift = MONEY_SHIFT.get(token, 0)
    return UnitInfo(raw, canonical, shift)


def is_money_unit(text: str | None) -> bool:
    return canonical_unit(text) == MONEY_UNIT


def is_money_name(name: str | None) -> bool:
    """True when a 三级指标 name denotes an amount of money (支出金额, 年服务费, 首款, 尾款…) and not a
    rate or a schedule about money (预算执行率, 支出进度). Used only when the unit cell is blank."""
    s = clean_text(name)
    return any(w in s for w in _MONEY_NAME_WORDS) and not any(w in s for w in _MONEY_NAME_EXCLUDE)


def shift(value: Decimal, places: int) -> Decimal:
    """value × 10**places, exactly (no rounding to the context's precision). A shifted value
    carries no written precision of its own, so it comes back plain: 7578290 元 -> 757.829,
    1.2万 -> 12000 (never 757.8290 or 1.2E+4)."""
    if places == 0:
        return value
    with localcontext() as ctx:
        ctx.prec = max(28, len(value.as_tuple().digits) + abs(places) + 2)
        moved = value.scaleb(places)
    # Decimal(str) is exact whatever the context, and format_decimal drops the trailing zeros.
    return Decimal(format_decimal(moved))


def to_wan(value: Decimal, unit: str | None) -> Decimal:
    """A money value written in unit (元, 万元, 元/年 …) in 万元, exactly: 7578290 元 -> 757.829."""
    info = unit_info(unit)
    return shift(value, info.money_shift or 0)


def from_wan(value: Decimal, unit: str | None) -> Decimal:
    """The inverse of to_wan: a value in 万元 back in unit."""
    info = unit_info(unit)
    return shift(value, -(info.money_shift or 0))
