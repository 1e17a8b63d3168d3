"""Every distinct 实际完成值, 年度指标值, 绩效度量单位 and 三级指标 of the seed, against its
hand-read canonical value (tests/normalize/data/seed_*.txt)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from normalize import (
    canonical_unit,
    clean_text,
    format_decimal,
    is_money_name,
    is_money_unit,
    nature_code,
    read_actual,
    read_grade,
    read_target,
    strip_name_label,
)

from .seed_tables import SEED, rows

NAMES = rows("seed_names.txt", 3)
UNITS = rows("seed_units.txt", 3)
TARGETS = rows("seed_targets.txt", 7)
ACTUALS = rows("seed_actuals.txt", 7)


def _dec(text: str) -> Decimal | None:
    return Decimal(text) if text else None


@pytest.mark.parametrize(("raw", "name", "money"), NAMES)
def test_name(raw: str, name: str, money: str) -> None:
    assert strip_name_label(raw) == name
    assert is_money_name(raw) is (money == "1")


@pytest.mark.parametrize(("raw", "unit", "money"), UNITS)
def test_unit(raw: str, unit: str, money: str) -> None:
    assert canonical_unit(raw) == unit
    assert is_money_unit(raw) is (money == "1")


@pytest.mark.parametrize(("raw", "unit_raw", "nature_raw", "text", "value", "scale", "fixed"), TARGETS)
def test_target(
    raw: str, unit_raw: str, nature_raw: str, text: str, value: str, scale: str, fixed: str
) -> None:
    nature = nature_code(nature_raw)
    got = read_target(raw, unit_raw, qualitative=nature == "qualitative")
    assert got.text == text
    assert got.value == _dec(value)
    if got.value is not None:
        assert format_decimal(got.value) == value
    assert "/".join(got.scale) == scale
    assert bool(got.fixes) is (fixed == "1")


@pytest.mark.parametrize(
    ("actual", "unit_raw", "target", "nature_raw", "value", "qualifier", "grade"), ACTUALS
)
def test_actual(
    actual: str, unit_raw: str, target: str, nature_raw: str, value: str, qualifier: str, grade: str
) -> None:
    if nature_code(nature_raw) == "qualitative":
        scale = read_target(target, unit_raw, qualitative=True).scale
        assert (read_grade(actual, scale).value or "") == grade
        assert not value and not qualifier
    else:
        got = read_actual(actual, unit_raw)
        assert got.value == _dec(value), got.reason
        assert format_decimal(got.value) == value
        assert (got.qualifier or "") == qualifier
        assert not grade


# ---------------------------------------------------------------- the tables cover the seed


def _seed_indicator_cells() -> list[tuple[str, str, str, str, str]]:
    """(name, nature, target, unit, actual) of every indicator row of the seed dump: the row's
    cells around its nature cell (≥, ≤, =, 定性)."""
    out = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        at = next((i for i, c in enumerate(cells) if c.strip() in {"≥", "≤", "=", "定性"}), None)
        if at is None or at < 1:
            continue
        cells += [""] * 4
        out.append((cells[at - 1], cells[at], cells[at + 1], cells[at + 2], cells[at + 3]))
    return out


@pytest.mark.skipif(not SEED.exists(), reason="the seed dump is not in this checkout's neighbourhood")
def test_tables_hold_every_distinct_seed_string() -> None:
    seed = _seed_indicator_cells()
    assert len(seed) == 334

    def keys(table: list[tuple[str, ...]], cols: range) -> set[tuple[str, ...]]:
        return {tuple(clean_text(r[i]) for i in cols) for r in table}

    names = {clean_text(n) for n, *_ in seed}
    units = {clean_text(u) for *_, u, _ in seed}
    targets = {(clean_text(t), clean_text(u), clean_text(n)) for _, n, t, u, _ in seed}
    actuals = {(clean_text(a), clean_text(u), clean_text(t), clean_text(n)) for _, n, t, u, a in seed}
    assert names == {k[0] for k in keys(NAMES, range(1))}
    assert units == {k[0] for k in keys(UNITS, range(1))}
    assert targets == keys(TARGETS, range(3))
    assert actuals == keys(ACTUALS, range(4))
    # "Several hundred" distinct strings, each read by hand.
    assert len(names) + len(units) + len({t for t, _, _ in targets}) + len({a for a, *_ in actuals}) > 500


def test_table_values_are_canonical() -> None:
    # Expected numbers are written the contract's way: plain, no exponent, no trailing zeros.
    number = re.compile(r"^-?\d+(\.\d*[1-9])?$")
    for table, col in ((TARGETS, 4), (ACTUALS, 4)):
        for r in table:
            assert not r[col] or number.match(r[col]), r
