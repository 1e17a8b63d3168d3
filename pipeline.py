"""A run: input paths to files, each file to its forms, every result into the output folder.

One file's failure is that file's manifest row and nothing more: the run goes on and every other
file's results are kept.
"""

from __future__ import annotations

import os
import shutil
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

from batch.archives import ArchiveSettings
from batch.archives import expand as expand_archives
from batch.catalog import NAME as CATALOG_NAME
from batch.catalog import Catalog
from batch.cluster import ClusterPool
from batch.errors import os_reason, output_failed
from batch.inputs import InputFile, NotRegularFile, expand_inputs, not_regular, sha256_of
from batch.outdir import locked_out, own_paths
from batch.workers import Limits, Task, WorkerPool, WorkResult
from extract.form_parser import parse_form
from extract.form_units import form_method, unify_boxes
from extract.locate import locate_forms
from extract.ocr.routing import OcrMode
from extract.pdf_reader import DEFAULT_PDF_READER, PdfReader
from extract.read import ReadError, read_document
from model import OCR_METHODS, Form, ManifestEntry, RawForm
from normalize.form import normalize_form
from publish import crops
from publish.decisions import by_key, decisions_key, mark_reviews, review_document
from publish.output import Finisher, RunOutput
from publish.report import write_report
from publish.serialize import form_document
from publish.workbook import write_workbook
from score.confidence import DEFAULT_THRESHOLD as LOW_CONFIDENCE_THRESHOLD
from score.confidence import low_confidence_findings
from score.duplicates import duplicate_forms
from score.scorer import score_form
from score.select import Rules, load_rules
from score.vetting import vet

FINISHERS: list[Finisher] = [write_report, write_workbook]
"""Derived files (report.html, dataset.xlsx) built from the written tables."""


@dataclass
class FileResult:
    entry: ManifestEntry
    forms: list[Form] = field(default_factory=list)
    limited: bool = False
    """A failure of the run's limits (memory), not of the file alone."""
    changed: bool = False
    """The file's bytes changed while it was read."""


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
    pdf_reader: PdfReader = DEFAULT_PDF_READER
    """Which reader gives a PDF page's text layer: pdfium, or pdfplumber (the reference)."""
    min_confidence: float = LOW_CONFIDENCE_THRESHOLD
    """An OCR'd cell read with less confidence raises LOW_CONFIDENCE."""
    archives: ArchiveSettings = field(default_factory=ArchiveSettings)
    cluster: str | None = None
    """A Dask scheduler address (`tcp://host:8786`) or `local`; None: the local process pool."""


def _listed(item: InputFile, started: float) -> FileResult:
    """An entry accounted for without being read (a system file, a special file, a link out)."""
    assert item.listed is not None
    listed = item.listed
    return FileResult(
        ManifestEntry(
            source_file=item.source_file,
            source_sha256=listed.sha256,
            status=listed.status,
            error_code=listed.code,
            error_message=listed.message,
            seconds=_seconds(started),
        )
    )


def _memory_error_in(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, MemoryError):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _too_large(item: InputFile, sha: str, started: float) -> FileResult:
    result = _failed(
        item.source_file,
        sha,
        "TOO_LARGE",
        "文件过大，处理时内存不足；请拆分文件，或用 --max-memory 放宽上限后重试。",
        started,
    )
    result.limited = True
    return result


