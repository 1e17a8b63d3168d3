"""Excel number formats: a stored number to the text a person sees in the cell.

A spreadsheet stores 1 and shows `100%`, stores 434500 and shows `434500.00`; the form means
what it shows (a declared rate is checked at its written precision, CONTRACT.md), so readers
render every number through its cell's format. Covered: General, digit placeholders `0 # ?`,
decimals, thousands separators and scaling commas, `%`, scientific `E+`, fractions, quoted and
escaped literals, `_x` padding, `*x` fill, colours, locale/currency tags (`[$¥-804]`), conditions
(`[>=100]`), up to four sections (positive; negative; zero; text), dates and times (`yyyy`, `m`,
`d`, `h`, `mm` as minutes after an hour or before seconds, `ss`, `.0`, `AM/PM`, `上午/下午`,
elapsed `[h]`, `aaaa` 星期). Not covered, shown as plain digits: `[DBNum1]` Chinese numerals.

Numbers are taken at 15 significant digits, as Excel keeps them, and rounded half away from
zero, as Excel displays them. General shows at most 11 characters, Excel's width for a number
in a column of standard width.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import lru_cache

BUILTIN_FORMATS: dict[int, str] = {
    # ECMA-376 Part 1, 18.8.30; the locale-dependent ids as a Chinese (zh-CN) Excel shows them,
    # since these forms are filled in on Chinese Windows.
    0: "General",
    1: "0",
    2: "0.00",
    3: "#,##0",
    4: "#,##0.00",
    5: '"¥"#,##0;"¥"\\-#,##0',
    6: '"¥"#,##0;[Red]"¥"\\-#,##0',
    7: '"¥"#,##0.00;"¥"\\-#,##0.00',
    8: '"¥"#,##0.00;[Red]"¥"\\-#,##0.00',
    9: "0%",
    10: "0.00%",
    11: "0.00E+00",
    12: "# ?/?",
    13: "# ??/??",
    14: "yyyy/m/d",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy/m/d h:mm",
    27: 'yyyy"年"m"月"',
    28: 'm"月"d"日"',
    29: 'm"月"d"日"',
    30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"',
    32: 'h"时"mm"分"',
    33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"',
    35: '上午/下午h"时"mm"分"ss"秒"',
    36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    41: '_ * #,##0_ ;_ * \\-#,##0_ ;_ * "-"_ ;_ @_ ',
    42: '_ "¥"* #,##0_ ;_ "¥"* \\-#,##0_ ;_ "¥"* "-"_ ;_ @_ ',
    43: '_ * #,##0.00_ ;_ * \\-#,##0.00_ ;_ * "-"??_ ;_ @_ ',
    44: '_ "¥"* #,##0.00_ ;_ "¥"* \\-#,##0.00_ ;_ "¥"* "-"??_ ;_ @_ ',
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
    48: "##0.0E+0",
    49: "@",
    50: 'yyyy"年"m"月"',
    51: 'm"月"d"日"',
    52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"',
    54: 'm"月"d"日"',
    55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"',
    58: 'm"月"d"日"',
}

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DAYS = tuple(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"])
_DAYS_ZH = "一二三四五六日"
_CONDITION = re.compile(r"(<=|>=|<>|<|>|=)\s*(-?[\d.]+(?:[eE][+-]?\d+)?)")
_ELAPSED = re.compile(r"(h+|m+|s+)", re.IGNORECASE)
_MAX_SERIAL = 2958466  # 10000-01-01: Excel shows no date past 9999-12-31

# token kinds
_LIT, _DIGIT, _DOT, _COMMA, _PCT, _EXP, _SLASH, _AT, _GENERAL, _DATE, _AMPM, _ELAPSED_T, _SUBSEC = range(13)


@dataclass
class _Section:
    tokens: list[tuple[int, str]] = field(default_factory=list)
    condition: tuple[str, float] | None = None
    is_date: bool = False
    is_text: bool = False
    has_digits: bool = False


def _tokenize(code: str) -> _Section:
    sec = _Section()
    out = sec.tokens
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        low = ch.lower()
        if ch == '"':
            j = code.find('"', i + 1)
            j = n if j < 0 else j
            out.append((_LIT, code[i + 1 : j]))
            i = j + 1
        elif ch == "\\":
            out.append((_LIT, code[i + 1 : i + 2]))
            i += 2
        elif ch == "_":
            out.append((_LIT, " "))  # room for a character, not the character itself
            i += 2
        elif ch == "*":
            i += 2  # fill to the column's width: nothing to show in text
        elif ch == "[":
            j = code.find("]", i + 1)
            j = n if j < 0 else j
            _bracket(code[i + 1 : j], sec)
            i = j + 1
        elif code.startswith("General", i) or code[i : i + 7].lower() == "general":
            out.append((_GENERAL, ""))
            i += 7
        elif code[i : i + 5].upper() == "AM/PM":
            out.append((_AMPM, "AM/PM"))
            i += 5
        elif code[i : i + 3].upper() == "A/P":
            out.append((_AMPM, code[i : i + 3]))
            i += 3
        elif code.startswith("上午/下午", i):
            out.append((_AMPM, "上午/下午"))
            i += 5
        elif ch in "0#?":
            out.append((_DIGIT, ch))
            i += 1
        elif ch == "." and sec.is_date and i + 1 < n and code[i + 1] == "0":
            j = i + 1
            while j < n and code[j] == "0":
                j += 1
            out.append((_SUBSEC, code[i + 1 : j]))
            i = j
        elif ch == ".":
            out.append((_DOT, ch))
            i += 1
        elif ch == ",":
            out.append((_COMMA, ch))
            i += 1
        elif ch == "%":
            out.append((_PCT, ch))
            i += 1
        elif low == "e" and i + 1 < n and code[i + 1] in "+-" and any(t == _DIGIT for t, _ in out):
            out.append((_EXP, code[i + 1]))
            i += 2
        elif ch == "/" and out and out[-1][0] == _DIGIT:
            out.append((_SLASH, ch))
            i += 1
        elif ch == "@":
            out.append((_AT, ch))
            i += 1
        elif low in "ymdhse" or (low == "a" and code[i : i + 3].lower() == "aaa"):
            j = i
            while j < n and code[j].lower() == low:
                j += 1
            out.append((_DATE, ("y" if low == "e" else low) * (j - i)))  # e: the year (CJK locales)
            sec.is_date = True
            i = j
        else:
            out.append((_LIT, ch))
            i += 1
    sec.has_digits = any(t == _DIGIT for t, _ in out)
    sec.is_date = sec.is_date or any(t in (_AMPM, _ELAPSED_T) for t, _ in out)
    sec.is_text = any(t == _AT for t, _ in out)
    return sec


def _bracket(inner: str, sec: _Section) -> None:
    if not inner:
        return
    if inner[0] == "$":
        # [$¥-804]: a currency symbol (before the dash) and a locale id (after it)
        sec.tokens.append((_LIT, inner[1:].split("-", 1)[0]))
    elif _ELAPSED.fullmatch(inner):
        sec.tokens.append((_ELAPSED_T, inner.lower()))
        sec.is_date = True
    elif m := _CONDITION.fullmatch(inner.strip()):
        sec.condition = (m.group(1), float(m.group(2)))
    # colours ([Red], [Color10]), [DBNum1] and other flags change nothing in the text


def _split_sections(code: str) -> list[str]:
    sections, start, i, n = [], 0, 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            j = code.find('"', i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch == "\\" or ch in "_*":
            i += 2
            continue
        if ch == "[":
            j = code.find("]", i + 1)
            i = n if j < 0 else j + 1
            continue
        if ch == ";":
            sections.append(code[start:i])
            start = i + 1
        i += 1
    sections.append(code[start:])
    return sections


@lru_cache(maxsize=512)
def _parse(code: str) -> tuple[_Section, ...]:
    return tuple(_tokenize(s) for s in _split_sections(code))


def _holds(cond: tuple[str, float], v: float) -> bool:
    op, x = cond
    return {
        "<": v < x,
        "<=": v <= x,
        ">": v > x,
        ">=": v >= x,
        "=": v == x,
        "<>": v != x,
    }[op]


_GENERAL_SECTION = _Section(tokens=[(_GENERAL, "")])


def _is_text_only(s: _Section) -> bool:
    return s.is_text and not s.has_digits and not s.is_date


def _text_section(sections: tuple[_Section, ...]) -> _Section | None:
    if len(sections) >= 4:
        return sections[3]
    return sections[-1] if _is_text_only(sections[-1]) else None


def _choose(sections: tuple[_Section, ...], value: float) -> tuple[_Section, bool]:
    """The section that shows `value`, and whether a minus sign is to be written for it: only
    the first section of an unconditional format writes one; a negative section has its own."""
    text = _text_section(sections)
    numeric = [s for s in sections[:3] if s is not text] or [_GENERAL_SECTION]
    if any(s.condition for s in numeric):
        for s in numeric:
            if s.condition is None or _holds(s.condition, value):
                return s, value < 0
        return numeric[-1], value < 0
    if value < 0 and len(numeric) >= 2:
        return numeric[1], False
    if value == 0 and len(numeric) >= 3:
        return numeric[2], False
    return numeric[0], value < 0


def format_text(text: str, code: str) -> str:
    """A text cell: shown as is unless the format has a text section (`0;-0;0;"说明："@`)."""
    section = _text_section(_parse(code)) if code else None
    if section is None:
        return text
    return "".join(text if t == _AT else v for t, v in section.tokens if t in (_AT, _LIT))


def format_value(value: float, code: str = "General", date1904: bool = False) -> str:
    """The text Excel shows for the number `value` in format `code`."""
    if math.isnan(value) or math.isinf(value):
        return "#NUM!"
    section, minus = _choose(_parse(code or "General"), value)
    if section.is_date:
        return _date(value, section, date1904) or general(value)
    if not section.tokens:
        return ""  # an empty section hides the value (";;;")
    if not section.has_digits:
        # General, or only literals ("免"): General's number in place of its token
        parts = [
            general(abs(value) if not minus else value) if t == _GENERAL else v
            for t, v in section.tokens
            if t in (_LIT, _GENERAL, _PCT)
        ]
        return "".join(parts)
    return ("-" if minus else "") + _number(abs(value), section)


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.15g}")


def general(value: float) -> str:
    """Excel's General: up to 11 characters, scientific for very large or small numbers."""
    if value == 0:
        return "0"
    d = _decimal(value)
    sign = "-" if d < 0 else ""
    d = abs(d)
    if d >= Decimal("1e11") or d < Decimal("1e-9"):
        exp = d.adjusted()
        mantissa = (d.scaleb(-exp)).quantize(Decimal("0.00001"), ROUND_HALF_UP)
        if mantissa >= 10:
            mantissa, exp = mantissa / 10, exp + 1
        m = _strip(f"{mantissa:f}")
        return f"{sign}{m}E{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    int_digits = max(d.adjusted() + 1, 1)
    decimals = max(10 - int_digits, 0)
    q = d.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    if q == 0:
        # too small for 11 characters in fixed notation
        exp = d.adjusted()
        mantissa = d.scaleb(-exp).quantize(Decimal("0.00001"), ROUND_HALF_UP)
        return f"{sign}{_strip(f'{mantissa:f}')}E-{abs(exp):02d}"
    return sign + _strip(f"{q:f}")


