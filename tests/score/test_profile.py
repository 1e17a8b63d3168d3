"""Profiles load by name or path, carry their rules as Decimals, and fail clearly."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from score.profile import PROFILES_DIR, ProfileError, available_profiles, load_profile
from score.scorer import score_form
from tests.score.factory import clean_form


def test_shipped_profiles():
    assert {"default", "provincial"} <= set(available_profiles())


def test_default_rules():
    p = load_profile("default")
    assert p.name == "default"
    assert [(s.at_percent, s.deduct_percent) for s in p.overshoot] == [(500, 30), (300, 20), (200, 10)]
    assert [(b.low, b.high) for b in p.position_bands] == [(80, 100), (60, 80)]
    assert p.money_tolerance == Decimal("0.0001") and isinstance(p.money_tolerance, Decimal)
    assert [g for _, g in p.grade_bands] == ["优", "良", "中", "差"]
    assert p.allocation == ()


def test_provincial_differs_where_documented():
    p = load_profile("provincial")
    assert [(b.low, b.high) for b in p.position_bands] == [(80, 100), (50, 80)]
    assert (p.other_band.low, p.other_band.high) == (0, 50)
    assert [(g.group, g.weight) for g in p.allocation] == [("funds", 20), ("output", 40), ("outcome", 40)]


def test_ten_fifty_thirty_ten_scheme():
    p = load_profile("w10-50-30-10")
    assert [(g.group, g.weight) for g in p.allocation] == [
        ("funds", 10),
        ("output", 50),
        ("outcome", 30),
        ("satisfaction", 10),
    ]
    assert [(b.low, b.high) for b in p.position_bands] == [(80, 100), (60, 80)]
    assert {"有效", "效果明显"} <= p.first_tier_words


def test_by_path_and_recorded_on_the_form(tmp_path: Path):
    text = (
        (PROFILES_DIR / "default.toml")
        .read_text(encoding="utf-8")
        .replace('name = "default"', 'name = "mine"')
    )
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    profile = load_profile(str(path))
    assert profile.name == "mine"
    assert load_profile(path) == profile
    assert score_form(clean_form(), profile).rules_profile == "mine"


def test_unknown_name_lists_the_available():
    with pytest.raises(ProfileError, match="default"):
        load_profile("no-such-profile")


def test_missing_file():
    with pytest.raises(ProfileError, match="not found"):
        load_profile("/nonexistent/rules.toml")


def test_malformed_file(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="lacks"):
        load_profile(bad)
    broken = tmp_path / "broken.toml"
    broken.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ProfileError, match="TOML"):
        load_profile(broken)
