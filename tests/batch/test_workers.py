"""A hung, crashing or memory-hungry file becomes that file's failed result; the others go on."""

from __future__ import annotations

import os
import time
from decimal import Decimal
from typing import Any

from batch.workers import Limits, Task, WorkerPool, WorkResult
from model import ManifestEntry


def _work(payload: str) -> WorkResult:
    if payload == "hang":
        time.sleep(60)
    elif payload == "crash":
        os._exit(3)
    elif payload == "hog":
        blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB, beyond the limit
        del blocks
    entry = ManifestEntry(source_file=payload, status="ok", seconds=Decimal("0"))
    return WorkResult(entry, [{"form_id": payload}])


def _run(payloads: list[str], jobs: int = 2, **limits: Any) -> dict[str, ManifestEntry]:
    pool = WorkerPool(_work, jobs, Limits(**limits))
    tasks = [Task(i, p, p, "") for i, p in enumerate(payloads)]
    return {o.task.payload: o.entry for o in pool.run(tasks)}


def test_every_file_gets_a_result_in_parallel() -> None:
    got = _run([f"f{i}" for i in range(7)], jobs=3)
    assert sorted(got) == [f"f{i}" for i in range(7)]
    assert all(e.status == "ok" for e in got.values())


def test_a_hung_file_times_out_and_the_run_goes_on() -> None:
    started = time.monotonic()
    got = _run(["a", "hang", "b", "c"], jobs=1, timeout=1.5)
    assert time.monotonic() - started < 20
    assert (got["hang"].status, got["hang"].error_code) == ("failed", "TIMEOUT")
    assert "1.5 秒" in got["hang"].error_message
    assert all(got[k].status == "ok" for k in "abc")


def test_a_crashing_worker_is_replaced() -> None:
    got = _run(["a", "crash", "b"], jobs=1)
    assert (got["crash"].status, got["crash"].error_code) == ("failed", "INTERNAL")
    assert "退出码 3" in got["crash"].error_message
    assert got["a"].status == got["b"].status == "ok"


def test_a_memory_hog_hits_the_memory_limit() -> None:
    got = _run(["a", "hog", "b"], jobs=1, max_memory_mb=1024)
    assert got["hog"].status == "failed"
    assert got["hog"].error_code == "TOO_LARGE"
    assert got["a"].status == got["b"].status == "ok"
