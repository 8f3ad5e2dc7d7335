"""The review gate with real keys and real repositories: every state a pending change can be in."""

from __future__ import annotations

from pathlib import Path

import pytest

from shenguan.errors import GateError, UsageError
from shenguan.review import record
from shenguan.review.sign import sign
from shenguan.review.status import gate
from tests.support.catalogs import MATTER, enrol, fresh
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen
from tests.support.signoffs import copy_signoff, forge, states

PROMISED = "    value: 20\n    unit: 工作日"


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {name: keygen(folder, name) for name in ("zhang", "li", "mallory")}


@pytest.fixture
def cat(tmp_path: Path, keys: dict[str, Path]) -> Path:
    """A fresh catalogue with reviewer zhang-wei on main, and a branch `change` checked out."""
    root = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    git(root, "checkout", "-q", "-b", "change")
    return root


def approve(root: Path, key: Path, decision: str = record.APPROVE) -> str:
    return sign(root, "main", decision, "经审查，符合法律规定。", key).path


def test_a_good_sign_off_passes(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    before = gate(cat, "main")
    assert not before.ok and states(before) == {MATTER: "missing"}
    path = approve(cat, keys["zhang"])
    commit(cat, "审查通过")
    after = gate(cat, "main")
    assert after.ok and states(after) == {MATTER: "covered"}
    assert after.items[0].signoff == Path(path).stem
    assert (cat / record.sig_path(path)).read_bytes().startswith(b"-----BEGIN SSH SIGNATURE-----")


def test_editing_a_covered_record_afterwards_makes_it_stale(
    cat: Path, keys: dict[str, Path]
) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    approve(cat, keys["zhang"])
    edit(cat, "value: 15", "value: 14")
    result = gate(cat, "main")
    assert not result.ok and states(result) == {MATTER: "stale"}
    assert "须重新审查" in result.items[0].message


def test_a_tampered_sign_off_is_a_bad_signature(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    path = approve(cat, keys["zhang"], record.REJECT)
    edit(cat, "decision: 不通过", "decision: 通过", path)
    result = gate(cat, "main")
    assert states(result) == {MATTER: "bad_signature"} and not result.ok
    assert any("签名无效" in p for p in result.problems)


def test_a_sign_off_without_its_signature_file_fails(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    path = approve(cat, keys["zhang"])
    (cat / record.sig_path(path)).unlink()
    assert states(gate(cat, "main")) == {MATTER: "bad_signature"}


def test_a_key_not_in_the_base_allowed_signers_is_an_unknown_reviewer(
    cat: Path, keys: dict[str, Path]
) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    forge(
        cat, keys["mallory"], "zhang-wei", name="张伟"
    )  # claims to be zhang-wei, signs with another key
    result = gate(cat, "main")
    assert states(result) == {MATTER: "unknown_reviewer"} and not result.ok
    assert "allowed_signers" in result.items[0].message


def test_a_reviewer_added_by_the_same_change_does_not_count(
    cat: Path, keys: dict[str, Path]
) -> None:
    enrol(cat, [("zhang-wei", "张伟", keys["zhang"]), ("li-na", "李娜", keys["li"])])
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "登记李娜并缩短时限")
    with pytest.raises(GateError, match="不在基准版本的审查人名册"):
        sign(cat, "main", record.APPROVE, "同意", keys["li"], "li-na")
    forge(cat, keys["li"], "li-na", name="李娜")
    result = gate(cat, "main")
    assert set(states(result).values()) == {"unknown_reviewer"} and not result.ok
    assert set(states(result)) == {MATTER, "reviewers.yaml", "allowed_signers"}


def test_an_expired_key_fails(tmp_path: Path, keys: dict[str, Path]) -> None:
    root = fresh(
        tmp_path, [("zhang-wei", "张伟", keys["zhang"])], {"zhang-wei": 'valid-before="20200101"'}
    )
    git(root, "checkout", "-q", "-b", "change")
    edit(root, PROMISED, "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    with pytest.raises(GateError, match="密钥已过期"):
        approve(root, keys["zhang"])
    forge(root, keys["zhang"], "zhang-wei", name="张伟")
    result = gate(root, "main")
    assert states(result) == {MATTER: "expired"} and not result.ok


def test_a_rejection_fails_the_gate(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    approve(cat, keys["zhang"], record.REJECT)
    result = gate(cat, "main")
    assert states(result) == {MATTER: "rejected"} and not result.ok


def test_a_later_approval_after_a_rejection_passes(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    approve(cat, keys["zhang"], record.REJECT)
    commit(cat, "审查不通过")
    edit(cat, "value: 15", "value: 18")
    commit(cat, "按审查意见修改")
    approve(cat, keys["zhang"])
    result = gate(cat, "main")
    assert result.ok and states(result) == {MATTER: "covered"}
    assert len(result.verification.chain.order) == 2


def test_replaying_an_earlier_approval_after_a_rejection_fails_on_the_chain(
    cat: Path, keys: dict[str, Path]
) -> None:
    # main gets a first reviewed change, so the chain has a genesis record.
    edit(cat, PROMISED, "    value: 18\n    unit: 工作日")
    commit(cat, "第一次调整")
    approve(cat, keys["zhang"])
    commit(cat, "审查通过")
    git(cat, "checkout", "-q", "main")
    git(cat, "merge", "-q", "--ff-only", "change")
    # An approval of 18 -> 10 is signed on a branch that never lands.
    git(cat, "checkout", "-q", "-b", "b1")
    edit(cat, "value: 18", "value: 10")
    commit(cat, "再次调整")
    old_approval = approve(cat, keys["zhang"])
    commit(cat, "审查通过（未合入）")
    kept = tmp = cat.parent / "kept"
    tmp.mkdir()
    copy_signoff(cat, old_approval, kept)
    # The bureau rejects the same change; its rejection is recorded on main.
    git(cat, "checkout", "-q", "main")
    git(cat, "checkout", "-q", "-b", "b2")
    edit(cat, "value: 18", "value: 10")
    commit(cat, "再次调整")
    approve(cat, keys["zhang"], record.REJECT)
    git(cat, "checkout", "main", "--", MATTER)
    commit(cat, "记录审查不通过，撤回调整")
    git(cat, "checkout", "-q", "main")
    git(cat, "merge", "-q", "--ff-only", "b2")
    # The same change again, with the old approval slipped in.
    git(cat, "checkout", "-q", "-b", "b3")
    edit(cat, "value: 18", "value: 10")
    copy_signoff(kept, old_approval, cat)
    commit(cat, "再次调整（附旧审查意见）")
    result = gate(cat, "main")
    assert states(result) == {MATTER: "broken_chain"} and not result.ok
    assert "重放" in result.items[0].message


def test_deleting_a_covered_record_is_reviewed_as_deleted(cat: Path, keys: dict[str, Path]) -> None:
    git(cat, "rm", "-q", MATTER)
    commit(cat, "删除事项")
    assert states(gate(cat, "main")) == {MATTER: "missing"}
    path = approve(cat, keys["zhang"])
    assert (cat / path).read_text(encoding="utf-8").count("digest: deleted") == 1
    result = gate(cat, "main")
    assert result.ok and result.items[0].pending.change == "removed"


def test_renaming_a_covered_record_needs_both_paths(cat: Path, keys: dict[str, Path]) -> None:
    new = "matters/000700102000.yaml"
    git(cat, "mv", MATTER, new)
    edit(cat, 'id: "000700101000"', 'id: "000700102000"', new)
    edit(cat, "B4000700101000", "B4000700102000", new)
    commit(cat, "改编码")
    result = gate(cat, "main")
    assert [(i.pending.path, i.pending.old_path, i.state) for i in result.items] == [
        (new, MATTER, "missing")
    ]
    path = approve(cat, keys["zhang"])
    covered = record.parse(path, (cat / path).read_bytes(), None).covered
    assert covered[MATTER] == "deleted" and covered[new].startswith("sha256:")
    assert gate(cat, "main").ok


def test_restoring_a_deleted_record_after_sign_off_is_stale(
    cat: Path, keys: dict[str, Path]
) -> None:
    original = (cat / MATTER).read_bytes()
    git(cat, "rm", "-q", MATTER)
    commit(cat, "删除事项")
    approve(cat, keys["zhang"])
    (cat / "matters").mkdir(exist_ok=True)
    (cat / MATTER).write_bytes(original.replace(b"value: 20", b"value: 19"))
    assert states(gate(cat, "main")) == {MATTER: "stale"}


def test_a_phone_only_edit_needs_no_review(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, 'consult_phone: "029-00000002"', 'consult_phone: "029-88888888"')
    commit(cat, "更新咨询电话")
    result = gate(cat, "main")
    assert result.ok and result.items == []
    with pytest.raises(UsageError, match="没有需要合法性审查的变化"):
        approve(cat, keys["zhang"])


def test_the_policy_is_read_from_the_base_not_the_change(cat: Path) -> None:
    edit(cat, "kinds: [matter, transfer]", "kinds: []", "shenguan.yaml")
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "放宽审查策略并修改事项")
    assert states(gate(cat, "main")) == {MATTER: "missing", "shenguan.yaml": "missing"}


def test_a_paper_decision_counts_only_when_the_policy_accepts_it(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    cat = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    edit(cat, "accept_paper: false", "accept_paper: true", "shenguan.yaml")
    commit(cat, "接受纸质决定")
    git(cat, "checkout", "-q", "-b", "change")
    from shenguan.review.paper import record_paper

    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    done = record_paper(
        cat, "main", "示司审〔2026〕3号", record.APPROVE, "2026-11-20", key=keys["zhang"]
    )
    assert done.accepted and done.data["paper"] == {
        "doc_no": "示司审〔2026〕3号",
        "date": "2026-11-20",
    }
    # the registered reviewer who entered the paper signed the record (the paper itself is unsigned)
    assert (cat / record.sig_path(done.path)).exists()
    result = gate(cat, "main")
    assert result.ok and states(result) == {MATTER: "paper"}


def test_a_paper_decision_is_refused_when_the_policy_says_so(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    from shenguan.review.paper import record_paper

    root = fresh(
        tmp_path, [("zhang-wei", "张伟", keys["zhang"])]
    )  # the template refuses paper decisions
    git(root, "checkout", "-q", "-b", "change")
    edit(root, PROMISED, "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    assert not record_paper(
        root, "main", "示司审〔2026〕3号", record.APPROVE, "2026-11-20", key=keys["zhang"]
    ).accepted
    result = gate(root, "main")
    assert states(result) == {MATTER: "paper"} and not result.ok


def test_deleting_a_base_sign_off_fails_the_gate(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    path = approve(cat, keys["zhang"])
    commit(cat, "审查通过")
    git(cat, "checkout", "-q", "main")
    git(cat, "merge", "-q", "--ff-only", "change")
    git(cat, "checkout", "-q", "-b", "cleanup")
    git(cat, "rm", "-q", path, record.sig_path(path))
    commit(cat, "删除审查记录")
    result = gate(cat, "main")
    assert not result.ok and any("只能追加" in p for p in result.problems)


def test_sign_refuses_uncommitted_changes(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    with pytest.raises(UsageError, match="未提交的修改"):
        approve(cat, keys["zhang"])
    assert record.worktree_paths(cat) == []


def test_sign_finds_the_reviewer_from_the_key(cat: Path, keys: dict[str, Path]) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    with pytest.raises(GateError, match="找不到对应的审查人"):
        approve(cat, keys["mallory"])
    path = approve(cat, keys["zhang"])
    data = record.parse(path, (cat / path).read_bytes(), None).data
    assert (
        data is not None
        and data["reviewer"] == "zhang-wei"
        and data["organisation"] == "示例区司法局"
    )


def test_a_release_trusts_its_own_head_and_tolerates_a_merged_fork(
    tmp_path: Path, keys: dict[str, Path]
) -> None:
    from shenguan.review.status import require

    root = fresh(tmp_path, [("zhang-wei", "张伟", keys["zhang"])])
    second = "matters/000700102000.yaml"
    (root / second).write_text(
        (root / MATTER).read_text(encoding="utf-8").replace("000700101000", "000700102000"),
        encoding="utf-8",
    )
    released = commit(root, "第二个事项")
    for branch, rel in (("a", MATTER), ("b", second)):
        git(root, "checkout", "-q", "-b", branch, released)
        edit(root, PROMISED, "    value: 15\n    unit: 工作日", rel)
        commit(root, f"调整 {rel}")
        approve(root, keys["zhang"])
        commit(root, "审查通过")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--ff-only", "a")
    git(
        root, "merge", "-q", "--no-edit", "b"
    )  # merged without a rebase: two records follow the same one
    release = require(root, released, "HEAD")
    assert release.ok and states(release) == {MATTER: "covered", second: "covered"}
    assert any("分叉" in w for w in release.warnings)
    strict = gate(root, released)
    assert not strict.ok and set(states(strict).values()) == {"broken_chain"}
    with pytest.raises(GateError, match="合法性审查门禁未通过"):
        require(root, released)


def test_when_main_moves_on_a_branch_sign_off_is_signed_again(
    cat: Path, keys: dict[str, Path]
) -> None:
    edit(cat, PROMISED, "    value: 15\n    unit: 工作日")
    commit(cat, "缩短承诺时限")
    first = approve(cat, keys["zhang"])
    commit(cat, "审查通过")
    git(cat, "checkout", "-q", "-b", "other", "main")
    second = "matters/000700102000.yaml"
    (cat / second).write_text(
        (cat / MATTER).read_text(encoding="utf-8").replace("000700101000", "000700102000"),
        encoding="utf-8",
    )
    commit(cat, "新增事项")
    approve(cat, keys["zhang"])
    commit(cat, "审查通过")
    git(cat, "checkout", "-q", "main")
    git(cat, "merge", "-q", "--ff-only", "other")
    git(cat, "checkout", "-q", "change")
    git(cat, "merge", "-q", "--no-edit", "main")
    assert states(gate(cat, "main")) == {MATTER: "broken_chain"}
    with pytest.raises(GateError, match="不在审查链上") as caught:
        approve(cat, keys["zhang"])
    assert f"git rm {first}" in caught.value.hint
    git(cat, "rm", "-q", first, record.sig_path(first))
    commit(cat, "删除旧的审查记录")
    approve(cat, keys["zhang"])
    assert gate(cat, "main").ok


def test_enrolling_a_reviewer_needs_an_existing_reviewers_approval(
    cat: Path, keys: dict[str, Path]
) -> None:
    enrol(cat, [("zhang-wei", "张伟", keys["zhang"]), ("li-na", "李娜", keys["li"])])
    commit(cat, "登记李娜")
    assert states(gate(cat, "main")) == {"allowed_signers": "missing", "reviewers.yaml": "missing"}
    approve(cat, keys["zhang"])
    assert gate(cat, "main").ok


def test_the_first_enrolment_needs_no_review(tmp_path: Path, keys: dict[str, Path]) -> None:
    root = fresh(tmp_path)
    git(root, "checkout", "-q", "-b", "enrol")
    enrol(root, [("zhang-wei", "张伟", keys["zhang"])])
    commit(root, "登记第一位审查人")
    result = gate(root, "main")
    assert result.ok and result.items == []
