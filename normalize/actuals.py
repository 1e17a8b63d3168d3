"""The number a 实际完成值 sentence reports, in the indicator's unit (docs/canonical.md, Actual values).

提供平台运维月报12份 -> 12; 首款支付金额32万元，2024年支付尾款8万元 -> 32 (万元); 2小时内 -> 2, le.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from model import Qualifier

from .numeric import PLACEHOLDERS, NumberToken, scan_numbers
from .qualifiers import qualifier_after, qualifier_before
from .tables import longest_first
from .text import clean_text
from .units import (
    ALIASES,
    KNOWN_UNITS,
    LIST_MARKERS,
    MEASURE_WORDS,
    MONEY_SHIFT_IN_TEXT,
    MULTIPLIERS,
    ORDINAL_PREFIXES,
    UnitInfo,
    shift,
    unit_info,
)

_MONEY_WORDS = longest_first(MONEY_SHIFT_IN_TEXT)


@dataclass(frozen=True, slots=True)
class ActualReading:
    value: Decimal | None
    """In the row's canonical unit (万元 for money)."""
    qualifier: Qualifier | None = None
    reason: str = ""
    """Why value is None (Chinese, for people)."""


def _unit_spellings(info: UnitInfo) -> tuple[str, ...]:
    """Ways a sentence writes the row's (non-money) unit: the canonical unit, the cell as written,
    every alias of it (时 for 小时), and the count of a rate unit (人 for 人/年)."""
    if not info.canonical:
        return ()
    spellings = {info.canonical, info.raw}
    spellings.update(a for a, c in ALIASES.items() if c == info.canonical)
    for u in list(spellings):
        head = u.split("/", 1)[0]
        if head and head != u:
            spellings.add(head)
    return longest_first(s for s in spellings if s)


def _starts_with(rest: str, word: str) -> bool:
    if rest[: len(word)].casefold() != word.casefold():
        return False
    # An ASCII unit must end where the word ends: M is not the start of Mbps.
    after = rest[len(word) : len(word) + 1]
    return not (word[-1:].isascii() and word[-1:].isalpha() and after.isascii() and after.isalpha())


def _match_unit(rest: str, spellings: tuple[str, ...], money: bool) -> tuple[int, int] | None:
    """(length of the unit text at the start of rest, decimal shift to the canonical unit) when
    rest starts with the row's unit, possibly after a measure word (4个月) or a multiplier (1.2万人)."""
    words = [(w, MONEY_SHIFT_IN_TEXT[w]) for w in _MONEY_WORDS] if money else [(w, 0) for w in spellings]
    for lead, lead_shift in [("", 0), *((m, 0) for m in MEASURE_WORDS)] + (
        [] if money else [(m, p) for m, p in MULTIPLIERS.items()]
    ):
        if lead and not rest.startswith(lead):
            continue
        tail = rest[len(lead) :]
        for word, word_shift in words:
            if word and _starts_with(tail, word):
                return len(lead) + len(word), lead_shift + word_shift
    return None


def _has_own_unit(rest: str) -> bool:
    """Whether rest starts with some unit (2024年) or marks a list item (1、)."""
    if not rest:
        return False
    first = rest[0]
    if first == "%" or (first.isascii() and first.isalpha()):
        return True
    return any(rest.startswith(w) for w in (*KNOWN_UNITS, *LIST_MARKERS))


def _is_ordinal_or_code(s: str, tok: NumberToken) -> bool:
    """第1批, V2, 5G: numbers that name something rather than count it."""
    before = s[: tok.start]
    if any(before.endswith(p) for p in ORDINAL_PREFIXES):
        return True
    prev = before[-1:]
    return bool(prev) and prev.isascii() and prev.isalpha()


def _reading(s: str, tok: NumberToken, unit_len: int, value: Decimal) -> ActualReading:
    qualifier = qualifier_before(s[: tok.start]) or qualifier_after(s[tok.end + unit_len :])
    return ActualReading(value, qualifier)


def read_actual(text: str | None, unit: str | None, *, money: bool = False) -> ActualReading:
    """The first number of text in the row's unit, or with no unit of its own, in the canonical
    unit. A number directly followed by another unit (2024年 in a 万元 row) is skipped.
    money: the row is money though its unit cell is blank (by the indicator's name): numbers
    written with a money unit are then read in 万元, bare numbers as written.
    Never raises; an unreadable cell gives value None and the reason."""
    s = clean_text(text)
    if s in PLACEHOLDERS:
        return ActualReading(None, reason="实际完成值为空" if not s else f"实际完成值为占位符“{s}”")
    info = unit_info(unit)
    is_money = info.is_money or money
    spellings = _unit_spellings(info)
    row_shift = info.money_shift or 0
    fallback: ActualReading | None = None
    for tok in scan_numbers(s):
        if _is_ordinal_or_code(s, tok):
            continue
        rest = s[tok.end :]
        matched = _match_unit(rest, spellings, is_money)
        if matched is not None:
            unit_len, places = matched
            return _reading(s, tok, unit_len, shift(tok.value, places))
        if tok.chinese:
            # 一/两 are words as often as numbers; only a following unit makes them a count.
            continue
        if _has_own_unit(rest):
            if not info.canonical and not is_money and fallback is None and not rest.startswith(LIST_MARKERS):
                fallback = _reading(s, tok, 0, tok.value)
            continue
        return _reading(s, tok, 0, shift(tok.value, row_shift))
    if fallback is not None:
        # A row without a unit takes the first number whatever it counts.
        return fallback
    if not scan_numbers(s):
        return ActualReading(None, reason=f"“{s}”中没有数字")
    unit_name = info.canonical or ("万元" if is_money else "")
    return ActualReading(None, reason=f"“{s}”中没有以“{unit_name}”计的数字")
