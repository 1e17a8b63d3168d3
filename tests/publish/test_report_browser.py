"""report.html in headless Chromium: it loads from disk without a console error, shows every form,
runs none of a form's hostile text, and its filters work."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.publish.browser import require_chromium

require_chromium()

from selenium import webdriver  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


@pytest.fixture(scope="module")
def page(browser: webdriver.Chrome, run_dir: Path) -> webdriver.Chrome:
    browser.get((run_dir / "report.html").as_uri())
    return browser


def _forms(run_dir: Path) -> list[dict[str, str]]:
    with (run_dir / "forms.csv").open(encoding="utf-8-sig", newline="") as h:
        return list(csv.DictReader(h))


def _codes(run_dir: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    with (run_dir / "anomalies.csv").open(encoding="utf-8-sig", newline="") as h:
        for row in csv.DictReader(h):
            found.setdefault(row["code"], set()).add(row["form_id"])
    return found


def _visible(driver: webdriver.Chrome) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('details.form')).filter(d => !d.hidden).map(d => d.id)"
    )


def _set(
    driver: webdriver.Chrome, sev: str = "", code: str = "", grade: str = "", text: str = ""
) -> list[str]:
    driver.find_element(By.ID, "f-reset").click()
    if sev:
        Select(driver.find_element(By.ID, "f-sev")).select_by_value(sev)
    if code:
        Select(driver.find_element(By.ID, "f-code")).select_by_value(code)
    if grade:
        Select(driver.find_element(By.ID, "f-grade")).select_by_value(grade)
    if text:
        driver.find_element(By.ID, "f-text").send_keys(text)
    return _visible(driver)


def test_loads_without_console_errors(page: webdriver.Chrome):
    assert page.title == "项目支出绩效自评表核查报告"
    errors = [entry for entry in page.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []


def test_shows_every_form(page: webdriver.Chrome, run_dir: Path):
    ids = [f"form-{row['form_id']}" for row in _forms(run_dir)]
    assert _visible(page) == ids
    assert page.find_element(By.ID, "shown").text == f"显示 {len(ids)} / {len(ids)} 张表"


def test_hostile_text_is_shown_not_run(page: webdriver.Chrome):
    # An executed <script> would have raised an alert and failed every call here.
    assert page.execute_script("return document.querySelectorAll('img[src=\"x\"], body script').length") == 1
    names = page.execute_script(
        "return Array.from(document.querySelectorAll('details.form .name')).map(n => n.textContent)"
    )
    assert any(n.startswith('<script>alert("x")</script>') for n in names)


def test_filter_by_severity(page: webdriver.Chrome, run_dir: Path):
    forms = _forms(run_dir)
    with_errors = [f"form-{r['form_id']}" for r in forms if int(r["n_errors"])]
    clean = [
        f"form-{r['form_id']}"
        for r in forms
        if not any(int(r[k]) for k in ("n_errors", "n_warnings", "n_infos"))
    ]
    assert _set(page, sev="error") == with_errors
    assert _set(page, sev="none") == clean


def test_filter_by_code(page: webdriver.Chrome, run_dir: Path):
    codes = _codes(run_dir)
    shown = _set(page, code="OVERSHOOT_PENALTY_MISSING")
    assert {s.removeprefix("form-") for s in shown} == codes["OVERSHOOT_PENALTY_MISSING"]
    assert len(shown) == 3


def test_filter_by_grade_and_empty_result(page: webdriver.Chrome):
    assert _set(page, grade="良") == []
    assert page.find_element(By.ID, "no-match").is_displayed()
    assert len(_set(page, grade="优")) == 55


def test_filter_by_text(page: webdriver.Chrome):
    shown = _set(page, text="信息系统安全测评")
    assert len(shown) == 1
    assert "信息系统安全测评服务项目" in page.find_element(By.ID, shown[0]).text
    assert len(_set(page, text="不存在的项目名称")) == 0


def test_filters_combine_and_reset(page: webdriver.Chrome):
    assert len(_set(page, sev="error", text="网站功能")) == 1
    assert len(_set(page)) == 55


def test_summary_code_link_filters(page: webdriver.Chrome, run_dir: Path):
    _set(page)
    page.find_element(By.CSS_SELECTOR, 'a.code[data-code="FUNDS_RATE_MISMATCH"]').click()
    shown = _visible(page)
    assert {s.removeprefix("form-") for s in shown} == _codes(run_dir)["FUNDS_RATE_MISMATCH"]


def test_form_opens_with_findings_and_indicators(page: webdriver.Chrome):
    shown = _set(page, text="信息系统安全测评")
    form = page.find_element(By.ID, shown[0])
    form.find_element(By.TAG_NAME, "summary").click()
    text = form.text
    assert "超额未扣分" in text and "应为：9" in text and "第1项指标" in text
    assert len(form.find_elements(By.CSS_SELECTOR, "td.c-error")) == 2
    assert "bundle/朝阳区数据局.pdf，第99页" in text
    errors = [entry for entry in page.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert errors == []
