"""Every renderer, keyed by (result kind, output format): the one list the CLI's `--format`
choices and their help come from.

The formats are declared here as data and bound by `@renderer` in the module named for each, so
`shenguan --help` reads choices and help without importing a renderer (rich, Jinja2 and openpyxl
cost more than the rest of start-up); a renderer module is imported when its format is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
_R = "shenguan.render."


@dataclass(frozen=True)
class Format:
    help: str
    module: str  # the module whose `@renderer` binds it


def _same(module: str, **helps: str) -> dict[str, Format]:
    return {name: Format(text, _R + module) for name, text in helps.items()}


TEXT, JSON = "终端文本", "一个 JSON 文档"
KINDS: dict[str, dict[str, Format]] = {
    "findings": _same("findings", text="按文件分组的文本", json=JSON, github="GitHub 注释"),
    "rules": _same("listing", text="终端表格", json=JSON),
    "table": _same("listing", text="终端表格", json=JSON),
    **{
        kind: _same("records", text="终端表格", json=JSON)
        for kind in (
            "matter show",
            "matter list",
            "liaison who",
            "liaison list",
            "transfer show",
            "impact",
        )
    },
    "standard check": _same("listing", text=TEXT, json=JSON),
    "suggestion": _same("listing", text=TEXT, json=JSON),
    "diff": _same("diff", text=TEXT, markdown="合并请求评论", json=JSON),
    "log": _same("diff", text=TEXT, json=JSON),
    "review request": _same("review", markdown="审查申请（Markdown）", json=JSON),
    "review status": _same("review", text=TEXT, json=JSON, github="GitHub 注释"),
    "review verify": _same("review", text=TEXT, json=JSON),
    "review render": _same("archive", html="可按 A4 打印的网页", md="Markdown"),
    "public list": {
        "csv": Format("UTF-8（带 BOM）表格", _R + "csvout"),
        "xlsx": Format("Excel 工作簿", _R + "xlsxout"),
        "json": Format(JSON, _R + "jsonout"),
        "html": Format("单个网页", _R + "htmlout"),
        "md": Format("Markdown", _R + "mdout"),
    },
    "guide": _same("guideout", html="单个网页", md="Markdown"),
    "changes": _same("changesout", md="Markdown 公告", html="单个网页", json=JSON),
    "report": {
        "text": Format("终端表格和条形图", _R + "stats"),
        **_same("reportout", md="Markdown", html="单个网页（内嵌 SVG 条形图）", json=JSON),
    },
    "standard document": _same("standard", md="Markdown", html="单个网页"),
}
_BOUND: dict[tuple[str, str], Callable[..., Any]] = {}


def renderer(kind: str, fmt: str) -> Callable[[F], F]:
    """Bind the decorated function as the renderer of a declared (kind, format)."""
    declared = KINDS.get(kind, {}).get(fmt)
    if declared is None:
        raise KeyError(f"未声明的输出格式：{kind} / {fmt}")

    def bind(func: F) -> F:
        if declared.module != func.__module__:
            raise KeyError(f"{kind} / {fmt} 应在 {declared.module} 中实现")
        _BOUND[(kind, fmt)] = func
        return func

    return bind


def formats(kind: str) -> dict[str, str]:
    """Format -> its help, in the order `--help` lists them."""
    return {name: f.help for name, f in KINDS[kind].items()}


def check(kind: str, fmt: str) -> str:
    from shenguan.errors import UsageError

    if fmt not in KINDS[kind]:
        raise UsageError(f"不支持的输出格式 {fmt}", f"可选：{'、'.join(KINDS[kind])}")
    return fmt


def get(kind: str, fmt: str) -> Callable[..., Any]:
    """The renderer, importing its module on first use."""
    check(kind, fmt)
    if (kind, fmt) not in _BOUND:
        importlib.import_module(KINDS[kind][fmt].module)
    return _BOUND[(kind, fmt)]
