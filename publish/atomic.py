"""Replace a whole output folder in one step, so an interrupted run never leaves half of it."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
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


def replace_dir(staging: Path, target: Path) -> None:
    """Make `staging` the new `target`. Where the kernel cannot exchange two names, fall back to
    two renames; `recover` finishes that step if a crash falls between them."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def recover(target: Path) -> None:
    """Undo a fallback swap cut short: the previous results come back under their name."""
    previous = target.with_name(f".{target.name}.previous")
    if previous.exists() and not target.exists():
        os.rename(previous, target)
    elif previous.exists():
        shutil.rmtree(previous, ignore_errors=True)