def _strip(s: str) -> str:
    return s.rstrip("0").rstrip(".") if "." in s else s


def _number(x: float, sec: _Section) -> str:
    toks = sec.tokens
    exp_at = next((k for k, (t, _) in enumerate(toks) if t == _EXP), None)
    if any(t == _SLASH for t, _ in toks):
        return _fraction(x, toks)
    scale = sum(1 for t, _ in toks if t == _PCT)
    mant_toks = toks if exp_at is None else toks[:exp_at]
    # commas right after the last digit placeholder (before the point or the end) divide by 1000
    last_digit = max(k for k, (t, _) in enumerate(mant_toks) if t == _DIGIT)
    trailing = 0
    k = last_digit + 1
    while k < len(mant_toks) and mant_toks[k][0] == _COMMA:
        trailing += 1
        k += 1
    d = _decimal(x).scaleb(2 * scale - 3 * trailing)
    dot = next((k for k, (t, _) in enumerate(mant_toks) if t == _DOT), None)
    int_toks = mant_toks if dot is None else mant_toks[:dot]
    frac_toks = [] if dot is None else mant_toks[dot + 1 :]
    n_frac = sum(1 for t, _ in frac_toks if t == _DIGIT)
    q = Decimal(1).scaleb(-n_frac)
    exp_text = ""
    if exp_at is not None:
        d, exp = _scientific(d, int_toks, q)
        exp_toks = toks[exp_at + 1 :]
        width = sum(1 for t, v in exp_toks if t == _DIGIT and v == "0")
        sign = "-" if exp < 0 else ("+" if toks[exp_at][1] == "+" else "")
        exp_text = "E" + sign + str(abs(exp)).zfill(width) + _literals(exp_toks)
    else:
        d = d.quantize(q, ROUND_HALF_UP)
    text = f"{d:f}"
    int_part, _, frac_part = text.partition(".")
    grouping = any(t == _COMMA for t, _ in int_toks[: _last(int_toks, _DIGIT) + 1]) and any(
        t == _DIGIT for t, _ in int_toks
    )
    out = _fill_int(int_part, int_toks, grouping)
    if dot is not None:
        out += "." + _fill_frac(frac_part.ljust(n_frac, "0")[:n_frac], frac_toks)
    return out + exp_text


