"""What cached findings depend on besides the files: the context digest a cache is opened under.

Rows written under one context are never read under another. The context covers the cache format,
the tool's version, the schemas, and a stamp of the code: every module of the package wherever it
lives, every schema file, and the libraries whose words and behaviour reach findings. An edited
rule, a module moved to a new folder or an upgraded library therefore starts a fresh cache, even in
an editable install where the version number does not change.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from pathlib import Path

from shenguan import __version__
from shenguan.catalog.cache import MAGIC, Cache, default_path
from shenguan.validation import schemas

# Libraries whose messages, parsing or data reach findings; an upgrade rewrites these files. The
# holiday data (chinese_calendar) decides working-day counts; a top-level spec is found without
# importing the package.
LIBRARIES = ("yaml", "yaml._yaml", "jsonschema", "fastjsonschema", "chinese_calendar")


def context(mode: str) -> str:
    return hashlib.sha256(
        f"{MAGIC}|{__version__}|{schemas.schema_digest()}|{code_stamp()}|{mode}".encode()
    ).hexdigest()[:16]


@functools.cache
def code_stamp() -> str:
    """This installation's stamp, computed once per process."""
    package = Path(__file__).resolve().parents[1]
    return hashlib.sha1(
        "|".join([sys.version, *_libraries(), tree_stamp(package, schemas.schema_dir())]).encode()
    ).hexdigest()


def tree_stamp(package: Path, schema_dir: Path) -> str:
    """Path, size and mtime of every module under `package` (found by walking it, so a module in a
    new folder is stamped too) and of every schema file under `schema_dir`."""
    parts = []
    for path in sorted([*package.rglob("*.py"), *schema_dir.glob("*.json")]):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def _libraries() -> list[str]:
    from importlib.util import find_spec

    parts = []
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        st = os.stat(origin) if origin and os.path.exists(origin) else None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}" if st else f"{name}:?")
    return parts


def open_for(root: Path, full: bool) -> Cache:
    """The catalogue's cache, for whole records (`full`) or for the slimmer records rules read."""
    return Cache(default_path(root), context("full" if full else "validate"))
