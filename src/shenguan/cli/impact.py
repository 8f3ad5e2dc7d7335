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
    fmt: Annotated[str, format_option("impact")] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """法律法规修订时，列出引用它的事项与审批标准，以及各自的监管部门。

    示例：shenguan impact --law 食品安全法 --article 35
    """
    apply_lang(lang)
    from shenguan.cli.common import read, show
    from shenguan.workflows.impact import impact as run_impact

    show("impact", fmt, law, article, run_impact(read(ctx, catalog), law, article))


def register(app: typer.Typer) -> None:
    app.command("impact")(impact)
