"""Files processed in worker processes, each under a time limit and a memory limit.

A worker that overruns its file's time limit is killed and replaced; one that dies (a crash in a
native library, the kernel's OOM killer) is replaced too. Either way that file gets a `failed`
result (TIMEOUT, TOO_LARGE or INTERNAL) and every other file goes on.
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


Work = Callable[[Any], tuple[ManifestEntry, list[dict[str, Any]]]]
"""What a worker does with a task's payload: its manifest row and its forms' JSON documents."""


@dataclass(frozen=True)
class Limits:
    timeout: float = 600.0
    """Seconds one file may take."""
    max_memory_mb: int = 4096
    """Address space of a worker; beyond it allocations fail and the file is TOO_LARGE."""


def _limit_memory(mb: int) -> None:
    if mb <= 0:
        return
    limit = mb * 1024 * 1024
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass  # a platform without RLIMIT_AS still has the time limit


def _worker_main(conn: Connection, work: Work, limits: Limits) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when a run stops
    _limit_memory(limits.max_memory_mb)
    while True:
        try:
            payload = conn.recv()
        except EOFError:
            return
        if payload is None:
            return
        conn.send(work(payload))


def _failed(task: Task, code: ErrorCode, message: str, seconds: float) -> Outcome:
    entry = ManifestEntry(
        source_file=task.source_file,
        source_sha256=task.sha256,
        status="failed",
        error_code=code,
        error_message=message,
        seconds=Decimal(f"{seconds:.3f}"),
    )
    return Outcome(task, entry, [])


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: Task | None = None
    started: float = 0.0


class WorkerPool:
    def __init__(self, work: Work, jobs: int, limits: Limits) -> None:
        self.work = work
        self.jobs = max(1, jobs)
        self.limits = limits
        method = "fork" if sys.platform.startswith("linux") else "spawn"
        self.ctx = mp.get_context(method)
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=_worker_main, args=(child, self.work, self.limits), daemon=True)
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
        try:
            self.workers = [self._start() for _ in range(self.jobs)]
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
                    return
                now = time.monotonic()
                deadline = min(w.started + self.limits.timeout for w in busy)
                ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - now))
                for worker in busy:
                    if worker.conn in ready:
                        yield self._collect(worker)
                    elif time.monotonic() - worker.started >= self.limits.timeout:
                        yield self._timeout(worker)
        finally:
            for worker in self.workers:
                with contextlib.suppress(OSError, ValueError):
                    worker.conn.send(None)
                self._stop(worker, kill=worker.task is not None)

    def _replace(self, worker: _Worker, kill: bool) -> None:
        self._stop(worker, kill)
        self.workers[self.workers.index(worker)] = self._start()

    def _collect(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        seconds = time.monotonic() - worker.started
        try:
            entry, forms = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(timeout=5)
            code = worker.process.exitcode
            self._replace(worker, kill=False)
            if code == -signal.SIGKILL:
                # the kernel's OOM killer: the file needed more memory than the machine had
                return _failed(
                    task, "TOO_LARGE", "处理此文件时内存耗尽，进程被系统终止；请拆分文件后重试。", seconds
                )
            return _failed(
                task,
                "INTERNAL",
                f"处理进程意外退出（退出码 {code}）；请将此文件报告给 evalforms 维护者。",
                seconds,
            )
        worker.task = None
        return Outcome(task, entry, forms)

    def _timeout(self, worker: _Worker) -> Outcome:
        task = worker.task
        assert task is not None
        self._replace(worker, kill=True)
        return _failed(
            task,
            "TIMEOUT",
            f"处理超过 {self.limits.timeout:g} 秒仍未完成，已中止；可用 --timeout 放宽时限后重试。",
            self.limits.timeout,
        )
