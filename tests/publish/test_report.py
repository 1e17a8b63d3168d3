"""report.html as a file: self-contained, escaped, complete (the browser test drives the filters)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from publish import report
from publish.report import write_report
from tests.publish.run_fixture import HOSTILE, build_run


def _html(run_dir: Path) -> str:
    return (run_dir / "report.html").read_text(encoding="utf-8")


def test_self_contained(run_dir: Path):
    page = _html(run_dir)
    assert page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert '<link rel="stylesheet"' not in page and "<script src" not in page
    assert page.count("<script>") == 1


def test_every_form_once(run_dir: Path):
    page = _html(run_dir)
    with (run_dir / "forms.csv").open(encoding="utf-8-sig", newline="") as h:
        ids = [row["form_id"] for row in csv.DictReader(h)]
    assert len(ids) == 55
    for form_id in ids:
        assert page.count(f'id="form-{form_id}"') == 1


def test_hostile_text_is_escaped(run_dir: Path):
    page = _html(run_dir)
    assert HOSTILE not in page
    assert '<script>alert("x")' not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "恶意&lt;b&gt;文件&lt;/b&gt;&quot;.docx" in page
    assert "无法打开&lt;script&gt;" in page


def test_summary_counts(run_dir: Path):
    page = _html(run_dir)
    summary = page[page.index('id="summary"') : page.index('id="forms"')]
    assert "<b>3</b><span>输入文件</span>" in summary
    assert "<b>55</b><span>识别自评表</span>" in summary
    assert "<b>55</b><span>等级优</span>" in summary
    assert "坏文件.pdf" in summary and "FILE_CORRUPT" in summary
    codes = ["OVERSHOOT_PENALTY_MISSING", "FUNDS_RATE_MISMATCH", "FUNDS_SCORE_MISMATCH"]
    codes += ["GRADE_NOT_IN_SCALE", "DUPLICATE_FORM"]
    for code in codes:
        assert f'data-code="{code}"' in summary


def test_declared_and_computed_side_by_side(run_dir: Path):
    page = _html(run_dir)
    # 信息系统安全测评服务项目, row 1: declared 10 flagged, computed 9 beside it.
    assert '<td class="num c-error">10</td><td class="num">9</td>' in page
    # 朝阳区公共信用信息服务平台: 99.98 accepted against 99.99 computed (truncation), marked, not flagged.
    assert re.search(
        r'<td class="num near" title="[^"]*截尾[^"]*">99\.98</td><td class="num">99\.99</td>', page
    )


def test_empty_run(tmp_path: Path):
    (tmp_path / "forms").mkdir()
    headers = {
        "forms.csv": "form_id,grade_computed,n_errors,n_warnings,n_infos",
        "anomalies.csv": "form_id,seq,code,severity",
        "manifest.csv": "source_file,status",
    }
    for name, header in headers.items():
        (tmp_path / name).write_text(header + "\n", encoding="utf-8-sig")
    write_report(tmp_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "本次运行未发现问题" in page and "自评表（0）" in page


def test_a_rerun_copies_unchanged_forms_from_the_previous_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = (build_run(tmp_path / "fresh") / "report.html").read_bytes()
    out = build_run(tmp_path / "out")
    rendered: list[str] = []
    real = report._form_html

    def counting(doc: dict[str, Any], index: int, crops: dict[str, Any] | None = None) -> str:
        rendered.append(doc["form_id"])
        return real(doc, index, crops)

    monkeypatch.setattr(report, "_form_html", counting)
    build_run(out)
    assert rendered == [] and (out / "report.html").read_bytes() == fresh

    # a part of the previous page that is not what was recorded (an edit, an injection) is rendered again
    page = (out / "report.html").read_bytes()
    parts = json.loads((out / report.REPORT_INDEX).read_bytes())["parts"]
    offset, length, _ = min(parts.values())
    part = page[offset : offset + length]
    assert part.startswith(b'<details class="form"') and part.endswith(b"</details>")
    evil = b"<script>alert(1)</script>"
    (out / "report.html").write_bytes(page[:offset] + evil + part[len(evil) :] + page[offset + length :])
    build_run(out)
    assert len(rendered) == 1 and (out / "report.html").read_bytes() == fresh

    # another renderer (a new version, other words or codes) renders every form
    monkeypatch.setattr(report, "_renderer", lambda: "another")
    build_run(out)
    assert len(rendered) == 1 + len(parts) and (out / "report.html").read_bytes() == fresh
