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
import json
import os
import shutil
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from batch.catalog import valid_form_id
from batch.outdir import write_marker
from model import (
    MANIFEST_COLUMNS,
    Anomaly,
    Form,
    ManifestEntry,
)
from publish import atomic
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


def _open_csv(path: Path, header: list[str]) -> tuple[Any, Any]:
    handle = path.open("w", encoding="utf-8-sig", newline="")
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    return handle, writer


def _json_bytes(doc: dict[str, Any]) -> bytes:
    # Compact: the C encoder is ten times faster than the indenting one, which matters at 10k forms.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


FORMS_INDEX = ".forms-index.json"
"""What the run wrote into forms/: {file name: [sha256, size, mtime_ns, inode]}, so that the next
run knows a file of the previous OUT still holds those bytes from its metadata, without reading it."""

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

    def _spooled(self, form_id: str) -> bytes:
        offset, length = self.spooled[form_id]
        self._spool.seek(offset)
        return self._spool.read(length)

    def _write_tables(self, extra: dict[str, list[Anomaly]]) -> None:
        forms_h, forms_w = _open_csv(self.staging / "forms.csv", FORM_CSV)
        ind_h, ind_w = _open_csv(self.staging / "indicators.csv", INDICATOR_CSV)
        an_h, an_w = _open_csv(self.staging / "anomalies.csv", ANOMALY_CSV)
        previous = _read_index(self.out / FORMS_INDEX)
        stamps: dict[str, Stamp] = {}
        try:
            for key in self.keys:
                name = f"{key.form_id}.json"
                data = self._spooled(key.form_id)
                doc = json.loads(data)
                if key.form_id in extra:
                    doc["anomalies"].extend(anomaly_dict(a) for a in extra[key.form_id])
                    recount(doc)
                    if self.mark is not None:
                        doc = self.mark(doc)
                    data = _json_bytes(doc)
                dest = self.staging / "forms" / name
                dest.unlink(missing_ok=True)  # a name listed twice: its last document, as before
                stamps[name] = place(dest, data, self.out / "forms" / name, previous.get(name))
                forms_w.writerow(form_csv_row(doc))
                ind_w.writerows(indicator_csv_rows(doc))
                an_w.writerows(anomaly_csv_rows(doc))
        finally:
            for h in (forms_h, ind_h, an_h):
                h.close()
            self._spool.close()
            (self.staging / SPOOL).unlink(missing_ok=True)
        (self.staging / FORMS_INDEX).write_text(json.dumps(stamps, separators=(",", ":")), encoding="utf-8")
        man_h, man_w = _open_csv(self.staging / "manifest.csv", MANIFEST_COLUMNS)
        with man_h:
            man_w.writerows(manifest_csv_row(e) for _, e in self.files)
