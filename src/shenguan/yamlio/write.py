"""Writing: dumping new records so they load back unchanged, canonical bytes, atomic writes."""

from __future__ import annotations

import json
import os
import tempfile
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


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temp file in the same folder, fsync, rename over, fsync the folder.

    A failing disk (full, read-only, no permission) is "could not do its job": ToolError naming
    the path, with the temp file removed and the old file untouched.
    """
    try:
        _replace(path, data)
    except OSError as exc:
        raise ToolError(
            f"无法写入 {path}：{exc.strerror or exc}",
            "请检查磁盘空间和该文件夹的写权限；原文件保持不变",
        ) from None


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
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
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename durable; Windows cannot open a folder for fsync (and needs no such step)."""
    if os.name == "nt":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
