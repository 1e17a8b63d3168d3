"""Nothing lost, whatever happens to the run: OUT is only ever a folder of ours, odd names and
special files are rows, the catalog is input like any other, and a result is cached only for the
bytes it was computed from."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import pipeline
from batch.errors import OutLocked, OutNotOurs, OutOverlapsInput, OutputFailed
from batch.outdir import MARKER, locked_out
from tests.bad.conftest import GOOD, assert_good_file_intact, read_csv, run

OTHER = GOOD.parent / "02.docx"


def _settings(**kw: object) -> pipeline.Settings:
    return pipeline.Settings(jobs=1, **kw)  # type: ignore[arg-type]


def _rows(out: Path) -> dict[str, dict[str, str]]:
    return {r["source_file"]: r for r in read_csv(out / "manifest.csv")}


# ------------------------------------------------------------------ OUT is never what we did not write


def test_out_equal_to_the_input_is_refused_and_the_input_kept(folder: Path) -> None:
    before = sorted(os.listdir(folder))
    with pytest.raises(OutOverlapsInput, match="就是输入"):
        pipeline.run([str(folder)], folder, _settings())
    assert sorted(os.listdir(folder)) == before


def test_an_input_inside_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "收件箱").mkdir(parents=True)
    (out / MARKER).write_text("{}")
    shutil.copy(GOOD, out / "收件箱" / "a.docx")
    with pytest.raises(OutOverlapsInput, match="位于输出文件夹"):
        pipeline.run([str(out / "收件箱")], out, _settings())
    assert (out / "收件箱" / "a.docx").read_bytes() == GOOD.read_bytes()


def test_a_folder_of_someone_elses_files_is_not_replaced(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "我的文档"
    out.mkdir()
    (out / "论文.txt").write_text("重要")
    with pytest.raises(OutNotOurs, match="不是 evalforms 的输出"):
        pipeline.run([str(folder)], out, _settings())
    assert os.listdir(out) == ["论文.txt"]


def test_out_as_a_symlink_writes_into_the_linked_folder(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "real_out"
    target.mkdir()
    link = tmp_path / "link_out"
    link.symlink_to(target)
    pipeline.run([str(folder)], link, _settings())
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _rows(target)[str(folder / "good.docx")]["status"] == "ok"
    pipeline.run([str(folder)], link, _settings())  # again, into the same folder: skipped from the catalog
    assert link.is_symlink()
    assert _rows(target)[str(folder / "good.docx")]["status"] == "skipped"


def test_out_inside_the_input_folder_is_not_read_as_input(folder: Path) -> None:
    out = folder / "结果"
    pipeline.run([str(folder)], out, _settings())
    pipeline.run([str(folder)], out, _settings())  # now OUT (with its xlsx, csv, sqlite) is in the tree
    rows = read_csv(out / "manifest.csv")
    assert [Path(r["source_file"]).name for r in rows] == ["good.docx"]


def test_a_second_run_into_a_busy_out_is_refused_and_the_first_completes(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    with locked_out(out, [str(folder)]), pytest.raises(OutLocked, match="正在写入"):
        pipeline.run([str(folder)], out, _settings())
    rows, out = run(folder, tmp_path)  # the lock is gone with its holder
    assert_good_file_intact(rows, out)


def test_two_concurrent_runs_never_lose_the_results(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcomes: list[str] = []

    def one() -> None:
        try:
            pipeline.run([str(folder)], out, _settings())
            outcomes.append("ran")
        except OutLocked:
            outcomes.append("locked")

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert "ran" in outcomes
    assert_good_file_intact({Path(k).name: v for k, v in _rows(out).items()}, out)


# ------------------------------------------------------------------ names and special files


def test_control_characters_and_non_utf8_bytes_in_names(folder: Path, tmp_path: Path) -> None:
    shutil.copy(OTHER, folder / "报表\r\x1b[2J.docx")
    for raw in ("部门".encode("gbk") + b".docx", b"\xff\xfe.docx"):  # a Windows name; bytes of no encoding
        with open(os.path.join(os.fsencode(folder), raw), "wb") as f:
            f.write(b"not a form: " + raw)
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)
    assert rows["报表\\r\\x1b[2J.docx"]["status"] == "ok"  # visible, and no terminal escape reaches a reader
    assert rows["部门.docx"]["status"] == rows["\\xff\\xfe.docx"]["status"] == "failed"


def test_a_fifo_and_a_device_are_rows_not_hangs(folder: Path, tmp_path: Path) -> None:
    os.mkfifo(folder / "pipe.pdf")
    (folder / "zero.pdf").symlink_to("/dev/zero")  # a link out of the tree: listed, never read
    started = time.monotonic()
    rows, out = run(folder, tmp_path, limits=pipeline.Limits(timeout=5))
    assert time.monotonic() - started < 60
    assert (rows["pipe.pdf"]["status"], rows["pipe.pdf"]["error_code"]) == ("failed", "UNSUPPORTED_TYPE")
    assert "管道" in rows["pipe.pdf"]["error_message"] or "FIFO" in rows["pipe.pdf"]["error_message"]
    assert rows["zero.pdf"]["status"] == "ignored"
    assert rows["zero.pdf"]["source_sha256"] == ""
    assert_good_file_intact(rows, out)


def test_a_device_named_on_the_command_line_is_refused_unread(tmp_path: Path) -> None:
    out = tmp_path / "out"
    pipeline.run(["/dev/zero", str(GOOD)], out, _settings(limits=pipeline.Limits(timeout=5)))
    rows = _rows(out)
    assert (rows["/dev/zero"]["status"], rows["/dev/zero"]["error_code"]) == ("failed", "UNSUPPORTED_TYPE")
    assert rows[str(GOOD)]["status"] == "ok"


def test_a_link_out_of_the_tree_is_listed_and_not_followed(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.docx"
    shutil.copy(OTHER, secret)
    (folder / "link.docx").symlink_to(secret)
    (folder / "inside.docx").symlink_to(folder / "good.docx")  # a link within the tree is a name of it
    rows, out = run(folder, tmp_path)
    assert rows["link.docx"]["status"] == "ignored"
    assert rows["link.docx"]["source_sha256"] == ""
    assert "指向输入文件夹之外" in rows["link.docx"]["error_message"]
    assert all(f["project_name"] != "2024年智慧城市运营服务" for f in read_csv(out / "forms.csv"))
    assert_good_file_intact(rows, out)


def test_system_files_are_ignored_with_their_reason(folder: Path, tmp_path: Path) -> None:
    (folder / "~$good.docx").write_bytes(b"\x00" * 162)
    (folder / "Thumbs.db").write_bytes(b"\x00")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._good.docx").write_bytes(b"\x00\x05\x16\x07")
    (folder / "说明.txt").write_text("请查收")
    rows, out = run(folder, tmp_path)
    for name in ("~$good.docx", "Thumbs.db", "__MACOSX"):
        assert rows[name]["status"] == "ignored", name
        assert rows[name]["error_message"], name
    assert (rows["说明.txt"]["status"], rows["说明.txt"]["error_code"]) == ("failed", "UNSUPPORTED_TYPE")
    assert_good_file_intact(rows, out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder whatever its mode")
def test_an_unreadable_folder_is_a_row(folder: Path, tmp_path: Path) -> None:
    locked = folder / "保密"
    locked.mkdir()
    locked.chmod(0)
    try:
        rows, out = run(folder, tmp_path)
    finally:
        locked.chmod(0o755)
    assert rows["保密"]["status"] == "failed"
    assert_good_file_intact(rows, out)


def test_an_empty_folder_gives_empty_results(tmp_path: Path) -> None:
    (tmp_path / "空").mkdir()
    summary = pipeline.run([str(tmp_path / "空")], tmp_path / "out", _settings())
    assert summary.files == 0
    assert read_csv(tmp_path / "out" / "manifest.csv") == []


# ------------------------------------------------------------------ identical copies


def test_identical_copies_are_both_listed_and_their_forms_once(folder: Path, tmp_path: Path) -> None:
    shutil.copy(GOOD, folder / "zz_copy.docx")
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)
    copy = rows["zz_copy.docx"]
    assert (copy["status"], copy["forms_found"]) == ("skipped", "0")
    assert "good.docx" in copy["error_message"] and "内容完全相同" in copy["error_message"]
    assert copy["source_sha256"] == rows["good.docx"]["source_sha256"]
    ids = [f["form_id"] for f in read_csv(out / "forms.csv")]
    assert len(ids) == len(set(ids)) == 1


# ------------------------------------------------------------------ the catalog is untrusted input


def _catalog(out: Path) -> Path:
    return out / "catalog.sqlite"


@pytest.mark.parametrize(
    "damage",
    ["truncate", "garbage", "other_schema", "directory"],
)
def test_a_damaged_catalog_is_set_aside_and_the_run_goes_on(
    folder: Path, tmp_path: Path, damage: str
) -> None:
    rows, out = run(folder, tmp_path)
    path = _catalog(out)
    if damage == "truncate":
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif damage == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    elif damage == "other_schema":
        path.unlink()
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE files (name TEXT)")
        db.commit()
        db.close()
    else:
        path.unlink()
        path.mkdir()
    warnings: list[str] = []
    pipeline.run([str(folder)], out, _settings(), warn=warnings.append)
    rows = {Path(k).name: v for k, v in _rows(out).items()}
    assert_good_file_intact(rows, out)
    assert warnings and "已损坏" in warnings[0]
    if damage != "directory":
        assert list(out.glob("catalog.sqlite.damaged-*"))  # kept for a look, not deleted
    # and the fresh catalog serves the next run
    pipeline.run([str(folder)], out, _settings())
    assert {Path(k).name: v for k, v in _rows(out).items()}["good.docx"]["status"] == "skipped"


def _tamper(out: Path, change: object) -> None:
    db = sqlite3.connect(_catalog(out))
    (sha, settings, manifest, forms) = db.execute(
        "SELECT sha256, settings, manifest, forms FROM files"
    ).fetchone()
    manifest, forms = change(json.loads(manifest), json.loads(forms))  # type: ignore[operator]
    db.execute(
        "UPDATE files SET manifest = ?, forms = ? WHERE sha256 = ? AND settings = ?",
        (json.dumps(manifest), json.dumps(forms), sha, settings),
    )
    db.commit()
    db.close()


def test_a_crafted_form_id_never_becomes_a_path(folder: Path, tmp_path: Path) -> None:
    rows, out = run(folder, tmp_path)

    def traverse(manifest: dict, forms: list) -> tuple[dict, list]:
        forms[0]["form_id"] = "../../escaped"
        return manifest, forms

    _tamper(out, traverse)
    rows, out = run(folder, tmp_path)
    assert not (tmp_path / "escaped.json").exists() and not list(tmp_path.rglob("escaped*"))
    assert rows["good.docx"]["status"] == "ok"  # the row was a cache miss: read again
    assert_good_file_intact(rows, out)


def test_a_malformed_row_is_a_cache_miss(folder: Path, tmp_path: Path) -> None:
    rows, out = run(folder, tmp_path)
    _tamper(out, lambda manifest, forms: ({"status": "nonsense"}, forms))
    rows, out = run(folder, tmp_path)
    assert rows["good.docx"]["status"] == "ok"
    assert_good_file_intact(rows, out)


# ------------------------------------------------------------------ what is cached


def test_a_failure_under_a_memory_limit_is_retried_with_more_memory(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = pipeline._read_and_score

    def starved(item, settings, sha, started):  # type: ignore[no-untyped-def]
        if settings.limits.max_memory_mb == 300:
            raise MemoryError
        return real(item, settings, sha, started)

    monkeypatch.setattr(pipeline, "_read_and_score", starved)
    tight = pipeline.Limits(max_memory_mb=300)
    rows, out = run(folder, tmp_path, limits=tight)
    assert (rows["good.docx"]["status"], rows["good.docx"]["error_code"]) == ("failed", "TOO_LARGE")
    rows, out = run(folder, tmp_path, limits=tight)
    assert rows["good.docx"]["status"] == "skipped"  # same limits: the same answer, from the catalog
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)


def test_a_file_changed_while_read_is_not_cached(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Truncated in place while read, then restored: the next run reads the restored file."""
    real = pipeline._read_and_score
    good = folder / "good.docx"
    data = good.read_bytes()

    def truncated_meanwhile(item, settings, sha, started):  # type: ignore[no-untyped-def]
        good.write_bytes(data[:1000])
        try:
            return real(item, settings, sha, started)
        finally:
            good.write_bytes(data)

    monkeypatch.setattr(pipeline, "_read_and_score", truncated_meanwhile)
    rows, out = run(folder, tmp_path)
    assert rows["good.docx"]["status"] == "failed"
    monkeypatch.setattr(pipeline, "_read_and_score", real)
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)


