"""The catalogue's write lock: the one module that imports filelock (docs/security.md「写入与并发」).

Every mutating command holds an exclusive lock for its whole read-validate-write cycle, so two
commands never lose each other's updates. The lock file lives in the git directory when the
catalogue is inside a repository (it is never committed and never clutters the tree), else in
the catalogue folder. Git's own `index.lock` is never touched. The journal of an unfinished
set of writes sits beside the lock file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from shenguan.catalog import journal
from shenguan.catalog.layout import find_git_dir
from shenguan.errors import ToolError

LOCK_NAME = "shenguan.lock"
DEFAULT_TIMEOUT = 30.0


def lock_path(root: Path) -> Path:
    """In the git directory (a `.git` folder, or the target of a `.git` file for worktrees) found by
    walking up from the catalogue without running git; else in the catalogue folder."""
    found = find_git_dir(root)
    return found / LOCK_NAME if found and found.is_dir() else root / f".{LOCK_NAME}"


def timeout_from_env() -> float:
    """SHENGUAN_LOCK_TIMEOUT (seconds) lets scripts wait longer or fail at once."""
    try:
        return float(os.environ.get("SHENGUAN_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


@contextmanager
def hold(root: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the catalogue's exclusive lock; raises ToolError (exit 3) when it stays taken.

    Taking it first finishes a set of writes a killed command left unfinished (journal.py)."""
    path = lock_path(root)
    wait = timeout_from_env() if timeout is None else timeout
    lock = filelock.FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise ToolError(
            f"目录正被另一个 shenguan 命令修改，等待 {wait:g} 秒后仍未取得锁（{path}）",
            "请等另一个命令结束后重试（锁随命令结束自动释放）；可用 SHENGUAN_LOCK_TIMEOUT 设置等待秒数",
        ) from None
    except OSError as exc:
        raise ToolError(
            f"无法创建锁文件 {path}：{exc.strerror or exc}", "请检查该文件夹是否可写"
        ) from None
    try:
        journal.recover(root, path)
        yield path
    finally:
        lock.release()
