"""One page as read, whatever read it: the tables found on it (cells holding text pieces) and
its text lines outside them. The text-layer reader (extract.pdf_text) and the scanner
(extract.ocr) both produce it; extract.assemble joins pages into a Document's blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.ruling import Table
from model import TextBlock


@dataclass
class PageContent:
    number: int
    tables: list[Table] = field(default_factory=list)
    lines: list[TextBlock] = field(default_factory=list)
