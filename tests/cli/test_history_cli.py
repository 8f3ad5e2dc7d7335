"""`shenguan diff`, `log`, `release` and `validate --rev` as a user runs them, on real repositories."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.support.catalogs import BASE
from tests.support.files import cancel, edit
from tests.support.git import commit, git
from tests.support.keys import keygen, public

M = "matters/000718003000.yaml"


def approve_on_paper(cli, repo: Path, base: str) -> None:
    """The justice bureau's paper decision on everything since `base` (the golden policy accepts paper)."""
    r = cli(
        "review",
        "import",
        "--base",
        base,
        "--document",
        "未司审〔2026〕9号",
        "--decision",
        "通过",
        "--date",
        "2026-11-21",
        "--key",
        repo.parent / "keys" / "zhang",
        cwd=repo,
    )
    assert r.code == 0, r.err
    commit(repo, "登记合法性审查决定")


@pytest.fixture
def repo(make_repo) -> Path:
    """The golden catalogue in catalog/ of a repository, as in this project, with one change committed."""
    root = make_repo(BASE, subdir="catalog")
    # A paper decision is entered by a registered reviewer with their key, on the first commit.
    key = keygen(root.parent / "keys", "zhang")
    signers = root / "catalog" / "allowed_signers"
    signers.write_text(f"zhang-wei@sfj.example.gov.cn {public(key)}\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--amend", "--no-edit")
    cancel(root / "catalog" / M)
    commit(root, "取消预防接种异常反应鉴定")
    return root


def test_diff_text_is_readable_chinese(cli, repo: Path) -> None:
    r = cli("diff", "HEAD~1", cwd=repo)
    assert r.code == 0, r.err
    assert "比较 HEAD~1" in r.out and "→ 工作区" in r.out and "共 1 项记录变更（取消 1）" in r.out
    assert "[取消] 事项 000718003000 预防接种异常反应鉴定" in r.out
    assert "事项状态：在用 → 已取消" in r.out
    assert "调整记录 / 第2项：（无） → " in r.out


def test_diff_json_has_the_documented_shape(cli, repo: Path) -> None:
    r = cli("diff", "HEAD~1", "HEAD", "--format", "json", "-C", repo / "catalog")
    doc = json.loads(r.out)
    assert r.code == 0 and list(doc)[:7] == [
        "schema_version",
        "command",
        "status",
        "base",
        "head",
        "summary",
        "changes",
    ]
    assert doc["command"] == "diff" and doc["status"] == "changes"
    assert doc["base"] == {"rev": "HEAD~1", "commit": git(repo, "rev-parse", "HEAD~1")}
    assert doc["summary"]["total"] == 1 and doc["summary"]["by_classification"] == {"取消": 1}
    change = doc["changes"][0]
    assert {k: change[k] for k in ("kind", "id", "change", "classification")} == {
        "kind": "matter",
        "id": "000718003000",
        "change": "modified",
        "classification": "取消",
    }
    assert change["fields"][0] == {
        "pointer": "/status",
        "label": "事项状态",
        "before": "在用",
        "after": "已取消",
    }


def test_diff_exit_code_and_empty_diff(cli, repo: Path) -> None:
    assert cli("diff", "HEAD~1", "HEAD", "--exit-code", cwd=repo).code == 1
    quiet = cli("diff", "HEAD", "--exit-code", cwd=repo)
    assert quiet.code == 0 and "没有记录变化" in quiet.out
    assert json.loads(cli("diff", "HEAD", "--format", "json", cwd=repo).out)["status"] == "ok"


def test_diff_markdown_for_a_pull_request(cli, repo: Path) -> None:
    r = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo)
    assert r.code == 0 and r.out.startswith("### 目录变更")
    assert "#### \\[取消\\] 事项 000718003000 预防接种异常反应鉴定" in r.out
    assert "| 事项状态 | 在用 | 已取消 |" in r.out


