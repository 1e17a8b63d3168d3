"""Files run on a Dask cluster: one task per file, each on a worker under the same per-file time
and memory limits as the local pool (batch/workers.py runs it in a child process of the Dask
worker), results streamed back as they complete. The driver keeps everything else: inputs,
catalog, OUT. Workers read files by path (a file system every worker reaches) and write nothing.

`pip install 'evalforms[cluster]'`; `address` is a scheduler (`tcp://host:8786`) or `local` for a
LocalCluster on this machine.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from batch.errors import RunError
from batch.workers import Limits, Outcome, Task, WorkerPool, WorkResult, failed_outcome

CLUSTER_CONFIG = {
    # a task on a worker that died is retried elsewhere: innocent tasks beside a crashing file
    # (which our child process absorbs anyway) are never failed for it
    "distributed.scheduler.allowed-failures": 3,
    # tasks are handed out as workers free up, so a lost worker takes few queued tasks with it
    "distributed.scheduler.worker-saturation": 1.0,
    # the per-file child process (batch/workers.py) needs a worker allowed to have children
    "distributed.worker.daemon": False,
}
"""Set for a LocalCluster; set the same on the scheduler and workers of your own cluster."""


class ClusterUnavailable(RunError):
    """dask is not installed, or the scheduler cannot be reached."""


def one_file(work: Callable[[Any], WorkResult], task: Task, limits: Limits) -> tuple[Any, ...]:
    """On a worker: the file in a child process under the per-file limits, as the local pool runs
    it; a hang, a crash or a memory blow-up is that file's result."""
    pool = getattr(_kept, "pool", None)
    if pool is None or pool.work is not work or pool.limits != limits:
        if pool is not None:
            pool.close()
        pool = _kept.pool = WorkerPool(work, 1, limits, keep=True)
    (outcome,) = list(pool.run([task]))
    return outcome.entry, outcome.forms, outcome.limited, outcome.changed


_kept = threading.local()
"""One kept child process per thread of a Dask worker (a worker with --nthreads 2 runs two files
at once), dying with the worker (batch/workers.py die_with_parent)."""


@dataclass
class ClusterPool:
    """The WorkerPool interface over a Dask cluster."""

    work: Callable[[Any], WorkResult]
    address: str
    jobs: int
    limits: Limits
    in_flight_per_worker: int = 4

    def run(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        try:
            import dask
            from distributed import Client, LocalCluster, as_completed
        except ImportError as e:
            raise ClusterUnavailable(
                "未安装 Dask：请先运行 pip install 'evalforms[cluster]'，或去掉 --cluster 选项在本机运行。"
            ) from e
        with contextlib.ExitStack() as stack:
            stack.enter_context(dask.config.set(CLUSTER_CONFIG))
            if self.address == "local":
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.jobs,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",  # never the default port another cluster may hold
                        memory_limit=0,  # the per-file limit is ours (batch/workers.py)
                    )
                )
                address: Any = cluster
            else:
                address = self.address
            try:
                client = stack.enter_context(Client(address, timeout="30s"))
            except (OSError, TimeoutError) as e:
                raise ClusterUnavailable(
                    f"无法连接 Dask 调度器 {self.address}（{e}）；请检查地址与网络。"
                ) from e
            yield from self._stream(client, as_completed, tasks)

    def _stream(self, client: Any, as_completed: Any, tasks: Iterable[Task]) -> Iterator[Outcome]:
        window = max(8, self.in_flight_per_worker * max(1, len(client.scheduler_info()["workers"])))
        pending = iter(tasks)
        by_future: dict[Any, Task] = {}
        done = as_completed()

        def submit_one() -> bool:
            task = next(pending, None)
            if task is None:
                return False
            future = client.submit(one_file, self.work, task, self.limits, pure=False)
            by_future[future] = task
            done.add(future)
            return True

        while len(by_future) < window and submit_one():
            pass
        for future in done:
            task = by_future.pop(future)
            try:
                entry, forms, limited, changed = future.result()
                yield Outcome(task, entry, forms, limited=limited, changed=changed)
            except Exception as e:  # the task failed on every worker it was tried on
                yield failed_outcome(
                    task,
                    "INTERNAL",
                    f"集群上处理此文件的进程多次意外退出（{type(e).__name__}）；"
                    "请将此文件报告给 evalforms 维护者。",
                    0.0,
                )
            submit_one()