def _scientific(d: Decimal, int_toks: list[tuple[int, str]], q: Decimal) -> tuple[Decimal, int]:
    """Mantissa and exponent: one integer digit for `0.00E+00`, as many as written for
    `00.0E+0`, and an exponent that is a multiple of the placeholders for `##0.0E+0`."""
    places = [v for t, v in int_toks if t == _DIGIT] or ["0"]
    n_int = len(places)
    engineering = n_int > 1 and "#" in places
    if not d:
        return Decimal(0).quantize(q), 0
    exp = math.floor(d.adjusted() / n_int) * n_int if engineering else d.adjusted() - (n_int - 1)
    mant = d.scaleb(-exp).quantize(q, ROUND_HALF_UP)
    if mant >= Decimal(10) ** n_int:  # 9.999 rounded up to 10.00
        exp += n_int if engineering else 1
        mant = d.scaleb(-exp).quantize(q, ROUND_HALF_UP)
    return mant, exp


def _last(toks: list[tuple[int, str]], kind: int) -> int:
    return max((k for k, (t, _) in enumerate(toks) if t == kind), default=-1)


def _literals(toks: list[tuple[int, str]]) -> str:
    return "".join(v for t, v in toks if t in (_LIT, _PCT))


def _fill_int(digits: str, toks: list[tuple[int, str]], grouping: bool) -> str:
    """Digits right to left into the placeholders; extra digits go before the first one."""
    places = [k for k, (t, _) in enumerate(toks) if t == _DIGIT]
    if digits == "0":
        digits = ""  # a zero integer part shows only where a 0 placeholder asks for it
    digs = list(digits)
    filled: dict[int, str] = {}
    for k in reversed(places):
        ph = toks[k][1]
        if digs:
            filled[k] = digs.pop()
        else:
            filled[k] = "0" if ph == "0" else " " if ph == "?" else ""
    if places:
        filled[places[0]] = "".join(digs) + filled[places[0]]
    out = []
    run: list[str] = []
    for k, (t, v) in enumerate(toks):
        if t == _DIGIT:
            run.append(filled[k])
        elif t == _COMMA:
            continue
        else:
            if run:
                out.append("".join(run))
                run = []
            out.append(v if t in (_LIT, _PCT) else "")
    if run:
        out.append("".join(run))
    text = "".join(out)
    if grouping:
        m = re.search(r"\d+", text)
        if m:
            text = text[: m.start()] + f"{int(m.group()):,}" + text[m.end() :]
    return text


