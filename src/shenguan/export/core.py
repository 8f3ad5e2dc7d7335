"""Entry points of the export commands: read the catalogue (working tree or a revision), refuse a
broken one, and hand the public list to the renderer of the chosen format."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from shenguan import catalog as cat
from shenguan.errors import GateError, ToolError
from shenguan.findings import Severity
from shenguan.export.public import IN_USE, PublicList, Tick, build

# Renderer modules by format, imported only when chosen: openpyxl and Jinja2 cost start-up time.
RENDERERS = {"csv": "csvout", "xlsx": "xlsxout", "json": "jsonout", "html": "htmllist", "md": "mdout"}
BINARY = ("xlsx",)


def renderer(fmt: str) -> Callable[[PublicList], bytes]:
    module = importlib.import_module(f"shenguan.export.{RENDERERS[fmt]}")
    render: Callable[[PublicList], bytes] = module.render
    return render


def open_source(root: Path, rev: str | None) -> cat.Source:
    """The working tree, or the catalogue as it was at git revision `rev`."""
    if rev is None:
        return cat.WorkTree(root)
    return revision_source(root, rev)


def revision_source(root: Path, rev: str) -> cat.Source:
    from shenguan import history

    source_at = getattr(history, "source_at", None)
    if source_at is None:
        raise ToolError("此版本还不能读取 git 版本（--rev）", "请去掉 --rev，在检出的工作区导出")
    source: cat.Source = source_at(root, rev)
    return source


def load(root: Path, rev: str | None = None) -> cat.Catalog:
    """The catalogue, or GateError when a record failed the YAML or schema layer: a published list
    must not silently drop or garble a matter."""
    catalog, findings = cat.load(open_source(root, rev))
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        raise GateError(f"目录有 {len(errors)} 处错误，未导出（首个：{first.file}:{first.line}:{first.column} {first.message}）",
                        "请先运行 shenguan validate 查看并修正全部问题，再导出")
    return catalog


def public(root: Path, fmt: str, rev: str | None = None, every_status: bool = False,
           tick: Tick | None = None) -> bytes:
    """The bytes of the public matter list in `fmt`."""
    catalog = load(root, rev)
    pl = build(catalog, statuses=None if every_status else IN_USE, tick=tick)
    return renderer(fmt)(pl)
