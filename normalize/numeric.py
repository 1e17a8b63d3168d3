"""Numbers in cells: parsing to Decimal, the canonical output format, placeholders.

Decimal throughout, and the written precision is kept (Decimal("99.90") keeps its exponent) so
that score/ can compare a declared figure at the precision it was written with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .numerals import NOT_NUMBERS, NUMERAL_RUN, parse_chinese_numeral
from .reading import Reading
from .tables import load
from .text import clean_text

PLACEHOLDERS = frozenset(load("placeholders")["placeholders"])

# A whole cell that is one number: sign, digits with optional thousands separators (1,234.5),
# optional fraction, optional trailing % (docs/canonical.md, Numbers).
_CELL_NUMBER = re.compile(r"(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|[+-]?\.\d+)(?P<pct>%?)")
# A number inside a sentence. No sign (a dash there is punctuation: 2023-2024), thousands groups
# only when they are exactly three digits, and never the tail of a longer digit run.
_TEXT_NUMBER = re.compile(r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?")


def is_placeholder(text: str | None) -> bool:
    """True for a cell that means "nothing written" (—, -, /, 无, empty)."""
    return clean_text(text) in PLACEHOLDERS


def _to_decimal(digits: str) -> Decimal | None:
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_decimal(text: str | None) -> Reading[Decimal]:
    """A cell holding one number (434500.00, 1,234.5, 99.90%, full-width digits): its Decimal
    as written; a trailing % is dropped, leaving the 0–100 figure."""
    s = clean_text(text)
    if s in PLACEHOLDERS:
        return Reading(None, "单元格为空" if not s else f"单元格为占位符“{s}”")
    m = _CELL_NUMBER.fullmatch(s)
    if m is None:
        return Reading(None, f"“{s}”不是一个数字")
    value = _to_decimal(m.group("num"))
    return Reading(value, "" if value is not None else f"“{s}”不是一个数字")


def parse_decimal(text: str | None) -> Decimal | None:
    """read_decimal's value (None for placeholders and anything that is not one number)."""
    return read_decimal(text).value


def parse_percent(text: str | None) -> Decimal | None:
    """A percentage on the 0–100 scale: 99.98% -> 99.98. A bare number is taken as already on
    that scale (a rate cell is never written as a fraction in these forms)."""
    return read_decimal(text).value


def read_number_with_suffix(text: str | None, suffixes: tuple[str, ...]) -> Reading[Decimal]:
    """A cell holding one number, optionally followed by one of suffixes (10分, 738.6万元)."""
    s = clean_text(text)
    for suffix in suffixes:
        if suffix and s.endswith(suffix) and len(s) > len(suffix):
            stripped = read_decimal(s[: -len(suffix)])
            if stripped.ok:
                return stripped
    return read_decimal(s)


def format_decimal(value: Decimal | None) -> str:
    """Plain decimal, no exponent, trailing fractional zeros dropped; "" for None.
    434500.00 -> 434500, 99.90 -> 99.9, 0E-8 -> 0. Exact: no rounding by any context."""
    if value is None or not value.is_finite():
        return ""
    if value.is_zero():
        return "0"
    s = format(value, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


@dataclass(frozen=True, slots=True)
class NumberToken:
    """A number found in a sentence: where it is and what it is worth."""

    start: int
    end: int
    value: Decimal
    chinese: bool


def _blocked_spans(s: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for word in NOT_NUMBERS:
        start = s.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = s.find(word, start + 1)
    return spans


def scan_numbers(s: str) -> list[NumberToken]:
    """Every number in clean text s, left to right: Arabic (1,234.5) and Chinese (十二) runs.
    Chinese runs inside words such as 统一 or 一体化 are left out."""
    tokens = [
        NumberToken(m.start(), m.end(), v, False)
        for m in _TEXT_NUMBER.finditer(s)
        if (v := _to_decimal(m.group())) is not None
    ]
    blocked = _blocked_spans(s)
    for m in NUMERAL_RUN.finditer(s):
        start, end = m.start(), m.end()
        # Trim the run where a blocking word overlaps it (统一年 keeps nothing, 服务一年 keeps 一).
        for b0, b1 in blocked:
            if b0 < end and start < b1:
                if b0 <= start:
                    start = max(start, b1)
                else:
                    end = min(end, b0)
        if start >= end:
            continue
        value = parse_chinese_numeral(s[start:end])
        if value is not None:
            tokens.append(NumberToken(start, end, value, True))
    tokens.sort(key=lambda t: t.start)
    return tokens
