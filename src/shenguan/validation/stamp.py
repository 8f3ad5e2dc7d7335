"""What cached findings depend on besides the files: the context digest a cache is opened under."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from shenguan import __version__
from shenguan.catalog.cache import MAGIC, Cache, default_path
from shenguan.validation import schemas


def context(mode: str) -> str:
    return hashlib.sha256(
        f"{MAGIC}|{__version__}|{schemas.schema_digest()}|{code_stamp()}|{mode}".encode()
    ).hexdigest()[:16]


@functools.cache
def code_stamp() -> str:
    """Size and mtime of every module of the package and every schema file (an edited rule
    invalidates the cache even before the version number changes, in an editable install), and the versions of the libraries whose words
    and behaviour reach findings: PyYAML and libyaml, jsonschema, fastjsonschema, Python."""
    import sys
    from importlib.util import find_spec

    package = Path(__file__).resolve().parents[1]
    parts = [sys.version]
    for name in (
        "yaml",
        "yaml._yaml",
        "jsonschema",
        "fastjsonschema",
    ):  # an upgrade rewrites these files
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        st = os.stat(origin) if origin and os.path.exists(origin) else None
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}" if st else f"{name}:?")
    # Every module of the package, wherever it lives (a module moved to a new folder is still
    # stamped), and every schema file.
    for path in sorted([*package.rglob("*.py"), *schemas.schema_dir().glob("*.json")]):
        st = path.stat()
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def open_for(root: Path, full: bool) -> Cache:
    """The catalogue's cache, for whole records (`full`) or for the slimmer records rules read."""
    return Cache(default_path(root), context("full" if full else "validate"))
