from __future__ import annotations

import pytest

from normalize import nature_code, read_nature


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("≥", "ge"),
        (">=", "ge"),
        ("＞＝", "ge"),
        ("≧", "ge"),
        ("不低于", "ge"),
        ("不少于", "ge"),
        ("大于等于", "ge"),
        ("≤", "le"),
        ("<=", "le"),
        ("＜＝", "le"),
        ("不高于", "le"),
        ("不超过", "le"),
        ("不大于", "le"),
        ("小于等于", "le"),
        ("=", "eq"),
        ("＝", "eq"),
        ("等于", "eq"),
        (">", "gt"),
        ("＞", "gt"),
        ("大于", "gt"),
        ("高于", "gt"),
        ("<", "lt"),
        ("小于", "lt"),
        ("低于", "lt"),
        ("定性", "qualitative"),
        (" 定 性 ", "qualitative"),
        ("≥（正向）", "ge"),
    ],
)
def test_nature(raw: str, code: str) -> None:
    assert nature_code(raw) == code


@pytest.mark.parametrize("raw", ["", "定量", "正向", "?", "—"])
def test_unknown_nature(raw: str) -> None:
    reading = read_nature(raw)
    assert reading.value is None and reading.reason
