"""`shenguan report`: the figures the reform office reports monthly and quarterly (一(一), 一(四))."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option


def _date(value: str | None, option: str) -> dt.date | None:
    from shenguan.errors import UsageError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} 的日期 {value!r} 不正确", "请写成 YYYY-MM-DD，例如 2026-11-01"
        ) from None


def _check_output(fmt: str, output: Path | None) -> None:
    from shenguan.cli.export import check_output
    from shenguan.errors import UsageError

    check_output(output, False, "")
    if fmt == "text" and output is not None:
        raise UsageError("文本格式只输出到终端", "写入文件请用 --format md、html 或 json")


def report(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="YYYY-MM-DD", help="统计期起点（默认：本月 1 日）"),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="YYYY-MM-DD", help="统计期终点（默认：今天）")
    ] = None,
    fmt: Annotated[str, format_option("report")] = "text",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="写入该文件（md、html、json）"),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不使用缓存（缓存按内容寻址，不会改变结果）")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="允许覆盖已有的输出文件")] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """统计报告：审改办每月、每季度报送的数字。

    按部门、类型、状态计数；划转比例；承诺时限压缩；大厅与全程网办覆盖；审批标准、联络员与推送约定覆盖；统计期内（据 git 历史）新增、取消、划转的事项和合法性审查用时。

    示例：shenguan report --since 2026-11-01 --until 2026-11-30；shenguan report --format html -o 11月统计.html
    """
    apply_lang(lang)
    start, end = _date(since, "--since"), _date(until, "--until")
    _check_output(fmt, output)
    from shenguan.cli.export import emit
    from shenguan.export.core import report as build_report
    from shenguan.render.progress import progress

    bar = progress("正在统计")
    try:
        data = build_report(
            catalog_root(ctx, catalog), start, end, use_cache=not no_cache, tick=bar
        )
    finally:
        bar.close()
    from shenguan.render.registry import get

    shown = get("report", fmt)(data)
    if shown is not None:  # the terminal text prints itself; the documents are bytes
        emit(shown, output, "统计报告", catalog_root(ctx, catalog), force)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
