"""Replace a whole output folder in one step, so an interrupted run never leaves half of it."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Linux renameat2(RENAME_EXCHANGE): both names stay valid at every instant."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def link_or_copy(source: Path, dest: Path) -> None:
    """`dest` as a hard link to the file `source` (a file of the previous OUT that the new one
    keeps as it is), or a copy where the file system cannot link. Neither folder may write into
    such a file in place afterwards: both names are the same file."""
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_REMOVERS = 8
"""Threads removing a replaced folder: each removal waits on the disk (on a file system mounted
with `discard`, freeing a small file or a folder is a few milliseconds of waiting), so several at
once overlap those waits (300 crop folders: 0.9 s one by one, 0.07 s eight at a time)."""


def remove_tree(root: Path) -> None:
    """shutil.rmtree(root, ignore_errors=True), the entries of root's folders removed in parallel.
    Never follows a link: every name is opened or removed relative to its folder's descriptor,
    as rmtree does."""
    try:
        root_fd = os.open(root, _DIR_FLAGS)
    except OSError:
        shutil.rmtree(root, ignore_errors=True)
        return
    fds = [root_fd]
    jobs: list[Callable[[], object]] = []
    try:
        with os.scandir(root_fd) as top:
            folders = [e.name for e in top if e.is_dir(follow_symlinks=False)]
        for name in folders:
            try:
                fd = os.open(name, _DIR_FLAGS, dir_fd=root_fd)
            except OSError:
                continue
            fds.append(fd)
            with os.scandir(fd) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        jobs.append(partial(shutil.rmtree, entry.name, ignore_errors=True, dir_fd=fd))
                    else:
                        jobs.append(partial(os.unlink, entry.name, dir_fd=fd))
        if jobs:
            with ThreadPoolExecutor(_REMOVERS) as pool:
                for future in [pool.submit(job) for job in jobs]:
                    future.exception()  # what could not be removed is left to the rmtree below
    except OSError:
        pass
    finally:
        for fd in fds:
            os.close(fd)
    shutil.rmtree(root, ignore_errors=True)


def replace_dir(staging: Path, target: Path) -> None:
    """Make `staging` the new `target`. Where the kernel cannot exchange two names, fall back to
    two renames; `recover` finishes that step if a crash falls between them."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        remove_tree(staging)  # the previous results, now under the staging name
        return
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(target, previous)
    os.rename(staging, target)
    remove_tree(previous)


def recover(target: Path) -> None:
    """Undo a fallback swap cut short: the previous results come back under their name."""
    previous = target.with_name(f".{target.name}.previous")
    if previous.exists() and not target.exists():
        os.rename(previous, target)
    elif previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
