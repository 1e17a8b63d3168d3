"""RawForm -> Form: every cell read into its canonical value, plus the findings of this stage
(LEVEL_INCONSISTENT, LABEL_NORMALIZED, ACTUAL_UNPARSEABLE). Scores and the other findings are
score/'s; computed fields stay at their defaults."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from model import (
    FUNDS_COLS,
    FUNDS_ROWS,
    Anomaly,
    Form,
    Group,
    Indicator,
    Provenance,
    RawForm,
    RawIndicator,
    RawValue,
)

from . import findings
from .actuals import read_actual
from .grades import read_grade
from .labels import LEVEL2_PARENT, read_level1, read_level2, strip_name_label
from .lookalikes import read_as_columns
from .nature import BASIS, infer_nature, leading_operator, read_nature
from .numeric import PLACEHOLDERS, parse_percent, read_decimal, read_number_with_suffix
from .scheme import read_scheme
from .tables import load, longest_first
from .targets import read_target, unit_in_target
from .text import clean_text
from .units import MONEY_SHIFT, canonical_unit, is_money_name, shift

_T = load("form")
_YEAR = re.compile(_T["year_pattern"])
_FUNDS_UNIT = _T["funds_unit"]
FUNDS_UNIT: str = _FUNDS_UNIT
"""The unit of a 项目资金 block that writes none (万元)."""
YUAN: str = _T["yuan"]
BLOCK_FIELDS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _T["blocks"].items()}
"""The fields each block of the form holds (BLOCK_MISSING stands for their MISSING_FIELDs)."""
_MONEY_SUFFIXES = longest_first(MONEY_SHIFT)
_SCORE_SUFFIXES = tuple(_T["score_suffixes"])

# RawIndicator cell -> the Indicator field it feeds (provenance and anomaly field names).
_INDICATOR_FIELDS = {
    "level1": "level1",
    "level2": "level2",
    "name": "name",
    "nature": "nature",
    "target": "target_text",
    "unit": "unit",
    "actual": "actual_text",
    "weight": "weight",
    "score": "score_declared",
    "deviation": "deviation_note",
}
_FORM_FIELDS = {
    "title": "title",
    "project_name": "project_name",
    "department": "department",
    "implementing_unit": "implementing_unit",
    "funds_weight": "funds_weight",
    "execution_rate": "execution_rate_declared",
    "execution_score": "execution_score_declared",
    "goal_expected": "goal_expected",
    "goal_actual": "goal_actual",
    "total_weight": "total_weight_declared",
    "total_score": "total_score_declared",
}


def year_of(title: str | None) -> int | None:
    """The 年度 in a form title: 项目支出绩效自评表(2024年度) -> 2024."""
    m = _YEAR.search(clean_text(title))
    return int(m.group(1)) if m else None


def read_money(text: str | None, unit: str | None = None) -> Decimal | None:
    """A 项目资金 cell in 万元, written in `unit` (the block's header unit, 万元 when none is
    written); a cell that writes its own money unit (7578290元) is converted."""
    s = clean_text(text)
    plain = read_decimal(s)
    if plain.ok or s in PLACEHOLDERS:
        places = MONEY_SHIFT.get(unit or _FUNDS_UNIT, 0)
        return shift(plain.value, places) if plain.value is not None else None
    for suffix in _MONEY_SUFFIXES:
        if s.endswith(suffix):
            value = read_decimal(s[: -len(suffix)]).value
            if value is not None:
                return shift(value, MONEY_SHIFT[suffix])
    return None


def read_score(text: str | None) -> Decimal | None:
    """A 分值 or 得分 cell (10, 9.99, 10分); placeholders are None."""
    return read_number_with_suffix(text, _SCORE_SUFFIXES).value


@dataclass
class _Out:
    form_id: str
    provenance: list[Provenance] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)
    recognized: dict[tuple[str, int | None], str] = field(default_factory=dict)
    """The text OCR read in each cell (cells with a confidence), by (field, seq)."""

    def note(self, name: str, value: RawValue, seq: int | None = None) -> None:
        if value.confidence is not None and value.text and clean_text(value.text) not in PLACEHOLDERS:
            self.recognized[(name, seq)] = value.text
        if value.page is not None or value.box is not None or value.ref is not None:
            self.provenance.append(
                Provenance(
                    field=name,
                    seq=seq,
                    page=value.page,
                    box=value.box,
                    confidence=value.confidence,
                    ref=value.ref,
                    unread=value.unread,
                )
            )


def _page(ri: RawIndicator) -> int | None:
    cells = (ri.name, ri.level2, ri.level1, ri.nature, ri.target, ri.unit, ri.actual, ri.weight, ri.score)
    return next((c.page for c in cells if c.page is not None), None)


def _levels(ri: RawIndicator, seq: int, name: str, prev: Indicator | None, out: _Out) -> tuple[str, str]:
    """level1 and level2 of a row (docs/canonical.md, Labels), reporting what needed fixing."""
    r1, r2 = read_level1(ri.level1.text), read_level2(ri.level2.text)
    level2 = r2.value
    if not level2 and not r2.written and prev is not None and (not r1.written or r1.value == prev.level1):
        # A blank, unmerged 二级 cell continues the group above.
        level2 = prev.level2
    parent = LEVEL2_PARENT.get(level2, "")
    if parent:
        if r1.written and r1.value != parent:
            out.anomalies.append(
                findings.level_inconsistent(
                    out.form_id, seq, name, r1.written, level2, parent, ri.level1.page or ri.level2.page
                )
            )
        level1 = parent
    elif r1.value:
        level1 = r1.value
    else:
        level1 = prev.level1 if prev is not None and not r1.written else ""
    # A variant is reported once, on the row that writes it, not on every row a merge covers.
    for reading, raw, fld, final in ((r1, ri.level1, "level1", level1), (r2, ri.level2, "level2", level2)):
        if reading.changed and not raw.covered and reading.value == final:
            out.anomalies.append(
                findings.label_normalized(out.form_id, seq, name, fld, reading.written, final, raw.page)
            )
    return level1, level2


def _indicator(ri: RawIndicator, seq: int, prev: Indicator | None, out: _Out) -> Indicator:
    for attr, fld in _INDICATOR_FIELDS.items():
        out.note(fld, getattr(ri, attr), seq)
    name_raw = clean_text(ri.name.text)
    name = strip_name_label(name_raw)
    level1, level2 = _levels(ri, seq, name, prev, out)

    unit_raw = clean_text(ri.unit.text)
    bound = None
    if not unit_raw:
        # No 度量单位 cell (or a blank one): the unit written with the target's number (≥50个).
        unit_raw, bound = unit_in_target(ri.target.text)
    unit = canonical_unit(unit_raw)
    # Money by name only when the unit cell says nothing: it lets 45万元 in the sentence be read
    # as money without inventing a unit for the row.
    money_by_name = not unit and unit_raw in PLACEHOLDERS and is_money_name(name)

    nature_blank = not clean_text(ri.nature.text)
    nature = read_nature(ri.nature.text).value
    if nature is None and nature_blank:
        nature = leading_operator(ri.target.text)  # ≥50个 states its nature itself
    qualitative = None if nature is None else nature == "qualitative"
    target = read_target(ri.target.text, unit_raw, qualitative=qualitative, money=money_by_name)
    inferred = False
    if nature is None and nature_blank and target.scale and target.value is None:
        # A blank 性质 cell over a grade scale can only be a 定性 row.
        nature, qualitative = "qualitative", True
    elif nature is None and nature_blank and target.value is not None:
        nature, basis = infer_nature(level1=level1, level2=level2, unit=unit, name=name, qualifier=bound)
        qualitative, inferred = False, True
        out.anomalies.append(
            findings.nature_inferred(
                out.form_id, seq, name, nature, BASIS[basis], ri.target.page or ri.name.page
            )
        )
    if target.fixes:
        out.anomalies.append(
            findings.label_normalized(
                out.form_id, seq, name, "target_text", clean_text(ri.target.text), target.text, ri.target.page
            )
        )

    actual_text = clean_text(ri.actual.text)
    actual_value = None
    qualifier = None
    grade = ""
    if qualitative:
        g = read_grade(actual_text, target.scale)
        grade = g.value or ""
        if not g.ok:
            out.anomalies.append(
                findings.actual_unparseable(
                    out.form_id,
                    seq,
                    name,
                    actual_text,
                    qualitative=True,
                    scale=target.scale,
                    page=ri.actual.page,
                )
            )
    else:
        a = read_actual(actual_text, unit_raw, money=money_by_name)
        actual_value, qualifier = a.value, a.qualifier
        if a.value is None:
            out.anomalies.append(
                findings.actual_unparseable(
                    out.form_id,
                    seq,
                    name,
                    actual_text,
                    qualitative=False,
                    unit=unit or ("万元" if money_by_name else ""),
                    page=ri.actual.page,
                )
            )

    return Indicator(
        seq=seq,
        level1=level1,
        level2=level2,
        name=name,
        name_raw=name_raw,
        nature=nature,
        target_value=None if qualitative else target.value,
        target_text=target.text,
        unit=unit,
        unit_raw=unit_raw,
        actual_text=actual_text,
        actual_value=actual_value,
        actual_qualifier=qualifier,
        actual_grade=grade,
        weight=read_score(ri.weight.text),
        score_declared=read_score(ri.score.text),
        deviation_note=clean_text(ri.deviation.text),
        level1_raw=clean_text(ri.level1.text),
        level2_raw=clean_text(ri.level2.text),
        nature_raw=clean_text(ri.nature.text),
        page=_page(ri),
        nature_inferred=inferred,
    )


def normalize_form(raw: RawForm) -> Form:
    """The canonical Form of a RawForm: identity copied, every cell read, seq 1..n, provenance
    for every cell that has a page or box, and this stage's anomalies (form_id filled)."""
    raw = read_as_columns(raw)
    out = _Out(raw.form_id)
    for attr, fld in _FORM_FIELDS.items():
        out.note(fld, getattr(raw, attr))

    funds_unit = clean_text(raw.funds_unit.text)
    out.note("funds_unit_raw", raw.funds_unit)
    money: dict[str, Decimal | None] = {}
    for row in FUNDS_ROWS:
        for col in FUNDS_COLS:
            fld = col if row == "total" else f"{row}_{col}"
            cell = raw.funds.get(row, {}).get(col, RawValue())
            out.note(fld, cell)
            money[fld] = read_money(cell.text, funds_unit or None)
    indicators: list[Indicator] = []
    for seq, ri in enumerate(raw.indicators, start=1):
        indicators.append(_indicator(ri, seq, indicators[-1] if indicators else None, out))
    groups = _groups(raw, indicators)
    for block in raw.missing_blocks:
        out.anomalies.append(findings.block_missing(raw.form_id, block))
    out.note("grade_declared", raw.grade_declared)
    out.note("scheme", raw.scheme)

    form = Form(
        form_id=raw.form_id,
        source_file=raw.source_file,
        source_sha256=raw.source_sha256,
        form_index=raw.form_index,
        page_start=raw.page_start,
        page_end=raw.page_end,
        method=raw.method,
        dpi=raw.dpi,
        year=year_of(raw.title.text),
        project_name=clean_text(raw.project_name.text),
        department=clean_text(raw.department.text),
        implementing_unit=clean_text(raw.implementing_unit.text),
        **money,
        funds_weight=read_score(raw.funds_weight.text),
        execution_rate_declared=parse_percent(raw.execution_rate.text),
        execution_score_declared=read_score(raw.execution_score.text),
        goal_expected=clean_text(raw.goal_expected.text),
        goal_actual=clean_text(raw.goal_actual.text),
        total_weight_declared=read_score(raw.total_weight.text),
        total_score_declared=read_score(raw.total_score.text),
        indicators=indicators,
        anomalies=out.anomalies,
        provenance=out.provenance,
        funds_unit_raw=funds_unit,
        grade_declared=clean_text(raw.grade_declared.text),
        groups=groups,
        scheme=read_scheme(raw.scheme.text),
        missing_blocks=list(raw.missing_blocks),
    )
    return _misrecognized_as_unread(form, out.recognized)


