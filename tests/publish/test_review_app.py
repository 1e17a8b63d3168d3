"""The review app refuses what it must: a request without the token of its URL, a write without
the token header, from another origin, not JSON, or to another Host; a 驳回 without a note; a
correction that is not a value of its cell. Decisions it accepts are in the catalog."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from batch.catalog import NAME, Catalog
from pipeline import Settings, run

pytest.importorskip("starlette", reason="the review app needs starlette (pip install -e '.[review]')")
pytest.importorskip("uvicorn", reason="the review app needs uvicorn (pip install -e '.[review]')")

from tests.publish.review_server import Served, serving

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("review-app")
    (folder / "in").mkdir()
    for name in ("26.pdf", "40.pdf"):
        shutil.copyfile(CORPUS / "pdf-word" / name, folder / "in" / name)
    run([str(folder / "in")], folder / "out", Settings(jobs=1))
    with serving(folder / "out") as served:
        served.out = folder / "out"  # type: ignore[attr-defined]
        yield served


def _finding(app: Served, code: str) -> dict:
    return next(f for form in app.state()["forms"] for f in form["findings"] if f["code"] == code)


@pytest.mark.parametrize("path", ["/", "/api/state", "/api/export", "/assets/review.js", "/crops/x/y.png"])
def test_reads_without_the_token_are_refused(app: Served, path: str):
    assert app.get(path)[0] == 403
    assert app.get(f"{path}?token={app.token}x")[0] == 403
    assert app.get(f"{path}?token=")[0] == 403


def test_the_page_needs_its_token_and_forbids_everything_else(app: Served):
    status, body = app.get(f"/?token={app.token}")
    assert status == 200 and "逐条审核" in body.decode()
    status, _ = app.get(f"/?token={app.token}", headers={"Host": "evil.example:80"})
    assert status == 403  # DNS rebinding: another name for 127.0.0.1 is not the app


def test_writes_need_token_header_same_origin_and_json(app: Served):
    finding = _finding(app, "FUNDS_SCORE_MISMATCH")
    data = {"key": finding["key"], "state": "确认"}
    good = app.write_headers()
    for headers in (
        {k: v for k, v in good.items() if k != "X-Review-Token"},  # a cross-site form cannot send it
        {**good, "X-Review-Token": "guess"},
        {**good, "Origin": "http://evil.example"},
        {k: v for k, v in good.items() if k != "Origin"},
        {**good, "Content-Type": "text/plain"},
    ):
        status, body = app.post(f"/api/decide?token={app.token}", data, headers)
        assert status in (403, 415), body
        assert body["error"]
    assert Catalog(app.out / NAME).decisions() == []  # type: ignore[attr-defined]


def test_a_dismissal_needs_a_note_and_a_correction_a_value(app: Served):
    finding = _finding(app, "OVERSHOOT_PENALTY_MISSING")
    status, body = app.post(
        "/api/decide", {"key": finding["key"], "state": "驳回", "note": " "}, app.write_headers()
    )
    assert (status, body["error"]) == (400, "驳回须填写理由")
    status, body = app.post(
        "/api/decide",
        {
            "key": finding["key"],
            "state": "驳回",
            "note": "x",
            "corrected": "七份半",
            "corrected_field": "weight",
        },
        app.write_headers(),
    )
    assert status == 400 and "不是一个数" in body["error"]
    missing = {"key": [*finding["key"][:2], "NO_SUCH", "", None], "state": "确认"}
    status, body = app.post("/api/decide", missing, app.write_headers())
    assert status == 404
    status, body = app.post("/api/decide", b"not json", app.write_headers())
    assert status == 400


def test_a_decision_is_stored_and_can_be_undone(app: Served):
    finding = _finding(app, "FUNDS_SCORE_MISMATCH")
    status, body = app.post("/api/decide", {"key": finding["key"], "state": "确认"}, app.write_headers())
    assert status == 200 and body["form"]["findings"][0]["state"] == "确认"
    assert [d.code for d in Catalog(app.out / NAME).decisions()] == ["FUNDS_SCORE_MISMATCH"]  # type: ignore[attr-defined]
    status, _ = app.post("/api/undo", {"key": finding["key"]}, app.write_headers())
    assert status == 200 and _finding(app, "FUNDS_SCORE_MISMATCH")["state"] == "未审"


def test_crops_are_served_and_nothing_else(app: Served):
    finding = _finding(app, "OVERSHOOT_PENALTY_MISSING")
    form_id = f"{finding['key'][0][:12]}-{finding['key'][1]}"
    status, body = app.get(f"/crops/{form_id}/{finding['crop']}.png?token={app.token}")
    assert status == 200 and body.startswith(b"\x89PNG")
    for bad in (
        f"/crops/{form_id}/index.json",
        f"/crops/{form_id}/..%2F..%2Fcatalog.sqlite",
        "/crops/../catalog.sqlite",
    ):
        assert app.get(f"{bad}?token={app.token}")[0] == 404, bad
    assert json.loads(app.get(f"/api/state?token={app.token}")[1])["obsolete"] == []
