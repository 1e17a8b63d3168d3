"""The review a session asks for after every decision: each form read and reviewed again only
when its JSON or its decisions changed, and then exactly as a fresh load gives it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from batch.catalog import NAME, Catalog, Decision
from pipeline import Settings, run
from publish.review_state import ReviewCache, form_view, load

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"


@pytest.fixture
def out(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A run of two forms with findings, copied fresh for each test (tests write decisions)."""
    built = _built(tmp_path_factory)
    shutil.copytree(built, tmp_path / "out")
    return tmp_path / "out"


_BUILT: list[Path] = []


def _built(factory: pytest.TempPathFactory) -> Path:
    if not _BUILT:
        folder = factory.mktemp("review-state")
        (folder / "in").mkdir()
        for name in ("26.pdf", "40.pdf"):
            shutil.copyfile(CORPUS / "pdf-word" / name, folder / "in" / name)
        run([str(folder / "in")], folder / "out", Settings(jobs=1))
        _BUILT.append(folder / "out")
    return _BUILT[0]


def _as_json(reviews: ReviewCache) -> str:
    state = reviews.load()
    return json.dumps([reviews.views(state), [d.key for d in state.obsolete]], ensure_ascii=False)


def _fresh(out: Path) -> str:
    state = load(out)
    return json.dumps(
        [[form_view(d, out) for d in state.forms], [d.key for d in state.obsolete]], ensure_ascii=False
    )


def _decide(out: Path, doc: dict, finding: dict, state: str = "确认", note: str = "") -> Decision:
    catalog = Catalog(out / NAME)
    try:
        return catalog.decide(
            Decision(doc["source_sha256"], doc["form_index"], finding["code"], finding.get("field") or "",
                     finding.get("seq"), state, note)
        )  # fmt: skip
    finally:
        catalog.close()


def test_a_second_load_reuses_every_unchanged_form(out: Path) -> None:
    reviews = ReviewCache(out)
    first, second = reviews.load(), reviews.load()
    assert len(first.forms) == 2
    assert all(a is b for a, b in zip(first.forms, second.forms, strict=True))
    assert _as_json(reviews) == _fresh(out)


def test_a_decision_made_by_another_session_shows_at_the_next_load(out: Path) -> None:
    reviews = ReviewCache(out)
    before = reviews.load().forms
    doc = next(d for d in before if d["anomalies"])
    finding = doc["anomalies"][0]
    assert finding.get("review_status") in (None, "")
    _decide(out, doc, finding, "驳回", "识别错误")  # another process: the cache was not told

    after = reviews.load().forms
    changed = next(d for d in after if d["form_id"] == doc["form_id"])
    assert changed is not doc
    mine = next(
        a for a in changed["anomalies"] if (a["code"], a.get("seq")) == (finding["code"], finding.get("seq"))
    )
    assert (mine["review_status"], mine["review_note"]) == ("驳回", "识别错误")
    others = [d for d in after if d["form_id"] != doc["form_id"]]
    assert others and all(any(o is b for b in before) for o in others)  # the other form not redone
    assert _as_json(reviews) == _fresh(out)


def test_an_undone_decision_is_gone_at_the_next_load(out: Path) -> None:
    reviews = ReviewCache(out)
    doc = next(d for d in reviews.load().forms if d["anomalies"])
    finding = doc["anomalies"][0]
    stored = _decide(out, doc, finding)
    assert any(a.get("review_status") == "确认" for d in reviews.load().forms for a in d["anomalies"])
    catalog = Catalog(out / NAME)
    try:
        catalog.undecide(stored.key)
    finally:
        catalog.close()
    assert not any(a.get("review_status") for d in reviews.load().forms for a in d["anomalies"])
    assert _as_json(reviews) == _fresh(out)


def test_a_form_written_again_by_a_run_is_read_again(out: Path) -> None:
    reviews = ReviewCache(out)
    doc = reviews.load().forms[0]
    path = out / "forms" / f"{doc['form_id']}.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    written["project_name"] = "改过的项目名称"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(written, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)  # as a run replaces OUT: a new file

    again = next(d for d in reviews.load().forms if d["form_id"] == doc["form_id"])
    assert again is not doc and again["source_file"] == doc["source_file"]
    assert _as_json(reviews) == _fresh(out)


def test_a_form_gone_from_the_run_is_gone_from_the_review(out: Path) -> None:
    reviews = ReviewCache(out)
    first = reviews.load().forms
    (out / "forms" / f"{first[1]['form_id']}.json").unlink()
    assert [d["form_id"] for d in reviews.load().forms] == [first[0]["form_id"]]
    assert _as_json(reviews) == _fresh(out)
