"""Misplaced record files are reported the same way from the working tree and from a commit."""

from __future__ import annotations

from pathlib import Path

from shenguan import history
from shenguan.catalog import WorkTree
from tests.support.catalogs import CASES
from tests.support.git import git


def test_misplaced_files_are_findings_in_the_worktree_and_at_a_commit(make_repo) -> None:
    root = make_repo(CASES / "base")
    for rel in ("matters/2024/000118099000.yaml", "standards/stray.yaml", "transfers/old/x.yaml"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("kind: matter\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "放错位置的文件")
    tree = WorkTree(root)
    tree.files()
    at_head = history.source_at(root, "HEAD")
    at_head.files()
    expected = {
        ("Y012", "matters/2024/000118099000.yaml"),
        ("Y012", "standards/stray.yaml"),
        ("Y012", "transfers/old/x.yaml"),
    }
    assert {(f.rule, f.file) for f in tree.problems()} == expected
    assert {(f.rule, f.file) for f in at_head.problems()} == expected


def test_hidden_files_and_other_folders_are_not_records(tmp_path: Path, make_repo) -> None:
    root = make_repo(CASES / "base")
    (root / "docs").mkdir()
    (root / "docs" / "note.yaml").write_text("a: 1\n", encoding="utf-8")
    (root / "matters" / ".draft.yaml").write_text("a: 1\n", encoding="utf-8")
    tree = WorkTree(root)
    assert "docs/note.yaml" not in tree.files()
    # A record hidden as a dot-file is not read, and is reported so it is not lost (issue 13).
    assert [(p.file, p.rule) for p in tree.problems()] == [("matters/.draft.yaml", "Y012")]
