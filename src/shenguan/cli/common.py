"""Options and helpers shared by every command module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

CatalogOpt = Annotated[
    str | None,
    typer.Option(
        "-C",
        "--catalog",
        metavar="DIR",
        help="目录文件夹（默认：SHENGUAN_CATALOG，或向上查找 shenguan.yaml，或 ./catalog/）",
    ),
]
LangOpt = Annotated[
    str | None, typer.Option("--lang", metavar="zh|en", help="界面语言：zh（默认）或 en")
]


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


def read(ctx: typer.Context, catalog: str | None) -> Any:
    """The catalogue for a read-only command; files that do not parse are named on stderr."""
    from shenguan.workflows.edit import read as read_catalogue

    snap, unreadable = read_catalogue(catalog_root(ctx, catalog))
    if unreadable:
        note(
            f"注意：{len(unreadable)} 个文件无法读取，结果中不含它们（{'、'.join(unreadable[:5])}）；请先运行 shenguan validate"
        )
    return snap


def written(message: str, files: list[str]) -> None:
    """A finished edit: the summary on stderr, the changed files (one per line) on stdout."""
    if not files:
        note("没有需要写入的变化。")
        return
    from shenguan.render.console import err, line

    err().print(line(("✓ ", "green"), message))
    for rel in files:
        print(rel)


def table(headers: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Catalogue data as a table: every cell is Text, never markup."""
    from rich.table import Column, Table

    from shenguan.render.console import line, out

    grid = Table(*(Column(h, overflow="fold") for h in headers))
    for row in rows:
        grid.add_row(*(line("" if v is None else str(v)) for v in row))
    out().print(grid)


def emit_json(command: str, payload: dict[str, Any], status: str = "ok") -> None:
    import json

    print(
        json.dumps(
            {"schema_version": 1, "command": command, "status": status, **payload},
            ensure_ascii=False,
            indent=2,
        )
    )


def note(text: str) -> None:
    from shenguan.render.console import err, line

    err().print(line(text))
