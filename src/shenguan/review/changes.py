"""The changes since the fork point that need legality review, and what a sign-off must cover for each.

Coverage is by path and content digest: a modified or added record is covered at its new digest,
a deleted one as `deleted`, and a renamed one at both its new path and (deleted) its old path.
Only the files git reports as changed are read, so the cost follows the change.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan import history, yamlio
from shenguan.catalog import MANIFEST, expected_id, kind_of, undecodable_name, upgrade
from shenguan.catalog.upgrade_text import upgraded_bytes
from shenguan.diff import ChangeEntry, FieldChange, Row, classify, field_changes
from shenguan.diff.compare import restricted
from shenguan.diff.readable import entries, record_rows
from shenguan.diff.records import SideFacts
from shenguan.review.policy import TRUST_FILES, Policy
from shenguan.review.record import DELETED, FOLDER
from shenguan.review.scope import Scope
from shenguan.yamlio.digests import digest

ADDED, REMOVED, MODIFIED, RENAMED = "added", "removed", "modified", "renamed"
TRUST = "trust"


@dataclass(frozen=True)
class Pending:
    path: str
    kind: str
    id: str
    change: str
    classification: str
    digest: str
    pointers: tuple[str, ...]  # the changed fields that need review; '' is the whole file
    fields: tuple[FieldChange, ...] = ()
    name: str = ""
    old_path: str | None = None
    documents: tuple[str, ...] = ()
    readable: bool = True
    entries: tuple[ChangeEntry, ...] = ()  # the fields as a reviewer reads them
    rows: tuple[Row, ...] = ()  # an added or removed record in full
    problem: str = ""  # why the newer side does not parse
    since: str = ""  # the sign-off whose content `entries` start from (edited after sign-off)

    def covered(self) -> list[tuple[str, str]]:
        """(path, digest) pairs a sign-off must hold, all of them, to cover this change."""
        if not self.digest:  # never read (a link, an undecodable name): no sign-off covers it
            return []
        entries = [(self.path, self.digest)]
        if self.old_path and self.old_path != self.path:
            entries.append((self.old_path, DELETED))
        return entries


def in_scope(rel: str | None) -> bool:
    return bool(rel) and (
        rel in TRUST_FILES
        or (history.source.is_record_path(rel or "") and not (rel or "").startswith(FOLDER + "/"))
    )


def collect(scope: Scope, policy: Policy, guarded: bool) -> list[Pending]:
    """Every change since `scope.fork` that the policy sends to review, by path."""
    pairs: list[tuple[str | None, str | None]] = []
    for f in scope.changed():
        old = f.old_path if in_scope(f.old_path) else None
        new = f.new_path if in_scope(f.new_path) else None
        if f.status == "R" and old and new:
            pairs.append((old, new))
        elif f.status in "ADR":  # a rename across the catalogue's edge is a removal or an addition
            pairs += [(o, n) for o, n in ((old, None), (None, new)) if o or n]
        elif old:
            pairs.append((old, old))
    # A symlinked record or an undecodable name is never read (validate reports it): it stays
    # pending as unreadable, so neither a crash nor a `deleted` sign-off can let it through.
    bad = {(o, n): why for o, n in pairs if (why := refusal(scope.root, o, n))}
    pairs = [p for p in pairs if p not in bad]
    before = scope.read_many_at(scope.fork, sorted({o for o, _ in pairs if o}))
    after = scope.read_many_worktree(sorted({n for _, n in pairs if n}))
    before = _at_worktree_version(scope, before)
    facts = SideFacts(scope.read_worktree)
    found = [
        _pending(
            o, n, before.get(o) if o else None, after.get(n) if n else None, policy, guarded, facts
        )
        for o, n in pairs
    ] + [refused(o, n, why, policy, guarded) for (o, n), why in bad.items()]
    return sorted((p for p in found if p), key=lambda p: p.path)


def _at_worktree_version(scope: Scope, before: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """Across `shenguan migrate` the fork's records are read as the migration writes them, so
    only what changed in meaning goes to review, not what the new data structure spells anew."""
    fork = upgrade.version_in(scope.read_many_at(scope.fork, [MANIFEST])[MANIFEST])
    now = upgrade.version_in(scope.read_worktree(MANIFEST))
    if fork is None or upgrade.common_version(fork, now) != now:
        return before
    return {
        rel: upgraded_bytes(rel, raw, fork) if raw is not None and rel.endswith(".yaml") else raw
        for rel, raw in before.items()
    }


def _pending(
    old: str | None,
    new: str | None,
    raw_old: bytes | None,
    raw_new: bytes | None,
    policy: Policy,
    guarded: bool,
    facts: SideFacts,
) -> Pending | None:
    path = new if raw_new is not None and new else old
    assert path is not None
    kind = TRUST if path in TRUST_FILES else kind_of(path) or "matter"
    a, _, _ = _data(path, raw_old)
    b, readable, problem = _data(path, raw_new)
    change = (
        REMOVED
        if raw_new is None
        else ADDED
        if raw_old is None
        else RENAMED
        if old != new
        else MODIFIED
    )
    pointers = policy.review_pointers(kind, a, b, guarded)
    if (change == RENAMED or not readable) and not pointers and policy.covers(kind, guarded):
        pointers = [""]  # a moved or unreadable record of a reviewed kind always goes to review
    if not pointers:
        return None
    records = kind != TRUST and isinstance(a or {}, dict) and isinstance(b or {}, dict)
    data = b if isinstance(b, dict) else a if isinstance(a, dict) else {}
    return Pending(
        path=path,
        kind=kind,
        id=str(data.get("id") or expected_id(path)),
        change=change,
        classification=_classify(kind, change, a, b, facts, readable),
        digest=DELETED if raw_new is None else _digest(b, raw_new, readable),
        pointers=tuple(pointers),
        fields=field_changes(kind, a, b) if records and readable else (),
        name=_name(kind, data),
        old_path=old if change == RENAMED else None,
        documents=tuple(_documents(a, b)),
        readable=readable,
        problem=problem,
        **(_readable(kind, a, b, facts) if records and readable else {}),
    )


def refusal(root: Path, old: str | None, new: str | None) -> str:
    """Why a changed path is not read at all (validate's Y012/Y008), or ''."""
    if any(r and undecodable_name(r) for r in (old, new)):
        return "文件名不是有效的 UTF-8 编码，不会被读取（validate 报 Y012）"
    if new and os.path.islink(root / new):
        return "记录文件是符号链接，不会被读取（validate 报 Y008）"
    return ""


def refused(
    old: str | None, new: str | None, why: str, policy: Policy, guarded: bool
) -> Pending | None:
    """A pending change that was not read: unreadable, so the gate and `sign` refuse it."""
    path = new or old or ""  # an undecodable name stays as read: renderers escape its bytes
    kind = TRUST if path in TRUST_FILES else kind_of(path) or "matter"
    if not policy.covers(kind, guarded):
        return None
    change = (
        ADDED if old is None else REMOVED if new is None else MODIFIED if old == new else RENAMED
    )
    return Pending(
        path=path,
        kind=kind,
        id=expected_id(path),
        change=change,
        classification="无法解析",
        digest="",
        pointers=("",),
        old_path=old if change == RENAMED else None,
        readable=False,
        problem=why,
    )


def _readable(kind: str, a: Any, b: Any, facts: SideFacts) -> dict[str, Any]:
    """Entries for a record on both sides, the whole record for one added or removed."""
    if a is not None and b is not None:
        return {"entries": entries(kind, a, b, facts)}
    return {"rows": tuple(record_rows(kind, b if b is not None else a, facts))}


def _data(path: str, raw: bytes | None) -> tuple[Any, bool, str]:
    """Parsed YAML (the allowed-signers file stays bytes); (None, False, why) when it does not parse."""
    if raw is None or not path.endswith(".yaml"):
        return raw, True, ""
    try:
        return yamlio.load_bytes(raw), True, ""
    except yamlio.YamlProblem as p:
        return None, False, f"第 {p.line} 行第 {p.column} 列：{p.message}"


def _digest(data: Any, raw: bytes, readable: bool) -> str:
    if isinstance(data, bytes) or not readable:
        return "sha256:" + hashlib.sha256(raw).hexdigest()
    return digest(data)


def _classify(kind: str, change: str, a: Any, b: Any, facts: SideFacts, readable: bool) -> str:
    if not readable:
        return "无法解析"
    if kind == TRUST:
        return "审查配置变更"
    return classify(
        kind, change, a if isinstance(a, dict) else None, b if isinstance(b, dict) else None, facts
    )


def _name(kind: str, data: dict[str, Any]) -> str:
    for key in ("name", "title"):
        if isinstance(data.get(key), str) and not restricted(kind, f"/{key}"):
            return str(data[key])
    return ""


def _documents(before: Any, after: Any) -> list[str]:
    """Document numbers the change brings in (adjustment bases, evidence, authorisations)."""
    old = set(_doc_numbers(before))
    return list(dict.fromkeys(d for d in _doc_numbers(after) if d not in old))


def _doc_numbers(value: Any, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [d for k, v in value.items() for d in _doc_numbers(v, k)]
    if isinstance(value, list):
        return [d for v in value for d in _doc_numbers(v, key)]
    return [value] if key in ("doc_no", "basis") and isinstance(value, str) else []
