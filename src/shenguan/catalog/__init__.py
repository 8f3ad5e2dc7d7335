"""Files → records: the layout, the sources of bytes, the record model, the read model, the worker
pool, the cache and the lock.

May import: the leaves (errors, findings, i18n, codes, clock, nogc) and yamlio. Nothing above.
"""

from shenguan.catalog.layout import (
    DIR_KIND,
    KIND_DIR,
    MANIFEST,
    REVIEWERS,
    ROOT_FILES,
    discover,
    expected_id,
    ignored_file,
    kind_of,
    misplaced_finding,
    undecodable_name,
)
from shenguan.catalog.model import Catalog, Record
from shenguan.catalog.worktree import Source, WorkTree

__all__ = [
    "DIR_KIND",
    "KIND_DIR",
    "MANIFEST",
    "REVIEWERS",
    "ROOT_FILES",
    "Catalog",
    "Record",
    "Source",
    "WorkTree",
    "discover",
    "expected_id",
    "ignored_file",
    "kind_of",
    "misplaced_finding",
    "undecodable_name",
]
