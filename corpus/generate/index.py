"""corpus/files/index.json: which truth forms each rendered file holds, and on which pages."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("docx", "pdf-word", "pdf-excel", "bundle", "xlsx", "xls")


@dataclass
class FormRef:
    truth: str
    page_start: int | None = None
    page_end: int | None = None


@dataclass
class FileEntry:
    path: str  # relative to corpus/files, forward slashes
    kind: str
    layout: str
    forms: list[FormRef] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "kind": self.kind,
            "layout": self.layout,
            "forms": [
                {"truth": f.truth, "page_start": f.page_start, "page_end": f.page_end} for f in self.forms
            ],
        }


def write_index(entries: list[FileEntry], path: Path) -> None:
    for entry in entries:
        if entry.kind not in KINDS:
            raise ValueError(f"unknown kind {entry.kind!r} for {entry.path}")
    order = {kind: i for i, kind in enumerate(KINDS)}
    entries = sorted(entries, key=lambda e: (order[e.kind], e.path))
    text = json.dumps([e.as_json() for e in entries], ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def replace_entries(path: Path, kinds: tuple[str, ...], entries: list[dict[str, Any]]) -> None:
    """Replace the entries of these kinds in the shared index (the scripts that add files by hand:
    scan, ofd, photo), keep the others in their order."""
    index = json.loads(path.read_text(encoding="utf-8"))
    kept = [e for e in index if e.get("kind") not in kinds]
    text = json.dumps(kept + sorted(entries, key=lambda e: e["path"]), ensure_ascii=False, indent=1)
    path.write_text(text + "\n", encoding="utf-8")


def read_index(path: Path) -> list[FileEntry]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [FileEntry(e["path"], e["kind"], e["layout"], [FormRef(**f) for f in e["forms"]]) for e in raw]
