"""The catalogues tests start from, and the date every test runs on."""

from __future__ import annotations

from pathlib import Path

from shenguan.workflows.scaffold import init
from tests.support.git import commit
from tests.support.keys import public

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "catalog"
CASES = REPO / "tests" / "cases"
BASE = CASES / "base"
TODAY = "2026-11-28"
# The one matter a fresh `shenguan init` catalogue holds.
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
