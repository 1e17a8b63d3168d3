"""Whether the rules a form is scored by are the weight scheme it states for itself (its
评分标准 line, Form.scheme): RULES_SCHEME_MISMATCH when they are not, so that an auditor knows
the form was scored by rules other than its own."""

from __future__ import annotations

from collections.abc import Sequence

from model import Anomaly, Form, StatedWeight
from score.findings import finding
from score.profile import Profile


def states(scheme: Sequence[StatedWeight], profile: Profile) -> bool:
    """True when every stated item is one of the profile's allocation groups (the funds item, or
    the group holding the 一级指标 it is named for and every one it covers) at the same weight,
    and every group is stated once."""
    if not scheme or not profile.allocation:
        return False
    stated: set[str] = set()
    for item in scheme:
        group = next(
            (
                g
                for g in profile.allocation
                if (item.group == "funds" and not g.level1)
                or (item.group in g.level1 and set(item.level1) <= set(g.level1))
            ),
            None,
        )
        if group is None or group.group in stated or group.weight != item.weight:
            return False
        stated.add(group.group)
    return stated == {g.group for g in profile.allocation}


def written(scheme: Sequence[StatedWeight]) -> str:
    return "，".join(f"{item.label}{item.weight}分" for item in scheme)


def check_scheme(form: Form, profile: Profile) -> list[Anomaly]:
    if not form.scheme or states(form.scheme, profile):
        return []
    return [
        finding(
            "RULES_SCHEME_MISMATCH",
            form,
            field="scheme",
            declared=written(form.scheme),
            expected=profile.name,
            profile=profile.title,
        )
    ]
