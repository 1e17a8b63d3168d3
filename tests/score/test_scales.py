"""Grade scales cut into words, and the tier a grade takes by its place or the word tables."""

from __future__ import annotations

import pytest

from score.profile import load_profile
from score.scales import band, scale_words, tier

P = load_profile("default")
PROV = load_profile("provincial")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("优良中低差", ("优", "良", "中", "低", "差")),
        ("优良中", ("优", "良", "中")),
        ("好坏", ("好", "坏")),
        ("高中低", ("高", "中", "低")),
        ("合格/不合格", ("合格", "不合格")),
        ("合格不合格", ("合格", "不合格")),
        ("符合/不符合", ("符合", "不符合")),
        ("非常满意、较满意、基本满意、不满意", ("非常满意", "较满意", "基本满意", "不满意")),
        ("优良中 低差", ("优", "良", "中", "低", "差")),
        ("", ()),
    ],
)
def test_scale_words(text: str, words: tuple):
    assert scale_words(text, P) == words


@pytest.mark.parametrize(
    ("grade", "scale", "expected"),
    [
        ("优", "优良中低差", 0),
        ("良", "优良中低差", 1),
        ("中", "优良中低差", 2),
        ("差", "优良中低差", 2),
        ("好", "好坏", 0),
        ("坏", "好坏", 1),  # the contract's positional rule, literally
        ("合格", "合格/不合格", 0),
        ("较满意", "非常满意、较满意、基本满意、不满意", 1),
        ("基本满意", "非常满意、较满意、基本满意、不满意", 2),
        ("优", "好坏", 0),  # outside the scale: word table, first tier
        ("较好", "优良中", 1),  # outside: second tier
        ("一般", "好坏", 2),  # outside and in no table: the last tier
        ("", "优良中", None),
    ],
)
def test_tier_default(grade: str, scale: str, expected: int | None):
    assert tier(grade, scale_words(scale, P), P) == expected


def test_provincial_puts_negative_words_lowest():
    assert tier("坏", scale_words("好坏", PROV), PROV) == 2
    assert tier("不合格", scale_words("合格/不合格", PROV), PROV) == 2
    assert band(1, PROV).low == 50 and band(2, PROV).high == 50


def test_bands_by_tier():
    assert (band(0, P).low, band(0, P).high) == (80, 100)
    assert (band(1, P).low, band(1, P).high) == (60, 80)
    assert (band(2, P).low, band(2, P).high) == (0, 60)
    assert band(7, P) == band(2, P)
