"""Chinese numerals to Decimal (一 → 1, 十二 → 12, 两 → 2, 一百零五 → 105, 二〇二四 → 2024)."""

from __future__ import annotations

import re
from decimal import Decimal

from .tables import load, longest_first

_T = load("numerals")
DIGITS: dict[str, int] = _T["digits"]
SMALL_UNITS: dict[str, int] = _T["small_units"]
SECTION_UNITS: dict[str, int] = _T["section_units"]
NOT_NUMBERS: tuple[str, ...] = longest_first(_T["not_numbers"]["words"])

NUMERAL_CHARS = frozenset(DIGITS) | frozenset(SMALL_UNITS) | frozenset(SECTION_UNITS)
NUMERAL_RUN = re.compile("[" + re.escape("".join(sorted(NUMERAL_CHARS))) + "]+")
_TEN = next(iter(k for k, v in SMALL_UNITS.items() if v == 10))


def parse_chinese_numeral(s: str) -> Decimal | None:
    """The value of a run of Chinese numeral characters, or None when it is not a well-formed
    number. A run needs a digit or a leading 十: 万 or 百 alone is a word (百姓), not a number."""
    if not s or any(ch not in NUMERAL_CHARS for ch in s):
        return None
    if not (any(ch in DIGITS for ch in s) or s[0] == _TEN):
        return None
    if all(ch in DIGITS for ch in s):
        # Positional digits (二〇二四); a single digit is the same thing.
        return Decimal("".join(str(DIGITS[ch]) for ch in s))
    total = 0
    section = 0
    digit: int | None = None
    last_small = 10**9  # multipliers inside a section must fall (千 > 百 > 十)
    for ch in s:
        if ch in DIGITS:
            value = DIGITS[ch]
            if value == 0:
                # 零 only marks a skipped place (一百零五); it never multiplies.
                if digit is not None:
                    return None
                continue
            if digit is not None:
                return None
            digit = value
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            digit = None
            last_small = unit
        else:
            unit = SECTION_UNITS[ch]
            section += digit or 0
            if section == 0:
                return None
            total = (total + section) * unit if unit > 10000 else total + section * unit
            section = 0
            digit = None
            last_small = 10**9
    return Decimal(total + section + (digit or 0))
