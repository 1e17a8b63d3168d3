"""The output folder is evalforms' own: which folder may be one, and one run at a time in it.

A run replaces OUT as a whole (publish/atomic.py), so it must never be pointed at a folder of the
user's: OUT is accepted when it does not exist, is empty, or carries the marker file a run
writes into every OUT it makes. OUT may not be an input, contain one, or be where inputs are
read from; `--out` through a symlink writes where the link points. A run holds an exclusive lock
on the OUT folder itself while it works, so a second run into it stops at once and says who has it.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from batch.errors import OutLocked, OutNotOurs, OutOverlapsInput, output_failed

MARKER = ".evalforms-out"
"""Written into every OUT a run makes; its JSON says who wrote it, for people."""
LOCK_INFO = ".evalforms-lock"
"""Who holds the run lock on OUT (the lock itself is on the folder)."""
_LEGACY = {"forms.csv", "manifest.csv", "catalog.sqlite"}
"""An OUT written before the marker existed holds all of these."""


def real_out(out: Path) -> Path:
    """OUT with every symlink resolved (a dangling link names the folder to create)."""
    return Path(os.path.realpath(os.path.abspath(out)))


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_ours(out: Path) -> bool:
    try:
        names = set(os.listdir(out))
    except FileNotFoundError:
        return True
    names.discard(LOCK_INFO)
    return not names or MARKER in names or names >= _LEGACY


def check_out(out: Path, inputs: Iterable[str]) -> Path:
    """The real folder to write, or a RunError saying why OUT cannot be used."""
    real = real_out(out)
    if real.exists() and not real.is_dir():
        raise OutNotOurs(f"输出位置 {out} 已存在且不是文件夹；请用 --out 指定一个新的或空的文件夹。")
    for given in inputs:
        source = Path(os.path.realpath(os.path.abspath(given)))
        if source == real:
            raise OutOverlapsInput(
                f"输出文件夹 {out} 就是输入 {given}：运行结束时输出文件夹会被整体替换，输入将被删除。"
                "请用 --out 指定另一个文件夹。"
            )
        if _is_within(source, real):
            raise OutOverlapsInput(
                f"输入 {given} 位于输出文件夹 {out} 之内：运行结束时输出文件夹会被整体替换，"
                "输入将被删除。请把输入移出，或换一个输出文件夹。"
            )
    try:
        ours = is_ours(real)
    except OSError as e:
        raise output_failed(real, e) from e
    if not ours:
        raise OutNotOurs(
            f"输出文件夹 {out} 已存在、不是空的，也不是 evalforms 的输出（没有 {MARKER} 标记文件）。"
            "为免覆盖其中的文件，本次不运行；请指定一个新的或空的文件夹。"
        )
    return real


def own_paths(out: Path) -> Callable[[str], bool]:
    """Whether a real path is the run's own: OUT itself or the staging and swap folders beside it
    (publish/output.py, publish/atomic.py), so that an OUT inside an input folder is never read."""
    real = str(real_out(out))
    name = os.path.basename(real)
    siblings = [os.path.join(os.path.dirname(real), f".{name}{s}") for s in (".staging-", ".previous")]

    def own(path: str) -> bool:
        return path == real or path.startswith(real + os.sep) or any(path.startswith(s) for s in siblings)

    return own


def write_marker(folder: Path) -> None:
    info = {"written_by": "evalforms", "pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}
    (folder / MARKER).write_text(json.dumps(info) + "\n", encoding="utf-8")


@dataclass
class _Holder:
    pid: int | None
    host: str
    since: str


def _lock_info(folder: Path) -> Path:
    return folder / LOCK_INFO


def _holder(folder: Path) -> _Holder:
    try:
        info = json.loads(_lock_info(folder).read_text(encoding="utf-8"))
        since = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(info["at"])))
        return _Holder(int(info["pid"]), str(info["host"]), since)
    except (OSError, ValueError, KeyError, TypeError):
        return _Holder(None, "", "")


@contextlib.contextmanager
def locked_out(out: Path, inputs: Iterable[str]) -> Iterator[Path]:
    """Check OUT, create it when missing, and hold its lock while the run works in it."""
    inputs = list(inputs)
    real = check_out(out, inputs)
    for _ in range(5):
        try:
            real.mkdir(parents=True, exist_ok=True)
            if not os.listdir(real):
                write_marker(real)  # an OUT of ours from now on, even if this run stops early
            fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as e:
            raise output_failed(real, e) from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise output_failed(real, e) from e
            who = _holder(real)
            by = f"（进程 {who.pid}，主机 {who.host}，开始于 {who.since}）" if who.pid else ""
            raise OutLocked(
                f"另一个 evalforms 运行{by}正在写入输出文件夹 {out}；请等它结束，或换一个输出文件夹。"
            ) from e
        # The folder may have been swapped for a new one between open and lock: lock that one.
        try:
            same = os.stat(real).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:
        raise OutLocked(f"输出文件夹 {out} 正被另一个运行反复替换；请稍后再试。")
    try:
        try:
            info = {"pid": os.getpid(), "host": socket.gethostname(), "at": time.time()}
            _lock_info(real).write_text(json.dumps(info) + "\n", encoding="utf-8")
        except OSError as e:
            raise output_failed(real, e) from e
        check_out(out, inputs)  # the checks again, now that no other run can change OUT
        yield real
    finally:
        os.close(fd)
