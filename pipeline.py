"""A run: input paths to files, each file to its forms, every result into the output folder.

One file's failure is that file's manifest row and nothing more: the run goes on and every other
file's results are kept.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from batch.catalog import NAME as CATALOG_NAME
from batch.catalog import Catalog
from batch.inputs import InputFile, expand_inputs, sha256_of
from batch.workers import Limits, Task, WorkerPool
from extract.form_parser import parse_form
from extract.locate import locate_forms
from extract.ocr.routing import OcrMode
from extract.read import ReadError, read_document
from model import Form, ManifestEntry, RawForm
from normalize.form import normalize_form
from score.confidence import DEFAULT_THRESHOLD as LOW_CONFIDENCE_THRESHOLD
from score.confidence import low_confidence_findings
from score.duplicates import duplicate_forms
from score.output import Finisher, RunOutput
from score.profile import Profile, load_profile
from score.report import write_report
from score.scorer import score_form
from score.serialize import form_document
from score.workbook import write_workbook

FINISHERS: list[Finisher] = [write_report, write_workbook]
"""Derived files (report.html, dataset.xlsx) built from the written tables."""


@dataclass
class FileResult:
    entry: ManifestEntry
    forms: list[Form] = field(default_factory=list)


def _failed(source: str, sha: str, code: str, message: str, started: float) -> FileResult:
    return FileResult(
        ManifestEntry(
            source_file=source,
            source_sha256=sha,
            status="failed",
            error_code=code,  # type: ignore[arg-type]
            error_message=message,
            seconds=_seconds(started),
        )
    )


def _seconds(started: float) -> Decimal:
    return Decimal(f"{time.perf_counter() - started:.3f}")


DEFAULT_MAX_PAGES = 1000


@dataclass(frozen=True)
class Settings:
    """What a run is asked to do, besides which files."""

    rules: str = "default"
    """Rules profile name or TOML path (score/profiles/)."""
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    """Reprocess files the catalog already holds."""
    limits: Limits = field(default_factory=Limits)
    max_pages: int = DEFAULT_MAX_PAGES
    """A PDF with more pages is refused (TOO_LARGE) before any page is read."""
    ocr: OcrMode = "auto"
    """Which PDF pages are read by OCR: those without a usable text layer, all, or none."""
    min_confidence: float = LOW_CONFIDENCE_THRESHOLD
    """An OCR'd cell read with less confidence raises LOW_CONFIDENCE."""


def process_file(item: InputFile, settings: Settings | None = None, sha: str = "") -> FileResult:
    """Read, locate, parse, normalize and score every form of one file. Never raises."""
    settings = settings or Settings()
    started = time.perf_counter()
    try:
        if not item.path.is_file():
            return _failed(item.source_file, sha, "FILE_CORRUPT", "文件不存在或已被移走，无法读取。", started)
        sha = sha or sha256_of(item.path)
        doc = read_document(item.path, max_pages=settings.max_pages, ocr=settings.ocr)
        spans = locate_forms(doc)
        if not spans:
            result = _failed(
                item.source_file,
                sha,
                "NO_FORM_FOUND",
                "文件中未找到项目支出绩效自评表（没有“项目名称”等表格标签）。",
                started,
            )
            result.entry.method = doc.method
            result.entry.pages = doc.pages
            return result
        forms: list[Form] = []
        problems: list[str] = []
        for index, span in enumerate(spans, start=1):
            raw = RawForm(
                form_id=f"{sha[:12]}-{index}",
                source_file=item.source_file,
                source_sha256=sha,
                form_index=index,
                method=doc.method,
                dpi=doc.dpi,
            )
            raw = parse_form(span, raw)
            problems.extend(f"第{index}张表：{p}" for p in raw.problems)
            form = normalize_form(raw)
            if form.method == "pdf-ocr":
                low = low_confidence_findings(form, settings.min_confidence)
                form = form.model_copy(update={"anomalies": [*form.anomalies, *low]})
            forms.append(score_form(form, _profile(settings.rules)))
        entry = ManifestEntry(
            source_file=item.source_file,
            source_sha256=sha,
            status="partial" if problems else "ok",
            method=doc.method,
            pages=doc.pages,
            forms_found=len(forms),
            error_message="；".join(problems),
            seconds=_seconds(started),
        )
        return FileResult(entry, forms)
    except ReadError as e:
        result = _failed(item.source_file, sha, e.code, e.message, started)
        result.entry.pages = e.pages
        return result
    except MemoryError:
        return _failed(item.source_file, sha, "TOO_LARGE", "文件过大，处理时内存不足。", started)
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        message = (
            f"程序内部错误（{type(e).__name__}: {e}，位于 {Path(where.filename).name}:{where.lineno}）；"
            "请将此文件与本行信息报告给 evalforms 维护者。"
        )
        return _failed(item.source_file, sha, "INTERNAL", message, started)