def _fill_frac(digits: str, toks: list[tuple[int, str]]) -> str:
    places = [k for k, (t, _) in enumerate(toks) if t == _DIGIT]
    chars = dict(zip(places, digits, strict=False))
    # trailing zeros under # vanish, under ? become spaces
    for k in reversed(places):
        ph = toks[k][1]
        if chars[k] != "0" or ph == "0":
            break
        chars[k] = "" if ph == "#" else " "
    return "".join(
        chars[k] if t == _DIGIT else v if t in (_LIT, _PCT) else "" for k, (t, v) in enumerate(toks)
    )


def _fraction(x: float, toks: list[tuple[int, str]]) -> str:
    slash = next(k for k, (t, _) in enumerate(toks) if t == _SLASH)
    den_toks = toks[slash + 1 :]
    den_digits = "".join(v for t, v in den_toks if t == _DIGIT)
    num_start = slash - 1
    while num_start > 0 and toks[num_start - 1][0] == _DIGIT:
        num_start -= 1
    whole_toks = toks[:num_start]
    has_whole = any(t == _DIGIT for t, _ in whole_toks)
    whole = int(x) if has_whole else 0
    rest = x - whole
    if den_digits.isdigit() and den_digits.strip("0"):
        den = int(den_digits)
        num = round(rest * den)
    else:
        f = Fraction(rest).limit_denominator(10 ** max(len(den_digits), 1) - 1)
        num, den = f.numerator, f.denominator
    if num == den and has_whole:
        whole, num = whole + 1, 0
    out = _fill_int(str(whole), whole_toks, False).rstrip() if has_whole else ""
    if num == 0 and has_whole:
        return out or "0"
    sep = " " if out else ""
    return f"{out}{sep}{num}/{den}".strip() + _literals(den_toks)


