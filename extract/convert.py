"""Formats this project does not parse itself (Word 97–2003 and WPS 文字, RTF, OpenDocument) turned
into DOCX/XLSX by LibreOffice, then read by the DOCX/XLSX reader.

LibreOffice runs once per file, headless, in a private temporary folder that holds a copy of the
file (LibreOffice writes a lock file beside what it opens, and the input folder is not ours), its
own profile (a shared one makes a second instance hand its work to the first, or fail) and the
output. It runs in a process group of its own, so that on its time limit the whole group is
killed, and dies with the worker that started it, so that a worker killed by the run's own limit
leaves no LibreOffice behind. The folder is removed whatever happens.

The input filter is named by the sniffed kind, never left to LibreOffice's guess from the name: a
`.wps` would otherwise be taken for a Microsoft Works file, and a damaged file for plain text.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extract.errors import ReadError
from extract.filetype import Kind
from extract.lifetime import die_with_this_process
from model import Document, Method

if TYPE_CHECKING:
    from extract.read import Reader, ReadOptions

Target = Literal["docx", "xlsx"]

SOFFICE_ENV = "EVALFORMS_SOFFICE"
INSTALL = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
DEFAULT_TIMEOUT = 120.0
LIMIT_SHARE = 0.9
"""Of the file's own time limit, the part LibreOffice may use: it is stopped before the worker's
limit, so that the file's TIMEOUT row says it was the conversion that hung."""


@dataclass(frozen=True)
class ConverterSettings:
    """Where LibreOffice is and how long it may take. Read from the environment (`from_env`), so
    that it reaches every worker process of a run unchanged."""

    soffice: str = ""
    """The soffice program to run; empty: `soffice` or `libreoffice` on PATH."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds a conversion may take when the file has no time limit of its own."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ConverterSettings:
        env = os.environ if environ is None else environ
        return cls(soffice=env.get(SOFFICE_ENV, "").strip())


@dataclass(frozen=True)
class Source:
    """How one sniffed kind is converted."""

    what: str
    """What the file is, for people."""
    infilter: str
    """LibreOffice's import filter."""
    methods: Mapping[str, Method]
    """`method` by the file name's suffix (a label only: the bytes decide how it is read); the
    entry "" is the default."""


SOURCES: dict[Kind, Source] = {
    "doc": Source(
        "Word 97–2003 或 WPS 文字文档（.doc/.wps）", "MS Word 97", {"": "doc→docx", ".wps": "wps→docx"}
    ),
    "rtf": Source("RTF 文档（.rtf）", "Rich Text Format", {"": "rtf→docx"}),
    "odt": Source("OpenDocument 文字文档（.odt）", "writer8", {"": "odt→docx"}),
    "ods": Source("OpenDocument 表格（.ods）", "calc8", {"": "ods→xlsx"}),
}
"""Kinds LibreOffice converts (extract.filetype.Kind), with their import filters and methods. WPS
表格 `.et` files are BIFF8 workbooks, sniffed as `xls` and read natively; were they converted, their
row would be `Source("Excel 97–2003 或 WPS 表格（.xls/.et）", "MS Excel 97", {".et": "et→xlsx"})`
and a method for plain `.xls`."""

EXPORT_FILTERS: dict[Target, str] = {
    "docx": "docx:MS Word 2007 XML",
    "xlsx": "xlsx:Calc MS Excel 2007 XML",
}

_RESTART = 81
"""soffice.bin's exit code after it has set up a new profile: run it again (oosplash, LibreOffice's
launcher, does the same)."""
_STARTS = 3


def method_for(kind: Kind, name: str) -> Method:
    """`doc→docx`, `wps→docx`, …: the sniffed kind, refined by the name's suffix for the label."""
    methods = SOURCES[kind].methods
    return methods.get(Path(name).suffix.lower(), methods[""])


def _missing(kind: Kind, why: str) -> ReadError:
    return ReadError(
        "CONVERTER_MISSING",
        f"此文件是{SOURCES[kind].what}，需先由 LibreOffice 转换才能读取，但{why}。"
        f"请安装 LibreOffice（Debian/Ubuntu：{INSTALL}），或设置环境变量 {SOFFICE_ENV} "
        "为 soffice 程序的完整路径后重新运行；也可用 Word/WPS 将文件另存为 .docx/.xlsx 后再提交。",
    )


