"""Archives as inputs: every member of a zip or tar (nested ones too) becomes an input of its own,
named `archive!/member`, and the archive keeps a manifest row of its own.

Members are extracted one by one into a private folder the run removes, each under size and
ratio limits, so that a zip bomb, `../` names, absolute names, links and encrypted members are
rows that say why, and nothing is ever written outside that folder.
"""

from __future__ import annotations

import os
import stat
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from batch.inputs import InputFile, Listed, NotRegularFile, escape_controls, sha256_of
from extract.filetype import sniff

SEPARATOR = "!/"
"""Between an archive's path and a member's path in `source_file` (as Java's jar: URLs do)."""


@dataclass(frozen=True)
class ArchiveSettings:
    """Limits on what one run extracts from archives."""

    max_member_mb: int = 1024
    """A member that inflates beyond this is refused (TOO_LARGE)."""
    max_total_mb: int = 8192
    """All members of one archive (nested ones included) together."""
    max_ratio: int = 200
    """A member that inflates more than this many times its packed size (and beyond 10 MB) is a bomb."""
    max_depth: int = 5
    """Archives inside archives, this deep and no deeper."""
    max_members: int = 20000


_UNSUPPORTED_ARCHIVE = {
    "7z": "7z 压缩包",
    "rar": "RAR 压缩包",
    "gzip": "gzip 压缩文件（不是 .tar.gz）",
}
"""Archive kinds read by no maintained wheel without a system tool: a clear row, no guessing."""

ARCHIVE_KINDS = {"archive", "tar"}

_CHUNK = 1 << 20


@dataclass
class _Budget:
    settings: ArchiveSettings
    used: int = 0
    members: int = 0


@dataclass
class _Member:
    name: str
    """As the archive spells it (decoded)."""
    size: int
    packed: int | None
    problem: Listed | None = None
    opener: object = field(default=None, repr=False)


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's name: UTF-8 when flagged, else the bytes Windows wrote, read as UTF-8 when
    they are valid UTF-8 (some tools forget the flag) and as GB18030 (Chinese Windows) otherwise."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")  # zipfile decoded the raw bytes as cp437
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _unsafe_name(name: str) -> str | None:
    """Why a member's name may not be used as a path, or None."""
    if "\x00" in name:
        return "文件名中含有空字符"
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return "文件名是绝对路径"
    if ".." in PurePosixPath(posix).parts:
        return "文件名中含有“..”，会指向压缩包之外"
    return None


def _refused(code: str, message: str) -> Listed:
    return Listed("failed", code, message)  # type: ignore[arg-type]


def _zip_members(z: zipfile.ZipFile) -> Iterator[_Member]:
    for info in z.infolist():
        name = member_name(info)
        if info.is_dir():
            continue
        member = _Member(name, info.file_size, info.compress_size, opener=info)
        mode = info.external_attr >> 16
        if why := _unsafe_name(name):
            member.problem = _refused("FILE_CORRUPT", f"压缩包中的文件名不安全（{why}），未解压。")
        elif stat.S_ISLNK(mode):
            member.problem = _refused("UNSUPPORTED_TYPE", "压缩包中的符号链接，为安全起见未解压。")
        elif info.flag_bits & 0x1:
            member.problem = _refused(
                "FILE_ENCRYPTED", "压缩包中的此文件已加密，需要密码才能解压；请提供未加密的压缩包。"
            )
        yield member


def _tar_members(t: tarfile.TarFile) -> Iterator[_Member]:
    for info in t:
        if info.isdir():
            continue
        member = _Member(info.name, info.size, None, opener=info)
        if why := _unsafe_name(info.name):
            member.problem = _refused("FILE_CORRUPT", f"压缩包中的文件名不安全（{why}），未解压。")
        elif info.issym() or info.islnk():
            member.problem = _refused("UNSUPPORTED_TYPE", "压缩包中的链接，为安全起见未解压。")
        elif not info.isfile():
            member.problem = _refused("UNSUPPORTED_TYPE", "压缩包中的设备或管道等特殊文件，未解压。")
        yield member


def _too_big(member: _Member, budget: _Budget) -> Listed | None:
    s = budget.settings
    if member.size > s.max_member_mb << 20:
        return _refused(
            "TOO_LARGE",
            f"解压后达 {member.size >> 20} MB，超过单个文件 {s.max_member_mb} MB 的上限，未解压。",
        )
    if (
        member.packed is not None
        and member.size > 10 << 20
        and member.size > s.max_ratio * max(member.packed, 1)
    ):
        return _refused(
            "TOO_LARGE",
            f"压缩比达 {member.size // max(member.packed, 1)}:1，疑似压缩炸弹，未解压。",
        )
    if budget.used + member.size > s.max_total_mb << 20:
        return _refused("TOO_LARGE", f"压缩包解压总量超过 {s.max_total_mb} MB 的上限，其余文件未解压。")
    return None


class _Overflow(Exception):
    pass


class WorkdirFailed(OSError):
    """Writing into the run's own working folder failed (disk full, read-only): a fault of the
    run, raised out of the expansion, never a row of the archive."""


