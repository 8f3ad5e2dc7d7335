"""Where `-o` may write (docs/security.md): the one check every output option passes.

`-o` onto a record, a device, a FIFO or into a non-empty folder once destroyed data. A file is
written only as a regular file outside the catalogue's record folders, into a folder that
exists (it is never created, so a mistyped path does not spread folders), and never over an
existing file or into a non-empty folder without `--force`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from shenguan.catalog.layout import DIR_KIND, ROOT_FILES
from shenguan.errors import UsageError

RECORD_FOLDERS = tuple(sorted(set(DIR_KIND) | {"standards", "reviews"}))


def check_file(output: Path, root: Path | None, force: bool, data: bytes | None = None) -> None:
    """Refuse `-o FILE` unless it is a new or (with --force) existing regular file in place;
    rewriting a file with the bytes it already holds destroys nothing and needs no --force."""
    _outside_records(output, root)
    if not output.parent.is_dir():
        raise UsageError(
            f"输出文件夹 {output.parent} 不存在，不会自动创建",
            "请先建好该文件夹（mkdir），或换一个已存在的路径",
        )
    try:
        mode = os.stat(output).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"{output} 不是普通文件（文件夹、设备或管道），不会写入",
            "请用 -o 指定一个普通文件的路径",
        )
    if not force and (data is None or output.read_bytes() != data):
        raise UsageError(f"{output} 已存在，不会覆盖", "确需覆盖请加 --force，或换一个文件名")


def check_folder(folder: Path, root: Path | None, force: bool) -> None:
    """Refuse `-o DIR` (many files) inside the records, or a non-empty folder without --force."""
    _outside_records(folder / "x", root)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"{folder} 不是文件夹", "--all 的 -o 应为文件夹（不存在时会新建）")
    if not folder.parent.is_dir():
        raise UsageError(
            f"输出文件夹 {folder.parent} 不存在，不会自动创建", "请先建好上一级文件夹，或换一个路径"
        )
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise UsageError(
            f"文件夹 {folder} 不是空的，不会写入",
            "请指定一个新的或空的文件夹；确需写入请加 --force",
        )


def _outside_records(output: Path, root: Path | None) -> None:
    if root is None:
        return
    target, top = os.path.realpath(output), os.path.realpath(root)
    rel = os.path.relpath(target, top)
    if rel.startswith(".."):
        return
    first = Path(rel).parts[0] if rel != "." else ""
    if first in RECORD_FOLDERS or first in ROOT_FILES or rel == "." or first == ".git":
        raise UsageError(
            f"{output} 在目录的记录文件夹中，不会写入（会毁掉记录）",
            "请把导出文件写到目录之外，或写到目录中非记录的文件夹",
        )
