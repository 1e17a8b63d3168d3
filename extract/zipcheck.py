"""A zip package (DOCX, XLSX, OFD, …) checked by its directory alone before any part of it is
parsed: a zip bomb is refused by its declared sizes, a file that is no zip by its missing
directory."""

from __future__ import annotations

import zipfile
from pathlib import Path

from extract.errors import ReadError

MAX_UNCOMPRESSED = 200 * 1024 * 1024
"""Bytes all parts may take once unpacked: a form is a few hundred KB."""
MAX_RATIO = 200
"""Unpacked to packed size: XML of a real form packs about 5 to 20 times."""


def check_zip(path: Path, what: str) -> None:
    """Raise ReadError (FILE_CORRUPT, TOO_LARGE) unless the zip is sound to open.

    `what` names the format for the message, e.g. `Word 文档`, `Excel 工作簿`. The sizes are those
    the directory declares; zipfile stops reading a part at its declared size, so a part that
    lies about it cannot unpack to more."""
    open_zip(path, what).close()


def open_zip(path: Path, what: str) -> zipfile.ZipFile:
    """The zip, open, once check_zip's checks have passed (its directory is then read once)."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as e:
        raise ReadError("FILE_CORRUPT", f"文件已损坏，无法作为 {what}打开（{e}）。") from e
    try:
        _check(z.infolist(), what)
    except BaseException:
        z.close()
        raise
    return z


def _check(infos: list[zipfile.ZipInfo], what: str) -> None:
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise ReadError(
            "TOO_LARGE",
            f"{what}解压后达 {total // (1024 * 1024)} MB（压缩比 {total // packed}:1），"
            "疑似压缩炸弹，已跳过。",
        )
