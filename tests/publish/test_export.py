"""整改清单.xlsx: one sheet per 主管部门, one row per confirmed finding, and a form's text that
looks like a formula arrives as text (a string cell), never as a formula."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from batch.catalog import NAME, Catalog, Decision, decision_key
from publish.export import HEAD, sheet_name, write_export
from tests.publish.run_fixture import HOSTILE


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_name("北京市朝阳区数据局", taken) == "北京市朝阳区数据局"
    assert sheet_name("北京市朝阳区数据局", taken) == "北京市朝阳区数据局(2)"
    assert sheet_name("a/b[c]:d*e?f\\g", taken) == "a_b_c__d_e_f_g"
    long = "很" * 40
    assert sheet_name(long, taken) == "很" * 31 and sheet_name(long, taken) == "很" * 28 + "(2)"
    assert sheet_name("", taken) == "（未识别主管部门）"


def test_confirmed_findings_by_department_formula_safe(run_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(run_dir, out)
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "forms").glob("*.json"))]
    hostile = next(d for d in docs if d["project_name"] == HOSTILE and d["anomalies"])
    other = next(d for d in docs if d["department"] != hostile["department"] and d["anomalies"])
    catalog = Catalog(out / NAME)
    catalog.decide(Decision(*decision_key(hostile, hostile["anomalies"][0]), state="确认"))
    catalog.decide(Decision(*decision_key(other, other["anomalies"][0]), state="驳回", note="可以接受"))
    catalog.close()
    assert write_export(out, tmp_path / "整改清单.xlsx") == 1
    book = openpyxl.load_workbook(tmp_path / "整改清单.xlsx")
    assert book.sheetnames == ["=SUM(A1)"]
    rows = list(book["=SUM(A1)"].iter_rows())
    assert [c.value for c in rows[0]] == HEAD
    assert len(rows) == 2
    cells = rows[1]
    assert cells[0].value == HOSTILE and cells[0].data_type == "s"
    assert cells[10].value == hostile["anomalies"][0]["message"]
    assert all(c.data_type != "f" for c in cells)
