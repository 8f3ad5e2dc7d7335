"""`shenguan rules`: every rule code with its title, severity and the clause it enforces."""

from __future__ import annotations

from typing import Annotated

import typer

from shenguan.cli.common import LangOpt, apply_lang, format_option, show

LAYERS = {
    "YAML": "YAML 层",
    "schema": "数据结构",
    "rules": "跨记录规则",
    "quality": "平台质量规则",
    "standard": "审批标准发布前检查",
}


def rules(
    fmt: Annotated[str, format_option("rules")] = "text",
    layer: Annotated[
        str | None,
        typer.Option(
            "--layer",
            metavar="|".join(LAYERS),
            help="只列出一层：" + "、".join(f"{k}（{v}）" for k, v in LAYERS.items()),
        ),
    ] = None,
    lang: LangOpt = None,
) -> None:
    """列出全部校验规则：代码、级别、标题、依据条款（平台质量规则 Q 注明出处：国家交换表、法律条款或省级实践）。

    示例：shenguan rules；shenguan rules --layer quality；shenguan rules --format json
    """
    apply_lang(lang)
    from shenguan.errors import UsageError
    from shenguan.validation.rules.registry import RULES

    if layer is not None and layer not in LAYERS:
        raise UsageError(f"没有名为 {layer} 的规则层", f"可选：{'、'.join(LAYERS)}")
    show("rules", fmt, [r for r in RULES.values() if layer is None or r.layer == layer])


def register(app: typer.Typer) -> None:
    app.command("rules")(rules)
