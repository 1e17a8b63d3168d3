from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize import clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("绩效指 标性质", "绩效指标性质"),
        ("指标1： 存储", "指标1:存储"),
        ("Mbps 6000", "Mbps 6000"),
        ("个(单位:) TB", "个(单位:)TB"),
        ("优（有效保障了…）", "优(有效保障了...)"),  # NFKC spells out the ellipsis
        ("经济成本\n指标", "经济成本指标"),
        ("服务对象\n满意度指\n标", "服务对象满意度指标"),
        ("<p>填报注意事项：</p>", "填报注意事项:"),
        ("A&amp;B", "A&B"),
        ("１２３．４５％", "123.45%"),
        ("  ", ""),
        ("", ""),
        (None, ""),
        ("“一口进、一口出”。《报告》", "“一口进、一口出”。《报告》"),
    ],
)
def test_clean_text(raw: str | None, clean: str) -> None:
    assert clean_text(raw) == clean


# Text built from the characters that make the rule work hard: tags, entities, spaces, combining
# marks, full-width forms.
_PIECES = [*"<>&;#amplt 　\n\tab1２：（）优指标\u0308\u00a8ﬁ", "&amp;", "&lt;", "<p>", "</p>"]
_TRICKY = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@given(st.text())
def test_clean_text_is_idempotent(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@given(_TRICKY)
def test_clean_text_is_idempotent_on_tags_and_entities(s: str) -> None:
    once = clean_text(s)
    assert clean_text(once) == once


@given(st.text())
def test_clean_text_leaves_no_lone_space(s: str) -> None:
    out = clean_text(s)
    assert out == out.strip()
    for i, ch in enumerate(out):
        if ch == " ":
            assert out[i - 1].isascii() and out[i - 1].isalnum()
            assert out[i + 1].isascii() and out[i + 1].isalnum()
