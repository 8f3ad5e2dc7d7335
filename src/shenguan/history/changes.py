"""What changed between two commits, or a commit and the working tree, and one file's history.

Both come from git's raw diff format (`--raw -z --no-abbrev`): modes and object ids of both sides,
so the cost follows the changed files, never the size of the catalogue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from shenguan.history.complete import require_complete
from shenguan.history.runner import Repository, pathspec
from shenguan.history.source import SYMLINK, is_null

DIFF_OPTIONS = ("--raw", "-z", "--no-abbrev", "--no-color", "--no-ext-diff", "--no-textconv")


@dataclass(frozen=True)
class FileChange:
    """One changed path, relative to the catalogue; an oid of None means "read the working tree"."""

    status: str  # A added, D deleted, M modified, R renamed, T type changed
    old_path: str | None
    new_path: str | None
    old_mode: str = "000000"
    new_mode: str = "000000"
    old_oid: str | None = None
    new_oid: str | None = None


def _parse_raw(tokens: list[bytes], start: int) -> tuple[list[tuple[list[str], list[str]]], int]:
    """(meta fields, paths) pairs from NUL-separated raw output, and the index after them."""
    out, i = [], start
    while i < len(tokens) and tokens[i].lstrip(b"\n").startswith(b":"):
        meta = tokens[i].lstrip(b"\n")[1:].decode("ascii", "replace").split()
        count = 2 if meta and meta[-1][:1] in ("R", "C") else 1
        paths = [t.decode("utf-8", "surrogateescape") for t in tokens[i + 1 : i + 1 + count]]
        out.append((meta, paths))
        i += 1 + count
    return out, i


def _under(path: str, prefix: str) -> str | None:
    """A path relative to the catalogue's folder, or None for one outside it."""
    return path[len(prefix) :] if path.startswith(prefix) else None


def _change(meta: list[str], paths: list[str], prefix: str) -> FileChange | None:
    if len(meta) != 5:
        return None
    old_mode, new_mode, old_oid, new_oid, status = meta
    old_path, new_path = (paths[0], paths[-1]) if status[0] in "RC" else (paths[0], paths[0])
    old_rel, new_rel = _under(old_path, prefix), _under(new_path, prefix)
    if status[0] == "A":
        old_rel = None
    if status[0] == "D":
        new_rel = None
    return FileChange(
        status[0],
        old_rel,
        new_rel,
        old_mode,
        new_mode,
        None if is_null(old_oid) else old_oid,
        None if is_null(new_oid) else new_oid,
    )


def changed_files(repo: Repository, base: str, head: str | None, prefix: str) -> list[FileChange]:
    """Files under `prefix` changed from commit `base` to commit `head` (None: the working tree)."""
    # Against the working tree both git processes stat every file: on two cores they overlap.
    others = (
        repo.start(
            "ls-files", "--others", "--exclude-standard", "-z", "--full-name", *pathspec(prefix)
        )
        if head is None
        else None
    )
    args = [
        "diff",
        *DIFF_OPTIONS,
        "-M",
        "--ignore-submodules=dirty",
        base,
        *([head] if head else []),
    ]
    try:
        tokens = repo.out(*args, *pathspec(prefix)).split(b"\0")
    except BaseException:
        if others is not None:
            others[1].kill()
            others[1].communicate()
        raise
    entries, _ = _parse_raw(tokens, 0)
    changes = [
        c for c in (_change(m, p, prefix) for m, p in entries) if c and (c.old_path or c.new_path)
    ]
    if others is not None:
        changes.extend(_untracked(repo, prefix, repo.finish(others)))
    return changes


def _untracked(repo: Repository, prefix: str, out: bytes) -> list[FileChange]:
    found = []
    for path in out.decode("utf-8", "surrogateescape").split("\0"):
        if path.startswith(prefix) and path:
            mode = SYMLINK if os.path.islink(repo.root / path) else "100644"
            found.append(FileChange("A", None, path[len(prefix) :], new_mode=mode))
    return found


@dataclass(frozen=True)
class PathCommit:
    """One commit that touched a file: who, when, and the file's object ids before and after."""

    commit: str
    date: str
    author: str
    subject: str
    change: FileChange


def path_history(
    repo: Repository, head: str, prefix: str, rel: str, limit: int | None = None
) -> list[PathCommit]:
    """Commits reachable from `head` that changed the catalogue file `rel`, newest first."""
    require_complete(repo, "列出文件的完整历史")
    args = ["log", *DIFF_OPTIONS, "--no-renames", "--format=%H%x1f%aI%x1f%an%x1f%s"]
    if limit:
        args.append(f"--max-count={limit}")
    tokens = repo.out(*args, head, "--", prefix + rel).split(b"\0")
    found, i = [], 0
    while i < len(tokens):
        header = tokens[i].lstrip(b"\n").decode("utf-8", "replace").split("\x1f", 3)
        entries, i = _parse_raw(tokens, i + 1)
        if len(header) != 4:
            continue
        for meta, paths in entries:
            change = _change(meta, paths, prefix)
            if change:
                found.append(PathCommit(header[0], header[1], header[2], header[3], change))
    return found


def worktree_file(root: Path, rel: str) -> bytes | None:
    """A catalogue file from the working tree; None when absent. Links are never followed."""
    path = root / rel
    if os.path.islink(path) or not path.is_file():
        return None
    return path.read_bytes()