# ------------------------------------------------------------------ memory


def test_a_docx_with_a_huge_main_part_is_refused_early(folder: Path, tmp_path: Path) -> None:
    from tests.bad.conftest import docx_with_document_xml

    body = b"<w:p><w:r><w:t>" + b"x" * 1000 + b"</w:t></w:r></w:p>"
    xml = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body * 45_000 + b"</w:body></w:document>"
    )
    docx_with_document_xml(folder / "huge.docx", xml)
    rows, out = run(folder, tmp_path)
    assert (rows["huge.docx"]["status"], rows["huge.docx"]["error_code"]) == ("failed", "TOO_LARGE")
    assert_good_file_intact(rows, out)


def test_a_pdf_content_stream_bomb_is_too_large_not_corrupt(folder: Path, tmp_path: Path) -> None:
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"0 0 m 1 1 l S\n" * 65536
    stream = b"".join(packer.compress(chunk) for _ in range(700)) + packer.flush()  # ~640 MB inflated
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    (folder / "bomb.pdf").write_bytes(bytes(pdf))
    rows, out = run(folder, tmp_path, limits=pipeline.Limits(max_memory_mb=400, timeout=120))
    assert (rows["bomb.pdf"]["status"], rows["bomb.pdf"]["error_code"]) == ("failed", "TOO_LARGE")
    assert_good_file_intact(rows, out)


