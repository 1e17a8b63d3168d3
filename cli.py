"""The `evalforms` command."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

import pipeline


@click.group(help="项目支出绩效自评表：从 PDF / Word 提取、校验并输出结构化数据。")
def main() -> None:
    pass


@main.command(help="处理 INPUT（文件或文件夹，递归查找 .pdf / .docx），结果写入 --out 文件夹。")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=False))
@click.option("--out", "out", required=True, type=click.Path(file_okay=False), help="输出文件夹")
def run(inputs: tuple[str, ...], out: str) -> None:
    missing = [i for i in inputs if not Path(i).exists()]
    if missing:
        raise click.UsageError("输入不存在：" + "、".join(missing))
    entries = pipeline.run(inputs, Path(out))
    status = Counter(e.status for e in entries)
    forms = sum(e.forms_found for e in entries)
    click.echo(
        f"完成：{len(entries)} 个文件，{forms} 张表；"
        + "，".join(f"{k} {v}" for k, v in sorted(status.items()))
        + f"。结果在 {out}",
        err=not sys.stdout.isatty(),
    )
