"""绩效指标性质 to a code: ge, le, eq, gt, lt, qualitative."""

from __future__ import annotations

from typing import cast

from model import Nature

from .reading import Reading
from .tables import load, longest_first
from .text import clean_text

CODES: dict[str, str] = load("nature")["codes"]
_ORDER = longest_first(CODES)


def read_nature(text: str | None) -> Reading[Nature]:
    """The code of a nature cell. The whole cell is matched first; failing that, a cell that
    starts with a known word (≥(正向)) takes that word's code."""
    s = clean_text(text).replace(" ", "")
    if not s:
        return Reading(None, "绩效指标性质为空")
    if s in CODES:
        return Reading(cast(Nature, CODES[s]))
    for word in _ORDER:
        if s.startswith(word):
            return Reading(cast(Nature, CODES[word]))
    return Reading(None, f"“{s}”不是已知的指标性质")


def nature_code(text: str | None) -> Nature | None:
    return read_nature(text).value
