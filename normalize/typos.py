"""Known vocabulary typos (优良种低差 -> 优良中低差), fixed and reported."""

from __future__ import annotations

from .tables import load, longest_first
from .text import clean_text

FIXES: dict[str, str] = load("typos")["fixes"]
_ORDER = longest_first(FIXES)


def fix_typos(text: str | None) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Clean text with every known typo replaced, and the (wrong, right) pairs that were applied
    (so that the caller can raise LABEL_NORMALIZED). Fixes never create another typo, so applying
    this twice changes nothing."""
    s = clean_text(text)
    applied: list[tuple[str, str]] = []
    for wrong in _ORDER:
        if wrong in s:
            s = s.replace(wrong, FIXES[wrong])
            applied.append((wrong, FIXES[wrong]))
    return s, tuple(applied)
