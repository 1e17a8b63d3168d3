"""A program started with die_with_this_process() does not outlive the process that started it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its exit status is left to collect


_ORPHAN = """
import subprocess, time
from extract.lifetime import die_with_this_process
child = subprocess.Popen(["sleep", "60"], preexec_fn=die_with_this_process())
print(child.pid, flush=True)
time.sleep(60)
"""


def test_a_program_started_dies_with_the_process_that_started_it() -> None:
    """What keeps a LibreOffice from outliving a worker that the run's own limit killed."""
    root = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen([sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True, cwd=root)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    until = time.monotonic() + 10
    while _alive(child) and time.monotonic() < until:
        time.sleep(0.05)
    assert not _alive(child)
