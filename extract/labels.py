"""Matching cell texts against the label synonyms of labels.toml."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path

from normalize.text import clean_text

_IGNORED = re.compile(r"[\s:：()（）\[\]【】]")
_TOML = Path(__file__).with_name("labels.toml")
_ANNOTATION = re.compile(tomllib.loads(_TOML.read_text(encoding="utf-8"))["annotations"]["pattern"])


@lru_cache(maxsize=1 << 15)
def key(text: str) -> str:
    """The comparable form of a label cell: clean text without its (A)/(B/A) annotations,
    spaces, colons and brackets."""
    s = clean_text(text)
    if "(" in s:
        s = _ANNOTATION.sub("", s)
    return _IGNORED.sub("", s)


@cache
def table() -> dict[str, dict[str, list[str]]]:
    data = tomllib.loads(_TOML.read_text(encoding="utf-8"))
    return {
        section: {
            name: sorted((key(w) for w in words), key=len, reverse=True)
            for name, words in fields.items()
            if isinstance(words, list)
        }
        for section, fields in data.items()
    }


@cache
def raw_table() -> dict[str, dict[str, object]]:
    """labels.toml as written (patterns and word lists not turned into label keys)."""
    return tomllib.loads(_TOML.read_text(encoding="utf-8"))


@lru_cache(maxsize=1 << 15)
def match(section: str, text: str, *, contains: bool = False) -> str | None:
    """The field of `section` whose synonym the text is (or contains, for row labels such as
    `其中:当年财政拨款`). The longest synonym across all fields wins."""
    k = key(text)
    if not k:
        return None
    best: tuple[int, str] | None = None
    for name, words in table()[section].items():
        for w in words:
            hit = (w in k) if contains else (k == w)
            if hit and (best is None or len(w) > best[0]):
                best = (len(w), name)
    return best[1] if best else None


@lru_cache(maxsize=1 << 15)
def is_word(section: str, text: str) -> bool:
    k = key(text)
    return bool(k) and any(w in k for w in table()[section]["words"])


@lru_cache(maxsize=1 << 12)
def starts_with(section: str, text: str) -> bool:
    """Whether the text begins with one of the section's words (spaces and brackets ignored)."""
    return key(text).startswith(tuple(table()[section]["words"]))
