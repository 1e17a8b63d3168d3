"""Qualitative grade scales: a scale as written (优良中低差, 合格/不合格) cut into its grade words, and
the band of the weight a grade earns by its place (财预〔2020〕10号, as a profile states it)."""

from __future__ import annotations

import re

from normalize.tables import load
from score.profile import Band, Profile

_GRADES = load("grades")
_TARGET_PHRASES: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _GRADES["target_phrases"].items()}
_NO_SCALE: frozenset[str] = frozenset(_GRADES["targets_without_scale"]["words"])


def scale_words(target_text: str, profile: Profile) -> tuple[str, ...]:
    """The grade words of a written scale, best first. Separators win; a scale written without
    them is cut by the profile's vocabulary, longest word first, any other character alone."""
    text = "".join(target_text.split())
    if not text or text in _NO_SCALE:
        return ()
    if text in _TARGET_PHRASES:
        return _TARGET_PHRASES[text]
    pieces = [p for p in re.split(f"[{re.escape(profile.scale_separators)}]", text) if p]
    if len(pieces) > 1:
        return tuple(pieces)
    words: list[str] = []
    i = 0
    while i < len(text):
        word = next((w for w in profile.scale_words if text.startswith(w, i)), text[i])
        words.append(word)
        i += len(word)
    return tuple(words)


def tier(grade: str, scale: tuple[str, ...], profile: Profile) -> int | None:
    """0 for the first tier, 1 for the second, ..., len(position_bands) for "any later one"; None
    when there is no grade. A grade outside its scale is placed by the profile's word tables; one
    they do not name is no achievement the tables know of, so it takes the last tier."""
    if not grade:
        return None
    last = len(profile.position_bands)
    if grade in profile.lowest_words:
        return last
    if grade in scale:
        return min(scale.index(grade), last)
    if grade in profile.first_tier_words:
        return 0
    if grade in profile.second_tier_words:
        return 1
    return last


def band(tier_index: int, profile: Profile) -> Band:
    if tier_index < len(profile.position_bands):
        return profile.position_bands[tier_index]
    return profile.other_band
