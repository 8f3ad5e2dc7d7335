"""Building blocks for the review tests: real ssh-keygen keys, a fresh `shenguan init` catalogue in a
real git repository, and a way to write sign-offs the way an attacker or a careless reviewer would
(bypassing the checks `review sign` makes before writing). No tests live here."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from shenguan.review import record, sign, signing
from shenguan.workflows.scaffold import init
from tests.conftest import git

MATTER = "matters/000700101000.yaml"
ORG = "示例区司法局"
REVIEWERS = """kind: reviewers
reviewers:
"""
ENTRY = """  - id: {id}
    name: {name}
    organisation: {org}
    department: sfj
    principal: {id}@sfj.example.gov.cn
"""


def keygen(folder: Path, name: str) -> Path:
    """A fresh ed25519 key without passphrase; returns the private key path (KEY.pub beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / name
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True
    )
    return key


def public(key: Path) -> str:
    return " ".join(key.with_name(key.name + ".pub").read_text(encoding="utf-8").split()[:2])


def enrol(
    root: Path, reviewers: list[tuple[str, str, Path]], options: dict[str, str] | None = None
) -> None:
    """Write reviewers.yaml and allowed_signers for (id, name, key) triples; `options` per id."""
    text = REVIEWERS + "".join(ENTRY.format(id=i, name=n, org=ORG) for i, n, _ in reviewers)
    (root / "reviewers.yaml").write_text(text, encoding="utf-8")
    lines = [
        f"{i}@sfj.example.gov.cn {(options or {}).get(i, '')} {public(k)}".replace("  ", " ")
        for i, _, k in reviewers
    ]
    (root / "allowed_signers").write_text("\n".join(lines) + "\n", encoding="utf-8")


def fresh(
    tmp: Path,
    reviewers: list[tuple[str, str, Path]] | None = None,
    options: dict[str, str] | None = None,
) -> Path:
    """`shenguan init` into tmp/cat, reviewers enrolled and committed on main."""
    root = tmp / "cat"
    init(root)
    if reviewers:
        enrol(root, reviewers, options)
        commit(root, "登记审查人")
    return root


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def edit(root: Path, old: str, new: str, rel: str = MATTER) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


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
    saved = {}
    for part in (rel, record.sig_path(rel)):
        (dst_root / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_root / part, dst_root / part)
        saved[part] = (src_root / part).read_bytes()
    return saved


def states(result: Any) -> dict[str, str]:
    """path -> state of every pending change in a GateResult."""
    return {i.pending.path: i.state for i in result.items}
