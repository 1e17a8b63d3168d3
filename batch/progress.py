"""Progress of a run on a terminal: files, forms, findings so far and the time left. Silent when
the output is not a terminal (logs of unattended runs get one summary line instead)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from model import ManifestEntry

_MIN_INTERVAL = 0.2


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.started = time.monotonic()
        self.shown = 0.0
        self.forms = 0
        self.findings = 0
        self.failed = 0
        self.width = 0

    def __call__(self, entry: ManifestEntry, findings: int, done: int, total: int) -> None:
        self.forms += entry.forms_found
        self.findings += findings
        self.failed += entry.status == "failed"
        now = time.monotonic()
        if not self.enabled or (now - self.shown < _MIN_INTERVAL and done < total):
            return
        self.shown = now
        elapsed = now - self.started
        eta = elapsed / done * (total - done) if done else 0.0
        line = (
            f"文件 {done}/{total}（{100 * done // max(total, 1)}%）· 表 {self.forms}"
            f" · 发现问题 {self.findings} · 失败 {self.failed}"
            f" · 已用 {_clock(elapsed)} · 预计剩余 {_clock(eta)}"
        )
        pad = max(self.width - len(line), 0)
        self.width = len(line)
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
