"""Files on a Dask cluster (a LocalCluster of 2 workers on loopback): the same results as the
local pool, and a hang, a crash, a memory hog or a lost worker costs no other file its result."""

from __future__ import annotations

import os
import signal
import time
from decimal import Decimal
from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed (pip install -e '.[cluster]')"
)

import dask  # noqa: E402

import pipeline  # noqa: E402
from batch.cluster import CLUSTER_CONFIG, ClusterPool  # noqa: E402
from batch.workers import Limits, Task, WorkResult  # noqa: E402
from model import ManifestEntry  # noqa: E402
from tests.corpus_truth import CORPUS  # noqa: E402

FILES = CORPUS / "files"


def _work(payload: str) -> WorkResult:
    if payload == "hang":
        time.sleep(60)
    elif payload == "crash":
        os._exit(3)
    elif payload == "hog":
        blocks = [bytearray(64 * 1024 * 1024) for _ in range(40)]
        del blocks
    elif payload.startswith("slow"):
        time.sleep(0.5)
    return WorkResult(
        ManifestEntry(source_file=payload, status="ok", seconds=Decimal("0")), [{"form_id": payload}]
    )


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    with (
        dask.config.set(CLUSTER_CONFIG),
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, memory_limit=0
        ) as c,
    ):
        yield c


def _run(address: str, payloads: list[str], **limits: object) -> dict[str, ManifestEntry]:
    pool = ClusterPool(_work, address, 2, Limits(**limits))  # type: ignore[arg-type]
    tasks = [Task(i, p, p, "") for i, p in enumerate(payloads)]
    return {o.task.payload: o.entry for o in pool.run(tasks)}


def test_a_hang_a_crash_and_a_hog_are_their_files_rows(cluster) -> None:  # type: ignore[no-untyped-def]
    got = _run(cluster.scheduler_address, ["a", "hang", "b", "crash", "c"], timeout=3)
    assert (got["hang"].status, got["hang"].error_code) == ("failed", "TIMEOUT")
    assert (got["crash"].status, got["crash"].error_code) == ("failed", "INTERNAL")
    assert all(got[k].status == "ok" for k in "abc")
    # a time limit a loaded machine cannot hit while the hog allocates: the memory limit decides
    got = _run(cluster.scheduler_address, ["d", "hog", "e"], timeout=120, max_memory_mb=1024)
    assert (got["hog"].status, got["hog"].error_code) == ("failed", "TOO_LARGE")
    assert got["d"].status == got["e"].status == "ok"


def test_a_worker_killed_mid_run_loses_nothing(cluster) -> None:  # type: ignore[no-untyped-def]
    payloads = [f"slow{i}" for i in range(16)]
    pool = ClusterPool(_work, cluster.scheduler_address, 2, Limits(timeout=60))
    tasks = [Task(i, p, p, "") for i, p in enumerate(payloads)]
    got = {}
    with distributed.Client(cluster.scheduler_address) as client:
        pids = list(client.run(os.getpid).values())
        for k, outcome in enumerate(pool.run(tasks)):
            got[outcome.task.payload] = outcome.entry
            if k == 2:
                os.kill(pids[0], signal.SIGKILL)
    assert sorted(got) == sorted(payloads)
    assert all(e.status == "ok" for e in got.values())


def _outputs(out: Path) -> dict[str, str]:
    texts = {}
    for name in ("forms.csv", "indicators.csv", "anomalies.csv"):
        texts[name] = (out / name).read_text(encoding="utf-8-sig")
    manifest = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()
    texts["manifest.csv"] = "\n".join(line.rsplit(",", 1)[0] for line in manifest)  # all but seconds
    for path in sorted((out / "forms").glob("*.json")):
        texts[path.name] = path.read_text(encoding="utf-8")
    return texts


def test_the_same_outputs_as_the_local_pool(tmp_path: Path) -> None:
    inputs = [
        str(FILES / "docx"),
        str(FILES / "pdf-word" / "27.pdf"),
        str(FILES / "bundle" / "department_bundle.pdf"),
    ]
    pipeline.run(inputs, tmp_path / "pool", pipeline.Settings(jobs=2))
    pipeline.run(inputs, tmp_path / "cluster", pipeline.Settings(jobs=2, cluster="local"))
    pool, cluster = _outputs(tmp_path / "pool"), _outputs(tmp_path / "cluster")
    assert pool.keys() == cluster.keys() and len(pool) > 100
    for name in pool:
        assert pool[name] == cluster[name], name
