"""What `evalforms review` shows: every form of an output folder as read (from its catalog, so a
correction can be undone or changed), with the decisions of the catalog applied, its findings
each with their state (未审, 确认, 驳回), and the decisions whose finding is gone (已失效)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from batch.catalog import NAME, Catalog, Decision, decision_key, valid_form_id
from codes import code_info
from normalize.correct import correctable
from publish.crops import crop_index, crop_names
from publish.decisions import by_key, form_key, obsolete, review_document
from publish.serialize import REVIEW_COLUMNS
from score.vocab import label

RUN_LEVEL = frozenset({"DUPLICATE_FORM"})
"""Findings a run raises over all its forms: not in the catalog's documents of one file."""
UNREVIEWED = "未审"
OBSOLETE = "已失效"


@dataclass
class ReviewState:
    forms: list[dict[str, Any]] = field(default_factory=list)
    """Reviewed documents, in the order of forms.csv."""
    obsolete: list[Decision] = field(default_factory=list)


def form_ids(out: Path) -> list[str]:
    path = out / "forms.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [row["form_id"] for row in csv.DictReader(handle) if row.get("form_id")]


def _as_read(
    written: dict[str, Any], catalog: Catalog, memo: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """The form as first read: the catalog's document of its file and index, with the run-level
    findings and the file name of the last run; the written document where the catalog has none."""
    sha, index = str(written.get("source_sha256") or ""), written.get("form_index")
    found = next(
        (d for d in memo.setdefault(sha, catalog.documents(sha) if sha not in memo else [])
         if d.get("form_index") == index
         and d.get("rules_profile") == written.get("rules_profile")),
        None,
    )  # fmt: skip
    if found is None:
        doc = dict(written)
        doc["anomalies"] = [
            {k: v for k, v in a.items() if k not in REVIEW_COLUMNS} for a in written["anomalies"]
        ]
        return doc
    doc = dict(found)
    doc["source_file"] = written.get("source_file", doc.get("source_file"))
    doc["anomalies"] = [*found["anomalies"]] + [
        {k: v for k, v in a.items() if k not in REVIEW_COLUMNS}
        for a in written.get("anomalies", [])
        if a.get("code") in RUN_LEVEL
    ]
    return doc


def load(out: Path, form_id: str | None = None) -> ReviewState:
    """The review of `out` (of one form when `form_id` is given: obsolete decisions then not
    worked out)."""
    return ReviewCache(out).load(form_id)


Stamp = tuple[int, int, int]


@dataclass
class _Reviewed:
    stamp: Stamp
    """Size, mtime and inode of the form's JSON when it was read."""
    decided: tuple[Decision, ...]
    """The decisions on the form's findings it was reviewed with."""
    doc: dict[str, Any]
    view: dict[str, Any] | None = None


class ReviewCache:
    """load() for a review session, which asks for the whole review after every decision: a form
    is read, reviewed and shown again only when its JSON (a new run) or its decisions (this
    session's, another session's) changed since it was last asked for. A review of 680 forms took
    1.4 s to load, of which a decision changes one form; decisions are matched to their form once
    a load, not once per form (that was forms × decisions)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._forms: dict[str, _Reviewed] = {}

    def load(self, form_id: str | None = None) -> ReviewState:
        catalog = Catalog(self.out / NAME)
        try:
            decisions = catalog.decisions()
            mine: dict[tuple[str, int], list[Decision]] = {}
            for d in decisions:
                mine.setdefault((d.sha256, d.form_index), []).append(d)
            forms = []
            memo: dict[str, list[dict[str, Any]]] = {}
            wanted = form_ids(self.out) if form_id is None else [form_id]
            for fid in wanted:
                reviewed = self._reviewed(fid, catalog, memo, mine)
                if reviewed is not None:
                    forms.append(reviewed.doc)
            if form_id is None:
                self._forms = {fid: r for fid in wanted if (r := self._forms.get(fid)) is not None}
        finally:
            catalog.close()
        return ReviewState(forms, obsolete(forms, decisions) if form_id is None else [])

    def views(self, state: ReviewState) -> list[dict[str, Any]]:
        """form_view of each form of `state` (a load of this cache's), kept with the form."""
        out = []
        for doc in state.forms:
            reviewed = self._forms.get(str(doc.get("form_id")))
            if reviewed is None or reviewed.doc is not doc:
                out.append(form_view(doc, self.out))
                continue
            if reviewed.view is None:
                reviewed.view = form_view(doc, self.out)
            out.append(reviewed.view)
        return out

    def _reviewed(
        self,
        fid: str,
        catalog: Catalog,
        memo: dict[str, list[dict[str, Any]]],
        mine: dict[tuple[str, int], list[Decision]],
    ) -> _Reviewed | None:
        path = self.out / "forms" / f"{fid}.json"
        try:
            st = path.stat()
        except OSError:
            return None
        stamp = (st.st_size, st.st_mtime_ns, st.st_ino)
        known = self._forms.get(fid)
        if (
            known is not None
            and known.stamp == stamp
            and tuple(mine.get(form_key(known.doc), [])) == known.decided
        ):
            return known
        try:
            written = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(written, dict) or not valid_form_id(
            written.get("form_id"), str(written.get("source_sha256") or "")
        ):
            return None
        decided = tuple(mine.get(form_key(written), []))
        doc = review_document(_as_read(written, catalog, memo), by_key(decided))
        self._forms[fid] = reviewed = _Reviewed(stamp, decided, doc)
        return reviewed


def _cells(finding: dict[str, Any]) -> list[str]:
    """The cells an auditor may correct for this finding: its own and those it rests on."""
    seq = finding.get("seq")
    names = [finding.get("field") or ""]
    for name in code_info(str(finding.get("code"))).rests_on:
        scope, _, other = name.rpartition(".")
        if scope in ("", "row"):
            names.append(other)
    out: list[str] = []
    for name in names:
        cell_seq = seq if scope_of(name, seq) else None
        if name and name not in out and correctable(name, cell_seq):
            out.append(name)
    return out


def scope_of(name: str, seq: int | None) -> bool:
    """True when `name` is a field of the finding's indicator."""
    return seq is not None and correctable(name, seq) and not correctable(name, None)


def finding_view(
    doc: dict[str, Any], finding: dict[str, Any], crop: str, crops: dict[str, Any]
) -> dict[str, Any]:
    info = code_info(str(finding.get("code")))
    sha, index, code, fld, seq = decision_key(doc, finding)
    return {
        "key": [sha, index, code, fld, seq],
        "form_id": doc.get("form_id"),
        "code": code,
        "title": info.title,
        "severity": finding.get("severity"),
        "field": fld,
        "seq": seq,
        "declared": finding.get("declared"),
        "expected": finding.get("expected"),
        "message": finding.get("message"),
        "page": finding.get("page"),
        "state": finding.get("review_status") or UNREVIEWED,
        "note": finding.get("review_note") or "",
        "reviewed_at": finding.get("reviewed_at") or "",
        "cells": [[c, label("indicators" if scope_of(c, seq) else "forms", c)] for c in _cells(finding)],
        "crop": crop if crop in crops else "",
        "ref": _ref(doc, finding),
    }


def _ref(doc: dict[str, Any], finding: dict[str, Any]) -> str:
    """The spreadsheet cell (`Sheet1!D7`) of the finding's own cell, for a workbook's form."""
    for p in doc.get("provenance", []):
        if (p.get("field"), p.get("seq")) == (finding.get("field"), finding.get("seq")) and p.get("ref"):
            return str(p["ref"])
    return ""


def form_view(doc: dict[str, Any], out: Path) -> dict[str, Any]:
    crops = crop_index(out, str(doc.get("form_id")))
    names = crop_names(doc)
    return {
        "form_id": doc.get("form_id"),
        "project_name": doc.get("project_name"),
        "department": doc.get("department"),
        "implementing_unit": doc.get("implementing_unit"),
        "source_file": doc.get("source_file"),
        "total_score_declared": doc.get("total_score_declared"),
        "total_score_computed": doc.get("total_score_computed"),
        "grade_computed": doc.get("grade_computed"),
        "corrected": doc.get("corrected_fields") or "",
        "values_read": doc.get("values_read") or "",
        "findings": [
            finding_view(doc, a, n, crops) for a, n in zip(doc.get("anomalies", []), names, strict=True)
        ],
    }


def decision_view(d: Decision) -> dict[str, Any]:
    return {
        "key": [d.sha256, d.form_index, d.code, d.field, d.seq],
        "code": d.code,
        "title": code_info(d.code).title,
        "field": d.field,
        "seq": d.seq,
        "state": d.state,
        "note": d.note,
        "corrected": d.corrected or "",
        "reviewed_at": d.decided_at,
    }
