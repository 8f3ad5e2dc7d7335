"""`shenguan transfer`: 划转, 委托 and 承接 records from proposal to completion (二（一）、二（二））."""

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

transfer_app = typer.Typer(
    help="划转、委托、承接记录（二（一）、二（二））：新建、推进、查看、承接建议。"
    "示例：shenguan transfer suggest 000124001000",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@transfer_app.command("new")
def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Option("--kind", help="划转、委托或承接")],
    matters: Annotated[list[str], typer.Option("--matter", help="事项基本编码（可重复）")],
    basis: Annotated[str, typer.Option("--basis", help="依据文件文号")],
    source: Annotated[
        str | None, typer.Option("--from", help="原审批部门标识（划转、委托必填）")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--to", help="承接部门标识（划转、委托默认审批局）")
    ] = None,
    origin: Annotated[str | None, typer.Option("--origin", help="上级委托或下放部门全称")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="提议日期 YYYY-MM-DD（默认今天）"),
    ] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """新建划转、委托或承接记录，状态为“提议”。

    示例：shenguan transfer new --kind 划转 --matter 000119003000 --from nyncj --basis 未审改办函〔2026〕20号
    """
    apply_lang(lang)
    from shenguan.cli.common import written
    from shenguan.workflows.edit import apply
    from shenguan.workflows.transfers import new as run_new

    rel, files = apply(
        catalog_root(ctx, catalog),
        lambda tx: run_new(tx, kind, matters, basis, source, target, date, origin),
    )
    written(f"已新建 {rel}（提议）：下一步 shenguan transfer advance 推进到“已征求意见”", files)


@transfer_app.command("advance")
def advance(
    ctx: typer.Context,
    tid: Annotated[str, typer.Argument(metavar="ID", help="记录标识（transfers/ 下的文件名）")],
    to: Annotated[
        str,
        typer.Option(
            "--to",
            help="推进到的状态：已征求意见、合法性审查、市级同意、授权书重签、已完成、已终止",
        ),
    ],
    date: Annotated[str, typer.Option("--date", metavar="YYYY-MM-DD", help="日期 YYYY-MM-DD")],
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help='证明文件 "标题|文号|日期"（可重复）')
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="说明")] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--approving-section", help="完成时承接部门的审批科室（部门只有一个审批科室时可省略）"
        ),
    ] = None,
    valid_until: Annotated[
        str | None,
        typer.Option(
            "--valid-until", metavar="YYYY-MM-DD", help="委托授权书有效期至（授权书重签时必填）"
        ),
    ] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """推进记录一步；推进到“已完成”时同时更新各事项的审管分工、实施主体、实施编码和调整记录。

    示例：shenguan transfer advance hz-2026-nyncj --to 已完成 --date 2026-11-27 --approving-section spj-sczr --evidence "合法性审查意见书|未司审〔2026〕21号|2026-11-25"
    """
    apply_lang(lang)
    from shenguan.cli.common import written
    from shenguan.workflows.edit import apply
    from shenguan.workflows.transfers import advance as run_advance

    done, files = apply(
        catalog_root(ctx, catalog),
        lambda tx: run_advance(tx, tid, to, date, evidence or [], note, section, valid_until),
    )
    moved = f"；{len(done.matters)} 个事项已移交" if done.matters else ""
    written(f"{tid} 已推进到“{done.state}”{moved}", files)


@transfer_app.command("show")
def show(
    ctx: typer.Context,
    tid: Annotated[str, typer.Argument(metavar="ID", help="记录标识")],
    fmt: Annotated[str, format_option("transfer show")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """查看记录：类型、部门、事项、状态历程与证明文件，以及下一步可推进的状态。

    示例：shenguan transfer show hz-2026-nyncj
    """
    apply_lang(lang)
    from shenguan.cli.common import read, show
    from shenguan.workflows.transfers import show as run_show

    show("transfer show", fmt, run_show(read(ctx, catalog), tid))


@transfer_app.command("suggest")
def suggest(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="编码", help="上级下放或委托事项的基本编码")],
    counterpart: Annotated[
        str | None, typer.Option("--counterpart", help="对口的区级业务部门（默认：事项的监管部门）")
    ] = None,
    fmt: Annotated[str, format_option("suggestion")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """按二（二）给出下放、委托事项的承接部门，并说明理由与步骤。

    示例：shenguan transfer suggest 000124001000
    """
    apply_lang(lang)
    from shenguan.cli.common import read, show
    from shenguan.workflows.undertaking import suggest as run_suggest

    show("suggestion", fmt, run_suggest(read(ctx, catalog), code, counterpart))


def register(app: typer.Typer) -> None:
    app.add_typer(transfer_app, name="transfer")
