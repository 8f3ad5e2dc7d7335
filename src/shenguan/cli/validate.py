"""`shenguan validate`: the three validation layers over the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option, show


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(help="只报告这些文件或文件夹（相对目录根）的问题")
    ] = None,
    fmt: Annotated[str, format_option("findings")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="有警告也以退出码 1 结束")] = False,
    workers: Annotated[
        int | None, typer.Option("--workers", help="并行进程数（默认：CPU 核数）")
    ] = None,
    rev: Annotated[
        str | None,
        typer.Option(
            "--rev", metavar="REV", help="校验某个修订（提交、分支或标签）中的目录，无需检出"
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="不使用缓存（缓存按内容寻址，不会改变结果）")
    ] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """校验目录：YAML、数据结构、跨记录规则，一次报告全部问题。

    示例：shenguan validate；shenguan validate matters/000172013000.yaml --format json；shenguan validate --rev HEAD~1
    """
    apply_lang(lang)
    from shenguan.catalog import Source, WorkTree
    from shenguan.validation.validate import validate as run_validate

    root = catalog_root(ctx, catalog)
    source: Source = WorkTree(root)
    if rev is not None:
        from shenguan.history import source_at

        at = source_at(root, rev)  # read from git objects: nothing is checked out
        source = at
        if fmt == "text":
            from shenguan.render.console import err, line

            err().print(line(f"校验修订 {rev}（提交 {at.commit[:12]}）中的目录，未检出任何文件。"))
    from shenguan.render.progress import progress
    from shenguan.validation.stamp import open_for

    bar = progress("校验中")
    try:
        report = run_validate(
            source,
            paths=_relative(root, paths),
            workers=workers,
            cache=None if no_cache else open_for(root, full=False),
            progress=bar,
        )
    finally:
        bar.close()
    show("findings", fmt, report)
    if report.errors or (strict and report.warnings):
        raise typer.Exit(1)


def _relative(root: Path, paths: list[str] | None) -> list[str] | None:
    """Paths may be given relative to the catalogue root or to the working directory."""
    import os

    if not paths:
        return None
    out = []
    for p in paths:
        full = Path(p).resolve()
        rel = os.path.relpath(full, root) if full.exists() else p
        out.append(Path(rel).as_posix())
    return out


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
