"""一级/二级指标 labels to their canonical form, level1 from level2, and the 三级指标 name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .tables import load
from .text import clean_text

_T = load("labels")
LEVEL1: tuple[str, ...] = tuple(_T["level1"])
LEVEL2_PARENT: dict[str, str] = dict(_T["level2_parent"])
LEVEL2: tuple[str, ...] = tuple(LEVEL2_PARENT)
_SYNONYMS = {1: dict(_T["level1_synonyms"]), 2: dict(_T["level2_synonyms"])}
LEVEL1_SYNONYMS: dict[str, str] = _SYNONYMS[1]
_CANON = {1: LEVEL1, 2: LEVEL2}
_MIN_PREFIX: int = _T["prefix_completion"]["min_length"]
_NAME_LABEL = re.compile(f"(?:{_T['name']['label_pattern']})+")
_GROUP_WEIGHT = re.compile(_T["group_weight"]["pattern"])


@dataclass(frozen=True, slots=True)
class LabelReading:
    """A label read against its vocabulary. value is "" when the label is not recognised;
    changed says a written variant was mapped (满意度 -> 满意度指标), which is worth telling."""

    value: str
    written: str
    changed: bool = False
    reason: str = ""
    weight: Decimal | None = None
    """The group weight a 一级 label carries (产出指标（50分） -> 50)."""


def split_group_weight(text: str | None) -> tuple[str, Decimal | None]:
    """产出指标(50分) -> (产出指标, 50); a label without a weight comes back as it is."""
    s = clean_text(text)
    m = _GROUP_WEIGHT.match(s)
    return (m.group(1), Decimal(m.group(2))) if m else (s, None)


def _canonical(level: int, text: str | None) -> LabelReading:
    written = clean_text(text)
    key = written.replace(" ", "")
    if not key:
        return LabelReading("", written, reason="单元格为空")
    canon = _CANON[level]
    if key in canon:
        return LabelReading(key, written)
    if key in _SYNONYMS[level]:
        return LabelReading(_SYNONYMS[level][key], written, changed=True)
    if len(key) >= _MIN_PREFIX:
        # A narrow cell cuts a label short; complete it only when there is no doubt.
        matches = [c for c in canon if c.startswith(key)]
        if len(matches) == 1:
            return LabelReading(matches[0], written, changed=True)
    return LabelReading("", written, reason=f"“{written}”不是已知的{'一' if level == 1 else '二'}级指标")


def read_level1(text: str | None) -> LabelReading:
    bare, weight = split_group_weight(text)
    if weight is None:
        return _canonical(1, text)
    r = _canonical(1, bare)
    return LabelReading(r.value, clean_text(text), r.changed, r.reason, weight)


def read_level2(text: str | None) -> LabelReading:
    return _canonical(2, text)


def canonical_level1(text: str | None) -> str:
    """产出指标/成本指标/效益指标/满意度指标 from a written variant; "" when unrecognised."""
    return read_level1(text).value


def canonical_level2(text: str | None) -> str:
    """One of the twelve 二级指标 from a written variant; "" when unrecognised."""
    return _canonical(2, text).value


def level1_of(level2: str | None) -> str:
    """The 一级指标 a 二级指标 belongs under ("" when level2 is not recognised)."""
    return LEVEL2_PARENT.get(canonical_level2(level2), "")


def levels_consistent(level1: str | None, level2: str | None) -> bool:
    """True when level2 belongs under level1 (both read through their vocabularies)."""
    parent = level1_of(level2)
    return bool(parent) and canonical_level1(level1) == parent


def strip_name_label(text: str | None) -> str:
    """The 三级指标 without its leading 指标N: label(s), clean text (指标1: 存储 -> 存储)."""
    s = clean_text(text)
    m = _NAME_LABEL.match(s)
    return s[m.end() :] if m else s
