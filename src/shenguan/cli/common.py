"""Options and helpers shared by every command module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

CatalogOpt = Annotated[Optional[str], typer.Option(
    "-C", "--catalog", metavar="DIR", help="目录文件夹（默认：SHENGUAN_CATALOG，或向上查找 shenguan.yaml，或 ./catalog/）")]
LangOpt = Annotated[Optional[str], typer.Option("--lang", metavar="zh|en", help="界面语言：zh（默认）或 en")]


def catalog_root(ctx: typer.Context, local: str | None) -> Path:
    """-C after the command wins over -C before it; then the discovery order of the contract."""
    from shenguan.catalog import discover

    obj = ctx.find_root().obj or {}
    return discover(local or obj.get("catalog"))


def apply_lang(value: str | None) -> None:
    from shenguan.errors import UsageError
    from shenguan.i18n import set_lang

    if value is not None and value not in ("zh", "en"):
        raise UsageError(f"不支持的语言 {value}", "可选：zh、en")
    set_lang(value)


def check_format(value: str, allowed: tuple[str, ...]) -> str:
    from shenguan.errors import UsageError

    if value not in allowed:
        raise UsageError(f"不支持的输出格式 {value}", f"可选：{'、'.join(allowed)}")
    return value
