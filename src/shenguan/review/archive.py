"""`review render ID`: the archive copy of one sign-off (合法性审查意见书) for the bureau's files.

It holds who decided what and when, every covered record's change as a reviewer reads it (from
the fork point of the sign-off's base and head to the content it signed, found by digest in the
branch's history), the signature's key fingerprint and its verification against the trusted base.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shenguan import history
from shenguan.catalog import kind_of
from shenguan.diff.groups import Groups
from shenguan.diff.model import ChangeEntry, Row
from shenguan.diff.readable import entries, record_rows
from shenguan.diff.records import SideFacts
from shenguan.errors import ShenguanError, UsageError
from shenguan.review import record, since, verify
from shenguan.review import trust as trusts
from shenguan.review.packet import arrange
from shenguan.review.policy import Policy
from shenguan.review.scope import Scope, open_scope
from shenguan.review.signing import NAMESPACE
from shenguan.review.verify import STATE_ZH

_COMMIT = re.compile(r"^[0-9a-f]{80}$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
_ARMOR = re.compile(rb"-----BEGIN SSH SIGNATURE-----(.*?)-----END SSH SIGNATURE-----", re.S)


@dataclass(frozen=True)
class Covered:
    path: str
    kind: str
    digest: str
    entries: tuple[ChangeEntry, ...] = ()
    rows: tuple[Row, ...] = ()
    note: str = ""  # 新增 / 删除 / why the content could not be shown


@dataclass
class Archive:
    scope: Scope
    signoff: record.Signoff
    state: str
    ok: bool
    message: str
    fingerprint: str
    covered: list[Covered] = field(default_factory=list)
    policy: Policy = field(default_factory=Policy)

    def groups(self, c: Covered) -> Groups:
        """A covered record's entries, reviewed fields first, contact-only edits last."""
        return arrange(self.policy, c.kind, c.entries)

    @property
    def state_label(self) -> str:
        return STATE_ZH.get(self.state, self.state)

    def verify_command(self) -> str:
        return f"shenguan review verify --base {self.scope.base_rev}"


def build(root: Path, signoff_id: str, base: str | None = None) -> Archive:
    if not _ID.match(signoff_id):
        raise UsageError(
            f"审查记录标识不合法：{signoff_id}", "标识形如 r-20261128-…，见 reviews/ 目录"
        )
    scope = open_scope(root, base)
    rel = f"{record.FOLDER}/{signoff_id.removesuffix('.yaml')}.yaml"
    found = record.load(scope.read_many_worktree, [rel]).get(rel)
    if found is None or found.data is None:
        raise UsageError(
            f"没有找到审查记录 {rel}" + (f"：{found.problem}" if found else ""),
            "请检查标识（shenguan review verify 列出全部审查记录）",
        )
    trust = trusts.load(scope)
    check = verify.run(scope, trust).checks.get(rel)
    state = check.state if check else verify.INVALID
    return Archive(
        scope,
        found,
        state,
        bool(check and check.ok),
        check.message if check else "",
        fingerprint(found.signature),
        [_covered(scope, found, path, d) for path, d in sorted(found.covered.items())],
        trust.policy,
    )


def fingerprint(signature: bytes | None) -> str:
    """SHA256 fingerprint of the key inside an SSH signature (as `ssh-keygen -l` prints it)."""
    match = _ARMOR.search(signature or b"")
    if not match:
        return ""
    try:
        blob = base64.b64decode(b"".join(match.group(1).split()), validate=True)
    except ValueError:
        return ""
    if blob[:6] != b"SSHSIG" or len(blob) < 14:
        return ""
    size = int.from_bytes(blob[10:14], "big")
    key = blob[14 : 14 + size]
    if len(key) != size:
        return ""
    return "SHA256:" + base64.b64encode(hashlib.sha256(key).digest()).decode().rstrip("=")


def _covered(scope: Scope, s: record.Signoff, path: str, wanted: str) -> Covered:
    kind = kind_of(path) or "matter"
    fork = _fork(scope, s)
    before = since.parsed(scope.read_at(fork, path)) if fork else None
    facts = SideFacts(scope.read_worktree)
    if wanted == record.DELETED:
        rows = tuple(record_rows(kind, before, facts)) if before else ()
        return Covered(path, kind, wanted, rows=rows, note="删除")
    signed = since.signed_content(scope, path, wanted)
    if signed is None:
        return Covered(path, kind, wanted, note="本分支历史中找不到与摘要一致的内容，无法展示")
    if before is None:
        return Covered(
            path, kind, wanted, rows=tuple(record_rows(kind, signed, facts)), note="新增"
        )
    return Covered(path, kind, wanted, entries=entries(kind, before, signed, facts))


def _fork(scope: Scope, s: record.Signoff) -> str | None:
    base, head = s.get("base"), s.get("head")
    if not (isinstance(base, str) and isinstance(head, str) and _COMMIT.match(base + head)):
        return None
    try:
        return history.merge_base(scope.repo, base, head)
    except ShenguanError:  # a commit gone from this clone: the change cannot be shown
        return None


def namespace() -> str:
    return NAMESPACE


def summary(a: Archive) -> dict[str, Any]:
    """The facts of the decision, in the order the document gives them."""
    s = a.signoff
    return {
        "审查记录": s.id,
        "审查人": s.get("reviewer_name") or s.get("reviewer") or "",
        "审查机关": s.get("organisation") or "",
        "审查结论": s.get("decision") or "",
        "审查意见": s.get("opinion") or "",
        "签署时间": s.get("time") or "",
        "基准提交": history.short(s.get("base")) if isinstance(s.get("base"), str) else "",
        "所审查的提交": history.short(s.get("head")) if isinstance(s.get("head"), str) else "",
    }
