"""Which pages to read by OCR: a page without text, or whose text layer is garbage.

A text layer can be present and useless: glyphs without a Unicode mapping (pdfminer gives
"(cid:123)" for each), fonts whose mapping points into the private use area or at U+FFFD, or
GBK bytes read as Latin-1 ("ÏîÄ¿Ö§³ö" for 项目支出). All of these look like text to the reader,
and none of them is the form's text; the page image still is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Literal

OcrMode = Literal["auto", "always", "never"]
OCR_MODES: tuple[OcrMode, ...] = ("auto", "always", "never")

NO_TEXT = "no text layer"
_CID = re.compile(r"^\(cid:\d+\)$")
_BAD_SHARE = 0.1  # more garbage than this in a page's text and the page is read from its image
_MIN_CHARS = 30  # a page with less text than this is judged by its garbage only
_MIN_CJK_SHARE = 0.05  # a Chinese form page with more text than _MIN_CHARS has CJK in it
_LATIN_SHARE = 0.3


def check_mode(mode: str) -> OcrMode:
    if mode not in OCR_MODES:
        raise ValueError(f"ocr must be one of {', '.join(OCR_MODES)}, not {mode!r}")
    return mode  # type: ignore[return-value]


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"


def _is_garbage(ch: str) -> bool:
    """Private use, replacement, unassigned or control characters: a broken font mapping."""
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cc", "Cs")


def _is_mojibake_latin(ch: str) -> bool:
    """Latin-1 letters with diacritics: GBK or UTF-8 bytes decoded as Latin-1."""
    return "\u00c0" <= ch <= "\u00ff"


def text_layer_problem(glyphs: Sequence[str]) -> str | None:
    """Why a page's text layer (its glyphs' texts, as the PDF reader gives them) cannot be
    trusted, in a few words; None when it can."""
    if not glyphs:
        return NO_TEXT
    cid = sum(1 for g in glyphs if g.startswith("(cid:") and _CID.match(g))
    if cid > _BAD_SHARE * len(glyphs):
        return "unmapped glyphs (cid codes)"
    # each distinct character judged once, weighted by how often the page has it
    counts = Counter("".join(g for g in glyphs if not (cid and _CID.match(g))))
    for ch in [ch for ch in counts if ch.isspace()]:
        del counts[ch]
    total = sum(counts.values())
    if not total:
        return NO_TEXT
    if sum(n for ch, n in counts.items() if _is_garbage(ch)) > _BAD_SHARE * total:
        return "private-use or replacement characters"
    if total >= _MIN_CHARS:
        if sum(n for ch, n in counts.items() if _is_mojibake_latin(ch)) > _BAD_SHARE * total:
            return "mojibake (bytes decoded as Latin-1)"
        cjk = sum(n for ch, n in counts.items() if _is_cjk(ch))
        letters = sum(n for ch, n in counts.items() if ch.isalpha() and not _is_cjk(ch))
        if cjk < _MIN_CJK_SHARE * total and letters > _LATIN_SHARE * total:
            return "no Chinese text on a page of a Chinese form"
    return None


def needs_ocr(mode: OcrMode, glyphs: Sequence[str], has_image: bool, scanned_grid: bool = False) -> bool:
    """Route one page. In auto mode a page with no text and nothing drawn from an image is
    blank, not scanned: it needs no OCR (and no OCR engine). `scanned_grid`: the page is a
    scan (an image covers it) without a single drawn ruling line, so its table exists only
    in the image; a text layer over it (a scanner's own "searchable PDF") is read again with
    the grid, whatever its quality."""
    if mode == "never":
        return False
    if mode == "always":
        return True
    problem = text_layer_problem(glyphs)
    if problem is None:
        return scanned_grid
    return has_image or problem != NO_TEXT
