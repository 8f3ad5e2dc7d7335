"""Where record bytes come from: the Source protocol, and the working tree that implements it."""

from __future__ import annotations

import operator
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from shenguan.catalog.layout import (
    KIND_DIR,
    ROOT_FILES,
    ignored_file,
    layout_finding,
    misplaced,
    misplaced_finding,
    undecodable_name,
)
from shenguan.findings import Finding

_NAME = operator.attrgetter("name")


class Source(Protocol):
    """Where record bytes come from: the working tree, or a commit (see history)."""

    label: str

    def files(self) -> list[str]: ...

    def read(self, rel: str) -> bytes: ...

    def problems(self) -> list[Finding]: ...


class WorkTree:
    """Record files in a folder; symlinks and stray `.yml` files are reported, never followed."""

    shareable = True  # worker processes may read files themselves

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self._problems: list[Finding] = []
        self._entries: dict[str, os.DirEntry[str]] = {}

    def files(self) -> list[str]:
        # The root files and the kind folders are checked too: is_file() and scandir() follow links.
        linked = [
            rel
            for rel in (*ROOT_FILES, *sorted(KIND_DIR.values()))
            if (self.root / rel).is_symlink()
        ]
        self._problems.extend(
            layout_finding("Y008", rel, "记录文件或文件夹是符号链接", "请用普通文件代替符号链接")
            for rel in linked
        )
        found = [rel for rel in ROOT_FILES if rel not in linked and (self.root / rel).is_file()]
        self._problems.extend(misplaced_finding(rel) for rel in self._stray_at_root())
        for folder in sorted(KIND_DIR.values()):
            if folder not in linked:
                found.extend(self._scan(folder, depth=2 if folder == "standards" else 1))
        return found

    def _scan(self, rel: str, depth: int) -> Iterable[str]:
        try:
            entries = sorted(os.scandir(self.root / rel), key=_NAME)
        except (FileNotFoundError, NotADirectoryError):
            return
        for entry in entries:
            path = f"{rel}/{entry.name}"
            if entry.name.startswith("."):
                if ignored_file(path):  # a record hidden as a dot-file would be silently skipped
                    self._problems.append(misplaced_finding(path))
                continue
            bad_name = undecodable_name(path) if not entry.name.isascii() else None
            if bad_name is not None:
                self._problems.append(bad_name)
            elif entry.is_symlink():
                self._problems.append(
                    layout_finding(
                        "Y008", path, "记录文件或文件夹是符号链接", "请用普通文件代替符号链接"
                    )
                )
            elif depth > 1 and entry.is_dir():
                yield from self._scan(path, depth - 1)
            elif entry.name.endswith(".yml"):
                self._problems.append(
                    layout_finding(
                        "Y009", path, "记录文件应以 .yaml 结尾", f"请改名为 {entry.name[:-4]}.yaml"
                    )
                )
            elif entry.name.endswith(".yaml") and entry.is_file() and depth == 1:
                self._entries[path] = entry
                yield path
            elif entry.is_file(follow_symlinks=False) and ignored_file(path):
                self._problems.append(misplaced_finding(path))
            else:
                self._problems.extend(
                    misplaced(self.root, path, entry.is_dir(follow_symlinks=False))
                )

    def _stray_at_root(self) -> list[str]:
        """YAML files beside shenguan.yaml that are no root record (a matter saved one level up)."""
        try:
            entries = sorted(os.scandir(self.root), key=_NAME)
        except OSError:
            return []
        return [
            e.name
            for e in entries
            if ignored_file(e.name) and e.name.isascii() and e.is_file(follow_symlinks=False)
        ]

    def read(self, rel: str) -> bytes:
        if (self.root / rel).is_symlink():  # never follow one, not even to show a line number
            raise OSError(f"{rel} 是符号链接")
        return (self.root / rel).read_bytes()

    def stamp(self, rel: str) -> tuple[str, int] | None:
        """(size:mtime:ctime:inode:device, mtime_ns) — how the cache recognises an unchanged file
        without reading it; ctime changes on every write even when mtime is set back."""
        try:
            entry = self._entries.get(rel)
            st = (
                entry.stat(follow_symlinks=False) if entry is not None else os.stat(self.root / rel)
            )
        except OSError:
            return None
        # Trusted only when neither time is recent: ctime cannot be set back by `cp -p` or `touch -d`.
        return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}", max(
            st.st_mtime_ns, st.st_ctime_ns
        )

    def problems(self) -> list[Finding]:
        return list(self._problems)
