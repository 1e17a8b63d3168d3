"""The auditor's review end to end, in headless Chromium: on the output of three corpus forms she
confirms one finding (keyboard: c), dismisses another with a note (d, the note, Enter), corrects
a misread cell and sees the form's total re-scored; after a reload all three are there; a new
`evalforms run` into the same OUT keeps them and writes them into anomalies.csv and dataset.xlsx;
the export lists the confirmed one under its department. A form whose texts hold HTML and script
shows them as text in the app: nothing runs."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from cli import main
from pipeline import Settings, run
from tests.publish.browser import require_chromium
from tests.publish.run_fixture import HOSTILE

require_chromium()

from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytest.importorskip("starlette", reason="the review app needs starlette (pip install -e '.[review]')")
pytest.importorskip("uvicorn", reason="the review app needs uvicorn (pip install -e '.[review]')")

from tests.publish.review_server import Served, serving  # noqa: E402


def _wait(browser: Any, timeout: float = 20) -> WebDriverWait:
    """A wait that looks again when the card it reads is redrawn under it (a saved decision
    redraws its card: on a loaded machine, between finding an element and reading its text)."""
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,))


CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"
DEPARTMENT = "北京市朝阳区数据局"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("review")
    (folder / "in").mkdir()
    for name in ("26.pdf", "30.pdf", "40.pdf"):
        shutil.copyfile(CORPUS / "pdf-word" / name, folder / "in" / name)
    run([str(folder / "in")], folder / "out", Settings(jobs=1))
    return folder


def _card(browser: Any, code: str) -> Any:
    return browser.find_element(By.CSS_SELECTOR, f'li.finding[data-code="{code}"]')


def _wait_state(browser: Any, code: str, state: str) -> None:
    _wait(browser).until(lambda b: _card(b, code).get_attribute("data-state") == state)


def _filter(browser: Any, code: str) -> None:
    Select(browser.find_element(By.ID, "f-code")).select_by_value(code)


def _open(browser: Any, served: Served) -> None:
    browser.get(served.url)
    _wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "li.finding")) >= 3)


def _anomalies(out: Path) -> dict[str, dict[str, str]]:
    with (out / "anomalies.csv").open(encoding="utf-8-sig", newline="") as h:
        return {row["code"]: row for row in csv.DictReader(h)}


def test_confirm_dismiss_correct_reload_rerun_export(browser: Any, folder: Path):
    out = folder / "out"
    with serving(out) as served:
        _open(browser, served)
        assert browser.find_element(By.ID, "shown").text == "显示 3 / 3 条"

        _filter(browser, "FUNDS_SCORE_MISMATCH")
        browser.find_element(By.TAG_NAME, "body").send_keys("c")
        _wait_state(browser, "FUNDS_SCORE_MISMATCH", "确认")

        _filter(browser, "GRADE_NOT_IN_SCALE")
        browser.find_element(By.TAG_NAME, "body").send_keys("d")
        note = _card(browser, "GRADE_NOT_IN_SCALE").find_element(By.CSS_SELECTOR, "input.note")
        assert browser.switch_to.active_element == note
        note.send_keys("“优”即“好”，表内等级可以接受", Keys.ENTER)
        _wait_state(browser, "GRADE_NOT_IN_SCALE", "驳回")

        _filter(browser, "OVERSHOOT_PENALTY_MISSING")
        card = _card(browser, "OVERSHOOT_PENALTY_MISSING")
        assert "核算总分 94" in card.find_element(By.CSS_SELECTOR, ".total").text
        assert card.find_element(By.CSS_SELECTOR, "figure img").get_attribute("naturalWidth") != "0"
        Select(card.find_element(By.CSS_SELECTOR, "select.cell")).select_by_value("target_text")
        card.find_element(By.CSS_SELECTOR, "input.corrected").send_keys("7")
        card.find_element(By.CSS_SELECTOR, "button.correct").click()
        _wait(browser).until(
            lambda b: (
                "核算总分 97"
                in _card(b, "OVERSHOOT_PENALTY_MISSING").find_element(By.CSS_SELECTOR, ".total").text
            )
        )
        assert _card(browser, "OVERSHOOT_PENALTY_MISSING").get_attribute("data-state") == "驳回"

        browser.refresh()
        _open(browser, served)
        states = {c: _card(browser, c).get_attribute("data-state") for c in
                  ("FUNDS_SCORE_MISMATCH", "GRADE_NOT_IN_SCALE", "OVERSHOOT_PENALTY_MISSING")}  # fmt: skip
        assert states == {
            "FUNDS_SCORE_MISMATCH": "确认",
            "GRADE_NOT_IN_SCALE": "驳回",
            "OVERSHOOT_PENALTY_MISSING": "驳回",
        }
        errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        status, data = served.get(f"/api/export?token={served.token}")
        assert status == 200
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book.sheetnames == [DEPARTMENT]

    run([str(folder / "in")], out, Settings(jobs=1))
    rows = _anomalies(out)
    assert (rows["FUNDS_SCORE_MISMATCH"]["review_status"], rows["FUNDS_SCORE_MISMATCH"]["review_note"]) == (
        "确认",
        "",
    )
    assert rows["GRADE_NOT_IN_SCALE"]["review_status"] == "驳回"
    assert rows["GRADE_NOT_IN_SCALE"]["review_note"] == "“优”即“好”，表内等级可以接受"
    assert rows["OVERSHOOT_PENALTY_MISSING"]["review_status"] == "驳回"
    assert all(r["reviewed_at"] for r in rows.values())
    with (out / "forms.csv").open(encoding="utf-8-sig", newline="") as h:
        corrected = [r for r in csv.DictReader(h) if r["total_score_computed"] == "97"]
    assert len(corrected) == 1
    with (out / "indicators.csv").open(encoding="utf-8-sig", newline="") as h:
        marked = [r for r in csv.DictReader(h) if r["corrected_fields"]]
    assert [(r["seq"], r["corrected_fields"], r["values_read"], r["target_text"]) for r in marked] == [
        ("2", "target_text", "target_text=1", "7")
    ]
    sheet = openpyxl.load_workbook(out / "dataset.xlsx", read_only=True)["核查发现"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header[-3:] == ["审核结论", "审核说明", "审核时间"]

    export = folder / "整改清单.xlsx"
    result = CliRunner().invoke(main, ["review", str(out), "--export", str(export)])
    assert result.exit_code == 0, result.output
    assert "1 条已确认的问题" in result.output
    book = openpyxl.load_workbook(export)
    assert book.sheetnames == [DEPARTMENT]
    values = [[c.value for c in row] for row in book[DEPARTMENT].iter_rows()]
    assert values[0][:3] == ["项目名称", "实施单位", "来源文件"]
    assert len(values) == 2
    row = values[1]
    assert row[:2] == ["电子政务应用系统设备设施升级、扩容、替换", DEPARTMENT]
    assert row[2] == str(folder / "in" / "40.pdf")
    assert row[3:10] == [1, None, "资金得分（填报）", "10", "9.99", "资金得分有误", "错误"]
    assert row[10].startswith("资金执行得分填报为10分") and row[11]


def test_hostile_text_is_shown_not_run_in_the_app(browser: Any, run_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(run_dir, out)
    with serving(out) as served:
        browser.get(served.url)
        _wait(browser).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, "li.finding")) > 3)
        # an executed <script> or onerror would have raised an alert and failed every call here
        assert (
            browser.execute_script("return document.querySelectorAll('img[src=\"x\"], script').length") == 1
        )
        names = browser.execute_script(
            "return Array.from(document.querySelectorAll('li.finding .form')).map(n => n.textContent)"
        )
        assert HOSTILE in names
        units = Select(browser.find_element(By.ID, "f-unit"))
        assert "=SUM(A1)" in [o.text for o in units.options]
        errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
