"""A content-addressed cache of checked records: the one module that imports sqlite3.

Key: the git blob id of the file's bytes, plus a context digest (schemas, tool version, mode),
so a run after a small change re-reads only what changed. Each row carries a checksum of its
payload; a damaged row is a miss, a damaged or foreign database is deleted and rebuilt.
Working-tree files are recognised by (size, mtime, inode) as git's index does, except files
modified in the last two seconds, which are always hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

from shenguan import __version__, schemas

MAGIC = "shenguan-cache-1"
RACY_NS = 2_000_000_000
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, payload TEXT NOT NULL, checksum TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stats (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, blob TEXT NOT NULL);
"""


def blob_id(raw: bytes) -> str:
    """git's object id for these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def context(mode: str) -> str:
    return hashlib.sha256(f"{MAGIC}|{__version__}|{schemas.schema_digest()}|{mode}".encode()).hexdigest()[:16]


def open_for(root: Path, full: bool) -> Cache:
    """The catalogue's cache, for whole records (`full`) or for the slimmer records rules read."""
    return Cache(default_path(root), "full" if full else "validate")


def default_path(root: Path) -> Path:
    """In the git directory when the catalogue is in a repository, else the user's cache folder."""
    gitdir = find_git_dir(root)
    if gitdir is not None:
        return gitdir / "shenguan" / "cache.sqlite3"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "shenguan" / (hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16] + ".sqlite3")


def find_git_dir(start: Path) -> Path | None:
    for folder in (start.resolve(), *start.resolve().parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            if text.startswith("gitdir:"):
                return (folder / text[7:].strip()).resolve()
    return None


class Cache:
    def __init__(self, path: Path, mode: str) -> None:
        self.path = path
        self.ctx = context(mode)
        self._db = self._open()
        self._new: list[tuple[str, str, str]] = []
        self._stats: list[tuple[str, str, str]] = []

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

    def known_blob(self, rel: str, stamp: str | None) -> str | None:
        if self._db is None or stamp is None:
            return None
        try:
            row = self._db.execute("SELECT stamp, blob FROM stats WHERE path=?", (rel,)).fetchone()
        except sqlite3.Error:
            return None
        return row[1] if row and row[0] == stamp else None

    def remember_blob(self, rel: str, stamp: str | None, blob: str, mtime_ns: int) -> None:
        if stamp is not None and mtime_ns < time.time_ns() - RACY_NS:
            self._stats.append((rel, stamp, blob))

    def get(self, blobs: list[str]) -> dict[str, Any]:
        """blob id -> payload for every valid cached row."""
        if self._db is None or not blobs:
            return {}
        found: dict[str, Any] = {}
        try:
            for i in range(0, len(blobs), 500):
                chunk = [f"{self.ctx}:{b}" for b in blobs[i:i + 500]]
                marks = ",".join("?" * len(chunk))
                for key, payload, checksum in self._db.execute(
                        f"SELECT key, payload, checksum FROM records WHERE key IN ({marks})", chunk):
                    if hashlib.sha1(payload.encode()).hexdigest() == checksum:
                        found[key.split(":", 1)[1]] = json.loads(payload)
        except (sqlite3.Error, ValueError):
            return {}
        return found

    def put(self, blob: str, payload: Any) -> None:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        self._new.append((f"{self.ctx}:{blob}", text, hashlib.sha1(text.encode()).hexdigest()))

    def close(self) -> None:
        """Write what this run learned in one transaction; a busy or broken cache is skipped."""
        if self._db is None:
            return
        try:
            if self._new or self._stats:
                with self._db:
                    self._db.execute("BEGIN IMMEDIATE")
                    self._db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", self._new)
                    self._db.executemany("INSERT OR REPLACE INTO stats VALUES (?, ?, ?)", self._stats)
        except sqlite3.Error:
            pass
        finally:
            self._db.close()
            self._db = None
