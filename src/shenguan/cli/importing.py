"""`shenguan import`: read a provincial 实施清单 workbook or national exchange tables into the catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, plain_format_option

FORMATS = {"text": "核对报告（终端文本）", "json": "一个 JSON 文档"}


def import_(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="实施清单工作簿（.xlsx/.xls/.ods）、CSV（UTF-8 或 GBK）或国家交换表的 CSV/JSON 导出",
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只打印核对报告，不写入任何文件")
    ] = False,
    mapping: Annotated[
        str | None,
        typer.Option(
            "--mapping",
            metavar="FILE",
            help="YAML 映射文件：本省表头 → 识别的表头，本省取值 → 代码表标签",
        ),
    ] = None,
    skip_bad_rows: Annotated[
        bool,
        typer.Option("--skip-bad-rows", help="跳过无法读取的行（逐行列在报告中），导入其余的行"),
    ] = False,
    fmt: Annotated[
        str,
        plain_format_option(FORMATS),
    ] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> int:
    """导入省级事项库导出的实施清单：新增事项、按字段更新已有事项，并打印核对报告。

    示例：shenguan import 实施清单.xlsx --dry-run；shenguan import basic.csv material.csv
    """
    apply_lang(lang)
    from pathlib import Path

    from shenguan.render import importout
    from shenguan.workflows.exchange.importer import run_import

    root = catalog_root(ctx, catalog)
    report = run_import(
        root,
        [Path(f) for f in files],
        dry_run=dry_run,
        mapping=Path(mapping) if mapping else None,
        skip_bad_rows=skip_bad_rows,
    )
    if fmt == "json":
        importout.emit_json(report)
    else:
        importout.emit_text(report)
    return report.exit_code


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
