"""DUPLICATE_FORM across a run."""

from __future__ import annotations

from score.duplicates import FormKey, duplicate_forms


def key(
    form_id: str, name: str = "项目甲", year: int | None = 2024, dept: str = "数据局", page: int | None = 3
) -> FormKey:
    return FormKey(0, 1, form_id, f"{form_id}.pdf", page, year, name, dept)


def test_same_year_project_department_is_a_duplicate():
    found = duplicate_forms(
        [key("aaaaaaaaaaaa-1"), key("bbbbbbbbbbbb-2", page=9), key("cccccccccccc-1", name="项目乙")]
    )
    assert set(found) == {"aaaaaaaaaaaa-1", "bbbbbbbbbbbb-2"}
    first = found["aaaaaaaaaaaa-1"][0]
    assert first.code == "DUPLICATE_FORM" and first.severity == "warning" and first.seq is None
    assert "bbbbbbbbbbbb-2.pdf" in first.message and "第9页" in first.message
    assert first.page == 3 and first.expected == "bbbbbbbbbbbb-2"
    assert "aaaaaaaaaaaa-1.pdf" in found["bbbbbbbbbbbb-2"][0].message


def test_spacing_does_not_hide_a_duplicate():
    found = duplicate_forms([key("aaaaaaaaaaaa-1", name="项目 甲"), key("bbbbbbbbbbbb-1")])
    assert len(found) == 2


def test_three_copies_name_each_other():
    found = duplicate_forms([key("a-1"), key("b-1"), key("c-1")])
    assert all(len(v) == 2 for v in found.values())


def test_quiet_when_anything_differs():
    assert duplicate_forms([key("a-1"), key("b-1", year=2023)]) == {}
    assert duplicate_forms([key("a-1"), key("b-1", dept="财政局")]) == {}
    assert duplicate_forms([key("a-1"), key("b-1", name="项目乙")]) == {}
    assert duplicate_forms([key("a-1", name=""), key("b-1", name="")]) == {}
    assert duplicate_forms([]) == {}


def test_page_unknown_for_docx():
    found = duplicate_forms([key("a-1", page=None), key("b-1", page=None)])
    assert "页" not in found["a-1"][0].message.split("的自评表")[0]
