"""A form's statement of its own weight scheme (评分标准：预算执行率10分，产出指标（含成本指标）50分，
效益指标30分，满意度指标10分。) to its items: which group each names and the weight it gives.

The statement is data, like a group label's weight: it does not change how the form is scored
by itself; score/select.py picks the rules profile it names, and score/scheme.py says when the
rules applied are not the ones the form states.
"""

from __future__ import annotations

import re
from decimal import Decimal

from model import StatedWeight

from .labels import LEVEL1, LEVEL1_SYNONYMS
from .tables import load
from .text import clean_text

_T = load("labels")["scheme"]
_ITEM = re.compile(_T["item_pattern"])
_CUT = re.compile(f"[{re.escape(_T['separators'])}]")
_FUNDS: tuple[str, ...] = tuple(sorted(_T["funds"], key=len, reverse=True))
_LEVEL1_WORDS: tuple[tuple[str, str], ...] = tuple(
    sorted(
        [(w, w) for w in LEVEL1] + [(w, canon) for w, canon in LEVEL1_SYNONYMS.items()],
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
)


def _level1_named(label: str) -> list[str]:
    """The 一级指标 a label mentions, in the order it mentions them (longest words first, so
    that 满意度指标 is not also read as its synonym 满意度)."""
    found: list[tuple[int, str]] = []
    taken = [False] * len(label)
    for word, canon in _LEVEL1_WORDS:
        start = label.find(word)
        while start >= 0:
            span = range(start, start + len(word))
            if not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                found.append((start, canon))
            start = label.find(word, start + 1)
    return list(dict.fromkeys(canon for _, canon in sorted(found)))


def read_scheme(text: str | None) -> list[StatedWeight]:
    """The items of a 评分标准 statement; [] for no statement or one without `N分` items."""
    s = clean_text(text).replace(" ", "")
    _, colon, rest = s.partition(":")
    items: list[StatedWeight] = []
    for part in _CUT.split(rest if colon else s):
        m = _ITEM.match(part)
        if m is None:
            continue
        label, weight = m.group(1), Decimal(m.group(2))
        if any(w in label for w in _FUNDS):
            items.append(StatedWeight(label=label, group="funds", weight=weight))
            continue
        named = _level1_named(label)
        items.append(StatedWeight(label=label, group=named[0] if named else "", level1=named, weight=weight))
    return items
