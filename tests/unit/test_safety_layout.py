"""Files where records live that would be silently skipped get a finding of their own, in the
working tree and at a commit, and exports refuse them (issue 13 item 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.git import commit

MATTER = "matters/000172013000.yaml"
STRAYS = [
    "000111001000.yaml",  # beside shenguan.yaml
    "matters/000111001000",  # no extension
    "matters/000111001000.YAML",
    "matters/.000111001000.yaml",
    "standards/scjgj-sp/.draft.yaml",
]


def _y012(out: str) -> dict[str, str]:
    return {f["file"]: f["message"] for f in json.loads(out)["findings"] if f["rule"] == "Y012"}


@pytest.mark.parametrize("stray", STRAYS)
def test_a_stray_record_file_is_a_finding_of_its_own(
    cli, make_repo, base: Path, stray: str
) -> None:
    root = make_repo(base)
    (root / MATTER).rename(root / stray)
    worktree = cli("validate", "-C", root, "-f", "json")
    assert worktree.code == 1, worktree.err
    assert "不会被读取" in _y012(worktree.out).get(stray, ""), worktree.out
    commit(root, "放错位置")
    at_commit = cli("validate", "-C", root, "--rev", "HEAD", "-f", "json")
    assert at_commit.code == 1, at_commit.err
    assert "不会被读取" in _y012(at_commit.out).get(stray, ""), at_commit.out
    out = root.parent / "public.csv"
    exported = cli("export", "public", "-C", root, "-o", out)
    assert exported.code == 1 and not out.exists(), (exported.code, exported.err)
    assert stray in exported.err


def test_companions_and_temporary_files_are_not_findings(cli, base: Path) -> None:
    (base / "matters" / ".gitkeep").write_bytes(b"")
    (base / "mkdocs.yaml").write_bytes(b"site_name: x\n")  # a repository's own YAML at the root
    (base / "matters" / f".{Path(MATTER).name}.abc123.tmp").write_bytes(b"x")
    r = cli("validate", "-C", base, "-f", "json")
    assert r.code == 0 and _y012(r.out) == {}, r.out
