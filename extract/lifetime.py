"""Child processes that die with their parent: a worker killed with SIGKILL (a run's time limit, the
OOM killer, a user's kill -9) takes the programs it started with it, instead of leaving them running
with nobody to wait for them. Shared by batch/workers.py (its workers) and extract/convert.py
(LibreOffice)."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
from collections.abc import Callable
from functools import cache, partial
from typing import Any

_PR_SET_PDEATHSIG = 1


@cache
def _prctl() -> Any:
    # Looked up once, in the parent: find_library runs ldconfig in a subprocess, which a freshly
    # forked child (subprocess's preexec_fn) must not do.
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def die_with_parent(parent: int) -> None:
    """Linux: the kernel sends SIGKILL to this process when the parent that started it exits.
    `parent` is that parent's pid, taken before the fork: if it is gone already, exit now."""
    prctl = _prctl()
    if prctl is None:
        return  # no prctl (not Linux): the parent's own clean-up is all there is
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent went before the request was made
        os._exit(1)


def die_with_this_process() -> Callable[[], None]:
    """A `preexec_fn` for subprocess.Popen: the program started dies when this process does.
    Only the program itself is covered (the kernel does not pass the request on to its children)."""
    _prctl()
    return partial(die_with_parent, os.getpid())
