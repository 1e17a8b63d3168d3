"""What a run reads: the files named on the command line and every file under named folders,
each with the name it is reported under.

Every entry found under a folder is accounted for: a regular file is an input, whatever its
type (the reader says what it is); a system file (an Office lock file, Thumbs.db …), a symlink
leading out of the folder, a special file (FIFO, device, socket) and a folder that cannot be
opened are listed with the reason they are not read. Nothing outside the given inputs is read
unless it was named on the command line, and the run's own output folder never is.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path

from batch.errors import os_reason
from batch.terminal import escape_controls
from model import ErrorCode, Status

SYSTEM_FILES = {
    # name pattern (lower case) -> why it is no submission
    "~$*": "Office 打开文档时生成的临时锁定文件",
    ".~lock.*#": "LibreOffice 打开文档时生成的临时锁定文件",
    "thumbs.db": "Windows 资源管理器的缩略图缓存",
    "desktop.ini": "Windows 文件夹设置文件",
    ".ds_store": "macOS 访达的文件夹设置文件",
    "._*": "macOS 附带的资源分支文件",
}
SYSTEM_FOLDERS = {
    "__macosx": "macOS 压缩时附带的资源文件夹",
}


@dataclass(frozen=True)
class Listed:
    """Why an entry is in the manifest without being read."""

    status: Status
    code: ErrorCode | None
    message: str
    sha256: str = ""
    """The file's hash when it was read to be listed (an archive)."""


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str
    listed: Listed | None = None
    """Set for entries that are accounted for but not read."""


def _system_reason(name: str, table: dict[str, str]) -> str | None:
    lowered = name.lower()
    return next((why for pattern, why in table.items() if fnmatch(lowered, pattern)), None)


def _special_kind(mode: int) -> str | None:
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    if stat.S_ISSOCK(mode):
        return "套接字"
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return "特殊文件"
    return None


def not_regular(source_file: str, path: Path, kind: str) -> InputFile:
    return InputFile(
        path,
        source_file,
        Listed("failed", "UNSUPPORTED_TYPE", f"这不是普通文件，而是{kind}，不能作为自评表读取，已跳过。"),
    )


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _nothing(real: str) -> bool:
    return False


def expand_inputs(inputs: Iterable[str], exclude: Callable[[str], bool] = _nothing) -> Iterator[InputFile]:
    """Files as given, and every entry under given folders, sorted. `exclude(real_path)`: entries
    under folders never read (the run's own output folder and its staging siblings)."""
    for given in inputs:
        path = Path(given)
        try:
            mode = os.stat(path).st_mode
        except OSError as e:
            yield InputFile(path, display_path(given), Listed("failed", "FILE_CORRUPT", _unreadable(e)))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(given, exclude)
        elif kind := _special_kind(mode):
            yield not_regular(display_path(given), path, kind)
        else:
            yield InputFile(path, display_path(given))


def _unreadable(error: OSError, folder: bool = False) -> str:
    what = "文件夹" if folder else "文件"
    return f"无法打开此{what}（{os_reason(error)}），其中的内容未能读取；请检查访问权限后重新运行。"


_LINK_OUT = "符号链接指向输入文件夹之外，为安全起见未读取；如需处理，请直接在命令行中给出该文件。"
_LINK_IN = "指向输入文件夹内另一处的文件夹链接，其内容已在原处读取。"


def _walk(given: str, exclude: Callable[[str], bool]) -> Iterator[InputFile]:
    root = os.path.realpath(given)

    def shown(full: str) -> str:
        return display_path(os.path.join(given, os.path.relpath(full, given)))

    def listed(full: str, status: Status, code: ErrorCode | None, message: str) -> InputFile:
        return InputFile(Path(full), shown(full), Listed(status, code, message))

    stack = [given]
    found: list[InputFile] = []
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: os.fsencode(e.name))
        except OSError as e:
            found.append(listed(folder, "failed", "FILE_CORRUPT", _unreadable(e, folder=True)))
            continue
        for entry in entries:
            full = entry.path
            real = os.path.realpath(full)
            if exclude(real):
                continue  # the run's own output
            try:
                is_link = entry.is_symlink()
                mode = os.stat(full).st_mode if is_link else entry.stat(follow_symlinks=False).st_mode
            except OSError as e:
                if is_link:
                    found.append(listed(full, "ignored", None, "符号链接指向的目标不存在，未读取。"))
                else:
                    found.append(listed(full, "failed", "FILE_CORRUPT", _unreadable(e)))
                continue
            if is_link and not _within(real, root):
                found.append(listed(full, "ignored", None, _LINK_OUT))
                continue
            if stat.S_ISDIR(mode):
                if is_link:
                    found.append(listed(full, "ignored", None, _LINK_IN))
                elif why := _system_reason(entry.name, SYSTEM_FOLDERS):
                    found.append(listed(full, "ignored", None, f"系统文件夹（{why}），不是报送材料。"))
                else:
                    stack.append(full)
                continue
            if kind := _special_kind(mode):
                found.append(not_regular(shown(full), Path(full), kind))
            elif why := _system_reason(entry.name, SYSTEM_FILES):
                found.append(listed(full, "ignored", None, f"系统文件（{why}），不是报送材料。"))
            else:
                found.append(InputFile(Path(full), shown(full)))
    found.sort(key=lambda f: os.fsencode(str(f.path)))
    yield from found


class NotRegularFile(OSError):
    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def open_regular(path: Path) -> int:
    """A descriptor of `path` when it is a regular file; never blocks on a FIFO or a device."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    kind = _special_kind(os.fstat(fd).st_mode)
    if kind or stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegularFile(kind or "文件夹")
    return fd


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with os.fdopen(open_regular(path), "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def display_path(path: str) -> str:
    """A path as readable text that can be written anywhere: names that are not valid UTF-8 (zip
    archives from Chinese Windows) are read as GB18030 when they decode as such, other bytes that
    do not decode are shown as `\\xNN`, and control characters are escaped."""
    raw = os.fsencode(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "backslashreplace")
    return escape_controls(text)