def _parts(value: float, date1904: bool, subsec: int) -> tuple[datetime, bool] | None:
    """The date and time of a serial number, rounded as shown, or None where Excel shows no
    date. Serial 60 of the 1900 system is 1900-02-29, a day that never was (Lotus's leap-year
    bug, kept by Excel): it comes back as 1900-02-28 with the flag set."""
    if value < 0 or value >= _MAX_SERIAL:
        return None
    days = math.floor(value)
    unit = 10**subsec
    ticks = round((value - days) * 86400 * unit)
    if ticks >= 86400 * unit:
        days, ticks = days + 1, 0
    time = timedelta(seconds=ticks // unit, microseconds=(ticks % unit) * 10**6 // unit)
    if date1904:
        return datetime(1904, 1, 1) + timedelta(days=days) + time, False
    if days == 60:
        return datetime(1900, 2, 28) + time, True
    base = datetime(1899, 12, 30) if days > 60 else datetime(1899, 12, 31)
    return base + timedelta(days=days) + time, False


def _date(value: float, sec: _Section, date1904: bool) -> str | None:
    toks = sec.tokens
    subsec = max((len(v) for t, v in toks if t == _SUBSEC), default=0)
    parts = _parts(value, date1904, subsec)
    if parts is None:
        return None
    dt, leap = parts
    twelve = any(t == _AMPM for t, _ in toks)
    date_toks = [(k, v) for k, (t, v) in enumerate(toks) if t in (_DATE, _ELAPSED_T)]
    minutes: set[int] = set()
    for idx, (k, v) in enumerate(date_toks):
        if v[0] != "m" or len(v) > 2 or toks[k][0] != _DATE:
            continue
        before = date_toks[idx - 1][1] if idx > 0 else ""
        after = date_toks[idx + 1][1] if idx + 1 < len(date_toks) else ""
        if before.startswith("h") or after.startswith("s"):
            minutes.add(k)
    day = 29 if leap else dt.day
    total_seconds = value * 86400
    out = []
    for k, (t, v) in enumerate(toks):
        if t in (_LIT, _PCT):
            out.append(v)
        elif t == _DATE:
            out.append(_date_token(v, dt, day, k in minutes, twelve))
        elif t == _AMPM:
            am = dt.hour < 12
            if v == "上午/下午":
                out.append("上午" if am else "下午")
            elif v.upper() == "A/P":
                out.append(v[0] if am else v[2])
            else:
                out.append("AM" if am else "PM")
        elif t == _ELAPSED_T:
            unit = {"h": 3600, "m": 60, "s": 1}[v[0]]
            out.append(str(int(round(total_seconds) // unit)).zfill(len(v)))
        elif t == _SUBSEC:
            out.append("." + str(dt.microsecond * 10 ** len(v) // 10**6).zfill(len(v)))
        elif t in (_DOT, _COMMA):
            out.append(v)
    return "".join(out)


def _date_token(v: str, dt: datetime, day: int, minute: bool, twelve: bool) -> str:
    n, c = len(v), v[0]
    if c == "y":
        return str(dt.year)[-2:] if n <= 2 else str(dt.year)
    if c == "m" and minute:
        return str(dt.minute).zfill(n)
    if c == "m":
        if n <= 2:
            return str(dt.month).zfill(n)
        name = _MONTHS[dt.month - 1]
        return name[:3] if n == 3 else name[0] if n == 5 else name
    if c == "d":
        if n <= 2:
            return str(day).zfill(n)
        name = _DAYS[dt.weekday()]
        return name[:3] if n == 3 else name
    if c == "a":
        zh = _DAYS_ZH[dt.weekday()]
        return zh if n == 3 else "星期" + zh
    if c == "h":
        hour = dt.hour % 12 or 12 if twelve else dt.hour
        return str(hour).zfill(min(n, 2))
    if c == "s":
        return str(dt.second).zfill(min(n, 2))
    return v
