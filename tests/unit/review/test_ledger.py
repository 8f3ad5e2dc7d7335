"""A rejection cannot be deleted: the branch's history and the review ledger, with real keys and repos."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shenguan.history import ledger as store
from shenguan.review import record
from shenguan.review.sign import sign
from shenguan.review.status import gate
from shenguan.review.verify import OVERRULED, verify_all
from tests.support.catalogs import MATTER, fresh
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen
from tests.support.signoffs import copy_signoff, states

PROMISED = "    value: 20\n    unit: 工作日"
SHORTER = "    value: 15\n    unit: 工作日"


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keygen(tmp_path_factory.mktemp("keys"), "zhang")


@pytest.fixture
def cat(tmp_path: Path, key: Path) -> Path:
    root = fresh(tmp_path, [("zhang-wei", "张伟", key)])
    git(root, "checkout", "-q", "-b", "change")
    edit(root, PROMISED, SHORTER)
    commit(root, "缩短承诺时限")
    return root


def decide(root: Path, key: Path, decision: str, **options: object) -> str:
    path = sign(root, "main", decision, f"意见：{decision}", key, **options).path  # type: ignore[arg-type]
    commit(root, f"审查：{decision}")
    return path


def approve_then_reject(root: Path, key: Path) -> tuple[str, str]:
    return decide(root, key, record.APPROVE), decide(root, key, record.REJECT)


def test_sign_appends_to_the_ledger_without_touching_work_tree_or_index(
    cat: Path, key: Path
) -> None:
    hook = cat / ".git" / "hooks" / "reference-transaction"
    hook.write_text('#!/bin/sh\ntouch "$GIT_DIR/../hook-ran"\n', encoding="utf-8")
    hook.chmod(0o755)
    path = sign(cat, "main", record.APPROVE, "同意", key).path
    stem = Path(path).stem
    # only the record files, untracked: nothing staged, nothing else written
    assert git(cat, "status", "--porcelain", "-uall").splitlines() == [
        f"?? reviews/{stem}.sig",
        f"?? reviews/{stem}.yaml",
    ]
    names = git(cat, "ls-tree", "--name-only", store.BRANCH).split()
    assert names == [f"{stem}.sig", f"{stem}.yaml"]
    assert (
        git(cat, "show", f"{store.BRANCH}:{stem}.yaml").encode() + b"\n"
        == (cat / path).read_bytes()
    )
    assert not (cat / "hook-ran").exists()
    assert git(cat, "log", "--format=%an <%ae>", store.BRANCH) == (
        "张伟 <zhang-wei@sfj.example.gov.cn>"
    )


def test_a_rejection_removed_in_a_later_commit_still_counts_from_the_branch_history(
    cat: Path, key: Path
) -> None:
    approval, rejection = approve_then_reject(cat, key)
    git(cat, "rm", "-q", rejection, record.sig_path(rejection))
    commit(cat, "删除不通过意见")
    git(cat, "branch", "-D", store.BRANCH)  # the history alone must catch it
    result = gate(cat, "main")
    assert not result.ok and states(result) == {MATTER: OVERRULED}
    assert "分支历史" in result.items[0].message and Path(rejection).stem in result.items[0].message
    _, verification = verify_all(cat, "main")
    assert not verification.ok and verification.checks[approval].state == OVERRULED


def test_a_rejection_edited_into_an_approval_still_counts(cat: Path, key: Path) -> None:
    approval, rejection = approve_then_reject(cat, key)
    text = (cat / rejection).read_text(encoding="utf-8")
    (cat / rejection).write_text(text.replace("不通过", "通过"), encoding="utf-8")
    commit(cat, "改为通过")
    git(cat, "branch", "-D", store.BRANCH)
    result = gate(cat, "main")
    assert not result.ok and result.verification.checks[approval].state == OVERRULED


def test_a_reset_branch_is_refused_by_the_ledger(cat: Path, key: Path) -> None:
    decide(cat, key, record.APPROVE)
    approved = git(cat, "rev-parse", "HEAD")
    decide(cat, key, record.REJECT)
    git(cat, "reset", "-q", "--hard", approved)
    git(cat, "reflog", "expire", "--expire=now", "--all")
    git(cat, "gc", "-q", "--prune=now")
    result = gate(cat, "main")
    assert not result.ok and states(result) == {MATTER: OVERRULED}
    assert "本地审查台账" in result.items[0].message


def test_a_fresh_branch_with_the_old_approval_copied_in_is_refused(cat: Path, key: Path) -> None:
    approval, _ = approve_then_reject(cat, key)
    saved = cat.parent / "saved"
    shutil.copytree(cat / "reviews", saved / "reviews")
    git(cat, "checkout", "-q", "main")
    git(cat, "checkout", "-q", "-b", "again")
    edit(cat, PROMISED, SHORTER)
    copy_signoff(saved, approval, cat)
    commit(cat, "同样的修改，附旧的通过意见")
    result = gate(cat, "main")
    assert not result.ok and states(result) == {MATTER: OVERRULED}


def test_a_later_approval_beats_an_earlier_rejection(cat: Path, key: Path) -> None:
    approve_then_reject(cat, key)
    decide(cat, key, record.APPROVE)  # the reviewer changed their mind, last word wins
    result = gate(cat, "main")
    assert result.ok and states(result) == {MATTER: "covered"}


def test_a_rejection_of_other_content_does_not_overrule(cat: Path, key: Path) -> None:
    decide(cat, key, record.REJECT)
    edit(cat, SHORTER, "    value: 16\n    unit: 工作日")
    commit(cat, "按意见修改")
    decide(cat, key, record.APPROVE)
    assert gate(cat, "main").ok


def test_a_bad_ledger_remote_name_is_a_usage_error(cat: Path) -> None:
    from shenguan.errors import UsageError

    with pytest.raises(UsageError, match="远程仓库名不合法"):
        gate(cat, "main", remote="--upload-pack=touch x")


def test_the_whole_flow_against_a_server_with_an_author_and_a_reviewer(
    tmp_path: Path, key: Path
) -> None:
    office = fresh(tmp_path, [("zhang-wei", "张伟", key)])
    server = tmp_path / "server.git"
    git(tmp_path, "init", "-q", "--bare", str(server))
    git(office, "remote", "add", "origin", str(server))
    git(office, "push", "-q", "origin", "main")
    author, reviewer, ci = (tmp_path / n for n in ("author", "reviewer", "ci"))
    git(tmp_path, "clone", "-q", str(server), str(author))
    git(author, "checkout", "-q", "-b", "change")
    edit(author, PROMISED, SHORTER)
    commit(author, "缩短承诺时限")
    git(author, "push", "-q", "-u", "origin", "change")

    git(tmp_path, "clone", "-q", "-b", "change", str(server), str(reviewer))
    git(reviewer, "branch", "-q", "main", "origin/main")
    done = sign(reviewer, "main", record.APPROVE, "同意", key, push=True, remote="origin")
    assert done.pushed == "origin" and done.push_command == "git push origin shenguan-reviews"
    commit(reviewer, "审查：通过")
    git(reviewer, "push", "-q", "origin", "change")
    decide(reviewer, key, record.REJECT, push=True, remote="origin")
    git(reviewer, "push", "-q", "origin", "change")
    assert len(git(server, "log", "--format=%H", store.BRANCH).split()) == 2

    # The author drops the rejection by rewriting the branch and force-pushing it.
    git(author, "fetch", "-q", "origin")
    git(author, "reset", "-q", "--hard", "origin/change~1")
    git(author, "push", "-q", "-f", "origin", "change")

    git(tmp_path, "clone", "-q", "-b", "change", str(server), str(ci))
    git(ci, "branch", "-q", "main", "origin/main")
    git(ci, "update-ref", "-d", f"refs/remotes/origin/{store.BRANCH}")  # CI fetches it itself
    assert gate(ci, "main").ok  # without the ledger the rewrite would pass
    result = gate(ci, "main", remote="origin")
    assert not result.ok and states(result) == {MATTER: OVERRULED}
    assert "origin 的审查台账" in result.items[0].message
    _, verification = verify_all(ci, "main", remote="origin")
    assert not verification.ok
