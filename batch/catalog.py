"""The run catalog: an embedded SQLite database in OUT keyed by each file's SHA-256, holding the
file's manifest row and form documents, so that a re-run only processes new or changed files.

It is written in place as files complete (SQLite makes each write atomic), so results survive a
killed run; the finished run copies it into the new output folder before the folder swap.

The catalog is input like any other: it may be truncated, overwritten, of another schema or
hold a crafted row. It is checked on open (a damaged one is set aside, never deleted, and the
run goes on as a first run), and every row is validated when read back: a row that does not
hold what this version writes is a cache miss, and a form id is used as a file name only when it
is the id of that file's own form.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from batch.errors import output_failed
from model import ManifestEntry

NAME = "catalog.sqlite"
_COLUMNS = ("sha256", "settings", "manifest", "forms", "processed_at", "limits")
SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT NOT NULL,
    settings TEXT NOT NULL,
    manifest TEXT NOT NULL,
    forms TEXT NOT NULL,
    processed_at REAL NOT NULL,
    limits TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (sha256, settings)
)
"""
DECISIONS = """
CREATE TABLE IF NOT EXISTS decisions (
    sha256 TEXT NOT NULL,
    form_index INTEGER NOT NULL,
    code TEXT NOT NULL,
    field TEXT NOT NULL,
    seq INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('确认', '驳回')),
    note TEXT NOT NULL DEFAULT '',
    corrected TEXT,
    corrected_field TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL,
    PRIMARY KEY (sha256, form_index, code, field, seq)
)
"""
"""An auditor's decision on a finding (`evalforms review`), keyed by what identifies the finding
across runs: the file's bytes, the form's place in the file, the code, the field and the
indicator's seq (0 for a form-level finding). Never dropped by a run: a decision whose finding is
gone is shown as obsolete."""
STATES = ("确认", "驳回")
# Failures that say something about the file itself: an unchanged file fails the same way again.
# INTERNAL may not (a fixed bug, a worker killed from outside), so those files are retried. A
# failure of time or memory is cached with the limits it ran under and is retried under others.
_STABLE_FAILURES = {
    "UNSUPPORTED_TYPE",
    "FILE_CORRUPT",
    "FILE_ENCRYPTED",
    "NO_FORM_FOUND",
    "TOO_LARGE",
    "TIMEOUT",
}
_SHA = re.compile(r"^[0-9a-f]{64}$")
_FORM_ID = re.compile(r"^[0-9a-f]{12}-[1-9][0-9]{0,5}$")


def valid_form_id(form_id: object, sha256: str) -> bool:
    """A form id that is safe as a file name and belongs to the file with this hash."""
    return isinstance(form_id, str) and bool(_FORM_ID.match(form_id)) and form_id.startswith(sha256[:12])


@dataclass(frozen=True)
class Decision:
    sha256: str
    form_index: int
    code: str
    field: str
    seq: int | None
    state: str
    """确认 (the form is wrong) or 驳回 (a misread, or acceptable: `note` says why)."""
    note: str = ""
    corrected: str | None = None
    """The cell's text as the auditor reads it on the page, for a misread cell."""
    corrected_field: str = ""
    """Which cell `corrected` is: one the finding rests on; empty for the finding's own field.
    A field of an indicator is that of the finding's indicator."""
    decided_at: str = ""

    @property
    def cell(self) -> str:
        return self.corrected_field or self.field

    @property
    def key(self) -> tuple[str, int, str, str, int | None]:
        return (self.sha256, self.form_index, self.code, self.field, self.seq)


class BadDecision(ValueError):
    """A decision that cannot be stored as given (the message says why, in Chinese)."""


def decision_key(doc: dict[str, Any], finding: dict[str, Any]) -> tuple[str, int, str, str, int | None]:
    seq = finding.get("seq")
    return (
        str(doc.get("source_sha256") or ""),
        int(doc.get("form_index") or 0),
        str(finding.get("code") or ""),
        str(finding.get("field") or ""),
        seq if isinstance(seq, int) else None,
    )


