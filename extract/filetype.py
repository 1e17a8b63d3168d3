"""What a file really is, by its bytes and not its name: a .doc renamed to .docx is still a .doc,
a PDF called .docx is still a PDF, and an .xlsx is told from a .docx by the parts it holds."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Literal

Kind = Literal[
    "empty",
    "pdf",
    "docx",
    "xlsx",
    "odt",
    "ods",
    "ofd",
    "archive",
    "tar",
    "7z",
    "rar",
    "gzip",
    "doc",
    "xls",
    "ole-encrypted",
    "ole-other",
    "rtf",
    "image",
    "unknown",
]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_MAGIC: list[tuple[int, bytes, Kind]] = [
    (0, b"\xff\xd8\xff", "image"),  # JPEG
    (0, b"\x89PNG\r\n\x1a\n", "image"),
    (0, b"II*\x00", "image"),  # TIFF, little-endian
    (0, b"MM\x00*", "image"),  # TIFF, big-endian
    (0, b"BM", "image"),
    (8, b"WEBP", "image"),
    (0, b"GIF8", "image"),
    (0, b"{\\rtf", "rtf"),
    (0, b"7z\xbc\xaf\x27\x1c", "7z"),
    (0, b"Rar!\x1a\x07", "rar"),
    (0, b"\x1f\x8b", "gzip"),  # a .tar.gz is told apart below
    (257, b"ustar", "tar"),
    (0, _OLE, "doc"),  # refined by the compound file's streams below
    (0, b"PK\x03\x04", "archive"),  # refined by the package's parts below
    (0, b"PK\x05\x06", "archive"),  # an empty zip
]

_ZIP_PARTS: list[tuple[str, Kind]] = [
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("OFD.xml", "ofd"),
]
"""A zip package is the format of the first part it holds from this table (names are matched
case-insensitively: WPS writes some of them in its own case)."""

_ZIP_FOLDERS: list[tuple[bytes, Kind]] = [(b"word/", "docx"), (b"xl/", "xlsx")]
"""A zip whose directory is lost (a download cut short) still names its first parts in their
local headers: a package with parts under these folders is that format, damaged."""
_LOCAL_HEADER = re.compile(rb"PK\x03\x04.{22}(..)..", re.DOTALL)  # name length, extra length
_SCAN_BYTES = 256 * 1024

_OPENDOCUMENT: dict[str, Kind] = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}

_OLE_STREAMS: list[tuple[str, Kind]] = [
    ("encryptedpackage", "ole-encrypted"),  # a password-protected .docx/.xlsx
    ("worddocument", "doc"),  # Word 97–2003, and WPS 文字 .wps
    ("workbook", "xls"),  # Excel 97–2003 (BIFF8), and WPS 表格 .et
    ("book", "xls"),  # Excel 5/95 (BIFF5)
]


def sniff(path: Path) -> Kind:
    with path.open("rb") as f:
        head = f.read(1024)
    if not head:
        return "empty"
    if b"%PDF-" in head:
        return "pdf"
    for offset, magic, kind in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            if kind == "archive":
                return _zip_kind(path)
            if kind == "doc":
                return _ole_kind(path)
            if kind == "image" and magic == b"BM" and not _is_bmp(head):
                continue
            if kind == "gzip":
                return "tar" if _is_tar(path) else "gzip"
            return kind
    return "unknown"


def _zip_kind(path: Path) -> Kind:
    try:
        with zipfile.ZipFile(path) as z:
            names = {n.lower(): n for n in z.namelist()}
            for part, kind in _ZIP_PARTS:
                if part.lower() in names:
                    return kind
            if "mimetype" in names:
                mimetype = z.read(names["mimetype"])[:100].decode("ascii", "replace").strip()
                if mimetype in _OPENDOCUMENT:
                    return _OPENDOCUMENT[mimetype]
    except zipfile.BadZipFile:
        return _damaged_zip_kind(path)
    except (OSError, RuntimeError, NotImplementedError):
        pass  # a damaged or encrypted zip is still an archive; expanding it says what is wrong
    return "archive"


def _damaged_zip_kind(path: Path) -> Kind:
    """What a zip without a readable directory was, from the part names of its local headers; its
    reader then reports it damaged (FILE_CORRUPT) rather than as an archive it cannot open."""
    with path.open("rb") as f:
        head = f.read(_SCAN_BYTES)
    for m in _LOCAL_HEADER.finditer(head):
        start = m.end()
        name = head[start : start + int.from_bytes(m.group(1), "little")]
        for folder, kind in _ZIP_FOLDERS:
            if name.startswith(folder):
                return kind
    return "archive"


def _ole_kind(path: Path) -> Kind:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True, storages=False)}
            kind = next((kind for name, kind in _OLE_STREAMS if name in streams), "ole-other")
            if kind == "doc" and _word_encrypted(ole.openstream("WordDocument").read(12)):
                return "ole-encrypted"
    except Exception:
        # olefile reports a damaged directory through many exception types; the converter, if
        # any, then says what is wrong with the file
        return "doc"
    return kind


_FIB_ENCRYPTED = 0x0100
"""FibBase.fEncrypted ([MS-DOC] 2.5.2), in the flags word at offset 10 of the WordDocument stream: a
password-protected Word 97–2003 file, which no converter opens without the password."""


def _word_encrypted(fib: bytes) -> bool:
    return len(fib) >= 12 and bool(int.from_bytes(fib[10:12], "little") & _FIB_ENCRYPTED)


def _is_tar(path: Path) -> bool:
    import tarfile

    try:
        with tarfile.open(path, "r:gz") as t:
            return t.next() is not None
    except (tarfile.TarError, OSError, EOFError):
        return False


def _is_bmp(head: bytes) -> bool:
    """ "BM" alone starts many a text file: a bitmap also has a DIB header of a known size."""
    return len(head) >= 18 and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
