"""Comparing two sets of records by kind and id, pairing renames, and reading what classification needs."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from shenguan import yamlio
from shenguan.catalog import MANIFEST, expected_id, kind_of
from shenguan.diff.classify import Facts, classify
from shenguan.diff.compare import field_changes, restricted, similarity
from shenguan.diff.model import ADDED, MODIFIED, REMOVED, RENAMED, RecordChange
from shenguan.diff.readable import entries, record_rows
from shenguan.findings import Finding, Severity
from shenguan.validation.schemas import KINDS

Key = tuple[str, str, str]  # kind, id, and for standards the version file (v1, draft)
RENAME_SIMILARITY = 0.5
MAX_RENAME_PAIRS = 40_000  # beyond this many candidate pairs only git's own rename pairs count
_SAFE_ID = re.compile(r"^[a-z][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class Entry:
    path: str
    data: dict[str, Any]


def parse(rel: str, raw: bytes) -> tuple[Entry | None, Finding | None]:
    """The YAML layer only: a diff compares what is there, schema-valid or not."""
    try:
        data = yamlio.load_text(yamlio.decode(raw))
    except yamlio.YamlProblem as p:
        return None, Finding(rel, p.line, p.column, p.rule, Severity.ERROR, "", p.message, p.hint)
    if not isinstance(data, dict):
        return None, Finding(
            rel, 1, 1, "Y011", Severity.ERROR, "", "文件内容应为一个映射（键: 值）", "请检查该文件"
        )
    return Entry(rel, data), None


def key_of(entry: Entry) -> Key:
    return path_key(entry.path)


def path_key(rel: str) -> Key:
    """A record's identity: kind and id, the id its file name gives (rule R102 keeps the two equal,
    and only the changed files are read, so a mismatch inside one could not be matched anyway).
    A standard's versions are separate files of one id."""
    kind = kind_of(rel) or "matter"
    version = rel.rsplit("/", 1)[-1].removesuffix(".yaml") if kind == "standard" else ""
    return kind, expected_id(rel), version


def index(entries: Iterable[Entry]) -> dict[Key, Entry]:
    return {key_of(e): e for e in entries}


def compare(
    base: dict[Key, Entry],
    head: dict[Key, Entry],
    facts: Facts,
    show_restricted: bool = False,
    renames: dict[str, str] | None = None,
) -> list[RecordChange]:
    """Every changed record from `base` to `head`, in kind order then id order."""
    changes = []
    removed = [k for k in base if k not in head]
    added = [k for k in head if k not in base]
    for old, new in _pairs(base, head, removed, added, renames or {}):
        changes.append(_change(RENAMED, new, base[old], head[new], facts, show_restricted))
        removed.remove(old)
        added.remove(new)
    for key in base.keys() & head.keys():
        if base[key].data != head[key].data:
            changes.append(_change(MODIFIED, key, base[key], head[key], facts, show_restricted))
    changes += [_change(REMOVED, k, base[k], None, facts, show_restricted) for k in removed]
    changes += [_change(ADDED, k, None, head[k], facts, show_restricted) for k in added]
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(changes, key=lambda c: (order.get(c.kind, len(order)), c.kind, c.id, c.path))


def _pairs(
    base: dict[Key, Entry],
    head: dict[Key, Entry],
    removed: list[Key],
    added: list[Key],
    renames: dict[str, str],
) -> list[tuple[Key, Key]]:
    """Removed/added records of one kind that are the same record under a new id."""
    by_path = {head[k].path: k for k in added}
    hinted = [
        (k, by_path[renames[base[k].path]])
        for k in removed
        if renames.get(base[k].path) in by_path and by_path[renames[base[k].path]][0] == k[0]
    ]
    candidates = []
    if len(removed) * len(added) <= MAX_RENAME_PAIRS:
        for r in removed:
            for a in added:
                if (
                    r[0] == a[0]
                    and (score := similarity(base[r].data, head[a].data)) >= RENAME_SIMILARITY
                ):
                    # Ties break on the unordered pair, so b→a pairs exactly as a→b does.
                    candidates.append((-score, min(r, a), max(r, a), r, a))
    chosen, used = [], set()
    for r, a in hinted + [(r, a) for *_, r, a in sorted(candidates)]:
        if r not in used and a not in used:
            chosen.append((r, a))
            used |= {r, a}
    return chosen


def _change(
    change: str,
    key: Key,
    before: Entry | None,
    after: Entry | None,
    facts: Facts,
    show_restricted: bool,
) -> RecordChange:
    kind = key[0]
    old, new = before.data if before else None, after.data if after else None
    where = after or before
    assert where is not None
    shown = new if new is not None else old
    return RecordChange(
        kind=kind,
        id=key[1],
        change=change,
        classification=classify(kind, change, old, new, facts),
        fields=field_changes(kind, old, new, show_restricted),
        path=where.path,
        name=_name(kind, new or old or {}),
        old_path=before.path if before and change == RENAMED else None,
        old_id=key_of(before)[1] if before and change == RENAMED else None,
        entries=entries(kind, old, new, facts, show_restricted) if old and new else (),
        rows=tuple(record_rows(kind, shown, facts, show_restricted)) if not (old and new) else (),
    )


def _name(kind: str, data: dict[str, Any]) -> str:
    for field in ("name", "title"):
        if isinstance(data.get(field), str) and not restricted(kind, f"/{field}"):
            return str(data[field])
    return ""


class SideFacts:
    """Facts at one side of a change, read on demand through `read(rel)` and kept: the bureau,
    a transfer's kind, and the department and section names a reviewer reads instead of ids."""

    def __init__(self, read: Callable[[str], bytes | None]) -> None:
        self._read = read
        self._cache: dict[str, dict[str, Any]] = {}

    def _record(self, rel: str) -> dict[str, Any]:
        if rel not in self._cache:
            raw = self._read(rel)
            entry = parse(rel, raw)[0] if raw is not None else None
            self._cache[rel] = entry.data if entry else {}
        return self._cache[rel]

    def bureau(self) -> str | None:
        value = self._record(MANIFEST).get("approval_department")
        return value if isinstance(value, str) else None

    def transfer_kind(self, transfer_id: str) -> str | None:
        if not _SAFE_ID.match(transfer_id):
            return None
        value = self._record(f"transfers/{transfer_id}.yaml").get("transfer_kind")
        return value if isinstance(value, str) else None

    def department_name(self, department_id: str) -> str | None:
        if not _SAFE_ID.match(department_id):
            return None
        value = self._record(f"departments/{department_id}.yaml").get("name")
        return value if isinstance(value, str) else None

    def section_name(self, section_id: str) -> str | None:
        """Sections are listed in their department's file; the id starts with the department's."""
        if not _SAFE_ID.match(section_id):
            return None
        sections = self._record(f"departments/{section_id.split('-')[0]}.yaml").get("sections")
        for s in sections if isinstance(sections, list) else []:
            if isinstance(s, dict) and s.get("id") == section_id and isinstance(s.get("name"), str):
                return str(s["name"])
        return None
