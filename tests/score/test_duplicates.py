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


def test_many_copies_are_counted_not_named_one_by_one():
    keys = [key(f"{i:012x}-1", page=i + 1) for i in range(40)]
    found = duplicate_forms(keys)
    assert len(found) == 40
    mine = found[keys[0].form_id]
    assert [f.expected for f in mine] == [k.form_id for k in keys[1:5]]
    assert "本次运行中的36份自评表" in mine[-1].message and "第5页" in mine[-1].message
    assert all("份自评表" not in f.message for f in mine[:3])
    assert sum(len(v) for v in found.values()) == 40 * 4  # linear in the group, not quadratic


def test_quiet_when_anything_differs():
    assert duplicate_forms([key("a-1"), key("b-1", year=2023)]) == {}
    assert duplicate_forms([key("a-1"), key("b-1", dept="财政局")]) == {}
    assert duplicate_forms([key("a-1"), key("b-1", name="项目乙")]) == {}
    assert duplicate_forms([key("a-1", name=""), key("b-1", name="")]) == {}
    assert duplicate_forms([]) == {}


def test_page_unknown_for_docx():
    found = duplicate_forms([key("a-1", page=None), key("b-1", page=None)])
    assert "页" not in found["a-1"][0].message.split("的自评表")[0]
