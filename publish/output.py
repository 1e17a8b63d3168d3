"""The output folder of a run: forms are staged as they arrive (in any order, from any worker),
then the tables are written in input order in one streaming pass and the folder replaces the
previous one in a single step.

A file the previous OUT holds with the very same bytes (a form's JSON, its crops, the catalog) is
hard-linked into the staged folder instead of written again: an incremental re-run then writes
only what changed, and removing the previous OUT after the swap only drops names (deleting
thousands of small files whose blocks the disk must free was seconds of a re-run). Nothing is
ever written into a staged file in place, so the previous OUT is never changed through a link."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import model
from batch.catalog import valid_form_id
from batch.outdir import write_marker
from model import (
    MANIFEST_COLUMNS,
    Anomaly,
    Form,
    ManifestEntry,
)
from normalize import numeric
from publish import atomic, serialize
from publish import decisions as decisions_module
from publish.serialize import (
    ANOMALY_CSV,
    FORM_CSV,
    INDICATOR_CSV,
    anomaly_csv_rows,
    anomaly_dict,
    form_csv_row,
    form_document,
    indicator_csv_rows,
    manifest_csv_row,
    recount,
)
from score.duplicates import FormKey

RunCheck = Callable[[list[FormKey]], dict[str, list[Anomaly]]]
"""Findings that need every form of the run (DUPLICATE_FORM), by form_id."""
Finisher = Callable[[Path, Path], None]
"""Builds a derived file (report.html, dataset.xlsx) from a staged folder with its tables written;
the second argument is the previous output folder (which may not exist), whose files it may reuse."""

STAGING_PREFIX = ".staging-"
SPOOL = ".forms-spool"
"""The staged forms' JSON documents as they arrive, removed before the folder is swapped in."""


_BOM = "\ufeff".encode()


class _Table:
    """A CSV table written as bytes (UTF-8 with BOM, as `_open_csv` writes it), each form's rows
    one chunk whose place and hash are recorded, so that the next run can copy the chunk."""

    def __init__(self, path: Path, header: list[str]) -> None:
        self.handle = path.open("xb")
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        self._writer.writerow(header)
        self.handle.write(_BOM + self._take())
        self.offset = self.handle.tell()

    def _take(self) -> bytes:
        data = self._text.getvalue().encode("utf-8")
        self._text.seek(0)
        self._text.truncate()
        return data

    def rows(self, rows: Iterable[list[str]]) -> list[Any]:
        self._writer.writerows(rows)
        return self.chunk(self._take())

    def chunk(self, data: bytes) -> list[Any]:
        """Appends `data`; returns its [offset, length, sha256]."""
        self.handle.write(data)
        entry = [self.offset, len(data), hashlib.sha256(data).hexdigest()]
        self.offset += len(data)
        return entry


class _PreviousTables:
    """The previous OUT's tables, to copy a form's chunk of rows from (checked against its hash)."""

    def __init__(self, out: Path, names: Iterable[str]) -> None:
        self.handles: list[IO[bytes] | None] = []
        for name in names:
            try:
                regular = stat.S_ISREG(os.lstat(out / name).st_mode)
                self.handles.append((out / name).open("rb") if regular else None)
            except OSError:
                self.handles.append(None)

    def chunks(self, entries: Any) -> list[bytes] | None:
        if not isinstance(entries, list) or len(entries) != len(self.handles):
            return None
        found = []
        for handle, entry in zip(self.handles, entries, strict=True):
            try:
                offset, length, sha = int(entry[0]), int(entry[1]), str(entry[2])
                if handle is None or offset < 0 or length < 0:
                    return None
                handle.seek(offset)
                data = handle.read(length)
            except (OSError, ValueError, TypeError, IndexError, KeyError, OverflowError):
                return None
            if len(data) != length or hashlib.sha256(data).hexdigest() != sha:
                return None
            found.append(data)
        return found

    def close(self) -> None:
        for handle in self.handles:
            if handle is not None:
                handle.close()


