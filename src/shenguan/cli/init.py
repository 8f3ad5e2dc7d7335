"""`shenguan init DIR`: a new catalogue in a new git repository."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from shenguan.cli.common import LangOpt, apply_lang


def init(
    directory: Annotated[Path, typer.Argument(help="新目录的文件夹（须不存在或为空）")],
    lang: LangOpt = None,
) -> None:
    """新建目录：清单、文件夹、一个示例事项、CI 配置与 pre-commit 钩子，并初始化 git 仓库。

    示例：shenguan init weiyang-catalog
    """
    apply_lang(lang)
    from shenguan.render.console import err, line
    from shenguan.workflows.scaffold import init as run_init

    commit = run_init(directory)
    err().print(
        line(
            ("✓ ", "green"),
            f"已新建目录 {directory}（提交 {commit[:12]}）。下一步：cd {directory} && shenguan validate",
        )
    )


def register(app: typer.Typer) -> None:
    app.command("init")(init)
