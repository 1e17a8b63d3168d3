"""report.html: the page an auditor works from. One self-contained file (inline CSS and JS, a CSP that
forbids any network), written form by form from the staged JSONs so that a run of any size streams.
Every piece of text from a form is escaped: a form can carry anything.

A form's part of the page depends only on its JSON, its crops' index, its number on the page and
this renderer: `.report-index.json` beside report.html records where each part lies in the page,
by a hash of those, so that a re-run copies the parts of unchanged forms from the previous
report.html (checked against their recorded hash) instead of rendering them again."""

from __future__ import annotations

import hashlib
import html
import json
import os
import stat
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import codes
from publish import crops as crops_module
from publish.crops import INDEX as CROPS_INDEX
from publish.crops import crop_names
from publish.run_summary import RunSummary, summarize
from score import vocab
from score.vocab import code_info, label, sheet_title, value_word

_ASSETS = Path(__file__).resolve().parent / "report_assets"
_SEVERITIES = ("error", "warning", "info")
_GRADES = ("优", "良", "中", "差")
_FUNDS_ROWS = (
    ("", "年度资金总额"),
    ("fiscal_", "其中：当年财政拨款"),
    ("carryover_", "上年结转资金"),
    ("other_", "其他资金"),
)
_FUNDS_COLS = ("budget_initial", "budget_full_year", "executed")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: 'self' file:"
"""Images only from the page's own folder (the crops in OUT/crops), never the network."""
_ACCEPTED = "与核算值在填报精度内一致（四舍五入或截尾），不作为问题"
_TOTAL_NOTE = "核算总分按各项核算得分汇总，与填报总分的差异来自上面各项发现"

Finding = dict[str, Any]


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _tag(name: str, content: str = "", **attrs: Any) -> str:
    """An element; `content` is HTML already, attribute values are escaped here (class_ -> class,
    data_x -> data-x); an empty class or title is left out."""
    text = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{e(v)}"'
        for k, v in attrs.items()
        if v is not None and (v != "" or k not in ("class_", "title"))
    )
    return f"<{name}{text}>{content}</{name}>"


def _table(head: Iterable[str], rows: Iterable[str], cls: str = "") -> str:
    """`head`: header texts, a leading '#' marks a numeric column; `rows`: <tr> HTML."""
    cells = "".join(_tag("th", e(h.lstrip("#")), class_="num" if h.startswith("#") else "") for h in head)
    return _tag("table", f"<thead><tr>{cells}</tr></thead><tbody>{''.join(rows)}</tbody>", class_=cls)


def _td(value: Any, cls: str = "", title: str = "") -> str:
    return _tag("td", e(value), class_=cls, title=title)


def _sev_badge(severity: str, text: str | None = None) -> str:
    return _tag("span", e(text or value_word("severity", severity)), class_=f"badge b-{severity}")


def _sev_rank(severity: str) -> int:
    return _SEVERITIES.index(severity) if severity in _SEVERITIES else len(_SEVERITIES)


def _pages(doc: dict[str, Any]) -> str:
    start, end = doc.get("page_start"), doc.get("page_end")
    if start is None:
        return ""
    return f"第{start}页" if end in (None, start) else f"第{start}–{end}页"


def _source(doc: dict[str, Any], finding: Finding) -> str:
    page = finding.get("page") if finding.get("page") is not None else doc.get("page_start")
    return f"{doc.get('source_file', '')}" + (f"，第{page}页" if page is not None else "")


# ------------------------------------------------------------------ summary


def _stat(value: Any, caption: str) -> str:
    return _tag("div", _tag("b", e(value)) + _tag("span", e(caption)), class_="stat")


def _stats(s: RunSummary) -> str:
    stats = [_stat(s.files, "输入文件")]
    stats += [
        _stat(s.files_by_status[st], f"文件{value_word('status', st)}")
        for st in ("ok", "partial", "failed", "skipped")
        if s.files_by_status.get(st)
    ]
    stats.append(_stat(s.forms, "识别自评表"))
    stats += [
        _stat(s.grades[g], "等级" + (g if g != "none" else "未评定"))
        for g in (*_GRADES, "none")
        if s.grades.get(g)
    ]
    stats.append(_stat(s.forms_with.get("none", 0), "无发现的表"))
    stats += [
        _stat(s.findings.get(sev, 0), f"{value_word('severity', sev)}（{s.forms_with.get(sev, 0)}张表）")
        for sev in _SEVERITIES
    ]
    return _tag("div", "".join(stats), class_="stats")


