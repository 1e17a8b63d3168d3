"""Rules profiles: the scoring rules as data (score/profiles/*.toml), read into a frozen Profile.

A profile file is complete on its own (no inheritance), so that one file states a whole rule set
and an auditor can read which rules a run applied. Fractions are parsed as Decimal, never float.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"


class ProfileError(ValueError):
    """A profile that cannot be found or does not have the expected shape."""


@dataclass(frozen=True)
class Band:
    """A share of an indicator's weight, in percent: low <= score / W * 100 <= high."""

    low: Decimal
    high: Decimal


@dataclass(frozen=True)
class OvershootStep:
    at_percent: Decimal
    deduct_percent: Decimal


@dataclass(frozen=True)
class WeightGroup:
    group: str
    title: str
    weight: Decimal
    level1: tuple[str, ...]
    """Empty for the funds item."""


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    description: str
    source: str
    rate_cap_percent: Decimal
    overshoot: tuple[OvershootStep, ...]
    """Sorted by threshold, highest first, so the first step met is the one that applies."""
    overshoot_natures: frozenset[str]
    score_places: int
    money_tolerance: Decimal
    position_bands: tuple[Band, ...]
    other_band: Band
    first_tier_words: frozenset[str]
    second_tier_words: frozenset[str]
    lowest_words: frozenset[str]
    below_first_tier_is_missed: bool
    scale_words: tuple[str, ...]
    """Longest first, so that 不合格 is cut before 合格."""
    scale_separators: str
    grade_bands: tuple[tuple[Decimal, str], ...]
    grade_below_all: str
    no_explanation: frozenset[str]
    total_weight: Decimal
    allocation: tuple[WeightGroup, ...]
    magnitude_factor: Decimal
    money_units: frozenset[str]
    required_form: tuple[str, ...]
    required_indicator: tuple[str, ...]
    by_statement: bool = False
    """`--rules auto` picks this profile for a form that states its allocation (score/select.py)."""


def _dec(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ProfileError(f"expected a number, got {value!r}")
    return Decimal(str(value)) if not isinstance(value, Decimal) else value


def _band(pair: Any) -> Band:
    low, high = (_dec(v) for v in pair)
    if not Decimal(0) <= low <= high <= Decimal(100):
        raise ProfileError(f"band {pair!r} is not within 0-100 %")
    return Band(low, high)


def _build(data: dict[str, Any], source: str) -> Profile:
    q = data["qualitative"]
    steps = [
        OvershootStep(_dec(s["at_percent"]), _dec(s["deduct_percent"]))
        for s in data["quantitative"]["overshoot"]
    ]
    bands = [(_dec(b["min"]), str(b["grade"])) for b in data["grades"]["bands"]]
    return Profile(
        name=str(data["name"]),
        title=str(data.get("title", data["name"])),
        description="".join(line.strip() for line in str(data.get("description", "")).splitlines()),
        source=source,
        rate_cap_percent=_dec(data["funds"]["rate_cap_percent"]),
        overshoot=tuple(sorted(steps, key=lambda s: s.at_percent, reverse=True)),
        overshoot_natures=frozenset(data["quantitative"]["overshoot_natures"]),
        score_places=int(data["precision"]["score_places"]),
        money_tolerance=_dec(data["precision"]["money_tolerance"]),
        position_bands=tuple(_band(b) for b in q["position_bands"]),
        other_band=_band(q["other_band"]),
        first_tier_words=frozenset(q["first_tier_words"]),
        second_tier_words=frozenset(q["second_tier_words"]),
        lowest_words=frozenset(q.get("lowest_words", [])),
        below_first_tier_is_missed=bool(q.get("below_first_tier_is_missed", True)),
        scale_words=tuple(sorted(q["scale_words"], key=len, reverse=True)),
        scale_separators=str(q["scale_separators"]),
        grade_bands=tuple(sorted(bands, key=lambda b: b[0], reverse=True)),
        grade_below_all=str(data["grades"]["below_all"]),
        no_explanation=frozenset(data["explanation"]["none"]),
        total_weight=_dec(data["weights"]["total"]),
        allocation=tuple(
            WeightGroup(
                str(g["group"]), str(g.get("title", g["group"])), _dec(g["weight"]), tuple(g["level1"])
            )
            for g in data["weights"].get("allocation", [])
        ),
        magnitude_factor=_dec(data["magnitude"]["factor"]),
        money_units=frozenset(data["magnitude"]["money_units"]),
        required_form=tuple(data["required"]["form"]),
        required_indicator=tuple(data["required"]["indicator"]),
        by_statement=bool(data.get("select", {}).get("by_statement", False)),
    )


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.toml"))


def _resolve(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        path = Path(text)
        if not path.is_file():
            raise ProfileError(f"rules profile file not found: {text}")
        return path
    path = PROFILES_DIR / f"{text}.toml"
    if not path.is_file():
        raise ProfileError(f"unknown rules profile {text!r}; available: {', '.join(available_profiles())}")
    return path


@cache
def _load(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
        return _build(data, str(path))
    except (KeyError, TypeError) as e:
        raise ProfileError(f"rules profile {path} lacks or misshapes {e}") from e
    except tomllib.TOMLDecodeError as e:
        raise ProfileError(f"rules profile {path} is not valid TOML: {e}") from e


def load_profile(name_or_path: str | Path = "default") -> Profile:
    """A profile by name (score/profiles/<name>.toml) or by the path of a .toml file."""
    return _load(_resolve(name_or_path).resolve())
