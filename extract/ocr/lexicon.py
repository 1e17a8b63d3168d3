"""Reading a form's own labels with the form's vocabulary.

The parser finds every column and block by its label (extract/labels.toml) and matches them
exactly: one misread character in a header ("续效指标性质" for 绩效指标性质, a seal's ink in
"年度指林标值") loses a whole column. A recognized cell that is one character away from a
label of four or more characters (two away for long ones) is that label: no value of a form
is that close to a column header, except 一级/二级指标 words (时效指标 is one character from the
block label 绩效指标): a text as close to one of those is left alone. Data vocabulary is not
corrected here: a typo written in the form is a finding, not a misreading.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

import normalize
from extract import labels

STRUCTURAL = (
    "header_fields",
    "funds_columns",
    "funds_rows",
    "goal_columns",
    "indicator_columns",
    "total_row",
    "block_labels",
    "notes",
)
_MIN_LEN = 4
_LONG = 8


@cache
def _words() -> tuple[str, ...]:
    table = labels.table()
    found = {w for section in STRUCTURAL for words in table[section].values() for w in words}
    return tuple(sorted((w for w in found if len(w) >= _MIN_LEN), key=len, reverse=True))


@cache
def _values() -> frozenset[str]:
    """一级/二级指标 words (normalize/data/labels.toml): values that lie one character from a
    label (时效指标 and the block label 绩效指标) and must stay as read."""
    data = tomllib.loads(
        (Path(normalize.__file__).parent / "data" / "labels.toml").read_text(encoding="utf-8")
    )
    words = set(data["level1"]) | set(data["level2_parent"])
    words |= set(data["level1_synonyms"]) | set(data["level2_synonyms"])
    return frozenset(labels.key(w) for w in words)


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, or limit + 1 once it is certainly above limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def snap_label(text: str) -> str | None:
    """The label a misread cell text stands for, or None (also when it reads as one already)."""
    k = labels.key(text)
    if len(k) < _MIN_LEN - 1:
        return None
    best: tuple[int, str] | None = None
    for word in _words():
        if k == word:
            return None
        limit = 2 if len(word) >= _LONG else 1
        d = _distance(k, word, limit)
        if d <= limit and (best is None or d < best[0]):
            best = (d, word)
    if best is None:
        return None
    # a misread value is as close to its own word as to a label: then it is no label
    if any(_distance(k, v, best[0]) <= best[0] for v in _values()):
        return None
    return best[1]
