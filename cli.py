"""The `evalforms` command."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

import pipeline
from batch.errors import ExitCode, RunError
from batch.outdir import MARKER
from batch.progress import Progress
from batch.terminal import escape_controls, table
from batch.workers import DEFAULT_MAX_MEMORY_MB, Limits
from codes import code_info
from publish.serialize import csv_cell, form_document
from score.profile import ProfileError, available_profiles
from score.select import load_rules

_SEVERITY_RANK = {"error": 2, "warning": 1}
_OCR_OPTION = click.option(
    "--ocr",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="PDF 页面何时用 OCR 识别：auto 为没有可用文字层的页面（扫描件）",
)
_PDF_READER_OPTION = click.option(
    "--pdf-reader",
    type=click.Choice(["pdfium", "pdfplumber"]),
    default="pdfium",
    show_default=True,
    help="读取 PDF 文字层的方式：pdfium（快），或 pdfplumber（参照实现，结果相同）",
)
_NATURE_SIGN = {"ge": "≥", "le": "≤", "eq": "=", "gt": ">", "lt": "<", "qualitative": "定性"}


def _indicator_cells(i: dict[str, object]) -> list[str]:
    target = i["target_value"] if i["target_value"] is not None else i["target_text"]
    reading = i["actual_value"] if i["actual_value"] is not None else i["actual_grade"]
    values = [i["seq"], i["level1"], i["level2"], i["name"], _NATURE_SIGN.get(str(i["nature"]), ""), target]
    values += [i["unit"], i["actual_text"], reading, i["weight"], i["score_declared"], i["score_computed"]]
    return [csv_cell(v) for v in values]


@click.group(help="项目支出绩效自评表：从 PDF / Word 提取、校验并输出结构化数据。")
@click.version_option(package_name="evalforms")
def main() -> None:
    pass


def _check_rules(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        load_rules(value)
    except ProfileError as e:
        names = "、".join(available_profiles())
        detail = f"：{e}" if Path(value).suffix == ".toml" else ""
        raise click.BadParameter(
            f"无法使用评分规则“{value}”{detail}（可用：{names}，auto，或一个 .toml 文件路径）"
        ) from e
    return value


@main.command(help="处理 INPUT（文件或文件夹；其中每个文件都列入 manifest.csv），结果写入 --out 文件夹。")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="输出文件夹")
@click.option(
    "--rules",
    default="default",
    show_default=True,
    callback=_check_rules,
    help="评分规则：名称、.toml 文件，或 auto（按各表写明的评分标准选用）",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True, help="并行进程数"
)
@click.option("--force", is_flag=True, help="忽略上次运行的结果，全部重新处理")
@_OCR_OPTION
@_PDF_READER_OPTION
@click.option(
    "--min-confidence",
    type=click.FloatRange(0, 1),
    default=pipeline.LOW_CONFIDENCE_THRESHOLD,
    show_default=True,
    help="OCR 识别置信度低于此值的单元格报告 LOW_CONFIDENCE",
)
@click.option(
    "--timeout", type=click.FloatRange(min=1), default=600, show_default=True, help="单个文件的时限（秒）"
)
@click.option(
    "--max-pages",
    type=click.IntRange(min=1),
    default=pipeline.DEFAULT_MAX_PAGES,
    show_default=True,
    help="单个 PDF 的页数上限",
)
@click.option(
    "--max-memory",
    type=click.IntRange(min=0),
    default=DEFAULT_MAX_MEMORY_MB,
    show_default=True,
    help="处理单个文件时进程的内存上限（实际占用 RSS，MB；0 为不限）",
)
@click.option(
    "--cluster",
    metavar="ADDRESS",
    help="在 Dask 集群上运行：调度器地址（tcp://主机:8786），或 local 在本机启动 --jobs 个工作进程",
)
@click.option(
    "--fail-on", type=click.Choice(["error", "warning"]), help="存在该级别（或更严重）的问题时以状态 1 退出"
)
def run(
    inputs: tuple[str, ...],
    out: str,
    rules: str,
    jobs: int,
    force: bool,
    ocr: str,
    pdf_reader: str,
    min_confidence: float,
    timeout: float,
    max_memory: int,
    max_pages: int,
    cluster: str | None,
    fail_on: str | None,
) -> None:
    settings = pipeline.Settings(
        rules=rules,
        jobs=jobs,
        force=force,
        limits=Limits(timeout=timeout, max_memory_mb=max_memory),
        max_pages=max_pages,
        ocr=ocr,  # type: ignore[arg-type]
        pdf_reader=pdf_reader,  # type: ignore[arg-type]
        min_confidence=min_confidence,
        cluster=cluster,
    )
    progress = Progress()
    try:
        with _terminated_as_interrupt():
            summary = pipeline.run(inputs, Path(out), settings, on_file=progress, warn=_warn)
    except RunError as e:
        progress.close()
        _say(f"错误：{e.message}")
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        progress.close()
        _say(f"已中断：本次结果未写入 {out}，上一次的结果保持不变；重新运行会从已完成的文件继续。")
        sys.exit(ExitCode.interrupted)
    except Exception as e:
        progress.close()
        _say(f"程序内部错误（{type(e).__name__}: {e}）；上一次的结果保持不变。{_crash_log(e)}")
        sys.exit(ExitCode.internal)
    progress.close()
    if not summary.files:
        _say("没有找到任何文件：给出的文件夹是空的。")
    status = "，".join(f"{k} {v}" for k, v in sorted(summary.status.items())) or "无"
    findings = "，".join(f"{k} {v}" for k, v in sorted(summary.severity.items())) or "无"
    _say(
        f"完成：{summary.files} 个文件（{status}），{summary.forms} 张表，问题 {findings}；"
        f"规则 {summary.profile}。结果在 {out}"
    )
    if fail_on:
        threshold = _SEVERITY_RANK[fail_on]
        failing = summary.unreadable + sum(
            n for sev, n in summary.severity.items() if _SEVERITY_RANK.get(sev, 0) >= threshold
        )
        if failing:
            sys.exit(ExitCode.findings)


def _say(text: str) -> None:
    click.echo(escape_controls(text), err=True)


def _crash_log(error: BaseException) -> str:
    """The traceback in a file of its own, for the maintainers: users see one line, not a trace."""
    import tempfile
    import traceback

    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="evalforms-crash-", suffix=".txt", delete=False, encoding="utf-8"
        ) as f:
            f.write("".join(traceback.format_exception(error)))
        return f"详细信息已写入 {f.name}，请将其报告给 evalforms 维护者。"
    except OSError:
        return "请将此信息报告给 evalforms 维护者。"


def _warn(text: str) -> None:
    _say(f"注意：{text}")


@contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler's stop, `kill`) ends the run as Ctrl-C does: workers stopped, the
    staging folder removed, the previous results left as they were."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command(help="在终端查看一个文件的表、指标与问题（不写任何文件）。")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_OCR_OPTION
@_PDF_READER_OPTION
@click.option(
    "--rules",
    default="default",
    show_default=True,
    callback=_check_rules,
    help="评分规则：名称、.toml 文件，或 auto（按各表写明的评分标准选用）",
)
def inspect(file: str, rules: str, ocr: str, pdf_reader: str) -> None:
    settings = pipeline.Settings(rules=rules, ocr=ocr, pdf_reader=pdf_reader)  # type: ignore[arg-type]
    result = pipeline.process_file(pipeline.InputFile(Path(file), file), settings)
    e = result.entry
    _out(f"{e.source_file}：{e.status}，{e.method or '-'}，{e.pages or '-'} 页，{e.forms_found} 张表")
    if e.error_code or e.error_message:
        _out(f"  {e.error_code or ''} {e.error_message}")
    for form in result.forms:
        doc = form_document(form)
        pages = f"第 {doc['page_start']}–{doc['page_end']} 页" if doc["page_start"] else ""
        click.echo()
        _out(f"== {doc['form_id']} {doc['project_name']} {pages}")
        fields = [
            ("主管部门", "department"), ("实施单位", "implementing_unit"), ("年度", "year"),
            ("全年预算数", "budget_full_year"), ("全年执行数", "executed"),
            ("执行率 申报/计算", ("execution_rate_declared", "execution_rate_computed")),
            ("资金得分 申报/计算", ("execution_score_declared", "execution_score_computed")),
            ("总分 申报/计算", ("total_score_declared", "total_score_computed")),
            ("等级", "grade_computed"), ("取舍方式", "rounding_convention"), ("评分规则", "rules_profile"),
        ]  # fmt: skip
        for label, key in fields:
            value = (
                " / ".join(csv_cell(doc[k]) for k in key) if isinstance(key, tuple) else csv_cell(doc[key])
            )
            _out(f"  {label}：{value}")
        headers = [
            "序",
            "一级",
            "二级",
            "三级指标",
            "性质",
            "指标值",
            "单位",
            "实际完成值",
            "读数",
            "分值",
            "得分",
            "计算得分",
        ]
        rows = [_indicator_cells(i) for i in doc["indicators"]]
        click.echo("\n" + table(headers, rows, max_col=24))
        if doc["anomalies"]:
            click.echo(
                "\n"
                + table(
                    ["级别", "代码", "名称", "序", "置信度", "说明"],
                    [
                        [
                            a["severity"],
                            a["code"],
                            code_info(a["code"]).title,
                            csv_cell(a["seq"]),
                            "" if a["confidence"] is None else f"{a['confidence']:.2f}",
                            a["message"],
                        ]
                        for a in doc["anomalies"]
                    ],
                    max_col=80,
                )
            )
        else:
            click.echo("\n  未发现问题。")


@main.command(help="在本机浏览器中逐条审核 OUT 的问题（确认、驳回、更正识别错误），结论保存在 OUT 的目录中。")
@click.argument("out", type=click.Path(exists=True, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址（默认只允许本机访问）")
@click.option("--port", default=0, type=click.IntRange(0, 65535), help="端口（默认随机空闲端口）")
@click.option(
    "--export",
    "export",
    type=click.Path(dir_okay=False),
    help="不启动页面，把已确认的问题导出为整改清单 .xlsx",
)
def review(out: str, host: str, port: int, export: str | None) -> None:
    folder = Path(out)
    if not (folder / MARKER).exists() or not (folder / "forms.csv").exists():
        click.echo(
            f"{escape_controls(out)} 不是 evalforms 的输出文件夹"
            f"（请先运行 evalforms run … --out {escape_controls(out)}）。",
            err=True,
        )
        sys.exit(ExitCode.usage)
    try:
        from publish.export import write_export
        from publish.review_app import serve
    except ImportError as e:
        click.echo(f"审核功能需要 starlette 与 uvicorn（pip install 'evalforms[review]'）：{e}", err=True)
        sys.exit(ExitCode.usage)
    try:
        if export:
            n = write_export(folder, Path(export))
            _out(f"整改清单已写入 {export}：{n} 条已确认的问题。")
            return
        serve(folder, host=host, port=port, say=_out)
    except RunError as e:
        click.echo(escape_controls(str(e)), err=True)
        sys.exit(e.exit_code)
    except OSError as e:
        click.echo(f"无法{'写入 ' + escape_controls(export) if export else '启动审核服务'}：{e}", err=True)
        sys.exit(ExitCode.output_failed if export else ExitCode.usage)
    except KeyboardInterrupt:
        pass


def _out(text: str) -> None:
    click.echo(escape_controls(text))
