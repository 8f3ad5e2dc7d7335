"""A content-addressed cache of checked records: the one module that imports sqlite3.

Two tables, both under a context digest (schemas, tool version and code, mode):
- `records`: by the git blob id of a file's bytes, the parsed record and its YAML and schema
  findings; shared by every path and revision with those bytes;
- `files`: by catalogue and path, the file's stamp (size, mtime, ctime, inode, device — how git's
  index recognises an unchanged file without reading it; a file whose mtime or ctime is within two
  seconds of the run is never trusted this way), its blob id, and for matters their facts and every finding of the
  file, valid while the blob and the digest of the rest of the catalogue (the "world") are unchanged.
Each row carries a checksum of its payload; a damaged row is a miss, a damaged or foreign database
is deleted and rebuilt, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from shenguan.catalog.layout import find_git_dir
from shenguan.catalog.rows import checksum, loads
from shenguan.nogc import paused

MAGIC = "shenguan-cache-2"
RACY_NS = 2_000_000_000
FLUSH_ROWS = 5_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, payload TEXT NOT NULL, checksum TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, blob TEXT NOT NULL,
                                  world TEXT NOT NULL, payload TEXT NOT NULL, checksum TEXT NOT NULL);
"""


def default_path(root: Path) -> Path:
    """In the git directory when the catalogue is in a repository, else the user's cache folder."""
    gitdir = find_git_dir(root)
    if gitdir is not None:
        return gitdir / "shenguan" / "cache.sqlite3"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return (
        base
        / "shenguan"
        / (hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16] + ".sqlite3")
    )


@functools.cache
def _scope(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()[:12]


class Cache:
    def __init__(self, path: Path, context: str) -> None:
        """`context`: a digest of everything the cached results depend on besides the files
        (schemas, code, library versions, mode); rows written under another context are not read."""
        self.path = path
        self.ctx = context
        self._db = self._open()
        self._new: list[tuple[str, str | bytes, str]] = []
        self._files: list[tuple[str, str, str, str, str, str]] = []
        self._racy = time.time_ns() - RACY_NS  # files modified since are hashed again next time

    def _open(self) -> sqlite3.Connection | None:
        for _ in range(2):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
                db.executescript(_SCHEMA)
                found = db.execute("SELECT value FROM meta WHERE key='magic'").fetchone()
                if found is None:
                    db.execute("INSERT OR IGNORE INTO meta VALUES ('magic', ?)", (MAGIC,))
                elif found[0] != MAGIC:
                    raise sqlite3.DatabaseError("foreign cache")
                return db
            except (sqlite3.Error, OSError):
                self._discard()
        return None  # no usable cache: run without one

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def files(self, scope: str) -> dict[str, tuple[str, str, str, str, str]]:
        """rel -> (stamp, blob, world, payload, checksum) of every file row of this catalogue."""
        if self._db is None:
            return {}
        prefix = self._prefix(scope)
        try:
            rows = self._db.execute(
                "SELECT path, stamp, blob, world, payload, checksum FROM files "
                "WHERE path >= ? AND path < ?",
                (prefix, prefix[:-1] + "}"),
            )
            cut = len(prefix)
            return {row[0][cut:]: row[1:] for row in rows}
        except sqlite3.Error:
            return {}

    def _prefix(self, scope: str) -> str:
        """Where the rows of one catalogue's files start: each catalogue (and revision) has its own."""
        return f"{self.ctx}:{_scope(scope)}|"

    def put_file(
        self,
        scope: str,
        rel: str,
        stamp: tuple[str, int] | None,
        blob: str,
        world: str = "",
        payload: str = "",
        check: str | None = None,
    ) -> None:
        """Remember a file: its stamp only when the file is old enough to be trusted by it."""
        trusted = stamp[0] if stamp is not None and stamp[1] < self._racy else ""
        self._files.append(
            (
                self._prefix(scope) + rel,
                trusted,
                blob,
                world,
                payload,
                check or checksum(payload),
            )
        )
        if len(self._files) >= FLUSH_ROWS:
            self._flush()

    def get(self, blobs: list[str]) -> dict[str, Any]:
        """blob id -> payload for every valid cached row."""
        if self._db is None or not blobs:
            return {}
        with paused():
            return self._get(blobs)

    def _get(self, blobs: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        if self._db is None:
            return found
        cut = len(self.ctx) + 1
        try:
            for i in range(0, len(blobs), 500):
                chunk = [f"{self.ctx}:{b}" for b in blobs[i : i + 500]]
                marks = ",".join("?" * len(chunk))
                for key, payload, check in self._db.execute(
                    f"SELECT key, payload, checksum FROM records WHERE key IN ({marks})", chunk
                ):
                    if checksum(payload) == check:
                        found[key[cut:]] = loads(payload)
        except (sqlite3.Error, ValueError):
            return {}
        return found

    def put_text(self, blob: str, text: str | bytes, check: str | None = None) -> None:
        """A payload serialised with catalog.rows (often by a worker, with its checksum)."""
        self._new.append((f"{self.ctx}:{blob}", text, check or checksum(text)))
        if len(self._new) >= FLUSH_ROWS:
            self._flush()

    def _flush(self) -> None:
        """Hand pending rows to SQLite inside this run's one transaction (begun at the first flush),
        so a large cold run does not hold every payload in memory until the end."""
        if self._db is None or not (self._new or self._files):
            return
        try:
            if not self._db.in_transaction:
                self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", self._new)
            self._db.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", self._files
            )
        except sqlite3.Error:
            self._abandon()
        self._new, self._files = [], []

    def _abandon(self) -> None:
        """A busy or broken cache: this run writes nothing to it."""
        if self._db is not None:
            try:
                self._db.rollback()
                self._db.close()
            except sqlite3.Error:
                pass
        self._db = None

    def close(self) -> None:
        """Commit what this run learned, all or nothing; a busy or broken cache is skipped."""
        self._flush()
        if self._db is None:
            return
        try:
            if self._db.in_transaction:
                self._db.commit()
        except sqlite3.Error:
            self._abandon()
        if self._db is not None:
            self._db.close()
            self._db = None
