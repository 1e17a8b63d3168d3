"""normalize_form against the hand-verified truth of corpus/truth/ (written independently from the
seed): rebuilt from each truth form's raw cells, every canonical value must come back."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from model import RawForm, RawIndicator, RawValue
from normalize import format_decimal, normalize_form
from tests.corpus_truth import FORM_FIELDS, INDICATOR_FIELDS, TRUTH_DIR

TRUTH_FILES = sorted(TRUTH_DIR.glob("*.json")) if TRUTH_DIR.is_dir() else []


def _raw_form(t: dict[str, Any]) -> RawForm:
    indicators = []
    prev: dict[str, Any] | None = None
    for i in t["indicators"]:
        # The truth does not mark merges; a label repeating the row above's is its merged cell.
        def cell(key: str, i: dict[str, Any] = i, prev: dict[str, Any] | None = prev) -> RawValue:
            covered = prev is not None and i[key] != "" and i[key] == prev[key]
            return RawValue(text=i[key], covered=covered)

        indicators.append(
            RawIndicator(
                level1=cell("level1_raw"),
                level2=cell("level2_raw"),
                name=RawValue(text=i["name_raw"]),
                nature=RawValue(text=i["nature_raw"]),
                target=RawValue(text=i["target_text"]),
                unit=RawValue(text=i["unit_raw"]),
                actual=RawValue(text=i["actual_text"]),
                weight=RawValue(text=i["weight"] or ""),
                score=RawValue(text=i["score_declared"] or ""),
                deviation=RawValue(text=i["deviation_note"]),
            )
        )
        prev = i
    funds_raw = t["funds_raw"]
    cols = ("budget_initial", "budget_full_year", "executed")
    return RawForm(
        form_id=f"truth{t['id']}-1",
        title=RawValue(text=t["title"]),
        project_name=RawValue(text=t["project_name"]),
        department=RawValue(text=t["department"]),
        implementing_unit=RawValue(text=t["implementing_unit"]),
        funds={
            row: {c: RawValue(text=v) for c, v in zip(cols, cells, strict=False)}
            for row, cells in funds_raw.items()
        },
        funds_weight=RawValue(text=funds_raw["total"][3]),
        execution_rate=RawValue(text=funds_raw["total"][4]),
        execution_score=RawValue(text=funds_raw["total"][5]),
        goal_expected=RawValue(text=t["goal_expected"]),
        goal_actual=RawValue(text=t["goal_actual"]),
        total_weight=RawValue(text=t["total_weight_declared"] or ""),
        total_score=RawValue(text=t["total_score_declared"] or ""),
        indicators=indicators,
    )


def _out(value: Any) -> Any:
    return format_decimal(value) if isinstance(value, Decimal) else value


@pytest.mark.skipif(not TRUTH_FILES, reason="corpus/truth/ is not in this checkout")
@pytest.mark.parametrize("path", TRUTH_FILES, ids=[p.stem for p in TRUTH_FILES])
def test_truth_values_come_back(path: Path) -> None:
    t = json.loads(path.read_text(encoding="utf-8"))
    form = normalize_form(_raw_form(t))
    for name in FORM_FIELDS:
        assert _out(getattr(form, name)) == t[name], name
    assert len(form.indicators) == len(t["indicators"])
    for got, want in zip(form.indicators, t["indicators"], strict=True):
        assert got.seq == want["seq"]
        for name in INDICATOR_FIELDS:
            assert _out(getattr(got, name)) == want[name], (got.seq, name)


@pytest.mark.skipif(not TRUTH_FILES, reason="corpus/truth/ is not in this checkout")
def test_truth_findings_of_this_stage() -> None:
    """corpus/NOTES.md: three 社会效益指标 rows under a merged 成本指标 (01#5, 09#5, 34#8), two
    好坏 rows that state no grade (04#2, 04#3), and the 满意度/服务对象 labels of forms 15 and 47."""
    found = set()
    for path in TRUTH_FILES:
        t = json.loads(path.read_text(encoding="utf-8"))
        for a in normalize_form(_raw_form(t)).anomalies:
            found.add((a.code, t["id"], a.seq, a.field))
    assert found == {
        ("LEVEL_INCONSISTENT", "01", 5, "level1"),
        ("LEVEL_INCONSISTENT", "09", 5, "level1"),
        ("LEVEL_INCONSISTENT", "34", 8, "level1"),
        ("ACTUAL_UNPARSEABLE", "04", 2, "actual_text"),
        ("ACTUAL_UNPARSEABLE", "04", 3, "actual_text"),
        ("LABEL_NORMALIZED", "15", 6, "level1"),
        ("LABEL_NORMALIZED", "15", 6, "level2"),
        ("LABEL_NORMALIZED", "47", 6, "level1"),
        ("LABEL_NORMALIZED", "47", 6, "level2"),
    }
