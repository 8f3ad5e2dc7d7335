"""`shenguan rules`: every rule code with its title, severity and the clause it enforces."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import LangOpt, apply_lang, check_format


def rules(
    fmt: Annotated[str, typer.Option("--format", "-f", help="输出格式：text、json")] = "text",
    lang: LangOpt = None,
) -> None:
    """列出全部校验规则：代码、级别、标题、依据条款。

    示例：shenguan rules；shenguan rules --format json
    """
    apply_lang(lang)
    check_format(fmt, ("text", "json"))
    import json

    from shenguan.findings import SEVERITY_ZH
    from shenguan.validation.rules.registry import RULES

    if fmt == "json":
        items = [
            {
                "rule": r.code,
                "severity": r.severity.value,
                "layer": r.layer,
                "title": r.title,
                "title_en": r.title_en,
                "clause": r.clause,
            }
            for r in RULES.values()
        ]
        print(
            json.dumps(
                {"schema_version": 1, "command": "rules", "status": "ok", "rules": items},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from rich.table import Table

    from shenguan.i18n import t
    from shenguan.render.console import out

    table = Table(
        t("代码", "Code"),
        t("级别", "Severity"),
        t("规则", "Rule"),
        t("依据", "Clause"),
        show_lines=False,
    )
    for r in RULES.values():
        table.add_row(
            r.code, t(SEVERITY_ZH[r.severity], r.severity.value), t(r.title, r.title_en), r.clause
        )
    out().print(table)


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
