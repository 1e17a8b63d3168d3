from __future__ import annotations

from decimal import Decimal

import pytest

from normalize import parse_chinese_numeral


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一十", 10),
        ("一百零五", 105),
        ("两千零五", 2005),
        ("一千二百三十四", 1234),
        ("三十万", 300000),
        ("一亿二千万", 120000000),
        ("二〇二四", 2024),
        ("壹佰", 100),
    ],
)
def test_numerals(text: str, value: int) -> None:
    assert parse_chinese_numeral(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "万", "百", "亿", "十百", "一二十", "abc", "一a", "一零五十"])
def test_not_numerals(text: str) -> None:
    assert parse_chinese_numeral(text) is None
