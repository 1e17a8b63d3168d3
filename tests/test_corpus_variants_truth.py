"""The variant corpus's truth (corpus/variants/, issue 12) is complete and self-consistent: every
form loads as a model.Form, its money agrees with its funds cells in the unit they are written
in, its expected findings use known codes, and every form is rendered in the four ways."""

from __future__ import annotations

import json
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from model import FORM_COLUMNS, INDICATOR_COLUMNS, Form, Indicator

VARIANTS = Path(__file__).resolve().parent.parent / "corpus" / "variants"
TRUTHS = {
    p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((VARIANTS / "truth").glob("V*.json"))
}
NEW_CODES = {
    "BLOCK_MISSING",
    "GROUP_WEIGHT_MISMATCH",
    "GRADE_DECLARED_MISMATCH",
    "FUNDS_UNIT_SUSPECT",
    "NATURE_INFERRED",
}
CODES = set(
    tomllib.loads((Path(__file__).resolve().parent.parent / "codes" / "codes.toml").read_text("utf-8"))
)
SLOTS = ("budget_initial", "budget_full_year", "executed")
PREFIX = {"total": "", "fiscal": "fiscal_", "carryover": "carryover_", "other": "other_"}
_FORM_DEC = {n for n, f in Form.model_fields.items() if "Decimal" in str(f.annotation)}
_IND_DEC = {n for n, f in Indicator.model_fields.items() if "Decimal" in str(f.annotation)}


def test_size_and_spread() -> None:
    assert len(TRUTHS) >= 40
    assert len({t["layout"] for t in TRUTHS.values()}) >= 8


@pytest.mark.parametrize("tid", sorted(TRUTHS))
def test_truth_loads_as_a_form(tid: str) -> None:
    t = TRUTHS[tid]
    fields = {
        k: Decimal(v) if k in _FORM_DEC and v is not None else v for k, v in t.items() if k in FORM_COLUMNS
    }
    inds = [
        Indicator(**{k: Decimal(v) if k in _IND_DEC and v is not None else v for k, v in i.items()
                     if k in set(INDICATOR_COLUMNS) | set(Indicator.model_fields)})
        for i in t["indicators"]
    ]  # fmt: skip
    form = Form(**fields, form_id=f"{tid}-1", source_file=tid, indicators=inds)
    assert [i.seq for i in form.indicators] == list(range(1, len(inds) + 1))


@pytest.mark.parametrize("tid", sorted(TRUTHS))
def test_money_is_the_funds_cells_in_wan_yuan(tid: str) -> None:
    t = TRUTHS[tid]
    divisor = Decimal(10000) if t["funds_unit_raw"] == "元" else Decimal(1)
    for row, cells in t["funds_raw"].items():
        for slot, cell in zip(SLOTS, cells, strict=False):
            want = t[PREFIX[row] + slot]
            plain = cell.replace(",", "")
            if re.fullmatch(r"\d+(\.\d+)?", plain):
                assert want is not None and Decimal(want) == Decimal(plain) / divisor, (row, slot)
            else:
                assert want is None, (row, slot)


@pytest.mark.parametrize("tid", sorted(TRUTHS))
def test_declared_totals_add_up(tid: str) -> None:
    t = TRUTHS[tid]
    if t["total_weight_declared"] is None:
        return
    weights = sum(Decimal(i["weight"]) for i in t["indicators"]) + Decimal(t["funds_weight"])
    assert weights == Decimal(t["total_weight_declared"])
    scores = [Decimal(i["score_declared"]) for i in t["indicators"] if i["score_declared"] is not None]
    scores += [Decimal(g["score_declared"]) for g in t["groups"] if g["score_declared"] is not None]
    assert sum(scores) + Decimal(t["execution_score_declared"]) == Decimal(t["total_score_declared"])


@pytest.mark.parametrize("tid", sorted(TRUTHS))
def test_findings_use_known_codes(tid: str) -> None:
    for f in TRUTHS[tid]["expected_findings"]:
        assert f["code"] in CODES | NEW_CODES
    inferred = {i["seq"] for i in TRUTHS[tid]["indicators"] if i["nature_inferred"]}
    flagged = {f["seq"] for f in TRUTHS[tid]["expected_findings"] if f["code"] == "NATURE_INFERRED"}
    assert inferred == flagged


def test_every_form_rendered_four_ways() -> None:
    index = json.loads((VARIANTS / "index.json").read_text(encoding="utf-8"))
    kinds: dict[str, set[str]] = {}
    for entry in index:
        assert (VARIANTS / "files" / entry["path"]).is_file()
        for form in entry["forms"]:
            kinds.setdefault(form["truth"], set()).add(entry["kind"])
    assert set(kinds) == set(TRUTHS)
    assert all({"docx", "xlsx", "pdf-word", "pdf-excel"} <= k for k in kinds.values())
