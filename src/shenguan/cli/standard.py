"""`shenguan standard`: approval standards of the supervising departments (三（二））."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, format_option, show

standard_app = typer.Typer(
    help="审批标准（三（二））：起草、检查、发布、生成文本、列表。示例：shenguan standard list",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
IdArg = Annotated[str, typer.Argument(metavar="ID", help="标准标识（standards/ 下的文件夹名）")]


@standard_app.command("new")
def new(
    ctx: typer.Context,
    matters: Annotated[
        list[str], typer.Argument(metavar="编码...", help="适用事项的基本编码（可多个）")
    ],
    sid: Annotated[
        str | None, typer.Option("--id", help="标准标识（默认：监管部门-基本编码）")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="标准名称（默认：事项名称+审批标准）")
    ] = None,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """起草审批标准：按事项的办理流程预填受理、审查、决定、颁证、送达五个环节，制定部门为事项的监管部门。

    示例：shenguan standard new 000119001000 000119002000 --id nyncj-nyxk
    """
    apply_lang(lang)
    from shenguan.cli.common import written
    from shenguan.workflows.edit import apply
    from shenguan.workflows.standards import new as run_new

    rel, files = apply(catalog_root(ctx, catalog), lambda tx: run_new(tx, matters, sid, title))
    written(f"已起草 {rel}：请补全“待补充”的环节要求后运行 shenguan standard check", files)


@standard_app.command("check")
def check(
    ctx: typer.Context,
    sid: IdArg,
    fmt: Annotated[str, format_option("standard check")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """检查草稿能否发布：五个环节齐全、要求已填写、环节时限不超过事项承诺时限、会商安排、依据；有错误时退出码 1。

    示例：shenguan standard check wjw-ggcs
    """
    apply_lang(lang)
    from shenguan.cli.common import read
    from shenguan.findings import has_errors
    from shenguan.workflows.standards import check as run_check
    from shenguan.workflows.standards import draft

    ctx_ = read(ctx, catalog)
    rec = draft(ctx_, sid)
    findings = run_check(ctx_, rec, ctx_.catalog.source.read(rec.path))
    show("standard check", fmt, sid, rec.path, findings)
    if has_errors(findings):
        raise typer.Exit(1)


@standard_app.command("publish")
def publish(
    ctx: typer.Context,
    sid: IdArg,
    effective: Annotated[
        str, typer.Option("--effective", metavar="YYYY-MM-DD", help="生效日期 YYYY-MM-DD")
    ],
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """发布审批标准：把草稿冻结为下一版本（带摘要与生效日期），并让适用事项引用该版本；不完整时拒绝发布。

    示例：shenguan standard publish wjw-ggcs --effective 2027-01-01
    """
    apply_lang(lang)
    from shenguan.cli.common import written
    from shenguan.workflows.edit import apply
    from shenguan.workflows.standards import publish as run_publish

    done, files = apply(catalog_root(ctx, catalog), lambda tx: run_publish(tx, sid, effective))
    written(
        f"已发布 {sid} 第 {done.version} 版（{done.path}），{len(done.matters)} 个事项已引用该版本",
        files,
    )


@standard_app.command("render")
def render(
    ctx: typer.Context,
    sid: IdArg,
    version: Annotated[
        int | None, typer.Option("--version", help="版本号（默认：最新发布版本，未发布时为草稿）")
    ] = None,
    fmt: Annotated[str, format_option("standard document")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="写入文件（默认：标准输出）")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="允许覆盖已有的输出文件")] = False,
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """生成部门对外公布的审批标准文本（Markdown 或 HTML）。

    示例：shenguan standard render wjw-ggcs --format html -o 公共场所卫生许可审批标准.html
    """
    apply_lang(lang)
    from shenguan.cli.common import note, read
    from shenguan.errors import UsageError
    from shenguan.render import standard as standards_render
    from shenguan.render.registry import get
    from shenguan.workflows.standards import records

    ctx_ = read(ctx, catalog)
    recs = records(ctx_, sid)
    rec = ctx_.published(sid, version) if version is not None else (ctx_.published(sid) or recs[0])
    if rec is None:
        raise UsageError(
            f"审批标准 {sid} 没有已发布的第 {version} 版",
            "请用 shenguan standard list 查看已发布版本",
        )
    doc = standards_render.document(ctx_, rec)
    text = get("standard document", fmt)(doc)
    if output is None:
        print(text, end="")
        return
    from shenguan.export.output import check_file
    from shenguan.yamlio import atomic_write

    check_file(output, catalog_root(ctx, catalog), force, text.encode("utf-8"))
    atomic_write(output, text.encode("utf-8"))
    note(f"✓ 已写入 {output}")


@standard_app.command("list")
def list_(
    ctx: typer.Context,
    fmt: Annotated[str, format_option("table")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """列出审批标准：制定部门、最新发布版本与生效日期、是否有待发布的草稿、适用事项数。

    示例：shenguan standard list --format json
    """
    apply_lang(lang)
    from shenguan.cli.common import read
    from shenguan.render.listing import Listing
    from shenguan.workflows.standards import listing

    rows = listing(read(ctx, catalog))
    table = (
        ["标识", "名称", "制定部门", "发布版本", "生效日期", "草稿", "事项数"],
        [
            (
                r["id"],
                r["title"],
                r["department_name"] or r["department"],
                r["version"] or "未发布",
                r["effective_date"],
                "有" if r["draft"] else "",
                len(r["matters"]),
            )
            for r in rows
        ],
    )
    show("table", fmt, Listing("standard list", {"items": rows}, [table]))


def register(app: typer.Typer) -> None:
    app.add_typer(standard_app, name="standard")
