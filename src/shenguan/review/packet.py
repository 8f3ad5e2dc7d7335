"""`review request`: the packet a reviewer reads before signing.

It lists each pending change with its classification, changed fields, basis documents and
content digest, exactly what `review sign` would cover, plus a block for the decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan.diff.groups import Groups, group
from shenguan.diff.model import ChangeEntry
from shenguan.review import changes, since, verify
from shenguan.review import trust as trusts
from shenguan.review.changes import Pending
from shenguan.review.policy import POLICY_POINTER, Policy
from shenguan.review.record import Signoff
from shenguan.review.scope import Scope, open_scope
from shenguan.review.trust import Trust
from shenguan.yamlio.digests import digest


@dataclass
class Packet:
    scope: Scope
    trust: Trust
    pending: list[Pending]

    @property
    def covered(self) -> list[tuple[str, str]]:
        return sorted({entry for p in self.pending for entry in p.covered()})

    @property
    def digest(self) -> str:
        """One digest over everything a sign-off would cover: the reviewer can compare it after signing."""
        return digest([{"path": path, "digest": d} for path, d in self.covered])


def request(root: Path, base: str | None = None) -> Packet:
    """The packet; a record signed off and edited again shows only what changed since the sign-off."""
    scope = open_scope(root, base)
    trust = trusts.load(scope)
    pending = changes.collect(scope, trust.policy, guarded=bool(trust.reviewers))
    signed = valid_signoffs(scope, trust) if pending else []
    return Packet(scope, trust, [since.since_signoff(scope, p, signed) for p in pending])


def valid_signoffs(scope: Scope, trust: Trust) -> list[Signoff]:
    """The sign-offs the change adds that verify, oldest first (forged ones must not count)."""
    return [c.signoff for c in verify.run(scope, trust, added_only=True).added() if c.ok]


def significance(
    manifest: dict[str, Any] | None, kind: str, found: tuple[ChangeEntry, ...]
) -> Groups:
    """Entries ordered by the base's review policy: reviewed fields first, contact-only edits last."""
    return arrange(Policy.from_manifest(manifest), kind, found)


def arrange(policy: Policy, kind: str, found: tuple[ChangeEntry, ...]) -> Groups:
    def review(pointer: str) -> bool:
        if kind == "manifest":
            return pointer == POLICY_POINTER or pointer.startswith(POLICY_POINTER + "/")
        return policy.covers(kind) and not policy.exempt(pointer)

    return group(found, review, policy.exempt)