def test_diff_masks_liaisons_unless_asked(cli, repo: Path) -> None:
    edit(repo / "catalog/liaisons/wjw.yaml", "name: 孙医政", "name: 王医政")
    masked = cli("diff", "--format", "json", cwd=repo)
    assert "孙医政" not in masked.out and "王医政" not in masked.out and '"***"' in masked.out
    shown = cli("diff", "--show-restricted", cwd=repo)
    assert "孙医政 → 王医政" in shown.out


def test_diff_default_base_is_the_latest_release(cli, repo: Path) -> None:
    approve_on_paper(cli, repo, "HEAD~1")
    assert cli("release", cwd=repo).code == 0
    edit(repo / "catalog" / M, "  promised:\n    value: 30", "  promised:\n    value: 25")
    r = cli("diff", cwd=repo)
    assert "比较 catalog-2026.11.28（" in r.out and "[要素变更]" in r.out


def test_log_shows_the_history_of_one_matter(cli, repo: Path) -> None:
    r = cli("log", "000718003000", cwd=repo)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].startswith(
        "事项 000718003000 预防接种异常反应鉴定（matters/000718003000.yaml，截至 HEAD（"
    )
    assert "共 2 次变更" in lines[0]
    assert (
        lines[1].startswith("2026-01-05  ")
        and "测试员  [取消]  事项状态、调整记录 / 第2项" in lines[1]
    )
    assert lines[2].strip() == "取消预防接种异常反应鉴定"
    assert "[新增]  新增记录" in lines[3]
    doc = json.loads(cli("log", "000718003000", "--format", "json", cwd=repo).out)
    assert doc["command"] == "log" and [e["classification"] for e in doc["entries"]] == [
        "取消",
        "新增",
    ]
    assert doc["entries"][0]["commit"] == git(repo, "rev-parse", "HEAD")


def test_log_of_an_unknown_code_is_empty_and_of_garbage_a_usage_error(cli, repo: Path) -> None:
    assert "共 0 次变更" in cli("log", "000999999000", cwd=repo).out
    assert cli("log", "../../etc/passwd", cwd=repo).code == 2


def test_validate_rev_checks_a_commit_without_checking_it_out(cli, repo: Path) -> None:
    edit(repo / "catalog" / M, "status: 已取消", "status: 作废")
    commit(repo)
    assert cli("validate", "--rev", "HEAD~1", cwd=repo).code == 0
    bad = cli("validate", "--rev", "HEAD", "--format", "json", cwd=repo)
    assert bad.code == 1 and any(
        f["file"] == M and f["rule"] == "S004" for f in json.loads(bad.out)["findings"]
    )
    git(repo, "checkout", "-q", "HEAD~1", "--", "catalog")
    assert (
        git(repo, "status", "--porcelain") != ""
    )  # the working tree is what we left, not what was validated


def test_release_creates_an_annotated_tag_and_refuses_when_dirty(cli, repo: Path) -> None:
    unreviewed = cli("release", cwd=repo)
    assert (
        unreviewed.code == 1
        and "合法性审查门禁未通过" in unreviewed.err
        and git(repo, "tag", "-l") == ""
    )
    approve_on_paper(cli, repo, "HEAD~1")
    first = cli("release", cwd=repo)
    assert first.code == 0 and "✓ 已创建标签 catalog-2026.11.28" in first.out
    cancel(repo / "catalog/matters/002000618000.yaml")
    dirty = cli("release", cwd=repo)
    assert (
        dirty.code == 1 and "未提交的修改" in dirty.err and "matters/002000618000.yaml" in dirty.err
    )
    commit(repo)
    approve_on_paper(cli, repo, "catalog-2026.11.28")
    second = cli("release", cwd=repo)
    assert (
        second.code == 0
        and "catalog-2026.11.28.2" in second.out
        and "[取消] 事项 002000618000" in second.out
    )
    assert git(repo, "tag", "-l") == "catalog-2026.11.28\ncatalog-2026.11.28.2"


