"""DUPLICATE_FORM: the same project reported twice in one run (a run-level check for
RunOutput.finish(checks=...))."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from codes.finding import make
from model import Anomaly


@dataclass(frozen=True, order=True)
class FormKey:
    """What run-level checks need of a form, kept in memory instead of the whole form."""

    ordinal: int
    """Position of the form's file among the run's inputs: tables are written in this order."""
    form_index: int
    form_id: str
    source_file: str
    page_start: int | None
    year: int | None
    project_name: str
    department: str


NAMED = 3
"""Other forms named one finding each; the rest of a larger group are one finding that counts
them (a group of n copies gives each at most NAMED + 1 findings, not n - 1)."""


def _identity(key: FormKey) -> tuple[int | None, str, str] | None:
    """Year, project and department, compared without spaces; None when the project is unnamed
    (an empty name matches nothing: MISSING_FIELD says it is empty)."""
    name = "".join(key.project_name.split())
    if not name:
        return None
    return key.year, name, "".join(key.department.split())


def duplicate_forms(keys: list[FormKey]) -> dict[str, list[Anomaly]]:
    """For every form whose year + project_name + department another form of the run shares, one
    finding per other form (naming its file and page) for the first NAMED others in input order,
    and one counting the rest."""
    groups: dict[tuple[int | None, str, str], list[FormKey]] = defaultdict(list)
    for key in keys:
        identity = _identity(key)
        if identity is not None:
            groups[identity].append(key)
    found: dict[str, list[Anomaly]] = {}
    for group in groups.values():
        for key in group:
            others = [other for other in group if other.form_id != key.form_id]
            found_here = [_finding(key, other) for other in others[:NAMED]]
            if len(others) > NAMED:
                found_here.append(_finding(key, others[NAMED], count=len(others) - NAMED))
            if found_here:
                found[key.form_id] = found_here
    return found


def _finding(key: FormKey, other: FormKey, count: int | None = None) -> Anomaly:
    return make(
        "DUPLICATE_FORM",
        form_id=key.form_id,
        field="project_name",
        declared=key.project_name,
        expected=other.form_id,
        page=key.page_start,
        variant="more" if count else None,
        other_file=other.source_file,
        other_page=f"第{other.page_start}页" if other.page_start is not None else "",
        other_id=other.form_id,
        count=count or "",
    )
