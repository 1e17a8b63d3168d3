"""The truth corpus scored: findings, totals and rounding conventions equal the hand-checked
values in seed_findings.json (worked out by hand, see SEED.md)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from publish.serialize import format_decimal
from score.profile import load_profile
from score.scorer import score_form
from tests.corpus_truth import truth_form, truth_ids

HAND = Path(__file__).with_name("seed_findings.json")
IDS = truth_ids()
pytestmark = pytest.mark.skipif(not IDS, reason="corpus/truth/ holds no truth files yet")


@cache
def hand() -> dict[str, Any]:
    return json.loads(HAND.read_text(encoding="utf-8"))


def test_hand_list_covers_every_truth_form():
    assert sorted(hand()["findings"]) == IDS


@pytest.mark.parametrize("truth_id", IDS)
def test_seed_form(truth_id: str):
    scored = score_form(truth_form(truth_id), load_profile("default"))
    assert [[a.seq, a.code] for a in scored.anomalies] == hand()["findings"][truth_id]
    assert format_decimal(scored.total_score_computed) == hand()["total_score_computed"][truth_id]
    assert scored.rounding_convention == hand()["rounding_convention"][truth_id]
    assert scored.grade_computed == "优"


def test_known_real_cases():
    """The cases the issue names, spelled out."""
    by_name = {truth_form(t).project_name: t for t in IDS}
    cases = {
        "信息系统安全测评服务项目": [
            (1, "OVERSHOOT_PENALTY_MISSING", "10", "9"),
            (2, "OVERSHOOT_PENALTY_MISSING", "10", "8"),
        ],
        "信息安全评估、等级保护测评相关费用": [
            (None, "FUNDS_RATE_MISMATCH", "99", "100"),
            (None, "FUNDS_SCORE_MISMATCH", "9.9", "10"),
        ],
        "朝阳区公共信用信息服务平台": [],
    }
    for name, expected in cases.items():
        scored = score_form(truth_form(by_name[name]), load_profile("default"))
        assert [(a.seq, a.code, a.declared, a.expected) for a in scored.anomalies] == expected, name
    credit = score_form(truth_form(by_name["朝阳区公共信用信息服务平台"]), load_profile("default"))
    assert credit.rounding_convention == "truncate"
