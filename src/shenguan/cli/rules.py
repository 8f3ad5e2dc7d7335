"""`shenguan rules`: every rule code with its title, severity and the clause it enforces."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import LangOpt, apply_lang, format_option, show


def rules(
    fmt: Annotated[str, format_option("rules")] = "text",
    lang: LangOpt = None,
) -> None:
    """列出全部校验规则：代码、级别、标题、依据条款。

    示例：shenguan rules；shenguan rules --format json
    """
    apply_lang(lang)
    from shenguan.validation.rules.registry import RULES

    show("rules", fmt, RULES.values())


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
