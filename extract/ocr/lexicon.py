"""Reading a form's own labels with the form's vocabulary.

The parser finds every column and block by its label (extract/labels.toml) and matches them
exactly: one misread character in a header ("续效指标性质" for 绩效指标性质, a seal's ink in
"年度指林标值") loses a whole column. A recognized cell that is one character away from a
label of four or more characters (two away for long ones; one misread, none missing, for
three-character ones such as 执行率) is that label: no value of a form is that close to a
column header, except 一级/二级指标 words (时效指标 is one character from the
block label 绩效指标): a text as close to one of those is left alone. Data vocabulary is not
corrected here: a typo written in the form is a finding, not a misreading.
"""

from __future__ import annotations

import tomllib
from functools import cache, lru_cache
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
def _all_words() -> frozenset[str]:
    table = labels.table()
    return frozenset(w for section in STRUCTURAL for words in table[section].values() for w in words)


@cache
def _words() -> tuple[str, ...]:
    return tuple(sorted((w for w in _all_words() if len(w) >= _MIN_LEN - 1), key=len, reverse=True))


def is_label(text: str) -> bool:
    return labels.key(text) in _all_words()


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


def label_candidates(text: str) -> list[str]:
    """The labels a misread cell text may stand for: all those at the smallest distance
    (empty when it reads as a label already, or is as close to an indicator level word)."""
    return list(_candidates(labels.key(text)))


@lru_cache(maxsize=4096)
def _candidates(k: str) -> tuple[str, ...]:
    """label_candidates of a key: every cell's text is compared with every label, and a
    page's cells repeat ("100%", "10", "分值")."""
    if len(k) < _MIN_LEN - 1:
        return ()
    best: list[str] = []
    best_d = 99
    for word in _words():
        if k == word:
            return ()
        if abs(len(k) - len(word)) > 2:
            continue  # farther than any limit
        if len(word) < _MIN_LEN and len(k) != len(word):
            continue  # a three-character label only with one character misread, not missing
        limit = 2 if len(word) >= _LONG else 1
        d = _distance(k, word, limit)
        if d <= limit:
            if d < best_d:
                best, best_d = [word], d
            elif d == best_d:
                best.append(word)
    # a misread value is as close to its own word as to a label: then it is no label
    if best and any(_distance(k, v, best_d) <= best_d for v in _values()):
        return ()
    return tuple(best)


def snap_label(text: str) -> str | None:
    """The one label a misread cell text stands for, or None."""
    found = label_candidates(text)
    return found[0] if len(found) == 1 else None
