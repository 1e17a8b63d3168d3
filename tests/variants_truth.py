"""The variant corpus (corpus/variants/): its truth and the comparison of a read form with it,
field by field, shared by tests/test_corpus_variants.py and bench/accuracy_variants.py.

Truth is corpus/variants/truth/VNN.json: the seed truth's schema plus the form's
`funds_unit_raw`, `grade_declared`, `layout`, `groups`, `rules_profile`, `expected_findings`
and each indicator's `nature_inferred`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from model import Form
from pipeline import FileResult, InputFile, Settings, process_file
from tests.corpus_truth import CORPUS, FORM_FIELDS, INDICATOR_FIELDS, _same

VARIANTS = CORPUS / "variants"
VFILES = VARIANTS / "files"
VTRUTH = VARIANTS / "truth"
_INDEX = VARIANTS / "index.json"
VINDEX: list[dict[str, Any]] = json.loads(_INDEX.read_text(encoding="utf-8")) if _INDEX.exists() else []

VFORM_FIELDS = [*FORM_FIELDS, "funds_unit_raw", "grade_declared", "rules_profile"]
VINDICATOR_FIELDS = [*INDICATOR_FIELDS, "nature_inferred"]
GROUP_FIELDS = ("level1", "weight_declared", "score_declared")


@cache
def load_vtruth(truth_id: str) -> dict[str, Any]:
    return json.loads((VTRUTH / f"{truth_id}.json").read_text(encoding="utf-8"))


@cache
def processed_variant(path: str, rules: str) -> FileResult:
    return process_file(InputFile(VFILES / path, path), Settings(rules=rules, jobs=1))


def rules_of(entry: dict[str, Any]) -> str:
    """The rules a run over this file is given (`--rules`): the profile of score/profiles/ its
    forms' truth names (a run over one place's forms selects that place's rules)."""
    profiles = {load_vtruth(f["truth"]).get("rules_profile") or "default" for f in entry["forms"]}
    assert len(profiles) == 1, profiles
    return profiles.pop()


@dataclass(frozen=True)
class FieldCheck:
    field: str
    ok: bool
    expected: Any
    got: Any

    def line(self) -> str:
        return f"{self.field}: expected {self.expected!r}, got {self.got!r}"


def _f(value: Any) -> Any:
    return "" if value is None else value


def field_checks(truth: dict[str, Any], form: Form) -> list[FieldCheck]:
    """One check per field of the truth: form fields, every indicator's fields, the groups."""
    out = []
    for f in VFORM_FIELDS:
        want, value = truth.get(f), getattr(form, f, None)
        out.append(FieldCheck(f, _same(_f(want) if f == "grade_declared" else want, value), want, value))
    want, got = truth["indicators"], form.indicators
    out.append(FieldCheck("indicators", len(want) == len(got), len(want), len(got)))
    for i, t in enumerate(want):
        ind = got[i] if i < len(got) else None
        for f in VINDICATOR_FIELDS:
            value = getattr(ind, f, None) if ind is not None else None
            ok = ind is not None and (
                bool(t.get(f, False)) == value if f == "nature_inferred" else _same(t[f], value)
            )
            out.append(FieldCheck(f"indicator {t['seq']} {f}", ok, t.get(f), value))
    groups = {g.level1: g for g in getattr(form, "groups", [])}
    want_groups = truth.get("groups") or []
    out.append(
        FieldCheck(
            "groups",
            len(want_groups) == len(getattr(form, "groups", [])),
            want_groups,
            getattr(form, "groups", []),
        )
    )
    for g in want_groups:
        mine = groups.get(g["level1"])
        for f in GROUP_FIELDS[1:]:
            value = getattr(mine, f) if mine is not None else None
            out.append(
                FieldCheck(f"group {g['level1']} {f}", mine is not None and _same(g[f], value), g[f], value)
            )
    return out


def _order(key: tuple[Any, ...]) -> tuple[Any, ...]:
    code, seq, field = key
    return (code, -1 if seq is None else seq, field)


def finding_keys(form: Form, truth: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(expected, raised) findings as sorted (code, seq, field) keys; the field is compared only
    where the truth names one."""
    expected = truth.get("expected_findings", [])
    want = sorted(((f["code"], f.get("seq"), f.get("field", "*")) for f in expected), key=_order)
    named = {(f["code"], f.get("seq")) for f in expected if "field" in f}
    raised = (
        (a.code, a.seq, a.field if (a.code, a.seq) in named else "*")
        for a in form.anomalies
        if a.code != "DUPLICATE_FORM"
    )
    return want, sorted(raised, key=_order)
