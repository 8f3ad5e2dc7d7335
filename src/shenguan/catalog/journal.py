"""Sets of writes, all or nothing (docs/security.md「写入与并发」).

Each file is replaced atomically, but a command that writes several files can be killed between
two replaces. So before the first replace the whole set - every file's new bytes and the git blob
id it had - goes into one journal beside the lock, written to a temp file, fsynced and renamed
into place: the journal either exists complete or not at all. Then each file is replaced (its
temp file fsynced, then renamed), each distinct folder fsynced once after the last rename, and
only then the journal removed: until the folders are synced a crash may lose renames, and the
journal is still there to redo them. The next command that takes the lock finds an unfinished
journal and rolls it forward (replaying a replace is harmless), and removes temp files a killed write left behind.
A journal that does not parse was never renamed into place, so there is nothing to roll back:
the files are all old.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

from shenguan.errors import ToolError
from shenguan.yamlio import atomic_write
from shenguan.yamlio.digests import blob_id
from shenguan.yamlio.write import folder_syncs_deferred

JOURNAL_NAME = "shenguan.journal"
# What yamlio.atomic_write and this module name their temp files (tempfile.mkstemp's 8 characters).
TEMP = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")


def journal_path(lock_file: Path) -> Path:
    return lock_file.with_name(JOURNAL_NAME)


def write_all(root: Path, lock_file: Path, changes: Mapping[str, bytes]) -> None:
    """Write every file of `changes` (paths relative to `root`) or, after a crash, none of them
    until the next lock holder finishes the set."""
    journal = journal_path(lock_file)
    entries = [
        {"file": rel, "old": _blob_of(root / rel), "new": base64.b64encode(raw).decode("ascii")}
        for rel, raw in sorted(changes.items())
    ]
    document = {"root": str(root.resolve()), "files": entries}
    atomic_write(journal, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    with folder_syncs_deferred():
        for rel, raw in sorted(changes.items()):
            atomic_write(root / rel, raw)
    journal.unlink()


def recover(root: Path, lock_file: Path) -> list[str]:
    """Finish what a killed command began (call with the lock held); returns the files rolled
    forward. Leftover temp files of the journal's folder and the written files' folders go."""
    journal = journal_path(lock_file)
    _sweep(journal.parent)
    if not journal.exists():
        return []
    entries = _entries(journal, root)
    if entries is None:
        return []  # another catalogue of the same repository; its own commands finish it
    done: list[str] = []
    with folder_syncs_deferred() as folders:
        for rel, old, new in entries:
            path = root / rel
            if path.parent not in folders:
                _sweep(path.parent)  # once per folder: a set may hold 10 000 files of one
            current = _blob_of(path)
            folders.add(path.parent)  # replaced before the crash, maybe not durably: sync it too
            if current == blob_id(new):
                continue
            if current != old:
                raise ToolError(
                    f"上一次中断的修改无法补完：{rel} 在中断后又被改动（{journal}）",
                    "请检查该文件的内容，确认无误后删除上述日志文件再重试",
                )
            atomic_write(path, new)
            done.append(rel)
    journal.unlink()
    return done


def _entries(journal: Path, root: Path) -> list[tuple[str, str | None, bytes]] | None:
    try:
        document = json.loads(journal.read_bytes())
        if document["root"] != str(root.resolve()):
            return None
        return [
            (_safe_rel(e["file"]), e["old"], base64.b64decode(e["new"], validate=True))
            for e in document["files"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise ToolError(
            f"修改日志 {journal} 已损坏：{exc}",
            "请检查目录中的文件是否完整（git status / git diff），确认后删除该日志文件再重试",
        ) from None


def _safe_rel(rel: str) -> str:
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or ".." in parts:
        raise ValueError(f"路径 {rel!r} 不在目录内")
    return rel


def _blob_of(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file():
        return None
    return blob_id(path.read_bytes())


def _sweep(folder: Path) -> None:
    """Remove the temp files a killed atomic write left in `folder` (we hold the lock, so no
    write of ours is under way)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if TEMP.match(name) and not (folder / name).is_symlink():
            (folder / name).unlink(missing_ok=True)