def _codes_table(s: RunSummary) -> str:
    if not s.by_code:
        return '<p class="empty">本次运行未发现问题。</p>'
    rows = []
    for (code, sev), n in sorted(s.by_code.items(), key=lambda kv: (_sev_rank(kv[0][1]), -kv[1], kv[0][0])):
        link = _tag("a", e(code_info(code).title), href="#forms", class_="code", data_code=code)
        rows.append(f"<tr><td>{link}</td>{_td(code)}<td>{_sev_badge(sev)}</td>{_td(n, 'num')}</tr>")
    return _table(["问题", "代码", "严重程度", "#条数"], rows)


def _files_table(s: RunSummary) -> str:
    if not s.problem_files:
        return '<p class="empty">所有文件均已处理。</p>'
    rows = [
        f"<tr>{_td(r.get('source_file'))}{_td(value_word('status', r.get('status', '')))}"
        f"{_td(r.get('error_code'))}{_td(r.get('error_message'))}</tr>"
        for r in s.problem_files
    ]
    return _table(["文件", "状态", "错误代码", "错误信息"], rows)


def _summary_html(s: RunSummary) -> str:
    return _tag(
        "section",
        "<h2>运行概况</h2>" + _stats(s) + "<h3>核查发现（按问题）</h3>" + _codes_table(s)
        + "<h3>未能完整处理的文件</h3>" + _files_table(s),
        class_="card", id="summary",
    )  # fmt: skip


def _select(id_: str, caption: str, options: Iterable[tuple[str, str]]) -> str:
    opts = "".join(_tag("option", e(text), value=value) for value, text in [("", "全部"), *options])
    return _tag("label", e(caption), for_=id_) + f'<select id="{e(id_)}">{opts}</select>'


def _filters_html(s: RunSummary) -> str:
    codes = sorted({code for code, _ in s.by_code})
    severities = [(v, f"有{value_word('severity', v)}") for v in _SEVERITIES] + [("none", "无发现")]
    return _tag(
        "div",
        _select("f-sev", "严重程度", severities)
        + _select("f-code", "问题", [(c, f"{code_info(c).title}（{c}）") for c in codes])
        + _select("f-grade", "等级", [*((g, g) for g in _GRADES), ("none", "未评定")])
        + '<label for="f-text">搜索</label>'
        + '<input type="search" id="f-text" placeholder="项目名称、部门、文件、表编号">'
        + '<button type="button" id="f-reset">清除筛选</button>'
        + '<button type="button" id="f-open">展开显示的表</button>'
        + '<button type="button" id="f-close">全部收起</button>'
        + '<span id="shown" aria-live="polite"></span>',
        class_="filters", role="search",
    )  # fmt: skip


# ------------------------------------------------------------------ one form