def test_release_refuses_a_failing_catalogue(cli, repo: Path) -> None:
    edit(repo / "catalog" / M, "status: 已取消", "status: 作废")
    commit(repo)
    r = cli("release", cwd=repo)
    assert r.code == 1 and "校验未通过" in r.err and git(repo, "tag", "-l") == ""


@pytest.mark.parametrize(
    "args",
    [
        ("diff", "--", "--output=OUT"),
        ("diff", "HEAD", "--", "--output=OUT"),
        ("validate", "--rev=--output=OUT"),
        ("log", "--rev=--output=OUT", "000718003000"),
        ("diff", "--output=OUT"),
    ],
)
def test_option_like_revisions_are_refused_and_write_nothing(
    cli, repo: Path, args: tuple[str, ...]
) -> None:
    r = cli(*args, cwd=repo)
    assert r.code == 2
    assert not (repo / "OUT").exists() and not (repo / "catalog" / "OUT").exists()


def test_a_symlinked_record_is_rejected(cli, repo: Path) -> None:
    os.symlink("../departments/wjw.yaml", repo / "catalog/matters/000718007000.yaml")
    r = cli("diff", cwd=repo)
    assert r.code == 0 and "Y008" in r.err and "000718007000" not in r.out
    commit(repo)
    v = cli("validate", "--rev", "HEAD", "--format", "json", cwd=repo)
    assert (
        v.code == 1
        and {"file": "matters/000718007000.yaml", "rule": "Y008"}.items()
        <= next(f for f in json.loads(v.out)["findings"] if f["rule"] == "Y008").items()
    )


TRAP = '#!/bin/sh\necho "$0 $*" >> {marker}\ncat\n'


def _booby_trap(root: Path, marker: Path) -> None:
    """Repository config and hooks that would write `marker` if any git process obeyed them."""
    script = root.parent / "trap.sh"
    script.write_text(TRAP.format(marker=marker), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    hooks = root / ".git" / "hooks"
    for name in (
        "pre-commit",
        "post-commit",
        "post-checkout",
        "reference-transaction",
        "post-index-change",
        "pre-auto-gc",
        "post-rewrite",
    ):
        (hooks / name).write_text(TRAP.format(marker=marker), encoding="utf-8")
        (hooks / name).chmod(0o755)
    git(root, "config", "core.fsmonitor", str(script))
    git(root, "config", "filter.trap.clean", str(script))
    git(root, "config", "filter.trap.smudge", str(script))
    git(root, "config", "gpg.program", str(script))
    git(root, "config", "tag.gpgSign", "true")
    git(root, "config", "log.showSignature", "true")
    (root / ".git" / "info" / "attributes").write_text("*.yaml filter=trap\n", encoding="utf-8")


def test_repository_config_and_hooks_never_run(cli, repo: Path) -> None:
    marker = repo.parent / "marker"
    _booby_trap(repo, marker)
    edit(repo / "catalog" / M, "  promised:\n    value: 30", "  promised:\n    value: 29")
    os.utime(repo / "catalog" / M, (1, 1))  # a stale stat: git has to hash the file again
    assert cli("validate", "--rev", "HEAD", cwd=repo).code == 0
    assert cli("diff", cwd=repo).code == 0
    assert cli("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo).code == 0
    assert cli("log", "000718003000", cwd=repo).code == 0
    assert cli("release", cwd=repo).code == 1  # dirty: refused, after git status ran
    git(
        repo,
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "core.fsmonitor=false",
        "checkout",
        "-q",
        "--",
        "catalog",
    )
    approve_on_paper(
        cli, repo, "HEAD~1"
    )  # plain git commits here: the trap may fire, so the marker goes after
    marker.unlink(missing_ok=True)
    assert cli("release", cwd=repo).code == 0
    assert not marker.exists(), marker.read_text()
    # The trap is real: plain git obeys it.
    subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, check=False)
    assert marker.exists()
