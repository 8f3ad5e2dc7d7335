"""`shenguan diff`, `shenguan log`, `shenguan release`: the catalogue's history in git."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option, show

ShowRestrictedOpt = Annotated[
    bool,
    typer.Option(
        "--show-restricted", help="显示受限字段（联络员姓名、手机等个人信息），默认以 *** 遮盖"
    ),
]


def diff(
    ctx: typer.Context,
    base: Annotated[
        str | None,
        typer.Argument(
            metavar="BASE",
            help="比较起点（默认：最近的发布标签 catalog-*，没有则为 HEAD）；也可写 A..B",
        ),
    ] = None,
    head: Annotated[
        str | None,
        typer.Argument(metavar="HEAD", help="比较终点（默认：工作区，含未跟踪的新文件）"),
    ] = None,
    fmt: Annotated[str, format_option("diff")] = "text",
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="有记录变化时以退出码 1 结束（同 git diff）")
    ] = False,
    show_restricted: ShowRestrictedOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """按记录比较两个版本的目录：新增、删除、修改的事项，逐字段列出中文名称与前后取值，并标注调整类型。

    示例：shenguan diff；shenguan diff HEAD~1；shenguan diff catalog-2026.11.01 HEAD --format markdown
    """
    apply_lang(lang)
    from shenguan.diff import compute

    result = compute(catalog_root(ctx, catalog), base, head, show_restricted=show_restricted)
    show("diff", fmt, result)
    if exit_code and (result.shown or result.problems):  # a file that no longer parses changed
        raise typer.Exit(1)


def log(
    ctx: typer.Context,
    code: Annotated[
        str,
        typer.Argument(
            metavar="CODE",
            help="事项基本编码（12 位），或相对目录根的记录路径，如 departments/mzj.yaml",
        ),
    ],
    rev: Annotated[
        str | None, typer.Option("--rev", metavar="REV", help="从哪个修订往前查（默认：HEAD）")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, metavar="N", help="最多显示多少次变更")
    ] = None,
    fmt: Annotated[str, format_option("log")] = "text",
    show_restricted: ShowRestrictedOpt = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """一个事项的变更历史：每次提交的日期、提交号、作者、调整类型与改动的字段，最新的在前。

    示例：shenguan log 000700101000；shenguan log 000700101000 --format json
    """
    apply_lang(lang)
    from shenguan.diff.log import record_log

    result = record_log(
        catalog_root(ctx, catalog), code, rev, show_restricted=show_restricted, limit=limit
    )
    show("log", fmt, result)


def release(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只检查并显示标签名与说明，不创建标签")
    ] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """发布目录版本：工作区无未提交修改、校验通过且合法性审查门禁通过后，创建附注标签 catalog-YYYY.MM.DD，说明中列出自上一版本以来的变更。

    示例：shenguan release --dry-run；shenguan release
    """
    apply_lang(lang)
    from shenguan.render.console import line, out
    from shenguan.review.release import release as run_release

    done = run_release(catalog_root(ctx, catalog), dry_run=dry_run)
    verb = "将创建" if dry_run else "✓ 已创建"
    out().print(line((f"{verb}标签 {done.tag}", "bold green"), f"（提交 {done.commit[:12]}）"))
    for text in done.message.rstrip("\n").split("\n"):  # each line escaped on its own
        out().print(line(text))


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
    app.command("log")(log)
    app.command("release")(release)
