"""Grade scales of qualitative indicators and the grade a 实际完成值 states."""

from __future__ import annotations

import re

from .reading import Reading
from .tables import load, longest_first
from .text import clean_text
from .typos import fix_typos

_T = load("grades")
_SEPARATORS = re.compile(_T["separators"])
GRADE_WORDS: tuple[str, ...] = longest_first(_T["words"])
_NOT_GRADES: tuple[str, ...] = longest_first(_T["not_grades"])
_PHRASES: dict[str, str] = _T["phrases"]
_PHRASE_ORDER: tuple[str, ...] = longest_first(_PHRASES)
_TIERS: dict[str, int] = {
    **{w: 2 for w in _T["tiers"]["second"]},
    **{w: 1 for w in _T["tiers"]["first"]},
}


def _tokenize(part: str) -> list[str] | None:
    """A run of grade words written without separators (优良中低差), longest word first;
    None when something in it is not a grade word."""
    words: list[str] = []
    i = 0
    while i < len(part):
        word = next((w for w in GRADE_WORDS if part.startswith(w, i)), None)
        if word is None:
            return None
        words.append(word)
        i += len(word)
    return words


def read_scale(text: str | None) -> Reading[tuple[str, ...]]:
    """The ordered grade words of a scale cell (docs/canonical.md, Grade scales); the first is the
    top tier. Typos are fixed first (优良种低差). 合格/不合格 -> (合格, 不合格), 高中低 -> (高, 中, 低)."""
    s, _ = fix_typos(text)
    parts = [p for p in _SEPARATORS.split(s) if p]
    if not parts:
        return Reading(None, "年度指标值为空")
    words: list[str] = []
    for part in parts:
        if part in GRADE_WORDS:
            words.append(part)
            continue
        split = _tokenize(part)
        if split is None:
            if len(parts) == 1:
                return Reading(None, f"“{s}”不是等级序列")
            # Separated words are grades by their place even when unknown (达到/未达到).
            words.append(part)
        else:
            words.extend(split)
    # A scale names each grade once; 优良优 is not a scale.
    if len(set(words)) != len(words):
        return Reading(None, f"“{s}”中有重复的等级")
    return Reading(tuple(words))


def split_scale(text: str | None) -> tuple[str, ...]:
    """read_scale's words, () when the cell is not a scale."""
    return read_scale(text).value or ()


def _leading_grade(s: str) -> str:
    for phrase in _PHRASE_ORDER:
        if s.startswith(phrase):
            return _PHRASES[phrase]
    for word in GRADE_WORDS:
        if s.startswith(word):
            rest = s[len(word) :]
            # 优（…） and 合格,… lead with a grade; 优化… and 高效… do not.
            if not rest or not rest[0].isalnum():
                return word
            return ""
    return ""


def _first_scale_word(s: str, scale: tuple[str, ...]) -> str:
    """The first word of scale in s, reading left to right and taking the longest word at each
    place, so that 不合格 is never read as 合格 nor 较满意 as 满意."""
    wanted = set(scale)
    candidates = longest_first([*scale, *GRADE_WORDS, *_NOT_GRADES])
    i = 0
    while i < len(s):
        word = next((w for w in candidates if s.startswith(w, i)), None)
        if word is None:
            i += 1
        elif word in wanted:
            return word
        else:
            i += len(word)
    return ""


def read_grade(text: str | None, scale: tuple[str, ...] = ()) -> Reading[str]:
    """The grade a qualitative 实际完成值 states: the grade word leading the cell (优（…） -> 优),
    else the first word of the row's own scale found in it (验收结果为优 -> 优, 数据共享率高 -> 高)."""
    s = clean_text(text)
    if not s:
        return Reading(None, "实际完成值为空")
    lead = _leading_grade(s)
    if lead:
        return Reading(lead)
    if scale:
        found = _first_scale_word(s, tuple(scale))
        if found:
            return Reading(found)
        return Reading(None, f"“{s}”中没有“{'、'.join(scale)}”中的等级")
    return Reading(None, f"“{s}”中没有等级词")


def grade_tier(word: str | None) -> int:
    """Band of a grade word by the word table (1: 80–100 %, 2: 60–80 %, 3: 0–60 %), for a grade
    written outside its indicator's scale."""
    return _TIERS.get(clean_text(word), 3)


def scale_tier(word: str | None, scale: tuple[str, ...]) -> int | None:
    """Band of a grade by its place in its scale (first -> 1, second -> 2, later -> 3); None when
    the word is not in the scale."""
    w = clean_text(word)
    if w not in scale:
        return None
    return min(scale.index(w) + 1, 3)
