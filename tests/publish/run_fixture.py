"""An output folder as a real run writes it: the truth forms scored, a hostile form, a duplicate,
a failed file, all through RunOutput with the scorer's check and finishers."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from pathlib import Path

from model import ManifestEntry
from publish.output import RunOutput
from publish.report import write_report
from publish.workbook import write_workbook
from score.duplicates import duplicate_forms
from score.profile import load_profile
from score.scorer import score_form
from tests.corpus_truth import truth_form, truth_ids
from tests.score.factory import clean_form, with_indicator

HOSTILE = (
    '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://example.invalid") & "引号"'
)


def build_run(out: Path) -> Path:
    profile = load_profile("default")
    run = RunOutput(out)
    bundle = "bundle/朝阳区数据局.pdf"
    bundle_sha = hashlib.sha256(b"bundle").hexdigest()
    ids = truth_ids()
    for index, truth_id in enumerate(ids, start=1):
        form = truth_form(truth_id, form_id=f"{bundle_sha[:12]}-{index}").model_copy(
            update={
                "source_file": bundle,
                "source_sha256": bundle_sha,
                "form_index": index,
                "page_start": 2 * index - 1,
                "page_end": 2 * index,
                "method": "pdf-text",
            }
        )
        run.add_form(score_form(form, profile))
    run.add_file(
        ManifestEntry(
            source_file=bundle,
            source_sha256=bundle_sha,
            status="ok",
            method="pdf-text",
            pages=2 * len(ids),
            forms_found=len(ids),
            seconds=Decimal("3.25"),
        )
    )

    hostile_sha = hashlib.sha256(b"hostile").hexdigest()
    hostile_file = '恶意<b>文件</b>".docx'
    hostile = with_indicator(
        clean_form(
            form_id=f"{hostile_sha[:12]}-1",
            source_file=hostile_file,
            source_sha256=hostile_sha,
            page_start=None,
            page_end=None,
            method="docx",
            project_name=HOSTILE,
            department="=SUM(A1)",
        ),
        1,
        name=HOSTILE,
        actual_text=HOSTILE,
        deviation_note="@evil",
        actual_value=Decimal(36),
    )
    run.add_form(score_form(hostile, profile))
    twin = clean_form(
        form_id=f"{hostile_sha[:12]}-2",
        source_file=hostile_file,
        source_sha256=hostile_sha,
        form_index=2,
        page_start=None,
        page_end=None,
        method="docx",
        project_name=HOSTILE,
        department="=SUM(A1)",
    )
    run.add_form(score_form(twin, profile))
    run.add_file(
        ManifestEntry(
            source_file=hostile_file,
            source_sha256=hostile_sha,
            status="ok",
            method="docx",
            forms_found=2,
            seconds=Decimal("0.5"),
        )
    )
    run.add_file(
        ManifestEntry(
            source_file="坏文件.pdf",
            source_sha256=hashlib.sha256(b"bad").hexdigest(),
            status="failed",
            method="pdf-text",
            error_code="FILE_CORRUPT",
            error_message="PDF 文件已损坏，无法打开<script>",
            seconds=Decimal("0.01"),
        )
    )
    run.finish(checks=[duplicate_forms], finishers=[write_report, write_workbook])
    return run.out
