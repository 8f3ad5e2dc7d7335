"""`shenguan impact`: which matters and standards cite a law (三（一）政策信息传递)."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, format_option


def impact(
    ctx: typer.Context,
    law: Annotated[str, typer.Option("--law", help="法律法规名称（部分即可，如 食品安全法）")],
    article: Annotated[
        str | None, typer.Option("--article", help="条款号，如 35、第35条、第三十五条")
    ] = None,
    fmt: Annotated[str, format_option("table")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """法律法规修订时，列出引用它的事项与审批标准，以及各自的监管部门。

    示例：shenguan impact --law 食品安全法 --article 35
    """
    apply_lang(lang)
    from shenguan.cli.common import emit_json, note, read, table
    from shenguan.workflows.impact import impact as run_impact

    rows = run_impact(read(ctx, catalog), law, article)
    if fmt == "json":
        emit_json("impact", {"law": law, "article": article, "items": rows})
        return
    table(
        ["类别", "标识", "名称", "状态", "监管/制定部门", "引用位置", "法律法规", "条款"],
        [
            (
                r["kind"],
                r["id"],
                r["name"],
                r["status"],
                r["department"],
                r["where"],
                r["law"],
                r["article"],
            )
            for r in rows
        ],
    )
    note(f"共 {len(rows)} 处引用。")


def register(app: typer.Typer) -> None:
    app.command("impact")(impact)
