"""Sign-offs written the way an attacker or a careless reviewer would: past the checks that
`review sign` makes before writing, signed with a real key."""

from __future__ import annotations

import shutil
from pathlib import Path

from shenguan.review import record, sign, signing
from shenguan.review.status import GateResult
from tests.support.catalogs import ORG


def forge(
    root: Path,
    key: Path,
    reviewer: str,
    decision: str = record.APPROVE,
    base: str = "main",
    name: str = "某人",
    org: str = ORG,
) -> str:
    """A signed sign-off for the pending changes, written without checking the signer's trust."""
    scope, _, pending, tip = sign.prepare(root, base)
    data = sign.build(
        scope,
        tip,
        pending,
        {
            "reviewer": reviewer,
            "reviewer_name": name,
            "organisation": org,
            "decision": decision,
            "opinion": "意见",
            "namespace": signing.NAMESPACE,
        },
    )
    sign.write(root, data, signing.sign(record.payload(data), key))
    return f"{record.FOLDER}/{data['id']}.yaml"


def copy_signoff(src_root: Path, rel: str, dst_root: Path) -> dict[str, bytes]:
    """The bytes of a sign-off and its signature, copied into another checkout."""
    saved: dict[str, bytes] = {}
    for part in (rel, record.sig_path(rel)):
        (dst_root / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_root / part, dst_root / part)
        saved[part] = (src_root / part).read_bytes()
    return saved


def states(result: GateResult) -> dict[str, str]:
    """path -> state of every pending change in a GateResult."""
    return {i.pending.path: i.state for i in result.items}
