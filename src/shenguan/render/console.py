"""The rich consoles: results to stdout, diagnostics to stderr; markup off, NO_COLOR honoured."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from shenguan.render.safe import no_commands, visible


@cache
def out() -> Console:
    return _console(stderr=False)


@cache
def err() -> Console:
    return _console(stderr=True)


class _Guarded:
    """sys.stdout or sys.stderr as they are at each write (so captures work), where no line rich
    writes can start with `::`: a table cell folded at `::` would otherwise begin one."""

    def __init__(self, stderr: bool) -> None:
        self._stderr = stderr

    def _target(self) -> IO[str]:
        return sys.stderr if self._stderr else sys.stdout

    def write(self, text: str) -> int:
        return self._target().write(no_commands(text))

    def flush(self) -> None:
        self._target().flush()

    def isatty(self) -> bool:
        return self._target().isatty()

    def fileno(self) -> int:
        return self._target().fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target(), name)


def _console(stderr: bool) -> Console:
    return Console(
        file=_Guarded(stderr),  # type: ignore[arg-type]  # duck-typed: write, flush, isatty
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