def _groups(raw: RawForm, indicators: list[Indicator]) -> list[Group]:
    """The 一级 groups that declare something of their own: a weight on the label (产出指标（50分）)
    or a 得分 merged over their rows. In the order the form writes them."""
    groups: dict[str, Group] = {}
    for ri, ind in zip(raw.indicators, indicators, strict=True):
        weight = read_level1(ri.level1.text).weight
        score = read_score(ri.group_score.text) if ri.group_score.text else None
        if weight is None and score is None:
            continue
        g = groups.setdefault(ind.level1, Group(level1=ind.level1))
        if weight is not None and g.weight_declared is None:
            g.weight_declared = weight
        if score is not None and g.score_declared is None:
            g.score_declared = score
    return list(groups.values())


NUMERIC_FIELDS = {
    "form": (
        "budget_initial", "budget_full_year", "executed",
        "fiscal_budget_initial", "fiscal_budget_full_year", "fiscal_executed",
        "carryover_budget_initial", "carryover_budget_full_year", "carryover_executed",
        "other_budget_initial", "other_budget_full_year", "other_executed",
        "funds_weight", "execution_rate_declared", "execution_score_declared",
        "total_weight_declared", "total_score_declared",
    ),
    "indicator": ("weight", "score_declared"),
}  # fmt: skip
"""Cells that hold a number whenever anything is written in them (money, rates, weights, scores)."""


def _misrecognized_as_unread(form: Form, recognized: dict[tuple[str, int | None], str]) -> Form:
    """A number cell OCR read as something that is no number (`3/10`, `7V`) was not read: its
    value is unknown, not empty, and no rule may treat it as blank (score/vetting.py)."""
    failed: set[tuple[str, int | None]] = set()
    for name in NUMERIC_FIELDS["form"]:
        if getattr(form, name) is None and (name, None) in recognized:
            failed.add((name, None))
    for ind in form.indicators:
        for name in NUMERIC_FIELDS["indicator"]:
            if getattr(ind, name) is None and (name, ind.seq) in recognized:
                failed.add((name, ind.seq))
    if not failed:
        return form
    provenance = [
        p.model_copy(update={"unread": True}) if (p.field, p.seq) in failed else p for p in form.provenance
    ]
    return form.model_copy(update={"provenance": provenance})
