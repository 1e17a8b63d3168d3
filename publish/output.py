"""The output folder of a run: forms are staged as they arrive (in any order, from any worker),
then the tables are written in input order in one streaming pass and the folder replaces the
previous one in a single step."""

from __future__ import annotations

import csv
import json
import os
import shutil
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
Finisher = Callable[[Path], None]
"""Builds a derived file (report.html, dataset.xlsx) from a staged folder with its tables written."""

STAGING_PREFIX = ".staging-"


def _open_csv(path: Path, header: list[str]) -> tuple[Any, Any]:
    handle = path.open("w", encoding="utf-8-sig", newline="")
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    return handle, writer


def _write_json(path: Path, doc: dict[str, Any]) -> None:
    # Compact: the C encoder is ten times faster than the indenting one, which matters at 10k forms.
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        atomic.recover(self.out)
        clean_stale_staging(self.out)
        self.staging = self.out.with_name(f".{self.out.name}{STAGING_PREFIX}{os.getpid()}")
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / "forms").mkdir(parents=True)
        write_marker(self.staging)

    def add_form(self, form: Form, ordinal: int = 0) -> None:
        self.add_document(form_document(form), ordinal)

    def add_document(self, doc: dict[str, Any], ordinal: int = 0) -> None:
        """A form as its JSON document (fresh, or reused from the catalog of an earlier run)."""
        if not valid_form_id(doc.get("form_id"), str(doc.get("source_sha256") or "")):
            raise ValueError(f"not a form id: {doc.get('form_id')!r}")  # never a path out of OUT
        _write_json(self.staging / "forms" / f"{doc['form_id']}.json", doc)
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
            finisher(self.staging)
        for path in extra_files:
            if path.exists():
                shutil.copyfile(path, self.staging / path.name)
        atomic.replace_dir(self.staging, self.out)
        return extra

    def abandon(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def _write_tables(self, extra: dict[str, list[Anomaly]]) -> None:
        forms_h, forms_w = _open_csv(self.staging / "forms.csv", FORM_CSV)
        ind_h, ind_w = _open_csv(self.staging / "indicators.csv", INDICATOR_CSV)
        an_h, an_w = _open_csv(self.staging / "anomalies.csv", ANOMALY_CSV)
        try:
            for key in self.keys:
                path = self.staging / "forms" / f"{key.form_id}.json"
                doc = json.loads(path.read_text(encoding="utf-8"))
                if key.form_id in extra:
                    doc["anomalies"].extend(anomaly_dict(a) for a in extra[key.form_id])
                    recount(doc)
                    if self.mark is not None:
                        doc = self.mark(doc)
                    _write_json(path, doc)
                forms_w.writerow(form_csv_row(doc))
                ind_w.writerows(indicator_csv_rows(doc))
                an_w.writerows(anomaly_csv_rows(doc))
        finally:
            for h in (forms_h, ind_h, an_h):
                h.close()
        man_h, man_w = _open_csv(self.staging / "manifest.csv", MANIFEST_COLUMNS)
        with man_h:
            man_w.writerows(manifest_csv_row(e) for _, e in self.files)
