"""Writing: dumping new records so they load back unchanged, canonical bytes, atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

from shenguan.errors import ToolError
from shenguan.yamlio.load import _StrictLoader


class _Dumper(yaml.SafeDumper):
    """safe_dump that also knows our resolvers, so it quotes every string the strict loader would
    read as another type (YAML 1.1 leaves `1.5e3` and `0.E0` plain; our core typing reads floats)."""


for _first, _pairs in _StrictLoader.yaml_implicit_resolvers.items():
    for _tag, _pattern in _pairs:
        _Dumper.add_implicit_resolver(_tag, _pattern, [_first])


def dump(data: Any) -> str:
    """Serialise new records: block style, Chinese kept, key order kept, quoted where needed."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def canonical_json(data: Any) -> bytes:
    """The canonical bytes of a record for digests and signatures."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


# Inside `folder_syncs_deferred`, the folders whose renames atomic_write left to make durable.
_PENDING: ContextVar[set[Path] | None] = ContextVar("shenguan_pending_folder_syncs", default=None)


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, rename over, fsync the folder.

    Inside `folder_syncs_deferred` the folder is fsynced once when the block ends instead.
    A failing disk (full, read-only, no permission) is "could not do its job": ToolError naming
    the path, with the temp file removed and the old file untouched.
    """
    pending = _PENDING.get()
    try:
        folders = _replace(path, data)
        if pending is None:
            for folder in folders:
                fsync_folder(folder)
        else:
            pending.update(folders)
    except OSError as exc:
        raise _write_error(path, exc) from None


@contextmanager
def folder_syncs_deferred() -> Iterator[set[Path]]:
    """Within the block, atomic_write still fsyncs each temp file before its rename (so a name
    never points at data that is not on disk) but leaves the folder fsync, the step that makes
    the rename itself durable, to the end of the block: each distinct folder once, after every
    rename. For a set of writes whose journal is on disk already (catalog.journal): until the
    block ends the renames may be lost in a crash, and the journal, removed only afterwards,
    redoes them. If the block raises, no folder is fsynced (the journal stays; recovery syncs).
    Yields the set of pending folders, to which a caller may add folders of its own.
    """
    outer = _PENDING.get()
    pending: set[Path] = set()
    token = _PENDING.set(pending)
    try:
        yield pending
    finally:
        _PENDING.reset(token)
    if outer is not None:  # nested: the outer block syncs them
        outer.update(pending)
        return
    # Deepest first, so a new folder is durable before the entry naming it in its parent.
    for folder in sorted(pending, key=lambda f: (-len(f.parts), str(f))):
        try:
            fsync_folder(folder)
        except FileNotFoundError:
            continue  # removed meanwhile (a folder added by the caller): nothing to make durable
        except OSError as exc:
            raise ToolError(
                f"无法写入 {folder}：{exc.strerror or exc}",
                "请检查磁盘和该文件夹的写权限；修改日志仍在，下一条命令会补完这组修改",
            ) from None


def _write_error(path: Path, exc: OSError) -> ToolError:
    return ToolError(
        f"无法写入 {path}：{exc.strerror or exc}",
        "请检查磁盘空间和该文件夹的写权限；原文件保持不变",
    )


def _replace(path: Path, data: bytes) -> list[Path]:
    """Replace `path`; returns the folders to fsync for the rename (and any folder made for it)
    to be durable."""
    folders = [path.parent]
    if not path.parent.is_dir():
        missing, folder = [], path.parent
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        path.parent.mkdir(parents=True, exist_ok=True)
        folders += [made.parent for made in missing]
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folders


def fsync_folder(folder: Path) -> None:
    """Make a rename durable; Windows cannot open a folder for fsync (and needs no such step)."""
    if os.name == "nt":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
