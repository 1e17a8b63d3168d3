"""Re-runs process only new or changed files, still write the full dataset, and survive SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import pipeline
from tests.bad.conftest import read_csv
from tests.corpus_truth import CORPUS

CHECKER = Path(__file__).resolve().parents[3] / "shared" / "tools" / "check_output.py"
DOCX = sorted((CORPUS / "files" / "docx").glob("*.docx"))
PDF = sorted((CORPUS / "files" / "pdf-word").glob("*.pdf"))


def manifest(out: Path) -> dict[str, dict[str, str]]:
    return {Path(r["source_file"]).name: r for r in read_csv(out / "manifest.csv")}


def test_second_run_skips_unchanged_files_and_keeps_the_dataset(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for src in DOCX[:4]:
        shutil.copy(src, inputs / src.name)
    out = tmp_path / "out"
    first = pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    assert first.status == {"ok": 4}
    forms_before = read_csv(out / "forms.csv")

    shutil.copy(DOCX[4], inputs / DOCX[4].name)  # new
    (inputs / DOCX[0].name).write_bytes(DOCX[0].read_bytes() + b"\n")  # changed bytes
    second = pipeline.run([str(inputs)], out, pipeline.Settings(jobs=2))
    rows = manifest(out)
    assert second.status == {"skipped": 3, "ok": 2}
    assert rows[DOCX[0].name]["status"] == "ok" and rows[DOCX[4].name]["status"] == "ok"
    assert {rows[p.name]["status"] for p in DOCX[1:4]} == {"skipped"}
    forms_after = read_csv(out / "forms.csv")
    assert len(forms_after) == 5
    unchanged = {f["form_id"]: f for f in forms_before if not f["source_file"].endswith(DOCX[0].name)}
    for f in forms_after:
        if f["form_id"] in unchanged:
            assert f == unchanged[f["form_id"]]

    forced = pipeline.run([str(inputs)], out, pipeline.Settings(jobs=2, force=True))
    assert forced.status == {"ok": 5}


def test_rerun_keeps_unchanged_files_as_links_and_never_writes_through_them(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for src in (*DOCX[:2], PDF[0]):  # 01.docx and 01.pdf are the same form: DUPLICATE_FORM
        shutil.copy(src, inputs / src.name)
    out = tmp_path / "out"
    pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    forms = {p.name: (p.stat().st_ino, p.read_bytes()) for p in (out / "forms").glob("*.json")}
    crops = {p: (p.stat().st_ino, p.read_bytes()) for p in (out / "crops").rglob("*") if p.is_file()}
    assert len(forms) == 3 and crops  # the PDF's findings have crops

    (inputs / DOCX[1].name).write_bytes(DOCX[1].read_bytes() + b"\n")  # changed: a new form
    pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    after = {p.name: p for p in (out / "forms").glob("*.json")}
    # the re-run's forms are those it would write; an unchanged one is the very same file
    kept = [n for n in forms if n in after and after[n].read_bytes() == forms[n][1]]
    assert len(kept) == 2
    assert all(after[n].stat().st_ino == forms[n][0] for n in kept)
    assert all(p.stat().st_ino == ino and p.read_bytes() == data for p, (ino, data) in crops.items())
    assert all(p.stat().st_nlink == 1 for p in after.values())  # the previous OUT is gone

    # a file of OUT that no longer holds what the run writes (even at the same size) is replaced
    tampered = kept[0]
    (out / "forms" / tampered).write_bytes(b" " * len(forms[tampered][1]))
    pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    assert (out / "forms" / tampered).read_bytes() == forms[tampered][1]
    catalog = out / "catalog.sqlite"
    assert catalog.stat().st_nlink == 1 and not list(tmp_path.glob(".out.staging-*"))

    # the tables copy each unchanged form's rows from the previous ones, as a fresh run writes them;
    # rows of the previous table that are not what was recorded (edited in a spreadsheet) are not copied
    fresh = tmp_path / "fresh"
    pipeline.run([str(inputs)], fresh, pipeline.Settings(jobs=1))
    tables = ("forms.csv", "indicators.csv", "anomalies.csv")
    assert all((out / t).read_bytes() == (fresh / t).read_bytes() for t in tables)
    edited = (out / "indicators.csv").read_bytes().replace(b"\n", b"\r\n", 3)
    (out / "indicators.csv").write_bytes(edited)
    pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    assert all((out / t).read_bytes() == (fresh / t).read_bytes() for t in tables)


def test_output_is_in_input_order_whatever_the_workers_do(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.run([str(p) for p in DOCX[:6]], out, pipeline.Settings(jobs=2))
    assert [r["source_file"] for r in read_csv(out / "manifest.csv")] == [str(p) for p in DOCX[:6]]
    assert [r["source_file"] for r in read_csv(out / "forms.csv")] == [str(p) for p in DOCX[:6]]


@pytest.mark.skipif(not CHECKER.exists(), reason=f"{CHECKER} is not beside the checkout")
def test_killed_run_leaves_previous_results_then_rerun_completes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for src in DOCX[:3]:
        shutil.copy(src, inputs / src.name)
    out = tmp_path / "out"
    pipeline.run([str(inputs)], out, pipeline.Settings(jobs=1))
    before = (out / "forms.csv").read_bytes()

    for src in PDF:  # a slow second wave
        shutil.copy(src, inputs / f"wave2-{src.name}")
    cmd = [
        sys.executable,
        "-c",
        "import cli; cli.main()",
        "run",
        str(inputs),
        "--out",
        str(out),
        "--jobs",
        "1",
    ]
    proc = subprocess.Popen(cmd, cwd=Path(pipeline.__file__).parent, start_new_session=True)
    deadline = time.monotonic() + 120
    done = 0
    while time.monotonic() < deadline and done < 10:
        time.sleep(0.2)
        try:
            with sqlite3.connect(f"file:{out / 'catalog.sqlite'}?mode=ro", uri=True, timeout=1) as db:
                done = db.execute("SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            continue
    assert proc.poll() is None, "the run finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()

    # OUT holds the previous complete results, untouched, and passes the contract check
    assert (out / "forms.csv").read_bytes() == before
    check = subprocess.run([sys.executable, str(CHECKER), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout

    rerun = pipeline.run([str(inputs)], out, pipeline.Settings(jobs=2))
    assert rerun.files == 3 + len(PDF)
    assert rerun.status["skipped"] >= 10  # the first wave and what the killed run finished
    assert rerun.status["skipped"] + rerun.status["ok"] == rerun.files
    check = subprocess.run([sys.executable, str(CHECKER), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert not list(tmp_path.glob(".out.staging-*")), "the killed run's staging folder is cleaned up"