# ------------------------------------------------------------------ disk faults


def test_an_unwritable_out_is_a_message_and_then_works_again(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from publish import output

    rows, out = run(folder, tmp_path)
    before = (out / "manifest.csv").read_bytes()
    real = output.RunOutput.finish

    def disk_full(self, *a, **kw):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.RunOutput, "finish", disk_full)
    with pytest.raises(OutputFailed, match="磁盘空间不足"):
        pipeline.run([str(folder)], out, _settings(force=True))
    assert (out / "manifest.csv").read_bytes() == before  # the previous results stand
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]
    monkeypatch.setattr(output.RunOutput, "finish", real)
    rows, out = run(folder, tmp_path, force=True)
    assert_good_file_intact(rows, out)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_out_is_a_message(folder: Path, tmp_path: Path) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        with pytest.raises(OutputFailed, match="没有写入权限"):
            pipeline.run([str(folder)], parent / "out", _settings())
    finally:
        parent.chmod(0o755)


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A file system of its own (tmpfs, 64 KB) that a test may fill, enlarge or make read-only."""
    mount = tmp_path / "fs"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({made.stderr.decode(errors='replace').strip()})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)


def test_a_full_file_system_is_a_message_and_works_once_space_is_freed(folder: Path, small_fs: Path) -> None:
    out = small_fs / "out"
    with pytest.raises(OutputFailed, match="磁盘空间不足"):
        pipeline.run([str(folder)], out, _settings())
    assert not [p for p in small_fs.iterdir() if ".staging-" in p.name]  # nothing half-written left
    _remount(small_fs, "size=20m")
    pipeline.run([str(folder)], out, _settings(force=True))
    assert_good_file_intact({Path(k).name: v for k, v in _rows(out).items()}, out)


def test_a_read_only_file_system_is_a_message_and_keeps_the_results(folder: Path, small_fs: Path) -> None:
    _remount(small_fs, "size=20m")
    out = small_fs / "out"
    pipeline.run([str(folder)], out, _settings())
    before = (out / "manifest.csv").read_bytes()
    _remount(small_fs, "ro")
    with pytest.raises(OutputFailed, match="只读"):
        pipeline.run([str(folder)], out, _settings(force=True))
    assert (out / "manifest.csv").read_bytes() == before
    _remount(small_fs, "rw")
    pipeline.run([str(folder)], out, _settings(force=True))
    assert_good_file_intact({Path(k).name: v for k, v in _rows(out).items()}, out)