def _kv(rows: Iterable[tuple[str, Any]]) -> str:
    body = "".join(f"<tr><th>{e(k)}</th>{_td(v)}</tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _cell_class(findings: list[Finding]) -> str:
    sevs = {f["severity"] for f in findings}
    return next((f"c-{s}" for s in _SEVERITIES if s in sevs), "")


def _on(findings: list[Finding], *fields: str) -> list[Finding]:
    return [f for f in findings if f.get("field") in fields]


def _pair(declared: Any, computed: Any, findings: list[Finding], note: str = _ACCEPTED) -> str:
    """Declared and computed cells side by side; a finding colours the declared one, a difference
    without a finding of its own is underlined with `note` saying why it is not one."""
    cls, title = _cell_class(findings), ""
    if not cls and declared not in (None, "") and computed not in (None, "") and declared != computed:
        cls, title = "near", note
    return _td(declared, f"num {cls}".strip(), title) + _td(computed, "num")


def _funds_html(doc: dict[str, Any], findings: list[Finding]) -> str:
    money = [
        f"<tr><th>{e(name)}</th>"
        + "".join(
            _td(doc.get(p + c), f"num {_cell_class(_on(findings, p + c))}".strip()) for c in _FUNDS_COLS
        )
        + "</tr>"
        for p, name in _FUNDS_ROWS
    ]
    rate = _pair(doc.get("execution_rate_declared"), doc.get("execution_rate_computed"),
                 _on(findings, "execution_rate_declared"))  # fmt: skip
    score = _pair(doc.get("execution_score_declared"), doc.get("execution_score_computed"),
                  _on(findings, "execution_score_declared"))  # fmt: skip
    weight = _td(doc.get("funds_weight"), f"num {_cell_class(_on(findings, 'funds_weight'))}".strip())
    return (
        "<h3>项目资金（万元）</h3>"
        + _table(["", *(f"#{label('forms', c).split('（')[0]}" for c in _FUNDS_COLS)], money)
        + _table(["#分值", "#执行率（填报，%）", "#执行率（核算，%）", "#得分（填报）", "#得分（核算）"],
                 [f"<tr>{weight}{rate}{score}</tr>"])
    )  # fmt: skip


_IND_HEAD = [
    "#序号", "一级指标", "二级指标", "三级指标", "性质", "年度指标值", "单位", "实际完成值",
    "#实际值", "#分值", "#得分（填报）", "#得分（核算）", "偏差原因分析及改进措施",
]  # fmt: skip


def _converted(ind: dict[str, Any]) -> str:
    """The target as written, and what it is in the canonical unit when the unit was converted
    (7578290 元 -> 757.829 万元), so that the row reads in one unit."""
    text = e(ind.get("target_text"))
    unit, raw = ind.get("unit") or "", ind.get("unit_raw") or ""
    if ind.get("target_value") not in (None, "") and unit and raw and unit != raw:
        text += "<br>" + _tag("span", e(f"（{raw}，折合{ind['target_value']}{unit}）"), class_="muted")
    return text


def _indicator_row(ind: dict[str, Any], found: list[Finding]) -> str:
    row_cls = next((f"r-{s}" for s in _SEVERITIES if s in {f["severity"] for f in found}), "")
    cells = [
        _td(ind.get("seq"), "num"),
        _td(ind.get("level1")),
        _td(ind.get("level2")),
        _td(ind.get("name")),
        _td(value_word("nature", ind.get("nature") or "")),
        _tag("td", _converted(ind), class_=_cell_class(_on(found, "target_value", "target_text"))),
        _td(ind.get("unit")),
        _td(ind.get("actual_text"), _cell_class(_on(found, "actual_text", "actual_grade"))),
        _td(ind.get("actual_value"), f"num {_cell_class(_on(found, 'actual_value'))}".strip()),
        _td(ind.get("weight"), f"num {_cell_class(_on(found, 'weight'))}".strip()),
        _pair(ind.get("score_declared"), ind.get("score_computed"), _on(found, "score_declared")),
        _td(ind.get("deviation_note"), _cell_class(_on(found, "deviation_note"))),
    ]
    return _tag("tr", "".join(cells), class_=row_cls)


def _indicators_html(doc: dict[str, Any], by_seq: dict[int, list[Finding]]) -> str:
    rows = [_indicator_row(ind, by_seq.get(ind.get("seq"), [])) for ind in doc.get("indicators", [])]
    if not rows:
        return '<h3>绩效指标</h3><p class="empty">未识别到绩效指标。</p>'
    return "<h3>绩效指标</h3>" + _tag("div", _table(_IND_HEAD, rows), class_="scroll")


def _totals_html(doc: dict[str, Any], findings: list[Finding]) -> str:
    score = _pair(doc.get("total_score_declared"), doc.get("total_score_computed"),
                  _on(findings, "total_score_declared"), note=_TOTAL_NOTE)  # fmt: skip
    weight_cls = _cell_class(_on(findings, "total_weight_declared", "weight"))
    convention = value_word("rounding_convention", doc.get("rounding_convention") or "")
    row = (
        _td(doc.get("total_weight_declared"), f"num {weight_cls}".strip()) + score
        + _td(doc.get("grade_computed")) + _td(convention) + _td(doc.get("rules_profile"))
    )  # fmt: skip
    head = ["#分值（填报）", "#得分（填报）", "#得分（核算）", "等级（核算）", "取舍方式", "评分规则"]
    return "<h3>总分</h3>" + _table(head, [f"<tr>{row}</tr>"])


def _value(doc: dict[str, Any], field: str, seq: int | None) -> Any:
    if seq is None:
        return doc.get(field)
    ind = next((i for i in doc.get("indicators", []) if i.get("seq") == seq), None)
    if ind is None:
        return None
    raw = ind.get(f"{field}_raw")  # the cell as written (level1_raw), where the value was normalized
    return raw if raw not in (None, "") else ind.get(field)


def _table_source(doc: dict[str, Any], f: Finding) -> str:
    """Where there is no page image (DOCX, XLSX, OFD): the cells the finding is about as the form
    was reconstructed, its own cell outlined, with the sheet/cell reference where there is one."""
    field, seq = f.get("field") or "", f.get("seq")
    if not field:
        return ""
    provenance = {(p.get("field"), p.get("seq")): p for p in doc.get("provenance", [])}
    cells: list[tuple[str, int | None]] = [(field, seq)]
    for name in code_info(f["code"]).rests_on:
        scope, _, other = name.rpartition(".")
        cell = (other, seq if scope == "row" else None)
        if scope != "indicators" and cell not in cells and (scope != "row" or seq is not None):
            cells.append(cell)
    table = "indicators" if seq is not None else "forms"
    head = "".join(_tag("th", e(label("indicators" if s is not None else "forms", c))) for c, s in cells)
    body = "".join(
        _tag("td", e(_value(doc, c, s)), class_="target" if (c, s) == (field, seq) else "") for c, s in cells
    )
    ref = (provenance.get((field, seq)) or {}).get("ref")
    page = (provenance.get((field, seq)) or {}).get("page")
    where = f"单元格 {ref}" if ref else (f"第{page}页" if page is not None else "原文件中的表格")
    caption = f"重建的表格（{sheet_title(table)}），红框为本条所指单元格；位置：{where}"
    return _tag(
        "figure",
        _tag("table", f"<thead><tr>{head}</tr></thead><tbody><tr>{body}</tr></tbody>")
        + _tag("figcaption", e(caption)),
        class_="crop table-crop", data_ref=ref or "",
    )  # fmt: skip


def _crop(doc: dict[str, Any], f: Finding, name: str, crops: dict[str, Any]) -> str:
    """The crop of the page around the finding's cell (crops/<form_id>/<name>.png), or the
    reconstructed table where the form has no page image."""
    meta = crops.get(name)
    if not isinstance(meta, dict):
        return _table_source(doc, f)
    try:
        box = [int(v) for v in meta["box"]]
        size = [int(v) for v in meta["size"]]
        origin = [int(v) for v in meta["origin"]]
        page, dpi = int(meta["page"]), int(meta["dpi"])
    except (KeyError, TypeError, ValueError):
        return _table_source(doc, f)
    unit = "像素" if meta.get("unit") == "pixels" else "磅"
    caption = f"原件第{page}页（{dpi} dpi），红框为本条所指单元格，蓝框为其计算依据"
    img = (
        f'<img src="crops/{e(doc.get("form_id"))}/{e(name)}.png" width="{size[0]}" height="{size[1]}" '
        f'loading="lazy" alt="{e(caption)}" data-box="{e(",".join(map(str, box)))}" '
        f'data-origin="{e(",".join(map(str, origin)))}" data-unit="{e(unit)}">'
    )
    return _tag("figure", img + _tag("figcaption", e(caption)), class_="crop")


def _finding_item(doc: dict[str, Any], f: Finding, names: dict[int, str], n: int, crop: str) -> str:
    seq = f.get("seq")
    place = f"第{seq}项指标“{names.get(seq, '')}”" if seq is not None else "表级"
    meta = [place]
    if f.get("declared") not in (None, ""):
        meta.append(f"填报：{f['declared']}")
    if f.get("expected") not in (None, ""):
        meta.append(f"应为：{f['expected']}")
    meta.append(f"来源：{_source(doc, f)}")
    if f.get("confidence") is not None:
        meta.append(f"识别置信度：{float(f['confidence']):.2f}")
    info = code_info(f["code"])
    if info.action:
        meta.append(f"建议：{info.action}")
    if f.get("review_status"):
        note = f"（{f['review_note']}）" if f.get("review_note") else ""
        meta.append(f"审核：{f['review_status']}{note}，{f.get('reviewed_at') or ''}")
    title = _tag("b", e(info.title)) + " " + _tag("span", e(f["code"]), class_="muted")
    body = f"{_sev_badge(f['severity'])} {title}<br>{e(f.get('message') or '')}"
    text = _tag("div", body + _tag("div", e("；".join(meta)), class_="meta"), class_="text")
    return _tag(
        "li",
        text + crop,
        class_=f"f-{f['severity']}",
        data_n=n,
        id=f"f-{doc.get('form_id')}-{n}",
    )


def _findings_html(doc: dict[str, Any], names: dict[int, str], crops: dict[str, Any]) -> str:
    numbered = sorted(enumerate(doc.get("anomalies", [])), key=lambda nf: _sev_rank(nf[1]["severity"]))
    if not numbered:
        return '<h3>核查发现</h3><p class="empty">未发现问题。</p>'
    files = crop_names(doc)
    items = (_finding_item(doc, f, names, n, _crop(doc, f, files[n], crops)) for n, f in numbered)
    return "<h3>核查发现</h3>" + _tag("ul", "".join(items), class_="findings")


def _form_summary(doc: dict[str, Any], index: int, sevs: list[str], findings: list[Finding]) -> str:
    counts = "".join(
        _sev_badge(s, f"{value_word('severity', s)} {sum(1 for f in findings if f['severity'] == s)}")
        for s in sevs
    ) or _sev_badge("none", "无发现")
    return _tag(
        "summary",
        _tag("span", f"{index}.", class_="muted") + " "
        + _tag("span", e(doc.get("project_name") or "（未识别项目名称）"), class_="name")
        + _tag("span", e(doc.get("grade_computed") or "未评定"), class_="grade")
        + _tag("span", e(f"核算总分 {doc.get('total_score_computed') or '—'}"), class_="muted")
        + counts
        + _tag("span", e(f"{doc.get('department') or ''} · {doc.get('source_file') or ''} {_pages(doc)}"),
               class_="where"),
    )  # fmt: skip


def _form_html(doc: dict[str, Any], index: int, crops: dict[str, Any] | None = None) -> str:
    findings: list[Finding] = doc.get("anomalies", [])
    by_seq: dict[int, list[Finding]] = {}
    for f in findings:
        if f.get("seq") is not None:
            by_seq.setdefault(f["seq"], []).append(f)
    form_level = [f for f in findings if f.get("seq") is None]
    names = {i.get("seq"): i.get("name") or i.get("name_raw") or "" for i in doc.get("indicators", [])}
    sevs = sorted({f["severity"] for f in findings}, key=_sev_rank)
    search_fields = ("project_name", "department", "implementing_unit", "source_file", "form_id", "year")
    info = _kv([
        ("表编号", doc.get("form_id")), ("来源文件", doc.get("source_file")), ("页码", _pages(doc) or "—"),
        ("读取方式", doc.get("method")), ("年度", doc.get("year")), ("项目名称", doc.get("project_name")),
        ("主管部门", doc.get("department")), ("实施单位", doc.get("implementing_unit")),
    ])  # fmt: skip
    goals = _kv([("预期目标", doc.get("goal_expected")), ("实际完成情况", doc.get("goal_actual"))])
    body = (
        _findings_html(doc, names, crops or {})
        + _tag("div", _tag("div", "<h3>基本信息</h3>" + info) + _tag("div", "<h3>年度总体目标</h3>" + goals),
               class_="grid2")
        + _funds_html(doc, form_level) + _indicators_html(doc, by_seq) + _totals_html(doc, form_level)
    )  # fmt: skip
    return _tag(
        "details",
        _form_summary(doc, index, sevs, findings) + _tag("div", body, class_="body"),
        class_="form",
        id=f"form-{doc.get('form_id', index)}",
        data_sev=" ".join(sevs),
        data_codes=" ".join(sorted({f["code"] for f in findings})),
        data_grade=doc.get("grade_computed") or "none",
        data_text=" ".join(str(doc.get(k) or "") for k in search_fields).lower(),
    )


# ------------------------------------------------------------------ the page


def _head(s: RunSummary) -> str:
    css = (_ASSETS / "report.css").read_text(encoding="utf-8")
    sheets = "、".join(sheet_title(t) for t in ("forms", "indicators", "anomalies", "manifest"))
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,"><title>项目支出绩效自评表核查报告</title>'
        f"<style>{css}</style></head><body>"
        + _tag("header", "<h1>项目支出绩效自评表核查报告</h1>"
               + _tag("p", e(f"共 {s.files} 个文件、{s.forms} 张自评表；"
                             f"数据表见同目录 dataset.xlsx（{sheets}）。")),
               class_="top")
    )  # fmt: skip


