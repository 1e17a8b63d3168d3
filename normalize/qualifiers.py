"""Bounds a 实际完成值 puts on its number (99%以上 -> ge, 2小时内 -> le, 低于45万元 -> lt)."""

from __future__ import annotations

from typing import cast

from model import Qualifier

from .tables import load, longest_first

_T = load("qualifiers")
BEFORE: dict[str, str] = _T["before"]
AFTER: dict[str, str] = _T["after"]
_BEFORE_ORDER = longest_first(BEFORE)
_AFTER_ORDER = longest_first(AFTER)
_AFTER_NOT = longest_first(_T["after_not"]["words"])


def qualifier_before(prefix: str) -> Qualifier | None:
    """The bound written right before a number; prefix is the text up to the number."""
    for word in _BEFORE_ORDER:
        if prefix.endswith(word):
            return cast(Qualifier, BEFORE[word])
    return None


def qualifier_after(suffix: str) -> Qualifier | None:
    """The bound written right after a number and its unit; suffix is the text after them."""
    if any(suffix.startswith(w) for w in _AFTER_NOT):
        return None
    for word in _AFTER_ORDER:
        if suffix.startswith(word):
            return cast(Qualifier, AFTER[word])
    return None
