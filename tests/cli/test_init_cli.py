"""`shenguan init`: a valid new catalogue in a new repository; never overwrites."""

from __future__ import annotations

from pathlib import Path

from tests.support.git import git


def test_init_creates_a_valid_committed_catalogue(cli, tmp_path: Path) -> None:
    root = tmp_path / "new"
    r = cli("init", root)
    assert r.code == 0, r.err
    for rel in (
        "shenguan.yaml",
        ".gitignore",
        ".github/workflows/shenguan.yml",
        ".gitlab-ci.yml",
        ".pre-commit-hooks.yaml",
        ".pre-commit-config.yaml",
        "schemas/matter.json",
        "matters/000700101000.yaml",
    ):
        assert (root / rel).is_file(), rel
    assert (
        (root / "matters/000700101000.yaml")
        .read_text(encoding="utf-8")
        .startswith("# yaml-language-server: $schema=")
    )
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "log", "--format=%s") == "新建政务服务事项目录（shenguan init）"
    assert cli("validate", "-C", root).code == 0


def test_init_refuses_a_non_empty_folder_and_writes_nothing(cli, tmp_path: Path) -> None:
    root = tmp_path / "busy"
    root.mkdir()
    (root / "keep.txt").write_bytes(b"mine")
    r = cli("init", root)
    assert r.code == 2 and "不为空" in r.err
    assert [p.name for p in root.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]


def test_init_accepts_an_empty_folder(cli, tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    assert cli("init", root).code == 0
    assert (root / "shenguan.yaml").is_file()