REPORT_INDEX = ".report-index.json"
"""Where each form's part of report.html lies in it: {"renderer": …, "parts": {key: [offset,
length, sha256 of the part]}}."""


@cache
def _renderer() -> str:
    """What a form's part depends on besides the form: this renderer, the words and codes it
    shows (score/columns.toml, codes/codes.toml) and the crop names."""
    digest = hashlib.sha256(version("evalforms").encode())
    for module in (__file__, crops_module.__file__, vocab.__file__, codes.__file__):
        folder = Path(module).parent
        for path in (Path(module), *sorted(folder.glob("*.toml"))):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _part_key(index: int, data: bytes, crops: bytes) -> str:
    digest = hashlib.sha256(f"{_renderer()}|{index}|{len(data)}|".encode())
    digest.update(data)
    digest.update(crops)
    return digest.hexdigest()


def _crops_of(raw: bytes) -> dict[str, Any]:
    """A form's crop index (publish/crops.py) from its bytes; {} when it has none or is not one."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _read_or_empty(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


class _Previous:
    """The form parts of the previous report.html, each checked against its recorded hash."""

    def __init__(self, folder: Path | None) -> None:
        self.parts: dict[str, list[Any]] = {}
        self.handle: IO[bytes] | None = None
        if folder is None:
            return
        try:
            index = json.loads((folder / REPORT_INDEX).read_bytes())
            st = os.lstat(folder / "report.html")
            if not stat.S_ISREG(st.st_mode) or index.get("renderer") != _renderer():
                return
            parts = index["parts"]
            if not isinstance(parts, dict):
                return
            self.handle = (folder / "report.html").open("rb")
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return
        self.parts = parts

    def part(self, key: str) -> bytes | None:
        found = self.parts.get(key)
        if self.handle is None or not isinstance(found, list) or len(found) != 3:
            return None
        try:
            offset, length, sha = int(found[0]), int(found[1]), str(found[2])
            self.handle.seek(offset)
            data = self.handle.read(length)
        except (OSError, ValueError, TypeError, OverflowError):
            return None
        return data if len(data) == length and hashlib.sha256(data).hexdigest() == sha else None

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


def _write_page(out: IO[bytes], staging_dir: Path, s: RunSummary, previous: Path | None = None) -> None:
    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    write(_head(s) + "<main>" + _summary_html(s))
    write(f'<section id="forms"><h2>自评表（{s.forms}）</h2>{_filters_html(s)}')
    write('<p id="no-match" class="empty" hidden>没有符合筛选条件的自评表。</p>')
    parts: dict[str, list[Any]] = {}
    held = _Previous(previous)
    try:
        for index, form_id in enumerate(s.form_ids, start=1):
            path = staging_dir / "forms" / f"{form_id}.json"
            if not path.exists():
                continue
            data = path.read_bytes()
            crops = _read_or_empty(staging_dir / "crops" / form_id / CROPS_INDEX)
            key = _part_key(index, data, crops)
            part = held.part(key)
            if part is None:
                part = _form_html(json.loads(data), index, _crops_of(crops)).encode("utf-8")
            parts[key] = [out.tell(), len(part), hashlib.sha256(part).hexdigest()]
            out.write(part)
    finally:
        held.close()
    js = (_ASSETS / "report.js").read_text(encoding="utf-8")
    write(f"</section></main><script>{js}</script></body></html>\n")
    index_json = json.dumps({"renderer": _renderer(), "parts": parts}, separators=(",", ":"))
    (staging_dir / REPORT_INDEX).write_text(index_json, encoding="utf-8")


def write_report(staging_dir: Path, previous: Path | None = None) -> None:
    """A RunOutput finisher: builds report.html from the staged tables and forms, reusing the
    parts of unchanged forms from the report of the `previous` output folder."""
    staging_dir = Path(staging_dir)
    summary = summarize(staging_dir)
    with (staging_dir / "report.html").open("wb") as out:
        _write_page(out, staging_dir, summary, Path(previous) if previous is not None else None)
