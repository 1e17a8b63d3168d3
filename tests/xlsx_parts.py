"""Hand-written XLSX packages for tests: the few parts a workbook needs, with any sheet XML, shared
strings or styles a test wants to put in them (openpyxl cannot write a lying `dimension`, a
DOCTYPE, a phonetic guide or a sheet without cell references)."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def sheet_xml(rows: str, extra: str = "", dimension: str | None = None, prolog: str = "") -> str:
    """A worksheet part around `rows` (the `<row>` elements); `extra` goes after sheetData
    (mergeCells), `prolog` before the root element (a DOCTYPE)."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}" xmlns:r="{_REL}">'
        f"{dim}<sheetData>{rows}</sheetData>{extra}</worksheet>"
    )


def write_xlsx(
    path: Path,
    sheets: list[tuple[str, str]] | list[tuple[str, str, str]],
    shared_strings: str | None = None,
    styles: str | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
    padding: bytes = b"",
) -> Path:
    """A workbook of (name, sheet XML[, state]) sheets. `padding` is stored uncompressed in a part
    of its own, to bring the package's compression ratio down to that of a real workbook."""
    book_sheets = "".join(
        f'<sheet name="{s[0]}" sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (f' state="{s[2]}"' if len(s) > 2 else "")
        + "/>"
        for i, s in enumerate(sheets)
    )
    rels = [f'<Relationship Id="rId{i + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(sheets))]  # fmt: skip
    if shared_strings is not None:
        rels.append(f'<Relationship Id="rIdS" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles is not None:
        rels.append(f'<Relationship Id="rIdT" Type="{_REL}/styles" Target="styles.xml"/>')
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _PACKAGE_RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_REL}">'
            f"<sheets>{book_sheets}</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        for i, s in enumerate(sheets):
            z.writestr(f"xl/worksheets/sheet{i + 1}.xml", s[1])
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        if padding:
            z.writestr(zipfile.ZipInfo("xl/media/padding.bin"), padding, zipfile.ZIP_STORED)
    return path


def shared_strings_xml(items: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>'


def styles_xml(codes: list[str | int]) -> str:
    """One cell style per entry: a custom format code (ids from 164 on) or a built-in format id."""
    custom = [(164 + i, c) for i, c in enumerate(codes) if isinstance(c, str)]
    ids = iter(i for i, _ in custom)
    xfs = "".join(
        f'<xf numFmtId="{next(ids) if isinstance(c, str) else c}" applyNumberFormat="1"/>' for c in codes
    )
    fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(c)}"/>' for i, c in custom)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
        f'<numFmts count="{len(custom)}">{fmts}</numFmts><cellXfs count="{len(codes)}">{xfs}</cellXfs>'
        "</styleSheet>"
    )


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
