"""What a file really is, by its first bytes and not its name: a .doc renamed to .docx is still
a .doc, and a PDF called .docx is still a PDF."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

Kind = Literal["pdf", "docx", "ole", "zip", "empty", "unknown"]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(path: Path) -> Kind:
    with path.open("rb") as f:
        head = f.read(1024)
    if not head:
        return "empty"
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE):
        return "ole"  # legacy .doc / .xls / .wps
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    return "unknown"
