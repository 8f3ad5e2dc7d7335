"""Options and helpers shared by every command module."""

from __future__ import annotations

import sys
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


def format_option(kind: str, extra: str = "") -> Any:
    """`--format/-f` with the choices and help of the renderer registry for `kind`."""
    from shenguan.render.registry import check, formats

    helps = formats(kind)
    listed = "、".join(f"{name}（{text}）" for name, text in helps.items())
    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(helps),
        help=f"输出格式：{listed}{extra}",
        callback=lambda value: check(kind, value),
    )


def plain_format_option(choices: dict[str, str]) -> Any:
    """`--format/-f` for a command whose result is not in the renderer registry: `choices` maps
    each format to its help text."""

    def check(value: str) -> str:
        from shenguan.errors import UsageError

        if value not in choices:
            raise UsageError(f"不支持的输出格式 {value}", "可选：" + "、".join(choices))
        return value

    return typer.Option(
        "--format",
        "-f",
        metavar="|".join(choices),
        help="输出格式：" + "、".join(f"{k}（{v}）" for k, v in choices.items()),
        callback=check,
    )


def catalog_root(ctx: typer.Context, local: str | None, any_version: bool = False) -> Path:
    """-C after the command wins over -C before it; then the discovery order of the contract.

    The one place the catalogue's data-structure version is checked on load: a catalogue at
    another version than the tool's is refused (exit 3) by every command but `migrate`."""
    from shenguan.catalog import discover

    obj = ctx.find_root().obj or {}
    root = discover(local or obj.get("catalog"))
    if not any_version:
        check_version(root)
    return root


def check_version(root: Path) -> None:
    """A ToolError when the manifest says another schema_version than the tool's (a manifest that
    does not parse is left to the command, which names the problem with its line)."""
    from shenguan import yamlio
    from shenguan.catalog import MANIFEST
    from shenguan.catalog.upgrade import version_of, version_problem

    try:
        manifest = yamlio.load_bytes((root / MANIFEST).read_bytes())
    except (OSError, yamlio.YamlProblem):
        return
    problem = version_problem(version_of(manifest))
    if problem is not None:
        raise problem


def apply_lang(value: str | None) -> None:
    from shenguan.errors import UsageError
    from shenguan.i18n import set_lang

    if value is not None and value not in ("zh", "en"):
        raise UsageError(f"不支持的语言 {value}", "可选：zh、en")
    set_lang(value)


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
    from shenguan.render.safe import visible

    err().print(line(("✓ ", "green"), message))
    for rel in files:
        print(visible(rel))


def show(kind: str, fmt: str, *args: Any) -> None:
    """Render a result on stdout with the registry's renderer of (kind, fmt).

    Renderers print, or return what to print: a JSON document (through the one envelope), text,
    or lines of (value, style) parts.
    """
    from shenguan.render.registry import get

    value = get(kind, fmt)(*args)
    if isinstance(value, dict):
        from shenguan.render.envelope import emit, rewrap

        emit(rewrap(value))
    elif isinstance(value, str):
        sys.stdout.write(value)
    elif isinstance(value, list):
        from shenguan.render.console import line, out

        for parts in value:
            out().print(line(*parts))


def note(text: str) -> None:
    from shenguan.render.console import err, line

    err().print(line(text))