@dataclass
class RunSummary:
    files: int = 0
    forms: int = 0
    status: Counter[str] = field(default_factory=Counter)
    severity: Counter[str] = field(default_factory=Counter)
    profile: str = ""

    unreadable: int = 0
    """Files that failed, now or (skipped since) in the run that read them."""

    def add(self, entry: ManifestEntry, docs: list[dict[str, Any]]) -> None:
        self.files += 1
        self.forms += len(docs)
        self.status[entry.status] += 1
        self.unreadable += entry.error_code is not None
        for doc in docs:
            self.severity.update(a["severity"] for a in doc["anomalies"])


def catalog_key(profile: Profile, settings: Settings) -> str:
    """What a cached result depends on besides the file's bytes."""
    try:
        rules = hashlib.sha256(Path(profile.source).read_bytes()).hexdigest()[:16]
    except OSError:
        rules = profile.name
    return (
        f"evalforms {version('evalforms')}|rules {profile.name}:{rules}|ocr {settings.ocr}"
        f"|confidence {settings.min_confidence}|max pages {settings.max_pages}"
    )


@cache
def _profile(rules: str) -> Profile:
    return load_profile(rules)


def _work(payload: tuple[InputFile, str, Settings]) -> tuple[ManifestEntry, list[dict[str, Any]]]:
    """One file in a worker process: its manifest row and its forms as JSON documents."""
    item, sha, settings = payload
    result = process_file(item, settings, sha=sha)
    return result.entry, [form_document(f) for f in result.forms]


def run(
    inputs: Iterable[str],
    out: Path,
    settings: Settings | None = None,
    on_file: Callable[[ManifestEntry, int, int, int], None] | None = None,
) -> RunSummary:
    """Process every input into `out`. Files the catalog in `out` already holds (same bytes, same
    rules) are not processed again but still appear in the results, as `skipped`. The folder's
    previous contents are replaced in one step at the end; until then they stay intact.
    `on_file(entry, findings, files_done, files_total)` reports progress."""
    settings = settings or Settings()
    profile = _profile(settings.rules)
    out = Path(out)
    items = list(expand_inputs(inputs))
    summary = RunSummary(profile=profile.name)
    output = RunOutput(out)
    catalog = Catalog(out / CATALOG_NAME)
    key = catalog_key(profile, settings)

    def record(ordinal: int, entry: ManifestEntry, docs: list[dict[str, Any]]) -> None:
        for doc in docs:
            output.add_document(doc, ordinal)
        output.add_file(entry, ordinal)
        summary.add(entry, docs)
        if on_file:
            on_file(entry, sum(len(d["anomalies"]) for d in docs), summary.files, len(items))

    def tasks() -> Iterator[Task]:
        for ordinal, item in enumerate(items):
            try:
                sha = sha256_of(item.path)
            except OSError:
                sha = ""
            cached = None if settings.force or not sha else catalog.get(sha, key)
            if cached is None:
                yield Task(ordinal, (item, sha, settings), item.source_file, sha)
                continue
            entry = cached.entry.model_copy(update={"source_file": item.source_file, "status": "skipped"})
            for doc in cached.forms:
                doc["source_file"] = item.source_file
            record(ordinal, entry, cached.forms)

    try:
        pool = WorkerPool(_work, settings.jobs, settings.limits)
        for outcome in pool.run(tasks()):
            ordinal = outcome.task.ordinal
            if outcome.entry.status != "failed" or items[ordinal].path.exists():
                catalog.put(outcome.task.sha256, key, outcome.entry, outcome.forms)
            record(ordinal, outcome.entry, outcome.forms)
        catalog.close()
        run_level = output.finish(checks=[duplicate_forms], finishers=FINISHERS, extra_files=[catalog.path])
        summary.severity.update(a.severity for found in run_level.values() for a in found)
    except BaseException:
        catalog.close()
        output.abandon()
        raise
    return summary
