"""Files processed in worker processes, each under a time limit and a memory limit.

A worker that overruns its file's time limit or memory ceiling is killed and replaced; one that
dies (a crash in a native library, the kernel's OOM killer) is replaced too. Either way that file
gets a `failed` result (TIMEOUT, TOO_LARGE or INTERNAL) and every other file goes on. Workers die
with the run: each asks the kernel to kill it when its parent goes (PR_SET_PDEATHSIG), so a run
killed with SIGKILL leaves no worker behind.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from multiprocessing.connection import Connection, wait
from typing import Any

from extract.lifetime import die_with_parent
from model import ErrorCode, ManifestEntry


@dataclass(frozen=True)
class Task:
    ordinal: int
    payload: Any
    source_file: str
    sha256: str


@dataclass
class Outcome:
    task: Task
    entry: ManifestEntry
    forms: list[dict[str, Any]]
    limited: bool = False
    """The result is a failure of the run's limits (time, memory), not of the file alone."""
    changed: bool = False
    """The file changed while it was read: the result belongs to no single version of it."""


@dataclass
class WorkResult:
    """What a worker returns for one task."""

    entry: ManifestEntry
    forms: list[dict[str, Any]]
    limited: bool = False
    changed: bool = False


Work = Callable[[Any], WorkResult]
"""What a worker does with a task's payload: its manifest row and its forms' JSON documents."""

DEFAULT_MAX_MEMORY_MB = 1536
"""A phone photo's page peaks at about 1.2 GB (the text detector on the regions outside the grid);
two workers at this ceiling hold on a 2-core, 24 GB machine many times over."""
_ADDRESS_SPACE_EXTRA_MB = 2048
"""Address space beyond the memory ceiling: onnxruntime, OpenCV and thread stacks reserve far
more than they touch, so the hard limit is a backstop and resident memory is what is watched."""
_POLL = 0.1


@dataclass(frozen=True)
class Limits:
    timeout: float = 600.0
    """Seconds one file may take."""
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    """Resident memory a worker may use for one file; beyond it the worker is stopped and the file
    is TOO_LARGE. 0: no limit."""

    def key(self) -> str:
        """What a result that failed by these limits depends on (batch/catalog.py)."""
        return f"timeout {self.timeout:g}|memory {self.max_memory_mb}"


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return 0.0


def _limit_memory(mb: int) -> None:
    if mb <= 0:
        return
    limit = (mb + _ADDRESS_SPACE_EXTRA_MB) * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # a platform without RLIMIT_AS still has the time limit


def _worker_main(conn: Connection, work: Work, limits: Limits, parent: int) -> None:
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a run stops
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _limit_memory(limits.max_memory_mb)
    while True:
        try:
            payload = conn.recv()
        except EOFError:
            return
        if payload is None:
            return
        conn.send(work(payload))


def failed_outcome(
    task: Task, code: ErrorCode, message: str, seconds: float, limited: bool = False
) -> Outcome:
    entry = ManifestEntry(
        source_file=task.source_file,
        source_sha256=task.sha256,
        status="failed",
        error_code=code,
        error_message=message,
        seconds=Decimal(f"{seconds:.3f}"),
    )
    return Outcome(task, entry, [], limited=limited)


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


class WorkerPool:
    def __init__(self, work: Work, jobs: int, limits: Limits, keep: bool = False) -> None:
        self.work = work
        self.jobs = max(1, jobs)
        self.limits = limits
        self.keep = keep
        """Keep the worker processes between run() calls (a Dask worker's pool: a fresh child per
        file cost 60 ms of start-up against 8 ms of work a form); close() ends them."""
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.ctx = mp.get_context(method)
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(
            target=_worker_main, args=(child, self.work, self.limits, os.getpid()), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if kill and worker.process.is_alive():
            os.kill(worker.process.pid, signal.SIGKILL)  # type: ignore[arg-type]
        worker.process.join(timeout=5)
        worker.conn.close()

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Outcomes in completion order (callers sort by Task.ordinal where order matters)."""
        pending = iter(tasks)
        exhausted = False
        completed = False
        try:
            # kept workers that died while idle (killed, out of memory) are replaced
            self.workers = [w if w.process.is_alive() else self._start() for w in self.workers]
            self.workers += [self._start() for _ in range(self.jobs - len(self.workers))]
            while True:
                for worker in self.workers:
                    if worker.task is None and not exhausted:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                            break
                        worker.task, worker.started = task, time.monotonic()
                        worker.conn.send(task.payload)
                busy = [w for w in self.workers if w.task is not None]
                if not busy:
                    completed = True
                    return
                now = time.monotonic()
                deadline = min(w.started + self.limits.timeout for w in busy)
                wait_for = max(0.0, deadline - now)
                if self.limits.max_memory_mb > 0:
                    wait_for = min(wait_for, _POLL)
                ready = wait([w.conn for w in busy], timeout=wait_for)
                for worker in busy:
                    if worker.conn in ready:
                        yield self._collect(worker)
                    elif time.monotonic() - worker.started >= self.limits.timeout:
                        yield self._timeout(worker)
                    elif self._over_memory(worker):
                        yield self._memory(worker)
        finally:
            if not (self.keep and completed):
                self.close()

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
            self._stop(worker, kill=worker.task is not None)
        self.workers = []

    def _replace(self, worker: _Worker, kill: bool) -> None:
        self._stop(worker, kill)
        self.workers[self.workers.index(worker)] = self._start()

    def _over_memory(self, worker: _Worker) -> bool:
        limit = self.limits.max_memory_mb
        return limit > 0 and worker.process.pid is not None and _rss_mb(worker.process.pid) > limit

    def _memory(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        self._replace(worker, kill=True)
        return failed_outcome(
            task,
            "TOO_LARGE",
            f"处理此文件所需内存超过 {self.limits.max_memory_mb} MB 的上限，已中止；"
            "请拆分文件，或用 --max-memory 放宽上限后重试。",
            seconds,
            limited=True,
        )

    def _collect(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        try:
            result: WorkResult = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            self._replace(worker, kill=False)
            if code == -signal.SIGKILL:
                # the kernel's OOM killer: the file needed more memory than the machine had
                return failed_outcome(
                    task,
                    "TOO_LARGE",
                    "处理此文件时内存耗尽，进程被系统终止；请拆分文件后重试。",
                    seconds,
                    limited=True,
                )
            return failed_outcome(
                task,
                "INTERNAL",
                f"处理进程意外退出（退出码 {code}）；请将此文件报告给 evalforms 维护者。",
                seconds,
            )
        worker.task = None
        return Outcome(task, result.entry, result.forms, limited=result.limited, changed=result.changed)

    def _timeout(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        self._replace(worker, kill=True)
        return failed_outcome(
            task,
            "TIMEOUT",
            f"处理超过 {self.limits.timeout:g} 秒仍未完成，已中止；可用 --timeout 放宽时限后重试。",
            self.limits.timeout,
            limited=True,
        )
