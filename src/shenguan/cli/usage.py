"""Command-line usage errors in Chinese (typer/click word them in English)."""

from __future__ import annotations

import re
from typing import Any

_NO_COMMAND = re.compile(r"No such command '(.+?)'\.(?: Did you mean '(.+?)'\?)?")


def explain(exc: Any) -> tuple[str, str, str]:
    """(usage line, message, hint) for a click usage error."""
    ctx = getattr(exc, "ctx", None)
    usage = ctx.get_usage() if ctx is not None else ""
    command = ctx.command_path if ctx is not None else "shenguan"
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    name = getattr(exc, "param_hint", None) or (
        param.opts[0] if param is not None and getattr(param, "opts", None) else ""
    )
    if isinstance(name, (list, tuple)):
        name = " / ".join(name)
    if kind == "NoSuchOption":
        near = getattr(exc, "possibilities", None)
        message = f"没有选项 {exc.option_name}" + (
            f"，是否想用 {'、'.join(near)}？" if near else ""
        )
    elif kind == "MissingParameter":
        message = f"缺少参数 {name}".rstrip()
    elif kind == "BadParameter":
        message = f"参数 {name} 的值无效：{exc.message}"
    elif kind == "NoArgsIsHelpError":
        return "", ctx.get_help() if ctx is not None else "", ""
    else:
        message = _known(exc.format_message() if hasattr(exc, "format_message") else str(exc))
    return usage, message, f"运行 {command} --help 查看用法和示例"


def _known(message: str) -> str:
    found = _NO_COMMAND.match(message)
    if found:
        near = f"，是否想用 {found.group(2)}？" if found.group(2) else ""
        return f"没有命令 {found.group(1)}{near}"
    return message