def _snapshot(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def process_file(item: InputFile, settings: Settings | None = None, sha: str = "") -> FileResult:
    """Read, locate, parse, normalize and score every form of one file. Never raises.

    `sha` is the hash the caller looked the file up by; when the bytes read here are not those
    (the file changed in between, or while it was read) the result says so and is not cached."""
    settings = settings or Settings()
    started = time.perf_counter()
    if item.listed is not None:
        return _listed(item, started)
    before = _snapshot(item.path)
    try:
        try:
            read_sha = sha256_of(item.path)
        except NotRegularFile as e:
            return _listed(not_regular(item.source_file, item.path, e.kind), started)
        except FileNotFoundError:
            return _failed(item.source_file, sha, "FILE_CORRUPT", "文件不存在或已被移走，无法读取。", started)
        except OSError as e:
            message = f"无法打开此文件（{os_reason(e)}）；请检查访问权限后重新运行。"
            return _failed(item.source_file, sha, "FILE_CORRUPT", message, started)
        changed = bool(sha) and read_sha != sha
        sha = sha or read_sha
        result = _read_and_score(item, settings, sha, started)
        if changed or _snapshot(item.path) != before:
            result.changed = True
            if result.entry.status != "failed":
                result.entry.error_message = "；".join(
                    m for m in (result.entry.error_message, _CHANGED_WHILE_READ) if m
                )
        return result
    except MemoryError:
        return _too_large(item, sha, started)


_CHANGED_WHILE_READ = "读取期间文件被改动，结果未存入运行目录，下次运行将重新读取"


def _read_and_score(item: InputFile, settings: Settings, sha: str, started: float) -> FileResult:
    try:
        doc = read_document(
            item.path,
            max_pages=settings.max_pages,
            ocr=settings.ocr,
            pdf_reader=settings.pdf_reader,
            name=item.source_file,
            timeout=settings.limits.timeout,
        )
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
            method, dpi = form_method(span, doc)
            unify_boxes(span, doc)
            raw = RawForm(
                form_id=f"{sha[:12]}-{index}",
                source_file=item.source_file,
                source_sha256=sha,
                form_index=index,
                method=method,
                dpi=dpi,
            )
            raw = parse_form(span, raw)
            problems.extend(f"第{index}张表：{p}" for p in raw.problems)
            form = normalize_form(raw)
            if form.method in OCR_METHODS:
                low = low_confidence_findings(form, settings.min_confidence)
                form = form.model_copy(update={"anomalies": [*form.anomalies, *low]})
            rules = _rules(settings.rules)
            forms.append(vet(score_form(form, rules.for_form(form)), settings.min_confidence))
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
        if _memory_error_in(e):
            return _too_large(item, sha, started)
        result = _failed(item.source_file, sha, e.code, e.message, started)
        result.entry.pages = e.pages
        return result
    except MemoryError:
        return _too_large(item, sha, started)
    except RecursionError:
        message = "文件结构嵌套过深，无法解析（疑似损坏或被恶意构造）。"
        return _failed(item.source_file, sha, "FILE_CORRUPT", message, started)
    except Exception as e:
        if _memory_error_in(e):
            return _too_large(item, sha, started)
        where = traceback.extract_tb(e.__traceback__)[-1]
        message = (
            f"程序内部错误（{type(e).__name__}: {e}，位于 {Path(where.filename).name}:{where.lineno}）；"
            "请将此文件与本行信息报告给 evalforms 维护者。"
        )
        return _failed(item.source_file, sha, "INTERNAL", message, started)


def _crops(source: Path, doc: dict[str, Any], out: Path, staging: Path, reuse: bool) -> None:
    """The form's crops beside its findings (publish/crops.py), reused from the previous OUT for a
    form read from unchanged bytes. A crop that cannot be made is left out: never a failed run."""
    if not crops.renderable(doc) or not doc.get("anomalies"):
        return
    dest = staging / "crops" / doc["form_id"]
    if reuse and crops.copy_crops(out / "crops" / doc["form_id"], dest, doc):
        return
    try:
        crops.render_crops(source, doc, dest)
    except Exception:  # a page pdfium cannot render again: the report shows the table instead
        shutil.rmtree(dest, ignore_errors=True)


@dataclass
class RunSummary:
    files: int = 0
    forms: int = 0
    status: Counter[str] = field(default_factory=Counter)
    severity: Counter[str] = field(default_factory=Counter)
    profile: str = ""

    unreadable: int = 0
    """Files that failed, now or (skipped since) in the run that read them."""
    warnings: list[str] = field(default_factory=list)
    """About the run itself (a damaged catalog set aside), for the user."""

    def add(self, entry: ManifestEntry, docs: list[dict[str, Any]]) -> None:
        self.files += 1
        self.forms += len(docs)
        self.status[entry.status] += 1
        self.unreadable += entry.error_code is not None
        for doc in docs:
            self.severity.update(a["severity"] for a in doc["anomalies"])


def catalog_key(rules: Rules, settings: Settings) -> str:
    """What a cached result depends on besides the file's bytes."""
    return (
        f"evalforms {version('evalforms')}|rules {rules.name}:{rules.fingerprint()}|ocr {settings.ocr}"
        f"|confidence {settings.min_confidence}|max pages {settings.max_pages}"
        f"|pdf reader {settings.pdf_reader}"
    )


@cache
def _rules(spec: str) -> Rules:
    return load_rules(spec)


def _work(payload: tuple[InputFile, str, Settings]) -> WorkResult:
    """One file in a worker process: its manifest row and its forms as JSON documents."""
    item, sha, settings = payload
    result = process_file(item, settings, sha=sha)
    return WorkResult(result.entry, [form_document(f) for f in result.forms], result.limited, result.changed)


def _pool(settings: Settings) -> WorkerPool | ClusterPool:
    if settings.cluster:
        return ClusterPool(_work, settings.cluster, settings.jobs, settings.limits)
    return WorkerPool(_work, settings.jobs, settings.limits)


def _same_file_as(entry: ManifestEntry, first: str) -> ManifestEntry:
    return entry.model_copy(
        update={
            "status": "skipped",
            "forms_found": 0,
            "error_code": None,
            "error_message": (
                f"与 {first} 内容完全相同（SHA-256 一致），是同一份文件；其表格只在该文件下列出一次。"
            ),
            "seconds": Decimal("0"),
        }
    )


def run(
    inputs: Iterable[str],
    out: Path,
    settings: Settings | None = None,
    on_file: Callable[[ManifestEntry, int, int, int], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> RunSummary:
    """Process every input into `out`. Files the catalog in `out` already holds (same bytes, same
    rules) are not processed again but still appear in the results, as `skipped`. The folder's
    previous contents are replaced in one step at the end; until then they stay intact.
    `on_file(entry, findings, files_done, files_total)` reports progress; `warn` gets messages
    about the run itself (a damaged catalog set aside). Raises batch.errors.RunError when OUT
    cannot be used or written."""
    settings = settings or Settings()
    rules = _rules(settings.rules)
    inputs = list(inputs)
    with locked_out(Path(out), inputs) as real:
        return _run(inputs, real, settings, rules, on_file, warn)


def _run(
    inputs: list[str],
    out: Path,
    settings: Settings,
    rules: Rules,
    on_file: Callable[[ManifestEntry, int, int, int], None] | None,
    warn: Callable[[str], None] | None,
) -> RunSummary:
    summary = RunSummary(profile=rules.name if rules.pool else rules.fallback.name)
    try:
        output = RunOutput(out)
        workdir = output.staging.with_name(output.staging.name + "-archives")
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(mode=0o700)
    except OSError as e:
        raise output_failed(out, e) from e
    try:
        items = list(
            expand_archives(expand_inputs(inputs, exclude=own_paths(out)), workdir, settings.archives)
        )
        return _run_items(items, out, output, settings, rules, summary, on_file, warn)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _run_items(
    items: list[InputFile],
    out: Path,
    output: RunOutput,
    settings: Settings,
    rules: Rules,
    summary: RunSummary,
    on_file: Callable[[ManifestEntry, int, int, int], None] | None,
    warn: Callable[[str], None] | None,
) -> RunSummary:
    catalog: Catalog | None = None
    key = catalog_key(rules, settings)
    limits = settings.limits.key()
    first_of: dict[str, int] = {}
    """Ordinal of the first input holding each file content."""

    decisions: dict[Any, Any] = {}
    """The auditor's decisions in the catalog (`evalforms review`), applied to every form."""

    def record(ordinal: int, entry: ManifestEntry, docs: list[dict[str, Any]], cached: bool = False) -> None:
        if decisions:
            docs = [review_document(d, decisions, rules.fixed, settings.min_confidence) for d in docs]
        for doc in docs:
            output.add_document(doc, ordinal)
            _crops(items[ordinal].path, doc, out, output.staging, reuse=cached)
        output.add_file(entry, ordinal)
        summary.add(entry, docs)
        if on_file:
            on_file(entry, sum(len(d["anomalies"]) for d in docs), summary.files, len(items))

    trusted: set[str] = set()
    """Contents whose result was computed from those very bytes (a copy may stand in for them)."""
    entries: dict[str, ManifestEntry] = {}

    def tasks(ordinals: list[int], duplicates: list[tuple[int, str]]) -> Iterator[Task]:
        assert catalog is not None
        first_of.clear()
        for ordinal in ordinals:
            item = items[ordinal]
            if item.listed is not None:
                record(ordinal, _listed(item, time.perf_counter()).entry, [])
                continue
            try:
                sha = sha256_of(item.path)
            except NotRegularFile as e:
                record(ordinal, _listed(not_regular(item.source_file, item.path, e.kind), 0.0).entry, [])
                continue
            except OSError:
                sha = ""  # the worker reports why it cannot be read
            if sha and (sha in first_of or sha in trusted):
                duplicates.append((ordinal, sha))
                continue
            if sha:
                first_of[sha] = ordinal
            cached = None if settings.force or not sha else catalog.get(sha, key, limits)
            if cached is None:
                yield Task(ordinal, (item, sha, settings), item.source_file, sha)
                continue
            entry = cached.entry.model_copy(update={"source_file": item.source_file, "status": "skipped"})
            for doc in cached.forms:
                doc["source_file"] = item.source_file
            entries[sha] = entry
            trusted.add(sha)
            firsts[sha] = ordinal
            record(ordinal, entry, cached.forms, cached=True)

    firsts: dict[str, int] = {}
    """The input each trusted content is listed under."""
    try:
        catalog = Catalog(out / CATALOG_NAME, warn=warn)
        summary.warnings.extend(catalog.warnings)
        decisions.update(by_key(catalog.decisions()))
        output.mark = lambda doc: mark_reviews(doc, decisions)
        output.mark_key = decisions_key(decisions)
        pool = _pool(settings)
        pending = list(range(len(items)))
        while pending:
            duplicates: list[tuple[int, str]] = []
            for outcome in pool.run(tasks(pending, duplicates)):
                ordinal = outcome.task.ordinal
                entry = outcome.entry
                sha = outcome.task.sha256
                stable = not outcome.changed and (entry.status != "failed" or items[ordinal].path.exists())
                if stable:
                    catalog.put(sha, key, entry, outcome.forms, limits if outcome.limited else "")
                    if sha:
                        trusted.add(sha)
                        firsts[sha] = ordinal
                entries[sha] = entry
                record(ordinal, entry, outcome.forms)
            # A copy of content whose first file changed or vanished while read is read itself.
            pending = [ordinal for ordinal, sha in duplicates if sha not in trusted]
            for ordinal, sha in duplicates:
                if sha in trusted:
                    first = items[firsts[sha]]
                    entry = entries[sha].model_copy(update={"source_file": items[ordinal].source_file})
                    record(ordinal, _same_file_as(entry, first.source_file), [])
        catalog.close()
        # catalogs set aside as damaged are kept for whoever wants to look into them
        kept = [catalog.path, *(p for p in out.glob(f"{CATALOG_NAME}.damaged-*") if p.is_file())]
        run_level = output.finish(checks=[duplicate_forms], finishers=FINISHERS, extra_files=kept)
        summary.severity.update(a.severity for found in run_level.values() for a in found)
    except OSError as e:
        if catalog is not None:
            catalog.close()
        output.abandon()
        raise output_failed(out, e) from e
    except BaseException:
        if catalog is not None:
            catalog.close()
        output.abandon()
        raise
    return summary
