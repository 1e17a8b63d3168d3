"""Files converted by LibreOffice (DOCX/XLSX -> PDF, and between office formats), many files per
call (each start costs seconds)."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
_BATCH = 60
_CREATION_DATE = re.compile(rb"/CreationDate\(D:\d{14}")
_ID = re.compile(rb"(/ID \[ <)[0-9A-F]{32}(>\s*<)[0-9A-F]{32}(> \])")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-F]{32}")


def to_pdf(sources: list[Path], out_dir: Path, timeout_s: int = 900) -> list[Path]:
    """Convert every source into out_dir/<stem>.pdf and return those paths, in order."""
    pdfs = convert(sources, out_dir, "pdf", timeout_s)
    for pdf in pdfs:
        stabilize(pdf)
    return pdfs


def to_xls(sources: list[Path], out_dir: Path, timeout_s: int = 900) -> list[Path]:
    """Save every workbook as Excel 97–2003 (BIFF8) into out_dir/<stem>.xls. LibreOffice takes the
    document times from the source, so a source with fixed times gives the same bytes."""
    return convert(sources, out_dir, "xls:MS Excel 97", timeout_s)


def convert(
    sources: list[Path], out_dir: Path, target: str, timeout_s: int = 900, batch_size: int = _BATCH
) -> list[Path]:
    """Convert every source into out_dir/<stem>.<target> (`target` as soffice --convert-to takes
    it: `pdf`, `odt`, `doc`, `docx:MS Word 2007 XML`) and return those paths, in order.
    `batch_size` files per LibreOffice start (1 where the output depends on what the same
    process converted before, as the font table of an RTF does).

    A private profile directory keeps this run apart from any other LibreOffice running on
    the machine (a shared profile makes a second headless instance hand its work to the
    first, or fail)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evalforms-lo-") as profile:
        for start in range(0, len(sources), batch_size):
            batch = sources[start : start + batch_size]
            subprocess.run(
                [
                    SOFFICE,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    target,
                    "--outdir",
                    str(out_dir),
                    *map(str, batch),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout_s,
            )
    suffix = target.split(":")[0]
    outputs = [out_dir / f"{src.stem}.{suffix}" for src in sources]
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice produced no {suffix} for {missing}")
    return outputs


def stabilize(pdf: Path) -> None:
    """Replace the export time, file ID and LibreOffice's checksum by values derived from the
    content, byte for byte of the same length (so the xref offsets stay right): regenerating
    unchanged forms then leaves the committed PDFs unchanged."""
    data = _CREATION_DATE.sub(b"/CreationDate(D:20250301090000", pdf.read_bytes())
    blank = _CHECKSUM.sub(b"", _ID.sub(b"", data))
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    data = _ID.sub(lambda m: m.group(1) + digest + m.group(2) + digest + m.group(3), data)
    pdf.write_bytes(_CHECKSUM.sub(b"/DocChecksum /" + digest, data))
