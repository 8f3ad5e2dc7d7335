"""`shenguan export public | guide | changes | exchange`: the public list, service guides, change
announcements, and the national exchange tables for the provincial 事项库."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option

OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="写入该文件（默认：标准输出）")
]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="不使用缓存（缓存按内容寻址，不会改变结果）")
]
RevOpt = Annotated[
    str | None,
    typer.Option("--rev", metavar="REV", help="导出某个 git 版本（提交、标签或分支）中的目录"),
]

export_app = typer.Typer(
    help="导出公开事项清单、办事指南和调整公告（只含公开字段）。",
    no_args_is_help=True,
    rich_markup_mode=None,
)


ForceOpt = Annotated[
    bool, typer.Option("--force", help="允许覆盖已有的输出文件，或写入非空的输出文件夹")
]


def emit(
    data: bytes, output: Path | None, what: str, root: Path | None = None, force: bool = False
) -> None:
    """Bytes to the file (atomically) or to stdout; a note of what was written goes to stderr."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from shenguan.export.output import check_file
    from shenguan.render.console import err, line
    from shenguan.yamlio import atomic_write

    check_file(output, root, force, data)
    atomic_write(output, data)
    err().print(line(f"已写入 {output}（{what}）"))


def check_output(output: Path | None, binary: bool, example: str) -> None:
    from shenguan.errors import UsageError

    if output is None and binary:
        raise UsageError(
            "XLSX 是二进制文件，不能输出到终端或管道", f"请用 -o 指定文件，例如：{example}"
        )
    if output is not None and output.is_dir():
        raise UsageError(f"{output} 是文件夹", "请用 -o 指定一个文件路径")


