"""The rich consoles: results to stdout, diagnostics to stderr; markup off, NO_COLOR honoured."""

from __future__ import annotations

import os
from functools import cache

from rich.console import Console
from rich.text import Text

from shenguan.render.safe import visible


@cache
def out() -> Console:
    return _console(stderr=False)


@cache
def err() -> Console:
    return _console(stderr=True)


def _console(stderr: bool) -> Console:
    # No file is bound: rich looks up sys.stdout/sys.stderr at each write, so captures work.
    return Console(
        stderr=stderr,
        markup=False,
        emoji=False,
        highlight=False,
        no_color=bool(os.environ.get("NO_COLOR")),
        soft_wrap=True,
    )


def line(*parts: tuple[object, str] | str) -> Text:
    """A Text from (value, style) pairs; every value is data, never markup."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            text.append(visible(part[0]), style=part[1])
        else:
            text.append(visible(part))
    return text