@dataclass(frozen=True)
class Cached:
    entry: ManifestEntry
    forms: list[dict[str, Any]]


def _forms_ok(forms: object, sha256: str) -> bool:
    if not isinstance(forms, list):
        return False
    for doc in forms:
        if not isinstance(doc, dict) or not valid_form_id(doc.get("form_id"), sha256):
            return False
        if not all(isinstance(doc.get(k), list) for k in ("indicators", "anomalies", "provenance")):
            return False
        if not all(isinstance(a, dict) and isinstance(a.get("severity"), str) for a in doc["anomalies"]):
            return False
    return True


def _problem(db: sqlite3.Connection) -> str | None:
    """Why an opened database is not a catalog of this version, or None."""
    row = db.execute("PRAGMA quick_check").fetchone()
    if row is None or row[0] != "ok":
        return f"完整性检查未通过（{row[0] if row else '无结果'}）"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "files" not in tables:
        return None if not tables else "不是 evalforms 的目录（没有 files 表）"
    columns = [r[1] for r in db.execute("PRAGMA table_info(files)")]
    if columns == list(_COLUMNS[:-1]):
        db.execute("ALTER TABLE files ADD COLUMN limits TEXT NOT NULL DEFAULT ''")  # an older catalog
        db.commit()
        return None
    if columns != list(_COLUMNS):
        return f"表结构不符（{', '.join(columns)}）"
    return None


