"""`shenguan export public | guide | changes`: the public list, service guides, change announcements."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Callable, Iterator, Optional

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, check_format

PUBLIC_FORMATS = ("csv", "xlsx", "json", "html", "md")
GUIDE_FORMATS = ("html", "md")
CHANGES_FORMATS = ("md", "html", "json")
Tick = Callable[[int, int], None]

OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help="写入该文件（默认：标准输出）")]
RevOpt = Annotated[Optional[str], typer.Option("--rev", metavar="REV", help="导出某个 git 版本（提交、标签或分支）中的目录")]

export_app = typer.Typer(help="导出公开事项清单、办事指南和调整公告（只含公开字段）。", no_args_is_help=True,
                         rich_markup_mode=None)


@contextmanager
def progress(label: str) -> Iterator[Tick | None]:
    """A progress bar on a terminal; nothing in pipes and CI logs."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    from shenguan.report.console import err

    with Progress(console=err(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick


def emit(data: bytes, output: Path | None, what: str) -> None:
    """Bytes to the file (atomically) or to stdout; a note of what was written goes to stderr."""
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    from shenguan.report.console import err, line
    from shenguan.yamlio import atomic_write

    atomic_write(output, data)
    err().print(line(f"已写入 {output}（{what}）"))


def check_output(output: Path | None, binary: bool, example: str) -> None:
    from shenguan.errors import UsageError

    if output is None and binary:
        raise UsageError("XLSX 是二进制文件，不能输出到终端或管道", f"请用 -o 指定文件，例如：{example}")
    if output is not None and output.is_dir():
        raise UsageError(f"{output} 是文件夹", "请用 -o 指定一个文件路径")


@export_app.command("public")
def public(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="格式：csv、xlsx、json、html、md")] = "csv",
    output: OutputOpt = None,
    rev: RevOpt = None,
    every_status: Annotated[bool, typer.Option("--all-status", help="也导出已取消、待承接的事项（默认只导出在用、暂停）")] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出公开事项清单：只含结构中标为公开的字段，按部门和基本编码排序，相同输入得到相同字节。

    示例：shenguan export public --format xlsx -o 事项清单.xlsx；shenguan export public --format csv > 事项清单.csv
    """
    apply_lang(lang)
    check_format(fmt, PUBLIC_FORMATS)
    check_output(output, fmt == "xlsx", "shenguan export public --format xlsx -o 事项清单.xlsx")
    from shenguan.export.core import public as build_public

    root = catalog_root(ctx, catalog)
    with progress("正在导出事项清单") as tick:
        data = build_public(root, fmt, rev=rev, every_status=every_status, tick=tick)
    emit(data, output, f"{len(data)} 字节")


@export_app.command("guide")
def guide(
    ctx: typer.Context,
    code: Annotated[Optional[str], typer.Argument(metavar="CODE", help="事项基本编码（12 位）")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="格式：html、md")] = "html",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE|DIR",
                                                   help="写入该文件；与 --all 同用时为文件夹")] = None,
    every: Annotated[bool, typer.Option("--all", help="为每个在用事项各生成一份指南，并生成目录页")] = False,
    rev: RevOpt = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """导出办事指南（行政许可法第三十条要求公示的内容），只含公开字段。

    示例：shenguan export guide 000172013000 --format md；shenguan export guide --all --format html -o 指南/
    """
    apply_lang(lang)
    check_format(fmt, GUIDE_FORMATS)
    _check_guide_args(code, every, output)
    from shenguan.export import core, guideout

    loaded = core.load(catalog_root(ctx, catalog), rev)
    if not every:
        emit(guideout.one(loaded, str(code), fmt), output, f"事项 {code}")
        return
    assert output is not None
    with progress("正在生成办事指南") as tick:
        files = guideout.every(loaded, fmt, tick=tick)
    _write_all(output, files)


def _check_guide_args(code: str | None, every: bool, output: Path | None) -> None:
    from shenguan.errors import UsageError

    if every == (code is not None):
        raise UsageError("请给出一个事项编码，或使用 --all（二者选一）",
                         "例如：shenguan export guide 000172013000，或 shenguan export guide --all -o 指南/")
    if every and output is None:
        raise UsageError("--all 需要用 -o 指定输出文件夹", "例如：shenguan export guide --all -o 指南/")
    if every and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{output} 不是文件夹", "--all 的 -o 应为文件夹（不存在时会新建）")
    if not every and output is not None and output.is_dir():
        raise UsageError(f"{output} 是文件夹", "请用 -o 指定一个文件路径")


def _write_all(folder: Path, files: dict[str, bytes]) -> None:
    from shenguan.report.console import err, line
    from shenguan.yamlio import atomic_write

    for name, data in files.items():
        atomic_write(folder / name, data)
    err().print(line(f"已写入 {folder}：{len(files) - 1} 份办事指南和 1 个目录页"))


def register(app: typer.Typer) -> None:
    app.add_typer(export_app, name="export")
