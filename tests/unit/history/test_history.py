"""The history package: revisions, records from git objects, changed files, one file's log, release."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shenguan import history
from shenguan.catalog import WorkTree
from shenguan.diff.log import record_log
from shenguan.errors import GateError, ToolError, UsageError
from shenguan.review.release import release, validation_gate
from shenguan.validation.validate import validate
from tests.support.catalogs import BASE
from tests.support.files import cancel, edit
from tests.support.git import commit, git

M = "matters/000718003000.yaml"


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(BASE)


def test_find_and_prefix_for_root_and_subfolder_catalogues(make_repo, tmp_path: Path) -> None:
    root = make_repo(BASE, subdir="catalog")
    found = history.find(root / "catalog" / "matters")
    assert found.root == root.resolve()
    assert history.catalog_prefix(found, root / "catalog") == "catalog/"
    assert history.catalog_prefix(found, root) == ""
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(ToolError, match="不在 git 仓库"):
        history.find(outside)


@pytest.mark.parametrize("rev", ["--output=out.txt", "-p", "", "HEAD\n", "a b"])
def test_option_like_or_malformed_revisions_are_refused(repo: Path, rev: str) -> None:
    with pytest.raises(UsageError):
        history.resolve(history.find(repo), rev)
    assert not (repo / "out.txt").exists()


def test_revisions_resolve_to_full_commit_ids(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / M, "status: 在用", "status: 已取消")
    second = commit(repo)
    found = history.find(repo)
    assert history.resolve(found, "HEAD") == second
    assert history.resolve(found, "HEAD~1") == first == history.resolve(found, first[:10])
    with pytest.raises(UsageError, match="无法解析"):
        history.resolve(found, "HEAD~5")


def test_git_source_matches_the_working_tree(make_repo) -> None:
    root = make_repo(BASE, subdir="catalog")
    repo = history.find(root)
    source = history.GitSource(repo, history.resolve(repo, "HEAD"), "catalog/")
    tree = WorkTree(root / "catalog")
    assert source.files() == tree.files()
    assert all(source.read(rel) == tree.read(rel) for rel in tree.files())
    assert source.blob_id(M) == git(root, "rev-parse", f"HEAD:catalog/{M}")
    assert source.problems() == []


def test_validate_a_revision_without_checking_it_out(repo: Path) -> None:
    edit(repo / M, 'id: "000718003000"', 'id: "000718003001"')
    commit(repo)
    (repo / M).write_text("", encoding="utf-8")  # the working tree is broken differently
    found = history.find(repo)
    old = validate(history.GitSource(found, history.resolve(found, "HEAD~1"), ""))
    new = validate(history.GitSource(found, history.resolve(found, "HEAD"), ""))
    assert old.errors == 0
    assert "R102" in {f.rule for f in new.findings if f.file == M}


def test_symlinks_and_submodules_in_a_commit_are_findings(repo: Path) -> None:
    os.symlink("../departments/wjw.yaml", repo / "matters/000718007000.yaml")
    git(repo, "add", "-A")
    git(
        repo,
        "update-index",
        "--add",
        "--cacheinfo",
        f"160000,{git(repo, 'rev-parse', 'HEAD')},matters/vendor",
    )
    git(repo, "commit", "-q", "-m", "链接与子模块")
    found = history.find(repo)
    source = history.GitSource(found, history.resolve(found, "HEAD"), "")
    assert "matters/000718007000.yaml" not in source.files()
    assert [(p.file, p.rule) for p in source.problems()] == [
        ("matters/000718007000.yaml", "Y008"),
        ("matters/vendor", "Y008"),
    ]


def test_changed_files_follow_the_change(make_repo) -> None:
    root = make_repo(BASE, subdir="catalog")
    edit(root / "catalog" / M, "status: 在用", "status: 已取消")
    (root / "README.md").write_text("不在目录中\n", encoding="utf-8")
    (root / "catalog/matters/000718008000.yaml").write_text("kind: matter\n", encoding="utf-8")
    repo = history.find(root)
    head = history.resolve(repo, "HEAD")
    now = history.changed_files(repo, head, None, "catalog/")
    assert sorted((c.status, c.old_path, c.new_path, c.new_oid) for c in now) == [
        ("A", None, "matters/000718008000.yaml", None),
        ("M", M, M, None),
    ]
    commit(root)
    later = history.changed_files(repo, head, history.resolve(repo, "HEAD"), "catalog/")
    assert sorted((c.status, c.new_path) for c in later) == [
        ("A", "matters/000718008000.yaml"),
        ("M", M),
    ]
    assert all(c.new_oid for c in later)


def test_record_log_lists_each_step_newest_first(repo: Path) -> None:
    edit(repo / M, "status: 在用", "status: 已取消")
    commit(repo, "取消预防接种异常反应鉴定")
    edit(repo / M, "  promised:\n    value: 30", "  promised:\n    value: 25")
    commit(repo, "缩短承诺时限")
    log = record_log(repo, "000718003000")
    assert [(e.subject, e.change.classification if e.change else None) for e in log.entries] == [
        ("缩短承诺时限", "要素变更"),
        ("取消预防接种异常反应鉴定", "取消"),
        ("初始目录", "新增"),
    ]
    assert log.entries[0].author == "测试员" and log.entries[0].date.startswith("2026-01-05")
    assert [f.pointer for f in log.entries[0].change.fields] == ["/time_limit/promised/value"]
    with pytest.raises(UsageError):
        record_log(repo, "../secret")


def test_release_tags_the_day_and_numbers_the_next(repo: Path) -> None:
    first = release(repo)
    assert (
        first.tag == "catalog-2026.11.28"
        and first.previous is None
        and "首个发布版本" in first.message
    )
    with pytest.raises(GateError, match="已发布"):
        release(repo)
    cancel(repo / M)
    commit(repo)
    with pytest.raises(GateError, match="合法性审查门禁未通过"):
        release(repo)  # the cancellation has no legality review yet
    second = release(repo, gates=[validation_gate])
    assert (
        second.tag == "catalog-2026.11.28.2"
        and second.previous
        and second.previous.name == first.tag
    )
    assert "- [取消] 事项 000718003000 预防接种异常反应鉴定" in second.message
    message = git(repo, "tag", "-l", "--format=%(contents)", second.tag)
    assert message.strip() == second.message.strip()
    assert git(repo, "cat-file", "-t", second.tag) == "tag"


def test_release_refuses_a_dirty_tree_and_failing_checks(repo: Path) -> None:
    edit(repo / M, "status: 在用", "status: 已取消")
    with pytest.raises(GateError, match="未提交的修改"):
        release(repo)
    edit(repo / M, "status: 已取消", "status: 作废")
    commit(repo)
    with pytest.raises(GateError, match="校验未通过"):
        release(repo)
    assert git(repo, "tag", "-l") == ""


def test_release_runs_every_gate(repo: Path) -> None:
    seen = []

    def review_gate(ctx) -> None:  # the shape the legality-review gate will take
        seen.append((ctx.commit, ctx.previous))
        raise GateError("合法性审查未通过")

    with pytest.raises(GateError, match="合法性审查"):
        release(repo, gates=[review_gate])
    assert seen == [(git(repo, "rev-parse", "HEAD"), None)] and git(repo, "tag", "-l") == ""
    assert release(repo, dry_run=True).created is False and git(repo, "tag", "-l") == ""


def test_one_batch_reads_many_blobs_without_blocking(repo: Path) -> None:
    found = history.find(repo)
    oid = git(repo, "rev-parse", "HEAD:shenguan.yaml")
    names = [oid, "0" * 40, f"{history.resolve(found, 'HEAD')}:{M}", "HEAD:no/such.yaml"] * 600
    got = history.read_blobs(found, names)
    assert len(got) == 2400 and got[0] == (repo / "shenguan.yaml").read_bytes() and got[1] is None
    assert got[2] == (repo / M).read_bytes() and got[3] is None
