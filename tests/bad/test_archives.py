"""Archives: every member is an input of its own, every refusal a row, nothing written outside the
run's private folder, and the good form beside them intact."""

from __future__ import annotations

import io
import os
import stat
import tarfile
import zipfile
from pathlib import Path

import pipeline
from batch.archives import ArchiveSettings, member_name
from tests.bad.conftest import GOOD, assert_good_file_intact, read_csv, run

OTHER = GOOD.parent / "02.docx"


class _WindowsName(zipfile.ZipInfo):
    """zipfile would write a non-ASCII name as flagged UTF-8; Windows writes the raw bytes."""

    __slots__ = ()

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def _gbk_info(name: str) -> zipfile.ZipInfo:
    """A member named as Windows' built-in zip writes it: GBK bytes, no UTF-8 flag (as zipfile
    reads such a member back: the bytes decoded as cp437)."""
    info = _WindowsName(name.encode("gbk").decode("cp437"), date_time=(2024, 3, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _mark_encrypted(path: Path, name: str) -> None:
    """Set the "encrypted" flag of one member, in its local and central headers (zipfile cannot
    write encrypted members)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(name)
        start = z.start_dir
    data[info.header_offset + 6] |= 0x1
    at = start
    while data[at : at + 4] == b"PK\x01\x02":
        n, m, k = (int.from_bytes(data[at + o : at + o + 2], "little") for o in (28, 30, 32))
        if bytes(data[at + 46 : at + 46 + n]) == name.encode():
            data[at + 8] |= 0x1
        at += 46 + n + m + k
    path.write_bytes(bytes(data))


def _write_gbk_zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(_gbk_info(name), data)
    with zipfile.ZipFile(path) as z:
        assert not any(i.flag_bits & 0x800 for i in z.infolist())


def test_members_of_a_windows_zip_are_inputs_named_inside_it(folder: Path, tmp_path: Path) -> None:
    _write_gbk_zip(
        folder / "财政局报送.zip",
        {"一科/项目A自评表.docx": OTHER.read_bytes(), "二科/说明.txt": "请查收".encode("gbk")},
    )
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)
    by_source = {r["source_file"]: r for r in read_csv(out / "manifest.csv")}
    archive = by_source[str(folder / "财政局报送.zip")]
    assert (
        archive["status"] == "ok" and archive["source_sha256"] and "含 2 个文件" in archive["error_message"]
    )
    member = by_source[str(folder / "财政局报送.zip") + "!/一科/项目A自评表.docx"]
    assert (member["status"], member["method"], member["forms_found"]) == ("ok", "docx", "1")
    assert member["source_sha256"] == __import__("hashlib").sha256(OTHER.read_bytes()).hexdigest()
    text = by_source[str(folder / "财政局报送.zip") + "!/二科/说明.txt"]
    assert (text["status"], text["error_code"]) == ("failed", "UNSUPPORTED_TYPE")
    forms = [f for f in read_csv(out / "forms.csv") if f["source_file"].endswith("项目A自评表.docx")]
    assert len(forms) == 1 and forms[0]["source_file"].startswith(str(folder / "财政局报送.zip") + "!/")
    assert not [p for p in tmp_path.iterdir() if "archives" in p.name]  # the private folder is gone


def test_member_names_decode_as_windows_wrote_them() -> None:
    assert member_name(_gbk_info("部门/表.docx")) == "部门/表.docx"
    utf8 = zipfile.ZipInfo("部门.docx")
    utf8.flag_bits |= 0x800
    assert member_name(utf8) == "部门.docx"


def test_hostile_members_are_refused_one_by_one(folder: Path, tmp_path: Path) -> None:
    path = folder / "hostile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../escaped.docx", OTHER.read_bytes())
        z.writestr("/etc/cron.d/evil", b"x")
        link = zipfile.ZipInfo("link.docx")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/shadow")
        z.writestr("locked.docx", b"ciphertext")
        z.writestr("bomb.bin", b"\0" * (30 << 20))
        z.writestr("fine.docx", OTHER.read_bytes())
    _mark_encrypted(path, "locked.docx")
    rows, out = run(folder, tmp_path, archives=ArchiveSettings(max_member_mb=20))
    assert_good_file_intact(rows, out)
    by = {
        r["source_file"].split("!/", 1)[1]: r
        for r in read_csv(out / "manifest.csv")
        if "!/" in r["source_file"]
    }
    assert (by["../../escaped.docx"]["status"], by["../../escaped.docx"]["error_code"]) == (
        "failed",
        "FILE_CORRUPT",
    )
    assert "“..”" in by["../../escaped.docx"]["error_message"]
    assert "绝对路径" in by["/etc/cron.d/evil"]["error_message"]
    assert "符号链接" in by["link.docx"]["error_message"]
    assert by["locked.docx"]["error_code"] == "FILE_ENCRYPTED"
    assert by["bomb.bin"]["error_code"] == "TOO_LARGE"
    assert by["fine.docx"]["status"] == "ok"
    assert not list(tmp_path.rglob("escaped.docx")) and not (tmp_path / "evil").exists()


def test_nested_archives_are_read_to_a_depth(folder: Path, tmp_path: Path) -> None:
    data = OTHER.read_bytes()
    name = "form.docx"
    for level in range(10):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr(name, data)
        data, name = buffer.getvalue(), f"level{level}.zip"
    (folder / "deep.zip").write_bytes(data)
    rows, out = run(folder, tmp_path, archives=ArchiveSettings(max_depth=5))
    assert_good_file_intact(rows, out)
    manifest = [r for r in read_csv(out / "manifest.csv") if "deep.zip" in r["source_file"]]
    assert manifest[0]["status"] == "ok"
    deepest = manifest[-1]
    assert deepest["source_file"].count("!/") == 5
    assert (deepest["status"], deepest["error_code"]) == ("failed", "TOO_LARGE") and "嵌套" in deepest[
        "error_message"
    ]


def test_nested_within_the_depth_reads_the_form(folder: Path, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("表/form.docx", OTHER.read_bytes())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as t:
        info = tarfile.TarInfo("科室/inner.zip")
        info.size = len(inner.getvalue())
        t.addfile(info, io.BytesIO(inner.getvalue()))
    (folder / "outer.tar.gz").write_bytes(buffer.getvalue())
    _, out = run(folder, tmp_path)
    by = {r["source_file"]: r for r in read_csv(out / "manifest.csv")}
    key = str(folder / "outer.tar.gz") + "!/科室/inner.zip!/表/form.docx"
    assert by[key]["status"] == "ok" and by[key]["forms_found"] == "1"
    assert by[str(folder / "outer.tar.gz") + "!/科室/inner.zip"]["status"] == "ok"


def test_damaged_and_unsupported_archives_are_rows(folder: Path, tmp_path: Path) -> None:
    good = io.BytesIO()
    with zipfile.ZipFile(good, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.docx", OTHER.read_bytes())
    (folder / "cut.zip").write_bytes(good.getvalue()[: len(good.getvalue()) // 2])
    (folder / "forms.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + os.urandom(200))
    (folder / "forms.rar").write_bytes(b"Rar!\x1a\x07\x01\x00" + os.urandom(200))
    rows, out = run(folder, tmp_path)
    assert_good_file_intact(rows, out)
    assert (rows["cut.zip"]["status"], rows["cut.zip"]["error_code"]) == ("failed", "FILE_CORRUPT")
    assert rows["forms.7z"]["error_code"] == "UNSUPPORTED_TYPE" and "7z" in rows["forms.7z"]["error_message"]
    assert "RAR" in rows["forms.rar"]["error_message"]


def test_an_archive_member_is_cached_like_a_file(folder: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(folder / "a.zip", "w") as z:
        z.writestr("x.docx", OTHER.read_bytes())
    run(folder, tmp_path)
    rows, out = run(folder, tmp_path)
    assert rows["x.docx"]["status"] == "skipped" and rows["x.docx"]["forms_found"] == "1"
    assert len(read_csv(out / "forms.csv")) == 2


def test_process_file_on_an_archive_says_to_give_it_to_run() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("x.docx", b"x")
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"evalforms-test-{os.getpid()}.zip"
    path.write_bytes(buffer.getvalue())
    try:
        result = pipeline.process_file(pipeline.InputFile(path, path.name))
    finally:
        path.unlink()
    assert result.entry.error_code == "UNSUPPORTED_TYPE" and "压缩包" in result.entry.error_message
