"""整改清单.xlsx: the list each budget unit gets back, one sheet per 主管部门 with one row per
confirmed finding (the form, the field, what was filled, what is expected, the message).

Formula-safe as dataset.xlsx is: every text is an inline string cell (publish/xlsx_stream.py),
which no spreadsheet runs as a formula whatever it starts with. Written beside its name and
renamed into place, so an interrupted export leaves no half file."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from publish.review_state import load
from publish.xlsx_stream import XlsxStream
from score.vocab import code_info, label, value_word

CONFIRMED = "确认"
HEAD = [
    "项目名称",
    "实施单位",
    "来源文件",
    "页码",
    "指标序号",
    "字段",
    "填报值",
    "应为",
    "问题",
    "严重程度",
    "说明",
    "审核时间",
]
WIDTHS = [36, 24, 36, 6, 8, 18, 16, 16, 24, 10, 80, 20]
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
NO_DEPARTMENT = "（未识别主管部门）"


def sheet_name(department: str, taken: set[str]) -> str:
    """An Excel sheet name for a department: no []:*?/\\, at most 31 characters, unique."""
    base = _SHEET_BAD.sub("_", department.strip()).strip("'") or NO_DEPARTMENT
    base = base[:31]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.lower())
    return name


def confirmed_rows(forms: Iterable[dict[str, Any]]) -> dict[str, list[list[Any]]]:
    by_department: dict[str, list[list[Any]]] = {}
    for doc in forms:
        for a in doc.get("anomalies", []):
            if a.get("review_status") != CONFIRMED:
                continue
            table = "indicators" if a.get("seq") is not None else "forms"
            field = a.get("field") or ""
            row = [
                doc.get("project_name") or "",
                doc.get("implementing_unit") or "",
                doc.get("source_file") or "",
                a.get("page"),
                a.get("seq"),
                label(table, field) if field else "",
                a.get("declared") or "",
                a.get("expected") or "",
                code_info(a.get("code") or "").title,
                value_word("severity", a.get("severity") or ""),
                a.get("message") or "",
                a.get("reviewed_at") or "",
            ]
            by_department.setdefault(doc.get("department") or "", []).append(row)
    return by_department


def write_export(out: Path, path: Path) -> int:
    """Write the list of confirmed findings of `out` to `path`; returns how many rows."""
    rows = confirmed_rows(load(out).forms)
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    taken: set[str] = set()
    try:
        with XlsxStream(tmp) as book:
            if not rows:
                ws = book.sheet("整改清单", [60], autofilter=False)
                ws.row(["没有已确认的问题。"])
            for department in sorted(rows):
                ws = book.sheet(sheet_name(department or NO_DEPARTMENT, taken), WIDTHS)
                ws.row(HEAD)
                for row in rows[department]:
                    ws.row([v if isinstance(v, int) or v is None else str(v) for v in row])
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return sum(len(r) for r in rows.values())
