"""What changed since the last sign-off: a record reviewed once and edited again is shown from the
content the reviewer signed to what it is now, not as the whole change again.

A sign-off holds only a path and a content digest; the signed content is found by walking the
branch's history of that path and digesting each version. Only sign-offs that verify count: a
forged record must not shrink what the reviewer is shown.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from shenguan import history, yamlio
from shenguan.diff.readable import entries
from shenguan.diff.records import SideFacts
from shenguan.review.changes import Pending
from shenguan.review.record import DELETED, Signoff
from shenguan.review.scope import Scope
from shenguan.yamlio.digests import digest

MAX_VERSIONS = (
    200  # versions of one file walked back before giving up (then the whole change shows)
)


def last_signoff(pending: Pending, signoffs: list[Signoff]) -> Signoff | None:
    """The newest sign-off that covers the record at another content than now, unless a newer
    one covers the present content (then nothing is stale)."""
    for s in reversed(signoffs):
        have = s.covered.get(pending.path)
        if have == pending.digest:
            return None
        if have and have != DELETED:
            return s
    return None


def signed_content(scope: Scope, path: str, wanted: str) -> dict[str, Any] | None:
    """The version of `path` on the branch whose digest is `wanted`, newest first; None if none."""
    found = history.path_history(scope.repo, scope.head, scope.prefix, path, MAX_VERSIONS)
    oids = [c.change.new_oid for c in found if c.change.new_oid]
    oids = [o for o in dict.fromkeys(oids) if not history.source.is_null(o)]
    for raw in history.read_blobs(scope.repo, oids):
        data = parsed(raw)
        if data is not None and digest(data) == wanted:
            return data
    return None


def since_signoff(scope: Scope, pending: Pending, signoffs: list[Signoff]) -> Pending:
    """`pending` with its entries measured from the signed content, when there is one."""
    s = last_signoff(pending, signoffs)
    if s is None or not pending.readable:
        return pending
    then = signed_content(scope, pending.path, s.covered[pending.path])
    now = parsed(scope.read_worktree(pending.path))
    if then is None or now is None:
        return pending
    found = entries(pending.kind, then, now, SideFacts(scope.read_worktree))
    return replace(pending, entries=found, rows=(), since=s.id)


def parsed(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = yamlio.load_bytes(raw)
    except yamlio.YamlProblem:
        return None
    return data if isinstance(data, dict) else None


class _Judged(Protocol):
    pending: Pending
    state: str
    signoff: str
    message: str


J = TypeVar("J", bound=_Judged)


def explain(scope: Scope, item: J, signoffs: list[Signoff]) -> J:
    """A stale gate item with the fields edited after its sign-off named in its message."""
    if item.state != "stale":
        return item
    signed = [s for s in signoffs if s.id == item.signoff]
    later = since_signoff(scope, item.pending, signed)
    if not later.since:
        return item
    labels = list(dict.fromkeys(e.label for e in later.entries)) or ["（仅格式变化）"]
    shown = "、".join(labels[:8]) + (f" 等 {len(labels)} 处" if len(labels) > 8 else "")
    explained = copy.copy(item)
    explained.message = f"{item.message}。签署后改动的字段：{shown}"
    return explained
