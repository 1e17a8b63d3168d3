"""The catalog keeps the auditor's decisions: stored, replaced, read back, refused when a 驳回 has
no note, rows that are not what this version writes skipped; and a run over the same or a larger
folder keeps them and writes them into anomalies.csv."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from batch.catalog import NAME, BadDecision, Catalog, Decision
from pipeline import Settings, run

SHA = "ab" * 32
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "files"
CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_output.py"


def test_decisions_are_stored_and_replaced(tmp_path: Path):
    catalog = Catalog(tmp_path / NAME)
    catalog.decide(Decision(SHA, 1, "SCORE_MISMATCH", "score_declared", 2, "确认"))
    catalog.decide(
        Decision(SHA, 1, "SCORE_MISMATCH", "score_declared", 2, "驳回", note="四舍五入", corrected="9")
    )
    catalog.decide(Decision(SHA, 1, "TOTAL_SCORE_MISMATCH", "total_score_declared", None, "确认"))
    catalog.close()
    got = {(d.code, d.seq): d for d in Catalog(tmp_path / NAME).decisions()}
    assert set(got) == {("SCORE_MISMATCH", 2), ("TOTAL_SCORE_MISMATCH", None)}
    assert (got["SCORE_MISMATCH", 2].state, got["SCORE_MISMATCH", 2].note) == ("驳回", "四舍五入")
    assert got["SCORE_MISMATCH", 2].corrected == "9" and got["SCORE_MISMATCH", 2].decided_at


def test_a_dismissal_needs_a_note_and_states_are_two(tmp_path: Path):
    catalog = Catalog(tmp_path / NAME)
    with pytest.raises(BadDecision, match="理由"):
        catalog.decide(Decision(SHA, 1, "SCORE_MISMATCH", "score_declared", 2, "驳回", note="  "))
    with pytest.raises(BadDecision):
        catalog.decide(Decision(SHA, 1, "SCORE_MISMATCH", "score_declared", 2, "ok"))
    assert catalog.decisions() == []


def test_rows_this_version_does_not_write_are_skipped(tmp_path: Path):
    Catalog(tmp_path / NAME).close()
    db = sqlite3.connect(tmp_path / NAME)
    db.execute("INSERT INTO decisions VALUES ('../x', 1, 'C', 'f', 0, '确认', '', NULL, '', 't')")
    db.execute("INSERT INTO decisions VALUES (?, 'one', 'C', 'f', 0, '确认', '', NULL, '', 't')", (SHA,))
    db.commit()
    db.close()
    assert Catalog(tmp_path / NAME).decisions() == []


def _anomalies(out: Path) -> list[dict[str, str]]:
    with (out / "anomalies.csv").open(encoding="utf-8-sig", newline="") as h:
        return list(csv.DictReader(h))


def test_a_rerun_over_a_larger_folder_keeps_decisions(tmp_path: Path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.pdf").write_bytes((CORPUS / "pdf-word" / "01.pdf").read_bytes())
    out = tmp_path / "out"
    run([str(tmp_path / "in")], out, Settings(jobs=1))
    row = _anomalies(out)[0]
    catalog = Catalog(out / NAME)
    sha = row["form_id"].split("-")[0]
    full = next(r for r in csv.DictReader((out / "forms.csv").open(encoding="utf-8-sig")))["source_sha256"]
    assert full.startswith(sha)
    catalog.decide(Decision(full, 1, row["code"], row["field"], int(row["seq"]), "驳回", note="原表如此"))
    catalog.decide(Decision(full, 1, "SCORE_MISMATCH", "score_declared", 1, "确认"))  # no such finding
    catalog.close()
    (tmp_path / "in" / "b.docx").write_bytes((CORPUS / "docx" / "02.docx").read_bytes())
    run([str(tmp_path / "in")], out, Settings(jobs=1))
    reviewed = [r for r in _anomalies(out) if r["review_status"]]
    assert [(r["code"], r["review_status"], r["review_note"]) for r in reviewed] == [
        (row["code"], "驳回", "原表如此")
    ]
    assert reviewed[0]["reviewed_at"]
    assert len(Catalog(out / NAME).decisions()) == 2  # the obsolete one is kept
    if CHECKER.exists():
        result = subprocess.run([sys.executable, str(CHECKER), str(out)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout
