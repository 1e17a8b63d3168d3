"""A run: input paths to files, each file to its forms, every result into the output folder.

One file's failure is that file's manifest row and nothing more: the run goes on and every other
file's results are kept.
"""

from __future__ import annotations

import hashlib
import os
import time
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from extract.form_parser import parse_form
from extract.locate import locate_forms
from extract.read import ReadError, read_document
from model import Form, ManifestEntry, RawForm
from normalize.form import normalize_form
from score.duplicates import duplicate_forms
from score.output import Finisher, RunOutput
from score.profile import Profile, load_profile
from score.report import write_report
from score.scorer import score_form
from score.workbook import write_workbook

INPUT_SUFFIXES = {".pdf", ".docx"}
# Files an auditor would expect to see accounted for although they cannot be read.
FINISHERS: list[Finisher] = [write_report, write_workbook]
"""Derived files (report.html, dataset.xlsx) built from the written tables."""

LISTED_SUFFIXES = {
    ".doc",
    ".xls",
    ".xlsx",
    ".wps",
    ".et",
    ".ofd",
    ".rtf",
    ".jpg",
    ".jpeg",
    ".png",
    ".tif",
    ".tiff",
}


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str


def expand_inputs(inputs: Iterable[str]) -> Iterator[InputFile]:
    """Files as given, and the readable (or reportable) files under given folders, sorted."""
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    suffix = Path(name).suffix.lower()
                    if suffix in INPUT_SUFFIXES or suffix in LISTED_SUFFIXES:
                        found.append(Path(root) / name)
            for file in sorted(found):
                yield InputFile(file, os.path.join(given, os.path.relpath(file, path)))
        else:
            yield InputFile(path, given)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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


def process_file(item: InputFile, profile: Profile | None = None) -> FileResult:
    """Read, locate, parse, normalize and score every form of one file. Never raises."""
    started = time.perf_counter()
    sha = ""
    try:
        if not item.path.is_file():
            return _failed(item.source_file, sha, "FILE_CORRUPT", "文件不存在或已被移走，无法读取。", started)
        sha = sha256_of(item.path)
        doc = read_document(item.path)
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
            forms.append(score_form(form, profile))
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
        return _failed(item.source_file, sha, e.code, e.message, started)
    except MemoryError:
        return _failed(item.source_file, sha, "TOO_LARGE", "文件过大，处理时内存不足。", started)
    except Exception as e:
        where = traceback.extract_tb(e.__traceback__)[-1]
        message = (
            f"程序内部错误（{type(e).__name__}: {e}，位于 {Path(where.filename).name}:{where.lineno}）；"
            "请将此文件与本行信息报告给 evalforms 维护者。"
        )
        return _failed(item.source_file, sha, "INTERNAL", message, started)


def run(inputs: Iterable[str], out: Path, profile: Profile | None = None) -> list[ManifestEntry]:
    """Process every input into `out`, replacing its previous contents in one step at the end."""
    profile = profile or load_profile("default")
    output = RunOutput(Path(out))
    entries: list[ManifestEntry] = []
    try:
        for item in expand_inputs(inputs):
            result = process_file(item, profile)
            for form in result.forms:
                output.add_form(form)
            output.add_file(result.entry)
            entries.append(result.entry)
        output.finish(checks=[duplicate_forms], finishers=FINISHERS)
    except BaseException:
        output.abandon()
        raise
    return entries
