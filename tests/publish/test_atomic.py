"""Removing a replaced output folder: all of it, in parallel, and never through a link."""

from __future__ import annotations

import os
from pathlib import Path

from publish.atomic import remove_tree, replace_dir


def _tree(root: Path, outside: Path) -> None:
    for n in range(40):
        folder = root / "crops" / f"form-{n}"
        folder.mkdir(parents=True)
        (folder / "a.png").write_bytes(b"png")
        (folder / "deeper").mkdir()
        (folder / "deeper" / "b").write_bytes(b"b")
    (root / "forms").mkdir()
    for n in range(100):
        (root / "forms" / f"{n}.json").write_text("{}")
    (root / "report.html").write_text("<!DOCTYPE html>")
    # links to what is not the tree's: each at a level the parallel part or rmtree removes
    (root / "to-outside").symlink_to(outside)
    (root / "crops" / "to-outside").symlink_to(outside)
    (root / "crops" / "form-0" / "to-outside").symlink_to(outside)
    os.link(outside / "kept.txt", root / "forms" / "hard-link.txt")


def test_remove_tree_removes_everything_and_nothing_a_link_points_to(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("kept")
    (outside / "sub").mkdir()
    (outside / "sub" / "also.txt").write_text("also")
    root = tmp_path / "old"
    _tree(root, outside)
    remove_tree(root)
    assert not root.exists()
    assert (outside / "kept.txt").read_text() == "kept" and (outside / "sub" / "also.txt").exists()
    remove_tree(tmp_path / "missing")  # nothing to do


def test_replace_dir_leaves_only_the_new_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "kept.txt").write_text("kept")
    target, staging = tmp_path / "out", tmp_path / ".out.staging-1"
    _tree(target, outside)
    staging.mkdir()
    (staging / "report.html").write_text("new")
    replace_dir(staging, target)
    assert sorted(os.listdir(tmp_path)) == ["out", "outside"]
    assert os.listdir(target) == ["report.html"] and (outside / "kept.txt").read_text() == "kept"
