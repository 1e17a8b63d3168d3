"""The data tables under normalize/data/, read once at import.

Vocabularies and rules are data so that a new spelling seen in the wild is a one-line change to a
TOML file, not a new branch in code. Nothing here touches the disk after import.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any


def load(name: str) -> dict[str, Any]:
    """One data file as a dict (used at import time by the modules that own the table)."""
    text = resources.files(__package__).joinpath("data", f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def longest_first(words: Iterable[str]) -> tuple[str, ...]:
    """Words ordered so that a longer word is tried before any word it contains (不低于 before 低于)."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))
