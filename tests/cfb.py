"""A minimal compound file (OLE2, MS-CFB version 3) with the streams a test names: enough for
olefile and xlrd to open, so that a test can make a password-protected XLSX (what Office writes
for one: streams EncryptionInfo and EncryptedPackage) or an .xls with a damaged Workbook stream
without any Office program. Every stream is padded to at least 4096 bytes, so all live in
regular sectors and the file needs no mini stream."""

from __future__ import annotations

import struct

_SECTOR = 512
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)
        + b"\0" * 16  # class id
        + struct.pack("<I", 0)  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """Streams in sibling order (the directory's red-black tree is written as a right-leaning
    chain: names must be given shortest first, then by upper-case name, as MS-CFB sorts them)."""
    assert len(streams) <= 3, "one directory sector holds the root and three streams"
    datas = [d.ljust(max(len(d), 4096), b"\0") for _, d in streams]
    counts = [-(-len(d) // _SECTOR) for d in datas]
    fat = [_FAT, _END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for n in counts:
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(n - 1)] + [_END]
    assert len(fat) <= _SECTOR // 4
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    entries = [_entry("Root Entry", 5, _NONE, _NONE, 1 if streams else _NONE, _END, 0)]
    for i, ((name, _), start) in enumerate(zip(streams, starts, strict=True)):
        right = i + 2 if i + 1 < len(streams) else _NONE
        entries.append(_entry(name, 2, _NONE, right, _NONE, start, len(streams[i][1])))
    while len(entries) < 4:
        entries.append(b"\0" * 64 + struct.pack("<HBB3I", 0, 0, 0, _NONE, _NONE, _NONE) + b"\0" * 44)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<108I", *([_FREE] * 108))
    )
    assert len(header) == _SECTOR
    body = struct.pack(f"<{_SECTOR // 4}I", *fat) + b"".join(entries)
    return header + body + b"".join(d.ljust(n * _SECTOR, b"\0") for d, n in zip(datas, counts, strict=True))
