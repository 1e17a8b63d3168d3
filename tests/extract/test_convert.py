"""Legacy and open formats through LibreOffice: which program runs, what a failure becomes, and that
nothing (temporary files, processes) outlives a conversion."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import get_args

import pytest

from extract.convert import INSTALL, SOFFICE_ENV, SOURCES, ConverterSettings, find_soffice, method_for
from extract.filetype import sniff
from extract.read import ReadError, read_document
from model import Grid, Method
from tests.corpus_truth import CORPUS

FILES = CORPUS / "files"
DOC = FILES / "doc" / "01.doc"
WPS = FILES / "wps" / "bundle_09-12.wps"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason=f"LibreOffice (soffice) is not installed: {INSTALL} to run the conversion tests",
)


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder conversions use, watched on its own: whatever is left in it is a leak."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


def _fake_soffice(folder: Path, body: str) -> Path:
    program = folder / "fake-soffice"
    program.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    program.chmod(0o755)
    return program


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"  # a zombie has exited; only its exit status is left to collect


def _gone(pids: list[int], wait: float = 10.0) -> bool:
    until = time.monotonic() + wait
    while any(_alive(p) for p in pids):
        if time.monotonic() > until:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.parametrize(
    ("kind", "name", "method"),
    [
        ("doc", "自评表.doc", "doc→docx"),
        ("doc", "inbox/甲单位.zip!/2024/自评表.WPS", "wps→docx"),
        ("doc", "", "doc→docx"),
        ("doc", "自评表.docx", "doc→docx"),  # a .doc renamed: the bytes decide, the name only labels
        ("rtf", "自评表.doc", "rtf→docx"),
        ("odt", "自评表.odt", "odt→docx"),
        ("ods", "自评表.ods", "ods→xlsx"),
    ],
)
def test_method_names_the_source_and_the_target(kind: str, name: str, method: str) -> None:
    assert method_for(kind, name) == method  # type: ignore[arg-type]


def test_every_method_is_a_contract_value() -> None:
    methods = {m for source in SOURCES.values() for m in source.methods.values()}
    assert methods <= set(get_args(Method))


def test_settings_come_from_the_environment() -> None:
    assert (
        ConverterSettings.from_env({SOFFICE_ENV: " /opt/lo/program/soffice "}).soffice
        == "/opt/lo/program/soffice"
    )
    assert ConverterSettings.from_env({}).soffice == ""


def test_a_missing_soffice_setting_names_the_path_and_what_to_install(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "soffice"
    with pytest.raises(ReadError) as caught:
        find_soffice("doc", ConverterSettings(soffice=str(missing)))
    assert caught.value.code == "CONVERTER_MISSING"
    assert str(missing) in caught.value.message and SOFFICE_ENV in caught.value.message
    assert INSTALL in caught.value.message


def test_no_soffice_on_path_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError) as caught:
        find_soffice("rtf", ConverterSettings())
    assert caught.value.code == "CONVERTER_MISSING"
    assert "未安装 LibreOffice" in caught.value.message and INSTALL in caught.value.message
    assert "RTF" in caught.value.message


def test_the_launcher_script_is_bypassed_for_soffice_bin(tmp_path: Path) -> None:
    program = tmp_path / "program"
    program.mkdir()
    for name in ("soffice", "soffice.bin"):
        _fake_soffice(program, "exit 0\n").rename(program / name)
    assert find_soffice("doc", ConverterSettings(soffice=str(program / "soffice"))) == [
        str((program / "soffice.bin").resolve())
    ]
    other = _fake_soffice(tmp_path, "exit 0\n")
    assert find_soffice("doc", ConverterSettings(soffice=str(other))) == [str(other)]


def test_a_doc_without_libreoffice_is_converter_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "missing-soffice"))
    with pytest.raises(ReadError) as caught:
        read_document(DOC, name="01.doc")
    assert caught.value.code == "CONVERTER_MISSING"
    assert "Word 97–2003" in caught.value.message and INSTALL in caught.value.message


def test_an_encrypted_doc_is_refused_before_any_conversion(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import olefile

    locked = tmp_path / "locked.doc"
    shutil.copyfile(DOC, locked)
    with olefile.OleFileIO(str(locked), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[11] |= 0x01  # FibBase.fEncrypted, as Word sets it for a password-protected file
        ole.write_stream("WordDocument", bytes(fib))
    assert sniff(locked) == "ole-encrypted" and sniff(DOC) == "doc"
    monkeypatch.setenv(SOFFICE_ENV, str(tmp_path / "missing-soffice"))  # no converter is asked
    with pytest.raises(ReadError) as caught:
        read_document(locked)
    assert caught.value.code == "FILE_ENCRYPTED"


def test_a_hung_conversion_times_out_and_leaves_nothing_behind(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    # a LibreOffice that hangs, with a child of its own: both must be stopped at the limit
    fake = _fake_soffice(tmp_path, f'echo $$ >> "{pids}"\nsleep 30 &\necho $! >> "{pids}"\nwait\n')
    monkeypatch.setenv(SOFFICE_ENV, str(fake))
    with pytest.raises(ReadError) as caught:
        read_document(DOC, timeout=2.0)
    # had the limit not held, the fake would have exited after 30 s without output: FILE_CORRUPT
    assert caught.value.code == "TIMEOUT"
    assert "LibreOffice" in caught.value.message and "1.8 秒" in caught.value.message
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2 and _gone(started)
    assert list(private_tmp.iterdir()) == []


def test_a_converter_that_writes_nothing_means_a_damaged_file(
    tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        SOFFICE_ENV, str(_fake_soffice(tmp_path, "echo 'Error: source file could not be loaded'\n"))
    )
    with pytest.raises(ReadError) as caught:
        read_document(DOC)
    assert caught.value.code == "FILE_CORRUPT" and "另存为 .docx" in caught.value.message
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_a_doc_is_read_as_docx(private_tmp: Path) -> None:
    doc = read_document(DOC, name="inbox/01.doc")
    assert doc.method == "doc→docx" and doc.pages is None
    grids = [b for b in doc.blocks if isinstance(b, Grid)]
    assert len(grids) == 1
    texts = {c.text for c in grids[0].cells}
    assert {"项目名称", "2022-2023年朝阳区互联网接入服务", "738.62892"} <= texts
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_a_wps_file_is_labelled_by_its_name_and_read_by_its_bytes() -> None:
    assert sniff(WPS) == "doc"
    assert read_document(WPS, name="bundle.wps").method == "wps→docx"


@needs_soffice
def test_damaged_word_binary_is_file_corrupt(tmp_path: Path, private_tmp: Path) -> None:
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + os.urandom(4096))
    with pytest.raises(ReadError) as caught:
        read_document(damaged)
    assert caught.value.code == "FILE_CORRUPT"
    assert list(private_tmp.iterdir()) == []
