"""`shenguan liaison`: 审管联络员 — who to call for a matter, the registry, a new liaison (三（六））."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import (
    CatalogOpt,
    LangOpt,
    apply_lang,
    catalog_root,
    format_option,
)

liaison_app = typer.Typer(
    help="审管联络员（三（六））：查询、列表、更换。含个人信息，不得公开。示例：shenguan liaison who 000111001000",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@liaison_app.command("who")
def who(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="编码", help="事项基本编码")],
    show_restricted: Annotated[
        bool, typer.Option("--show-restricted", help="显示完整手机号")
    ] = False,
    fmt: Annotated[str, format_option("liaison who")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """查某个事项的审批方与监管方联络员（姓名、办公电话；手机号默认遮蔽，加 --show-restricted 显示）。

    示例：shenguan liaison who 000111001000 --show-restricted
    """
    apply_lang(lang)
    from shenguan.cli.common import read, show
    from shenguan.workflows.liaisons import who as run_who

    show("liaison who", fmt, code, run_who(read(ctx, catalog), code, show_restricted))


@liaison_app.command("list")
def list_(
    ctx: typer.Context,
    department: Annotated[str | None, typer.Option("--department", help="只列该部门")] = None,
    history: Annotated[bool, typer.Option("--history", help="包括已卸任的联络员")] = False,
    show_restricted: Annotated[
        bool, typer.Option("--show-restricted", help="显示完整手机号")
    ] = False,
    fmt: Annotated[str, format_option("liaison list")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """列出在任联络员（手机号默认遮蔽）。

    示例：shenguan liaison list --department spj --history
    """
    apply_lang(lang)
    from shenguan.cli.common import read, show
    from shenguan.workflows.liaisons import listing

    show("liaison list", fmt, listing(read(ctx, catalog), department, history, show_restricted))


@liaison_app.command("set")
def set_(
    ctx: typer.Context,
    section: Annotated[str, typer.Option("--section", help="科室标识，如 spj-scjr")],
    name: Annotated[str, typer.Option("--name", help="联络员姓名")],
    mobile: Annotated[str, typer.Option("--mobile", help="手机号")],
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="任职起始日期（默认今天）；前任的截止日期为其前一天",
        ),
    ] = None,
    office_phone: Annotated[str | None, typer.Option("--office-phone", help="办公电话")] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """登记科室的新联络员：前任记上卸任日期（保留历任记录），新任从 --since 起在任。

    示例：shenguan liaison set --section spj-sczr --name 刘新任 --mobile 13900000009 --since 2026-12-01
    """
    apply_lang(lang)
    from shenguan.cli.common import written
    from shenguan.workflows.edit import apply
    from shenguan.workflows.liaisons import assign

    (rel, replaced), files = apply(
        catalog_root(ctx, catalog),
        lambda tx: assign(tx, section, name, mobile, since, office_phone),
    )
    after = f"，接替 {'、'.join(replaced)}" if replaced else ""
    written(f"已登记 {section} 的联络员 {name}{after}", files)


def register(app: typer.Typer) -> None:
    app.add_typer(liaison_app, name="liaison")
