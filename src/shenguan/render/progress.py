"""A progress bar on a terminal for work that takes longer than about a second; silent elsewhere."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import Any

DELAY = 1.0


class Progress:
    """Call with (done, total); the bar appears only after DELAY seconds, only on a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.start = time.monotonic()
        self.enabled = sys.stderr.isatty() and not os.environ.get("CI")
        self._bar: Any = None
        self._task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.start < DELAY:
                return
            from rich.progress import Progress as Bar

            from shenguan.render.console import err

            self._bar = Bar(console=err(), transient=True)
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=total)
        self._bar.update(self._task, completed=done, total=total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def progress(label: str) -> Progress:
    return Progress(label)


Callback = Callable[[int, int], None]
