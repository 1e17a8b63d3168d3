"""Why a run could not start or could not finish, each with its exit status and a message for
the user, in one place (as OCRmyPDF's exceptions.py keeps each condition's exit code beside its
message). A file's own problems are not here: they are manifest rows and the run goes on."""

from __future__ import annotations

import errno
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    ok = 0
    findings = 1
    """--fail-on: a file failed or a finding of that severity exists."""
    usage = 2
    """The command cannot be run as given: a bad option, an output folder that is not ours, a lock."""
    output_failed = 3
    """The results could not be written (read-only, full or forbidden file system); the
    previous results are intact."""
    internal = 4
    """A defect of evalforms itself; the traceback is written to a file the message names."""
    interrupted = 130


class RunError(Exception):
    """A condition that stops the run; `message` is for the user (Chinese)."""

    exit_code = ExitCode.usage

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class OutNotOurs(RunError):
    """OUT exists, holds files and was not written by evalforms."""


class OutOverlapsInput(RunError):
    """OUT is an input, contains one, or lies where an input is read from."""


class OutLocked(RunError):
    """Another run is writing into OUT."""


class OutputFailed(RunError):
    exit_code = ExitCode.output_failed


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统为只读",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EILSEQ: "文件名无法按本机文件系统的编码写入",
    errno.EIO: "磁盘读写错误",
}


def os_reason(error: OSError) -> str:
    return _OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)


def output_failed(out: Path, error: OSError | str) -> OutputFailed:
    reason = error if isinstance(error, str) else os_reason(error)
    return OutputFailed(
        f"无法写入输出文件夹 {out}：{reason}。本次结果未保存，上一次的结果保持不变；"
        "解决后（如腾出空间、改用可写的位置）重新运行即可。"
    )