@cache
def _tables_writer() -> str:
    """What a form's JSON and rows depend on besides its document and run-level findings."""
    digest = hashlib.sha256(version("evalforms").encode())
    for module in (__file__, serialize.__file__, decisions_module.__file__, model.__file__, numeric.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _unchanged(previous: Path, stamp: Any) -> bool:
    """Whether `previous` is a regular file with the size, mtime and inode of `stamp`."""
    try:
        st = os.lstat(previous)
        return (
            stat.S_ISREG(st.st_mode)
            and isinstance(stamp, list)
            and len(stamp) == 4
            and [st.st_size, st.st_mtime_ns, st.st_ino] == stamp[1:]
        )
    except OSError:
        return False


def _open_csv(path: Path, header: list[str]) -> tuple[Any, Any]:
    handle = path.open("w", encoding="utf-8-sig", newline="")
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    return handle, writer


def _json_bytes(doc: dict[str, Any]) -> bytes:
    # Compact: the C encoder is ten times faster than the indenting one, which matters at 10k forms.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


FORMS_INDEX = ".forms-index.json"
"""What the run wrote for each form, by its file name in forms/: {"in": a hash of what the form's
outputs are made from (its staged document, its run-level findings, the decisions, this code),
"json": the stamp of its file, [sha256, size, mtime_ns, inode], "csv": [offset, length, sha256]
of its rows in forms.csv, indicators.csv and anomalies.csv}. The next run links a form whose
inputs and file are unchanged and copies its rows, without reading or re-serializing it."""

Stamp = list[Any]
"""[sha256, size, mtime_ns, inode] of a written file."""


def _holds(previous: Path, data: bytes) -> bool:
    try:
        with open(previous, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def place(dest: Path, data: bytes, previous: Path | None, known: Any = None) -> Stamp:
    """Write `data` to the new file `dest`, as a hard link to `previous` when that is a regular
    file holding those bytes: its stamp `known` (from the previous run's index) still matches, or
    its contents do. Returns the stamp of `dest`."""
    digest = hashlib.sha256(data).hexdigest()
    try:
        st = os.lstat(previous) if previous is not None else None
    except OSError:
        st = None
    if previous is not None and st is not None and stat.S_ISREG(st.st_mode) and st.st_size == len(data):
        stamp = [digest, st.st_size, st.st_mtime_ns, st.st_ino]
        if known == stamp or _holds(previous, data):
            try:
                os.link(previous, dest)
                return stamp
            except OSError:
                pass  # a file system without hard links: write it
    with open(dest, "xb") as handle:
        handle.write(data)
        st = os.fstat(handle.fileno())
    return [digest, st.st_size, st.st_mtime_ns, st.st_ino]


def _read_index(path: Path) -> dict[str, Any]:
    try:
        index = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_staging(out: Path) -> None:
    """Remove staging folders left by runs that were killed (their process is gone)."""
    prefix = f".{out.name}{STAGING_PREFIX}"
    if not out.parent.is_dir():
        return
    for entry in out.parent.iterdir():
        if entry.name.startswith(prefix):
            pid = entry.name[len(prefix) :].split("-")[0]  # `<pid>` or `<pid>-<what>`
            if pid.isdigit() and not _pid_alive(int(pid)):
                shutil.rmtree(entry, ignore_errors=True)


@dataclass
class RunOutput:
    out: Path
    keys: list[FormKey] = field(default_factory=list)
    files: list[tuple[int, ManifestEntry]] = field(default_factory=list)

    mark: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    """Sets the review columns of a form's findings after run-level findings were added to it."""
    mark_key: str = ""
    """Says what `mark` does (a hash of the decisions it applies): part of each form's inputs."""
    spooled: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Each staged form's JSON in the spool file, by form_id: (offset, length)."""

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        atomic.recover(self.out)
        clean_stale_staging(self.out)
        self.staging = self.out.with_name(f".{self.out.name}{STAGING_PREFIX}{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / "forms").mkdir(parents=True)
        write_marker(self.staging)
        # Forms are spooled into one file as they arrive and written to forms/ once, by
        # _write_tables, when the run-level findings they may get are known.
        self._spool = (self.staging / SPOOL).open("w+b")

    def add_form(self, form: Form, ordinal: int = 0) -> None:
        self.add_document(form_document(form), ordinal)

    def add_document(self, doc: dict[str, Any], ordinal: int = 0) -> None:
        """A form as its JSON document (fresh, or reused from the catalog of an earlier run)."""
        if not valid_form_id(doc.get("form_id"), str(doc.get("source_sha256") or "")):
            raise ValueError(f"not a form id: {doc.get('form_id')!r}")  # never a path out of OUT
        data = _json_bytes(doc)  # a form_id added again replaces the first, as a rewrite would
        self.spooled[doc["form_id"]] = (self._spool.tell(), len(data))
        self._spool.write(data)
        self.keys.append(
            FormKey(
                ordinal,
                int(doc.get("form_index") or 0),
                doc["form_id"],
                doc.get("source_file") or "",
                doc.get("page_start"),
                doc.get("year"),
                doc.get("project_name") or "",
                doc.get("department") or "",
            )
        )

    def add_file(self, entry: ManifestEntry, ordinal: int = 0) -> None:
        self.files.append((ordinal, entry))

    def finish(
        self,
        checks: Iterable[RunCheck] = (),
        finishers: Iterable[Finisher] = (),
        extra_files: Iterable[Path] = (),
    ) -> dict[str, list[Anomaly]]:
        """Write the tables, run the finishers, copy `extra_files` (the catalog) in, and make the
        staged folder the output folder. Returns the run-level findings, by form_id."""
        self.keys.sort()
        self.files.sort(key=lambda f: f[0])
        extra: dict[str, list[Anomaly]] = {}
        for check in checks:
            for form_id, found in check(self.keys).items():
                extra.setdefault(form_id, []).extend(found)
        self._write_tables(extra)
        for finisher in finishers:
            finisher(self.staging, self.out)
        for path in extra_files:
            if path.exists():
                atomic.link_or_copy(path, self.staging / path.name)
        atomic.replace_dir(self.staging, self.out)
        return extra

    def abandon(self) -> None:
        self._spool.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def _reuse(
        self, name: str, inputs: str, before: Any, dest: Path, held: _PreviousTables, tables: list[_Table]
    ) -> dict[str, Any] | None:
        """The form as the previous run wrote it, when it was made from the same inputs and its
        file and rows are still what that run wrote: linked and copied, None otherwise."""
        if not isinstance(before, dict) or before.get("in") != inputs:
            return None
        previous = self.out / "forms" / name
        if not _unchanged(previous, before.get("json")):
            return None
        chunks = held.chunks(before.get("csv"))
        if chunks is None:
            return None
        try:
            os.link(previous, dest)
        except OSError:
            return None
        rows = [table.chunk(chunk) for table, chunk in zip(tables, chunks, strict=True)]
        return {"in": inputs, "json": before["json"], "csv": rows}

    def _write(
        self,
        name: str,
        inputs: str,
        data: bytes,
        added: list[dict[str, Any]],
        dest: Path,
        before: Any,
        tables: list[_Table],
    ) -> dict[str, Any]:
        doc = json.loads(data)
        if added:
            doc["anomalies"].extend(added)
            recount(doc)
            if self.mark is not None:
                doc = self.mark(doc)
            data = _json_bytes(doc)
        known = before.get("json") if isinstance(before, dict) else before  # an index of stamps only
        stamp = place(dest, data, self.out / "forms" / name, known)
        made = ([form_csv_row(doc)], indicator_csv_rows(doc), anomaly_csv_rows(doc))
        rows = [table.rows(r) for table, r in zip(tables, made, strict=True)]
        return {"in": inputs, "json": stamp, "csv": rows}

    def _spooled(self, form_id: str) -> bytes:
        offset, length = self.spooled[form_id]
        self._spool.seek(offset)
        return self._spool.read(length)

    def _write_tables(self, extra: dict[str, list[Anomaly]]) -> None:
        heads = {"forms.csv": FORM_CSV, "indicators.csv": INDICATOR_CSV, "anomalies.csv": ANOMALY_CSV}
        names = tuple(heads)
        tables = [_Table(self.staging / n, h) for n, h in heads.items()]
        index = _read_index(self.out / FORMS_INDEX)
        held = _PreviousTables(self.out, names)
        written: dict[str, dict[str, Any]] = {}
        try:
            for key in self.keys:
                name = f"{key.form_id}.json"
                data = self._spooled(key.form_id)
                added = [anomaly_dict(a) for a in extra.get(key.form_id, [])]
                digest = hashlib.sha256(f"{_tables_writer()}|{self.mark_key}|{len(data)}|".encode())
                digest.update(data)
                digest.update(json.dumps(added, ensure_ascii=False).encode())
                inputs = digest.hexdigest()
                dest = self.staging / "forms" / name
                dest.unlink(missing_ok=True)  # a name listed twice: its last document, as before
                before = index.get(name)
                written[name] = self._reuse(name, inputs, before, dest, held, tables) or self._write(
                    name, inputs, data, added, dest, before, tables
                )
        finally:
            held.close()
            for table in tables:
                table.handle.close()
            self._spool.close()
            (self.staging / SPOOL).unlink(missing_ok=True)
        (self.staging / FORMS_INDEX).write_text(json.dumps(written, separators=(",", ":")), encoding="utf-8")
        man_h, man_w = _open_csv(self.staging / "manifest.csv", MANIFEST_COLUMNS)
        with man_h:
            man_w.writerows(manifest_csv_row(e) for _, e in self.files)
