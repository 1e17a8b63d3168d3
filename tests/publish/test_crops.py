"""The source beside every finding: a run over a text PDF and the same form as XLSX writes a crop
of the page for the PDF's finding, the report shows it beside the finding in Chromium, and the red
outline in the screenshot is the finding's cell, its provenance box scaled to the crop's 150 dpi;
the XLSX's finding shows the reconstructed table with the cell outlined and its cell reference."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from pipeline import Settings, run
from publish.crops import CROP_DPI, crop_index, plans
from tests.publish.browser import require_chromium

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"
NAME = "LEVEL_INCONSISTENT-level1-5"
PDF, XLSX = CORPUS / "pdf-word" / "01.pdf", CORPUS / "xlsx" / "01.xlsx"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crops")
    (folder / "in").mkdir()
    for src in (PDF, XLSX):
        (folder / "in" / f"{src.parent.name}-{src.name}").write_bytes(src.read_bytes())
    run([str(folder / "in")], folder / "out", Settings(jobs=1))
    return folder / "out"


def _doc(out: Path, method: str) -> dict[str, Any]:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((out / "forms").glob("*.json"))]
    return next(d for d in docs if d["method"] == method)


def _red_box(png: bytes) -> tuple[int, int, int, int]:
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_COLOR).astype(int)
    blue, green, red = image[:, :, 0], image[:, :, 1], image[:, :, 2]
    ys, xs = np.nonzero((red > 200) & (green < 70) & (blue < 70))
    assert len(xs), "no red outline in the crop"
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def test_pdf_finding_has_a_crop_of_its_cell(out: Path):
    doc = _doc(out, "pdf-text")
    finding = doc["anomalies"][0]
    assert (finding["code"], finding["field"], finding["seq"]) == ("LEVEL_INCONSISTENT", "level1", 5)
    meta = crop_index(out, doc["form_id"]).get(NAME)
    assert meta["page"] == 1 and meta["dpi"] == CROP_DPI and meta["unit"] == "points"
    png = (out / "crops" / doc["form_id"] / f"{NAME}.png").read_bytes()
    image = cv2.imdecode(np.frombuffer(png, dtype=np.uint8), cv2.IMREAD_COLOR)
    assert [image.shape[1], image.shape[0]] == meta["size"]
    own = next(p for p in doc["provenance"] if (p["field"], p["seq"]) == ("level1", 5))
    scale = CROP_DPI / 72
    expected = [round(v * scale) - o for v, o in zip(own["box"], meta["origin"] * 2, strict=True)]
    x0, y0, x1, y1 = _red_box(png)
    # the 3-pixel outline is drawn on the box's edges: ±2 pixels either side
    assert abs(x0 - expected[0]) <= 2 and abs(y0 - expected[1]) <= 2
    assert abs(x1 - expected[2]) <= 2 and abs(y1 - expected[3]) <= 2
    assert NAME in [p.name for p in plans(doc)]


def test_crops_are_reused_on_a_rerun(out: Path, tmp_path: Path):
    doc = _doc(out, "pdf-text")
    before = (out / "crops" / doc["form_id"] / f"{NAME}.png").read_bytes()
    run([str(out.parent / "in")], out, Settings(jobs=1))
    assert (out / "crops" / doc["form_id"] / f"{NAME}.png").read_bytes() == before
    assert not (out / "crops" / _doc(out, "xlsx")["form_id"]).exists()  # no page image


require_chromium()


def test_report_shows_the_crop_beside_the_finding(browser: Any, out: Path):
    from selenium.webdriver.common.by import By

    doc = _doc(out, "pdf-text")
    browser.get((out / "report.html").as_uri())
    form = browser.find_element(By.ID, f"form-{doc['form_id']}")
    form.find_element(By.TAG_NAME, "summary").click()
    item = form.find_element(By.ID, f"f-{doc['form_id']}-0")
    img = item.find_element(By.CSS_SELECTOR, "figure.crop img")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 0
    # beside the finding's text, not under it
    text = item.find_element(By.CSS_SELECTOR, ".text")
    assert img.location["x"] >= text.location["x"] + text.size["width"] - 1
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", img)
    shot = img.screenshot_as_png
    ratio = img.size["width"] / crop_index(out, doc["form_id"]).get(NAME)["size"][0]
    own = next(p for p in doc["provenance"] if (p["field"], p["seq"]) == ("level1", 5))
    origin = [int(v) for v in img.get_attribute("data-origin").split(",")]
    scale = CROP_DPI / 72
    expected = [(round(v * scale) - o) * ratio for v, o in zip(own["box"], origin * 2, strict=True)]
    found = _red_box(shot)
    assert all(abs(f - x) <= 3 for f, x in zip(found, expected, strict=True)), (found, expected)
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []


def test_report_shows_the_table_for_a_workbook(browser: Any, out: Path):
    from selenium.webdriver.common.by import By

    doc = _doc(out, "xlsx")
    finding = doc["anomalies"][0]
    browser.get((out / "report.html").as_uri())
    form = browser.find_element(By.ID, f"form-{doc['form_id']}")
    form.find_element(By.TAG_NAME, "summary").click()
    figure = form.find_element(By.CSS_SELECTOR, f"#f-{doc['form_id']}-0 figure.table-crop")
    target = figure.find_element(By.CSS_SELECTOR, "td.target")
    assert target.text == finding["declared"] == "成本指标"
    ref = next(p["ref"] for p in doc["provenance"] if (p["field"], p["seq"]) == ("level1", 5))
    assert figure.get_attribute("data-ref") == ref and f"单元格 {ref}" in figure.text
    assert target.value_of_css_property("outline-color") in ("rgb(255, 0, 0)", "rgba(255, 0, 0, 1)")