def _copy_capped(source: IO[bytes], target: Path, budget: _Budget) -> None:
    """The declared size may lie: count what really comes out."""
    limit = budget.settings.max_member_mb << 20
    total_limit = budget.settings.max_total_mb << 20
    written = 0
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError as e:
        raise WorkdirFailed(e.errno, e.strerror) from e
    with os.fdopen(fd, "wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            budget.used += len(chunk)
            if written > limit or budget.used > total_limit:
                raise _Overflow
            try:
                out.write(chunk)
            except OSError as e:
                raise WorkdirFailed(e.errno, e.strerror) from e


def _suffix(name: str) -> str:
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    return suffix if suffix[1:].isalnum() and len(suffix) <= 8 else ""


def expand(
    items: Iterable[InputFile], workdir: Path, settings: ArchiveSettings | None = None
) -> Iterator[InputFile]:
    """`items` with each archive followed by its members (extracted under `workdir`)."""
    settings = settings or ArchiveSettings()
    counter = iter(range(1 << 62))
    for item in items:
        if item.listed is not None:
            yield item
            continue
        yield from _expand_one(item, workdir, _Budget(settings), 0, counter)


def _kind(path: Path) -> str | None:
    try:
        return sniff(path)
    except (OSError, NotRegularFile):
        return None  # the worker says why it cannot be read


def _expand_one(
    item: InputFile, workdir: Path, budget: _Budget, depth: int, counter: Iterator[int]
) -> Iterator[InputFile]:
    kind = _kind(item.path)
    if kind in _UNSUPPORTED_ARCHIVE:
        what = _UNSUPPORTED_ARCHIVE[kind]
        yield _with(
            item,
            _refused("UNSUPPORTED_TYPE", f"这是{what}，evalforms 不能解开；请改用 zip 格式或解压后提交。"),
        )
        return
    if kind not in ARCHIVE_KINDS:
        yield item
        return
    if depth >= budget.settings.max_depth:
        yield _with(item, _refused("TOO_LARGE", f"压缩包嵌套超过 {budget.settings.max_depth} 层，未再解开。"))
        return
    try:
        sha = sha256_of(item.path)
        members, extract, close = _open(item.path, kind)
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, ValueError, RuntimeError) as e:
        yield _with(item, _refused("FILE_CORRUPT", f"压缩包已损坏，无法打开（{type(e).__name__}）。"))
        return
    found: list[InputFile] = []
    direct = 0
    try:
        for member in members:
            budget.members += 1
            direct += 1
            source = f"{item.source_file}{SEPARATOR}{escape_controls(member.name)}"
            problem = member.problem or _too_big(member, budget)
            if problem is None and budget.members > budget.settings.max_members:
                problem = _refused(
                    "TOO_LARGE", f"压缩包中的文件超过 {budget.settings.max_members} 个，其余未解压。"
                )
            if problem is not None:
                found.append(InputFile(item.path, source, problem))
                continue
            target = workdir / f"{next(counter):08d}{_suffix(member.name)}"
            try:
                with extract(member) as stream:
                    _copy_capped(stream, target, budget)
            except WorkdirFailed:
                target.unlink(missing_ok=True)
                raise
            except _Overflow:
                target.unlink(missing_ok=True)
                found.append(
                    InputFile(
                        item.path,
                        source,
                        _refused("TOO_LARGE", "解压后超过大小上限（疑似压缩炸弹），未解压。"),
                    )
                )
                continue
            except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, ValueError, RuntimeError) as e:
                target.unlink(missing_ok=True)
                found.append(
                    InputFile(
                        item.path,
                        source,
                        _refused("FILE_CORRUPT", f"压缩包中的此文件已损坏，无法解压（{type(e).__name__}）。"),
                    )
                )
                continue
            found.extend(_expand_one(InputFile(target, source), workdir, budget, depth + 1, counter))
    except WorkdirFailed:
        raise
    except (zipfile.BadZipFile, tarfile.TarError, OSError, EOFError, ValueError) as e:
        found.append(_with(item, _refused("FILE_CORRUPT", f"压缩包已损坏，未能读完（{type(e).__name__}）。")))
    finally:
        close()
    row = Listed(
        "ok", None, f"压缩包，含 {direct} 个文件，各自列于“{item.source_file}{SEPARATOR}…”的行中。", sha
    )
    yield _with(item, row)
    yield from found


def _with(item: InputFile, listed: Listed) -> InputFile:
    return InputFile(item.path, item.source_file, listed)


_Opened = tuple[Iterator[_Member], Callable[[_Member], IO[bytes]], Callable[[], None]]


def _open(path: Path, kind: str) -> _Opened:
    """The members, a way to read one, and a way to close the archive."""
    if kind == "tar":
        t = tarfile.open(path, "r:*")  # noqa: SIM115 (the caller closes it through the third item)
        return _tar_members(t), lambda m: _tar_stream(t, m), t.close
    z = zipfile.ZipFile(path)
    return _zip_members(z), lambda m: z.open(m.opener), z.close  # type: ignore[arg-type]


def _tar_stream(t: tarfile.TarFile, member: _Member) -> IO[bytes]:
    stream = t.extractfile(member.opener)  # type: ignore[arg-type]
    if stream is None:
        raise ValueError("not a regular member")
    return stream
