"""The run catalog: an embedded SQLite database in OUT keyed by each file's SHA-256, holding the
file's manifest row and form documents, so that a re-run only processes new or changed files.

It is written in place as files complete (SQLite makes each write atomic), so results survive a
killed run; the finished run copies it into the new output folder before the folder swap.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from model import ManifestEntry

NAME = "catalog.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    manifest TEXT NOT NULL,
    forms TEXT NOT NULL,
    processed_at REAL NOT NULL,
    PRIMARY KEY (sha256, settings)
)
"""
# Failures that say something about the file itself: an unchanged file fails the same way again.
# TIMEOUT and INTERNAL may not (a busy machine, a fixed bug), so those files are retried.
_STABLE_FAILURES = {"UNSUPPORTED_TYPE", "FILE_CORRUPT", "FILE_ENCRYPTED", "NO_FORM_FOUND", "TOO_LARGE"}


@dataclass(frozen=True)
class Cached:
    entry: ManifestEntry
    forms: list[dict[str, Any]]


class Catalog:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=DELETE")  # one file, safe to copy once closed
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute(SCHEMA)
        self.db.commit()

    def get(self, sha256: str, settings: str) -> Cached | None:
        row = self.db.execute(
            "SELECT manifest, forms FROM files WHERE sha256 = ? AND settings = ?", (sha256, settings)
        ).fetchone()
        if row is None:
            return None
        entry = ManifestEntry.model_validate_json(row[0])
        if entry.status == "failed" and entry.error_code not in _STABLE_FAILURES:
            return None
        return Cached(entry, json.loads(row[1]))

    def put(self, sha256: str, settings: str, entry: ManifestEntry, forms: list[dict[str, Any]]) -> None:
        if not sha256:
            return  # a file that could not even be hashed has nothing to key on
        self.db.execute(
            "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
            (sha256, settings, entry.model_dump_json(), json.dumps(forms, ensure_ascii=False), time.time()),
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()
