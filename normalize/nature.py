"""绩效指标性质 to a code: ge, le, eq, gt, lt, qualitative."""

from __future__ import annotations

from typing import cast

from model import Nature

from .reading import Reading
from .tables import load, longest_first
from .text import clean_text

_T = load("nature")
CODES: dict[str, str] = _T["codes"]
_ORDER = longest_first(CODES)
OPERATORS: tuple[str, ...] = tuple(w for w in _ORDER if CODES[w] != "qualitative")
_INFER = _T["inference"]
BASIS: dict[str, str] = _INFER["basis"]


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


def leading_operator(text: str | None) -> Nature | None:
    """The nature a 年度指标值 cell writes at its head (≥50个 -> ge, 不少于12种 -> ge); None when it
    starts with no operator (100%, 50个) or the cell is a grade scale."""
    s = clean_text(text).replace(" ", "")
    for word in _ORDER:
        if s.startswith(word) and CODES[word] != "qualitative":
            return cast(Nature, CODES[word])
    return None


def infer_nature(
    *, level1: str, level2: str, unit: str, name: str, qualifier: str | None
) -> tuple[Nature, str]:
    """(nature, basis) of a quantitative row that states none (the basis keys BASIS)."""
    if qualifier in ("ge", "gt", "le", "lt"):
        return cast(Nature, "ge" if qualifier in ("ge", "gt") else "le"), "target"
    if level1 in _INFER["le_level1"] or level2 in _INFER["le_level2"]:
        return "le", "level"
    if unit in _INFER["le_units"]:
        return "le", "unit"
    if any(w in name for w in _INFER["le_name_words"]):
        return "le", "name"
    return cast(Nature, _INFER["default"]), "default"
