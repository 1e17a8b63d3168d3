"""The contract's "as written" text rule, shared by every raw and canonical text field."""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"<[^<>]{0,200}>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});")
_WS = re.compile(r"\s+")
# A space survives only between two ASCII letters or digits ("Mbps 6000" keeps it, "指标 1" loses it).
_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
# One pass can leave work for the next: dropping a space may leave a base letter next to a
# combining mark that NFKC then composes, removing a tag may join "<" and ">" into a new one, and
# "&amp;lt;" decodes in two steps. Real cells settle in one pass; this bounds pathological ones.
_MAX_PASSES = 8


def _one_pass(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    if "<" in s:
        s = _TAG.sub(" ", s)
    if "&" in s:
        s = _ENTITY.sub(lambda m: html.unescape(m.group(0)), s)
        s = unicodedata.normalize("NFKC", s)
    s = _WS.sub(" ", s).strip()
    return _LONE_SPACE.sub("", s)


@lru_cache(maxsize=1 << 16)
def _clean(value: str) -> str:
    s = _one_pass(value)
    for _ in range(_MAX_PASSES):
        again = _one_pass(s)
        if again == s:
            break
        s = again
    return s


def clean_text(value: str | None) -> str:
    """NFKC, HTML tags and entities removed, whitespace collapsed, then every space dropped
    unless it stands between two ASCII letters or digits (CONTRACT.md, "Text, everywhere").
    Idempotent: clean_text(clean_text(x)) == clean_text(x)."""
    # Forms repeat the same labels and values thousands of times in a batch: cache them.
    return _clean(value) if value else ""
