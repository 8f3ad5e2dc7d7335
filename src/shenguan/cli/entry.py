"""The console-script entry: answers `--version` before importing anything heavy."""

from __future__ import annotations

import sys


def run() -> None:
    if sys.argv[1:] == ["--version"]:
        from shenguan import __version__

        print(f"shenguan {__version__}")
        sys.exit(0)
    from shenguan.cli.main import run as main_run

    main_run()
