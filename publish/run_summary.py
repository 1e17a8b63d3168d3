"""The run at a glance, counted in one streaming pass over the staged CSVs (no form kept in memory)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RunSummary:
    files: int = 0
    files_by_status: Counter[str] = field(default_factory=Counter)
    problem_files: list[dict[str, str]] = field(default_factory=list)
    """Manifest rows that failed or were partial, with their error."""
    forms: int = 0
    grades: Counter[str] = field(default_factory=Counter)
    forms_with: Counter[str] = field(default_factory=Counter)
    """Forms with at least one finding of a severity ("none" for clean forms)."""
    findings: Counter[str] = field(default_factory=Counter)
    """By severity."""
    by_code: Counter[tuple[str, str]] = field(default_factory=Counter)
    """By (code, severity)."""
    form_ids: list[str] = field(default_factory=list)


def rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def summarize(staging_dir: Path) -> RunSummary:
    s = RunSummary()
    for row in rows(staging_dir / "manifest.csv"):
        s.files += 1
        s.files_by_status[row.get("status", "")] += 1
        if row.get("status") in ("failed", "partial") or row.get("error_code"):
            s.problem_files.append(row)
    for row in rows(staging_dir / "forms.csv"):
        s.forms += 1
        s.form_ids.append(row["form_id"])
        s.grades[row.get("grade_computed") or "none"] += 1
        counts = {sev: int(row.get(f"n_{sev}s") or 0) for sev in ("error", "warning", "info")}
        for sev, n in counts.items():
            if n:
                s.forms_with[sev] += 1
        if not any(counts.values()):
            s.forms_with["none"] += 1
    for row in rows(staging_dir / "anomalies.csv"):
        s.findings[row["severity"]] += 1
        s.by_code[(row["code"], row["severity"])] += 1
    return s