@export_app.command("public")
def public(
    ctx: typer.Context,
    fmt: Annotated[str, format_option("public list")] = "csv",
    output: OutputOpt = None,
    rev: RevOpt = None,
    every_status: Annotated[
        bool,
        typer.Option("--all-status", help="也导出已取消、待承接的事项（默认只导出在用、暂停）"),
    ] = False,
    no_cache: NoCacheOpt = False,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出公开事项清单：只含结构中标为公开的字段，按部门和基本编码排序，相同输入得到相同字节。

    示例：shenguan export public --format xlsx -o 事项清单.xlsx；shenguan export public --format csv > 事项清单.csv
    """
    apply_lang(lang)
    check_output(output, fmt == "xlsx", "shenguan export public --format xlsx -o 事项清单.xlsx")
    from shenguan.export.core import public as build_public
    from shenguan.render.progress import progress

    root = catalog_root(ctx, catalog)
    bar = progress("正在读取目录")
    try:
        data = build_public(
            root, fmt, rev=rev, every_status=every_status, use_cache=not no_cache, tick=bar
        )
    finally:
        bar.close()
    emit(data, output, f"{len(data)} 字节", root, force)


@export_app.command("guide")
def guide(
    ctx: typer.Context,
    code: Annotated[
        str | None, typer.Argument(metavar="CODE", help="事项基本编码（12 位）")
    ] = None,
    fmt: Annotated[str, format_option("guide")] = "html",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE|DIR", help="写入该文件；与 --all 同用时为文件夹"
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help="为每个在用事项各生成一份指南，并生成目录页")
    ] = False,
    rev: RevOpt = None,
    no_cache: NoCacheOpt = False,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出办事指南（行政许可法第三十条要求公示的内容），只含公开字段。

    示例：shenguan export guide 000172013000 --format md；shenguan export guide --all --format html -o 指南/
    """
    apply_lang(lang)
    _check_guide_args(code, every, output)
    from shenguan.export import core
    from shenguan.export.output import check_folder
    from shenguan.render import guideout
    from shenguan.render.progress import progress

    root = catalog_root(ctx, catalog)
    if every and output is not None:
        check_folder(output, root, force)
    bar = progress("正在生成办事指南")
    try:
        loaded = core.load(root, rev, use_cache=not no_cache, tick=bar if every else None)
        if not every:
            emit(guideout.one(loaded, str(code), fmt), output, f"事项 {code}", root, force)
            return
        files = guideout.every(loaded, fmt, tick=bar)
    finally:
        bar.close()
    assert output is not None
    _write_all(output, files)


def _check_guide_args(code: str | None, every: bool, output: Path | None) -> None:
    from shenguan.errors import UsageError

    if every == (code is not None):
        raise UsageError(
            "请给出一个事项编码，或使用 --all（二者选一）",
            "例如：shenguan export guide 000172013000，或 shenguan export guide --all -o 指南/",
        )
    if every and output is None:
        raise UsageError(
            "--all 需要用 -o 指定输出文件夹", "例如：shenguan export guide --all -o 指南/"
        )
    if every and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{output} 不是文件夹", "--all 的 -o 应为文件夹（不存在时会新建）")
    if not every and output is not None and output.is_dir():
        raise UsageError(f"{output} 是文件夹", "请用 -o 指定一个文件路径")


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    from shenguan.export.core import write_files
    from shenguan.render.console import err, line

    write_files(folder, files)
    err().print(line(f"已写入 {folder}：{len(files) - 1} 份办事指南和 1 个目录页"))


@export_app.command("changes")
def changes(
    ctx: typer.Context,
    base: Annotated[str, typer.Argument(metavar="BASE", help="较早的版本（提交、标签或分支）")],
    head: Annotated[
        str | None, typer.Argument(metavar="HEAD", help="较新的版本（默认：工作区）")
    ] = None,
    fmt: Annotated[str, format_option("changes")] = "md",
    output: OutputOpt = None,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出两个版本之间事项目录的调整公告：新增、取消、调整事项及其依据文件，只含公开字段。

    示例：shenguan export changes catalog-2026.10.31 catalog-2026.11.28 --format md -o 调整公告.md
    """
    apply_lang(lang)
    check_output(output, False, "")
    from shenguan.export.changesload import build
    from shenguan.render.registry import get

    root = catalog_root(ctx, catalog)
    announcement = build(root, base, head)
    emit(
        get("changes", fmt)(announcement), output, f"{len(announcement.items)} 项调整", root, force
    )


EXCHANGE_FORMATS = {
    "xlsx": "Excel 工作簿，每张表一个工作表，另附“字段说明”",
    "csv": "文件夹，每张表一个 UTF-8（带 BOM）CSV 文件，另附 字段说明.csv",
    "json": "一个 JSON 文档，每张表一个键",
}


def _exchange_format(value: str) -> str:
    from shenguan.errors import UsageError

    if value not in EXCHANGE_FORMATS:
        raise UsageError(f"不支持的输出格式 {value}", f"可选：{'、'.join(EXCHANGE_FORMATS)}")
    return value


@export_app.command("exchange")
def exchange(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="|".join(EXCHANGE_FORMATS),
            help="输出格式："
            + "；".join(f"{name}（{text}）" for name, text in EXCHANGE_FORMATS.items()),
            callback=_exchange_format,
        ),
    ] = "xlsx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE|DIR",
            help="写入该文件；csv 为文件夹（不存在时新建）；json 默认输出到标准输出",
        ),
    ] = None,
    rev: RevOpt = None,
    no_cache: NoCacheOpt = False,
    force: ForceOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出国家政务服务事项交换表（基本信息、扩展信息、材料、收费、常见问题、办理情形），供报送省级事项库。

    每类事项一组表，字段为国家表的列名，取值为代码；业务办理项各占一行；记录标识由事项编码导出，相同输入得到相同字节；
    只含公开字段。示例：shenguan export exchange -o 交换表.xlsx；shenguan export exchange --format csv -o 交换表/
    """
    apply_lang(lang)
    _check_exchange_output(fmt, output)
    from shenguan.export.exchange import export as build_exchange
    from shenguan.render.progress import progress

    root = catalog_root(ctx, catalog)
    if fmt == "csv":
        from shenguan.export.output import check_folder

        assert output is not None
        check_folder(output, root, force)
    bar = progress("正在读取目录")
    try:
        ex = build_exchange(root, rev, use_cache=not no_cache, tick=bar)
    finally:
        bar.close()
    from shenguan.render import exchangeout

    if fmt == "csv":
        from shenguan.export.core import write_files

        assert output is not None
        write_files(output, exchangeout.csv_files(ex))
        from shenguan.render.console import err, line

        err().print(line(f"已写入 {output}：{len(ex.sheets)} 张表和 字段说明.csv"))
    else:
        data = exchangeout.xlsx_workbook(ex) if fmt == "xlsx" else exchangeout.json_document(ex)
        what = f"{len(ex.sheets)} 张表" + ("和字段说明" if fmt == "xlsx" else "")
        emit(data, output, what, root, force)
    _exchange_summary(ex)


def _check_exchange_output(fmt: str, output: Path | None) -> None:
    from shenguan.errors import UsageError

    if fmt == "csv":
        if output is None:
            raise UsageError(
                "CSV 格式每张表一个文件，需要用 -o 指定输出文件夹",
                "例如：shenguan export exchange --format csv -o 交换表/",
            )
        if output.exists() and not output.is_dir() or output.is_symlink():
            raise UsageError(f"{output} 不是文件夹", "CSV 格式的 -o 应为文件夹（不存在时会新建）")
        return
    check_output(output, fmt == "xlsx", "shenguan export exchange --format xlsx -o 交换表.xlsx")


def _exchange_summary(ex: Any) -> None:
    """Rows per table and the NOT NULL columns left empty, on stderr (stdout may hold the JSON)."""
    from shenguan.export.exchange import gaps
    from shenguan.render.console import err, line
    from shenguan.render.safe import visible

    filled = [f"{s.name} {len(s.rows)}" for s in ex.sheets if s.rows]
    err().print(line("各表行数：" + "，".join(filled)))
    by_table: dict[str, list[str]] = {}
    for table, column, label, count in gaps(ex):
        by_table.setdefault(table, []).append(f"{column}（{visible(label)}）{count} 行")
    if by_table:
        err().print(
            line("注意：以下必填列有空值，请在目录中补齐对应字段，或与省级事项库确认可否为空：")
        )
        for table, found in by_table.items():
            err().print(line(f"  {table}：" + "，".join(found)))


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