def find_soffice(kind: Kind, settings: ConverterSettings) -> list[str]:
    """The command that starts LibreOffice. Raises ReadError CONVERTER_MISSING."""
    if settings.soffice:
        program = shutil.which(settings.soffice)
        if program is None:
            raise _missing(kind, f"环境变量 {SOFFICE_ENV} 所指的 {settings.soffice} 不存在或不可执行")
    else:
        program = shutil.which("soffice") or shutil.which("libreoffice")
        if program is None:
            raise _missing(kind, "本机未安装 LibreOffice（找不到 soffice 程序）")
    real = Path(program).resolve()
    binary = real.with_name("soffice.bin")
    # `soffice` is a launcher script that starts soffice.bin as a child of its own; run soffice.bin
    # itself, so that the program that dies with the worker is the one doing the work.
    if real.name in ("soffice", "libreoffice") and os.access(binary, os.X_OK):
        return [str(binary)]
    return [program]


def _limit(options: ReadOptions, settings: ConverterSettings) -> float:
    if options.timeout is None:
        return settings.timeout
    return max(options.timeout * LIMIT_SHARE, 0.1)


_POLL = 0.05


def _exited(pid: int, deadline: float) -> bool:
    """Whether the process exited before the deadline, leaving it unreaped: while its zombie holds
    the pid, its process group id cannot be given to another process, so killing the group after
    it is safe."""
    while True:
        if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL)


def _run(command: list[str], kind: Kind, target: Target, limit: float, deadline: float, cwd: Path) -> int:
    """Run LibreOffice to completion; its exit code. Raises ReadError TIMEOUT past the deadline."""
    try:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: one kill stops everything it started
            preexec_fn=die_with_this_process(),
        )
    except OSError as e:
        raise _missing(kind, f"{command[0]} 无法启动（{e.strerror or e}）") from e
    try:
        if not _exited(process.pid, deadline):
            raise ReadError(
                "TIMEOUT",
                f"LibreOffice 转换此{SOURCES[kind].what}超过 {limit:g} 秒仍未完成，已中止；文件可能已损坏"
                f"或过大：请用 Word/WPS 打开后另存为 .{target} 再提交，或用 --timeout 放宽时限后重试。",
            )
    finally:
        # after a normal exit too: nothing it started in its group outlives it
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return process.returncode


@contextlib.contextmanager
def converted(
    path: Path, kind: Kind, target: Target, options: ReadOptions, settings: ConverterSettings | None = None
) -> Iterator[Path]:
    """The file converted by LibreOffice into `target`, valid inside the `with` block. Raises
    ReadError: CONVERTER_MISSING, TIMEOUT, FILE_CORRUPT (LibreOffice could not open it)."""
    settings = settings or ConverterSettings.from_env()
    command = find_soffice(kind, settings)
    limit = _limit(options, settings)
    deadline = time.monotonic() + limit
    with tempfile.TemporaryDirectory(prefix="evalforms-convert-") as tmp:
        work = Path(tmp)
        source = work / f"source.{kind}"
        try:
            shutil.copyfile(path, source)
        except OSError as e:
            raise ReadError("FILE_CORRUPT", f"无法读取此文件（{e.strerror or e}）。") from e
        out = work / "out"
        command = [
            *command,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"--infilter={SOURCES[kind].infilter}",
            "--convert-to",
            EXPORT_FILTERS[target],
            "--outdir",
            str(out),
            str(source),
        ]
        code = _RESTART
        for _ in range(_STARTS):
            code = _run(command, kind, target, limit, deadline, work)
            if code != _RESTART:
                break
        result = out / f"source.{target}"
        if not result.is_file() or result.stat().st_size == 0:
            exited = f"，退出码 {code}" if code else ""
            raise ReadError(
                "FILE_CORRUPT",
                f"此文件看来是{SOURCES[kind].what}，但 LibreOffice 无法打开它（文件可能已损坏或不完整"
                f"{exited}）；请用 Word/WPS 打开后另存为 .{target} 再提交。",
            )
        yield result


def read_converted(
    path: Path, options: ReadOptions, kind: Kind, target: Target, readers: Mapping[Kind, Reader]
) -> Document:
    """The file converted into `target` and read by `readers[target]`; `method` says both."""
    reader = readers.get(target)
    if reader is None:
        raise ReadError(
            "UNSUPPORTED_TYPE", f"此文件是{SOURCES[kind].what}；本版本尚不能读取转换后的 .{target} 文件。"
        )
    with converted(path, kind, target, options) as result:
        document = reader(result, options)
    return document.model_copy(update={"method": method_for(kind, options.name)})