class Catalog:
    def __init__(self, path: Path, warn: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.warnings: list[str] = []
        self._warn = warn
        try:
            self.db = self._open()
        except OSError as e:
            raise output_failed(path.parent, e) from e
        except sqlite3.OperationalError as e:
            raise output_failed(path.parent, f"无法打开运行目录 {path.name}（{e}）") from e

    def _open(self) -> sqlite3.Connection:
        problem: str | None = None
        if self.path.exists():
            try:
                db = sqlite3.connect(self.path)
                problem = _problem(db)
            except sqlite3.DatabaseError as e:
                db, problem = None, f"无法读取（{e}）"
            if problem is None and db is not None:
                return self._configure(db)
            if db is not None:
                db.close()
            aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
            self.path.rename(aside)
            for suffix in ("-journal", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            self._note(
                f"运行目录 {self.path.name} 已损坏（{problem}），已移到 {aside.name}；"
                "本次按首次运行处理全部文件。"
            )
        return self._configure(sqlite3.connect(self.path))

    def _configure(self, db: sqlite3.Connection) -> sqlite3.Connection:
        db.execute("PRAGMA journal_mode=DELETE")  # one file, safe to copy once closed
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(SCHEMA)
        db.execute(DECISIONS)
        db.commit()
        return db

    def _note(self, message: str) -> None:
        self.warnings.append(message)
        if self._warn:
            self._warn(message)

    def get(self, sha256: str, settings: str, limits: str) -> Cached | None:
        """The cached result of these bytes under these settings; a failure that depended on the
        run's limits (TIMEOUT, memory) only under the same limits."""
        try:
            row = self.db.execute(
                "SELECT manifest, forms, limits FROM files WHERE sha256 = ? AND settings = ?",
                (sha256, settings),
            ).fetchone()
        except sqlite3.DatabaseError:
            return None
        if row is None or not isinstance(row[0], str) or not isinstance(row[1], str):
            return None
        try:
            entry = ManifestEntry.model_validate_json(row[0])
            forms = json.loads(row[1])
        except (ValidationError, ValueError, RecursionError):
            return None
        if entry.status == "failed" and entry.error_code not in _STABLE_FAILURES:
            return None
        if (row[2] and row[2] != limits) or (entry.error_code == "TIMEOUT" and not row[2]):
            return None
        if entry.source_sha256 not in ("", sha256) or not _forms_ok(forms, sha256):
            return None
        if entry.forms_found != len(forms):
            return None
        return Cached(entry, forms)

    def put(
        self, sha256: str, settings: str, entry: ManifestEntry, forms: list[dict[str, Any]], limits: str = ""
    ) -> None:
        """`limits`: the run's limits when the result depends on them (a failure of time or
        memory), else empty."""
        if not _SHA.match(sha256):
            return  # a file that could not even be hashed has nothing to key on
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                (
                    sha256,
                    settings,
                    entry.model_dump_json(),
                    json.dumps(forms, ensure_ascii=False),
                    time.time(),
                    limits,
                ),
            )
            self.db.commit()
        except sqlite3.OperationalError as e:
            raise output_failed(self.path.parent, f"无法写入运行目录 {self.path.name}（{e}）") from e

    def documents(self, sha256: str) -> list[dict[str, Any]]:
        """The forms read from these bytes, as first stored (before any decision), newest first
        over the settings they were read under; rows that do not hold forms are skipped."""
        try:
            rows = self.db.execute(
                "SELECT forms FROM files WHERE sha256 = ? ORDER BY processed_at DESC", (sha256,)
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        out: list[dict[str, Any]] = []
        for (text,) in rows:
            try:
                forms = json.loads(text) if isinstance(text, str) else None
            except (ValueError, RecursionError):
                continue
            if _forms_ok(forms, sha256):
                out.extend(forms)  # type: ignore[arg-type]
        return out

    def decide(self, decision: Decision) -> Decision:
        """Store (or replace) the decision on a finding; the time is now when not given."""
        if decision.state not in STATES:
            raise BadDecision(f"审核结论应为“确认”或“驳回”，而不是“{decision.state}”")
        if decision.state == "驳回" and not decision.note.strip():
            raise BadDecision("驳回须填写理由")
        if not _SHA.match(decision.sha256):
            raise BadDecision("不是本目录中的文件")
        at = decision.decided_at or time.strftime("%Y-%m-%dT%H:%M:%S%z")
        stored = Decision(**{**decision.__dict__, "decided_at": at})
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (stored.sha256, stored.form_index, stored.code, stored.field,
                 stored.seq if stored.seq is not None else 0, stored.state, stored.note.strip(),
                 stored.corrected, stored.corrected_field, at),
            )  # fmt: skip
            self.db.commit()
        except sqlite3.OperationalError as e:
            raise output_failed(self.path.parent, f"无法写入运行目录 {self.path.name}（{e}）") from e
        return stored

    def undecide(self, key: tuple[str, int, str, str, int | None]) -> None:
        sha, index, code, field, seq = key
        self.db.execute(
            "DELETE FROM decisions"
            " WHERE sha256 = ? AND form_index = ? AND code = ? AND field = ? AND seq = ?",
            (sha, index, code, field, seq if seq is not None else 0),
        )
        self.db.commit()

    def decisions(self) -> list[Decision]:
        """Every decision, valid rows only (the catalog is input like any other)."""
        try:
            rows = self.db.execute(
                "SELECT sha256, form_index, code, field, seq, state, note, corrected, corrected_field,"
                " decided_at FROM decisions ORDER BY decided_at"
            ).fetchall()
        except sqlite3.DatabaseError:
            return []
        out = []
        for sha, index, code, field, seq, state, note, corrected, cell, at in rows:
            if not (isinstance(sha, str) and _SHA.match(sha) and isinstance(index, int)
                    and isinstance(code, str) and isinstance(field, str) and isinstance(seq, int)
                    and state in STATES and isinstance(note, str) and isinstance(at, str)
                    and (corrected is None or isinstance(corrected, str))
                    and isinstance(cell, str)):  # fmt: skip
                continue
            out.append(Decision(sha, index, code, field, seq or None, state, note, corrected, cell, at))
        return out

    def close(self) -> None:
        self.db.close()
