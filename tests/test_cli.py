"""The `evalforms` command as users and pipelines meet it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from batch.progress import Progress
from model import ManifestEntry
from tests.bad.conftest import read_csv
from tests.corpus_truth import CORPUS

CHECKER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "check_output.py"
FILES = CORPUS / "files"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.output


@pytest.mark.skipif(not CHECKER.exists(), reason=f"{CHECKER} is not beside the checkout")
def test_run_on_each_input_kind_passes_the_contract_check(tmp_path: Path) -> None:
    out = tmp_path / "out"
    inputs = [FILES / "docx" / "12.docx", FILES / "pdf-word" / "27.pdf", FILES / "pdf-excel" / "39.pdf"]
    code, output = invoke("run", *map(str, inputs), "--out", str(out), "--jobs", "2")
    assert code == 0, output
    assert "完成：3 个文件" in output
    check = subprocess.run([sys.executable, str(CHECKER), str(out)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    assert "forms=3" in check.stdout


def test_a_file_without_a_form_is_failed_no_form_found(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("关于召开年度工作会议的通知")
    d.add_table(rows=2, cols=2).cell(0, 0).text = "姓名"
    d.save(str(tmp_path / "notice.docx"))
    out = tmp_path / "out"
    code, _ = invoke("run", str(tmp_path / "notice.docx"), str(FILES / "docx" / "01.docx"), "--out", str(out))
    assert code == 0
    rows = {Path(r["source_file"]).name: r for r in read_csv(out / "manifest.csv")}
    assert (rows["notice.docx"]["status"], rows["notice.docx"]["error_code"]) == ("failed", "NO_FORM_FOUND")
    assert rows["01.docx"]["status"] == "ok"


def test_exit_status(tmp_path: Path) -> None:
    clean = str(FILES / "docx" / "02.docx")  # a form without findings
    broken = str(FILES / "docx" / "46.docx")  # FUNDS_RATE_MISMATCH, an error
    assert invoke("run", clean, "--out", str(tmp_path / "a"), "--fail-on", "error")[0] == 0
    assert invoke("run", broken, "--out", str(tmp_path / "b"))[0] == 0
    assert invoke("run", broken, "--out", str(tmp_path / "c"), "--fail-on", "error")[0] == 1
    assert invoke("run", str(tmp_path / "missing.pdf"), "--out", str(tmp_path / "d"))[0] == 2
    assert invoke("run", clean, "--out", str(tmp_path / "e"), "--rules", "no-such-rules")[0] == 2
    assert invoke("run", clean)[0] == 2


def test_rules_profile_is_selectable_and_reported(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = invoke("run", str(FILES / "docx" / "02.docx"), "--out", str(out), "--rules", "provincial")
    assert code == 0 and "规则 provincial" in output
    assert read_csv(out / "forms.csv")[0]["rules_profile"] == "provincial"


def test_inspect_shows_forms_indicators_and_findings() -> None:
    code, output = invoke("inspect", str(FILES / "pdf-word" / "50.pdf"))
    assert code == 0
    assert "信息系统安全测评服务项目" in output
    assert "OVERSHOOT_PENALTY_MISSING" in output
    assert "已提交项目总结报告3份" in output


def test_progress_is_quiet_off_a_terminal_and_live_on_one() -> None:
    import io

    entry = ManifestEntry(source_file="a.pdf", status="ok", forms_found=2)
    quiet = io.StringIO()
    p = Progress(quiet)  # StringIO is not a terminal
    p(entry, 3, 1, 2)
    p.close()
    assert quiet.getvalue() == ""
    live = io.StringIO()
    p = Progress(live, enabled=True)
    p(entry, 3, 1, 2)
    p(entry, 1, 2, 2)
    p.close()
    text = live.getvalue()
    assert text.startswith("\r") and "文件 2/2" in text and "表 4" in text and "发现问题 4" in text


def test_ocr_mode_routes_a_scan(tmp_path: Path) -> None:
    scan = str(FILES / "scan" / "excel-20.pdf")
    code, _ = invoke("run", scan, "--out", str(tmp_path / "auto"), "--jobs", "1")
    assert code == 0
    form = read_csv(tmp_path / "auto" / "forms.csv")[0]
    assert (form["method"], form["dpi"]) == ("pdf-ocr", "150")
    assert read_csv(tmp_path / "auto" / "manifest.csv")[0]["method"] == "pdf-ocr"
    code, _ = invoke("run", scan, "--out", str(tmp_path / "never"), "--ocr", "never")
    assert code == 0
    row = read_csv(tmp_path / "never" / "manifest.csv")[0]
    assert (row["status"], row["error_code"]) == ("failed", "NO_FORM_FOUND")


def test_out_rules_are_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    (inbox / "01.docx").write_bytes((FILES / "docx" / "01.docx").read_bytes())
    code, output = invoke("run", str(inbox), "--out", str(inbox))
    assert code == 2 and "输入将被删除" in output and "Traceback" not in output
    assert (inbox / "01.docx").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x")
    code, output = invoke("run", str(inbox), "--out", str(mine))
    assert code == 2 and "不是 evalforms 的输出" in output
    monkeypatch.chdir(tmp_path)
    Path("results").mkdir()
    monkeypatch.chdir("results")
    code, output = invoke("run", str(inbox), "--out", ".")  # an empty folder of its own: fine
    assert code == 0, output
    assert read_csv(tmp_path / "results" / "manifest.csv")[0]["status"] == "ok"


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, output = invoke("run", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert code == 0 and "没有找到任何文件" in output


def test_inspect_escapes_control_characters(tmp_path: Path) -> None:
    name = tmp_path / "表\x1b[31m.docx"
    name.write_bytes((FILES / "docx" / "02.docx").read_bytes())
    code, output = invoke("inspect", str(name))
    assert code == 0
    assert "\x1b" not in output and "\\x1b[31m" in output


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_a_killed_run_leaves_no_workers_behind(tmp_path: Path, sig: str) -> None:
    import signal
    import time

    scans = [str(p) for p in sorted((FILES / "scan").glob("*.pdf"))[:6]]
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", "import cli; cli.main()", "run", *scans, "--out", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the run started its workers"
    time.sleep(1.0)  # the workers are busy reading scans
    proc.send_signal(getattr(signal, sig))
    _, err = proc.communicate(timeout=60)
    gone_by = time.monotonic() + 15
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if _alive(w)], "workers outlived the run"
    if sig == "SIGTERM":
        assert proc.returncode == 130
        assert "已中断" in err.decode() and "Traceback" not in err.decode()
        assert not (out / "manifest.csv").exists()
        assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_a_defect_is_one_line_and_a_crash_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(pipeline, "run", broken)
    code, output = invoke("run", str(FILES / "docx" / "02.docx"), "--out", str(tmp_path / "out"))
    assert code == 4 and "程序内部错误（TypeError: a bug）" in output and "Traceback" not in output
    log = Path(output.split("详细信息已写入 ")[1].split("，")[0])
    assert "Traceback" in log.read_text(encoding="utf-8")
    log.unlink()
