"""`shenguan migrate`: upgrade a catalogue to the current data-structure version, in place."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from shenguan.cli.common import CatalogOpt, LangOpt, apply_lang, catalog_root, plain_format_option

FORMATS = {"text": "终端文本（--dry-run 时为统一差异格式）", "json": "一个 JSON 文档"}


def migrate(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只显示将做的改动（统一差异格式），不写入任何文件")
    ] = False,
    fmt: Annotated[
        str,
        plain_format_option(FORMATS),
    ] = "text",
    catalog: CatalogOpt = None,
    lang: LangOpt = None,
) -> None:
    """升级目录的数据结构版本：就地改写旧版（第 1 版）目录，保留注释、键的顺序和未改动的行。

    示例：shenguan migrate --dry-run；shenguan migrate -C catalog
    """
    apply_lang(lang)
    from shenguan.render.progress import progress
    from shenguan.workflows.migrate import migrate as run_migrate

    root = catalog_root(ctx, catalog, any_version=True)
    bar = progress("升级中")
    try:
        result = run_migrate(root, dry_run=dry_run, progress=bar)
    finally:
        bar.close()
    if fmt == "json":
        from shenguan.render.envelope import emit_envelope

        emit_envelope("migrate", "ok", _payload(result, dry_run))
        return
    _text(result, dry_run)


def _payload(result: Any, dry_run: bool) -> dict[str, Any]:
    return {
        "from_version": result.source,
        "to_version": result.target,
        "dry_run": dry_run,
        "written": result.written,
        "message": _headline(result, dry_run),
        "files": [
            {
                "file": f.path,
                "changed": f.changed,
                "notes": f.notes,
                **({"diff": f.diff()} if dry_run else {}),
            }
            for f in result.files
        ],
    }


def _headline(result: Any, dry_run: bool) -> str:
    if not result.needed:
        return f"已是第 {result.target} 版，无需升级"
    count = sum(1 for f in result.files if f.changed)
    notes = sum(len(f.notes) for f in result.files)
    done = "将改动" if dry_run else "已改动"
    tail = f"，其中 {notes} 处需要核对" if notes else ""
    verb = "预演：将把" if dry_run else "已把"
    return (
        f"{verb}目录从第 {result.source} 版升级到第 {result.target} 版：{done} {count} 个文件{tail}"
    )


def _text(result: Any, dry_run: bool) -> None:
    from shenguan.render.console import err, line
    from shenguan.render.safe import visible

    if not result.needed:
        err().print(line(("✓ ", "green"), _headline(result, dry_run)))
        return
    if dry_run:
        sys.stdout.write(result.diff())
    else:
        for f in result.files:
            if f.changed:
                print(visible(f.path))
    err().print(line(("✓ ", "green") if not dry_run else ("", ""), _headline(result, dry_run)))
    for f in result.files:
        if f.notes:
            err().print(line(("需要核对：", "yellow"), f.path))
            for note in f.notes:
                err().print(line(f"  · {note}"))
    if dry_run:
        err().print(line("未写入任何文件。确认后运行 shenguan migrate（不加 --dry-run）。"))
    else:
        err().print(
            line(
                "下一步：运行 shenguan validate，按上列提示补充要素，"
                "再用 git diff 查看改动并提交（git commit）。"
            )
        )


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate)
