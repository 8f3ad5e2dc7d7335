"""Semantic diff: records by kind and id, field by field, classified; on real git repositories."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenguan import diff
from shenguan.diff.compare import field_changes
from shenguan.diff.records import Entry
from shenguan.errors import UsageError
from shenguan.render.diff import markdown
from tests.support.catalogs import BASE
from tests.support.files import edit
from tests.support.git import commit, git

M = "matters/000718003000.yaml"  # 预防接种异常反应鉴定, approved and supervised by wjw


def only(result: diff.DiffResult) -> diff.RecordChange:
    assert len(result.changes) == 1, result.changes
    return result.changes[0]


def fields(change: diff.RecordChange) -> dict[str, tuple[str, Any, Any]]:
    return {f.pointer: (f.label, f.before, f.after) for f in change.fields}


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(BASE)


def test_added_matter_is_classified_new(repo: Path) -> None:
    text = (repo / M).read_text(encoding="utf-8").replace("000718003000", "000718004000")
    (repo / "matters/000718004000.yaml").write_text(text, encoding="utf-8")  # untracked: still seen
    c = only(diff.compute(repo))
    assert (c.kind, c.id, c.change, c.classification) == ("matter", "000718004000", "added", "新增")
    assert fields(c)["/name"] == ("事项名称", None, "预防接种异常反应鉴定")


def test_cancelled_matter(repo: Path) -> None:
    edit(repo / M, "status: 在用", "status: 已取消")
    commit(repo)
    c = only(diff.compute(repo, "HEAD~1", "HEAD"))
    assert (c.change, c.classification, c.name) == ("modified", "取消", "预防接种异常反应鉴定")
    assert fields(c) == {"/status": ("事项状态", "在用", "已取消")}


def test_transfer_to_the_bureau(repo: Path) -> None:
    edit(
        repo / M,
        "  approving_department: wjw\n",
        "  approving_department: spj\n  transfer: hz-wjw-2021\n",
    )
    c = only(diff.compute(repo, "HEAD"))
    assert c.classification == "划转"
    assert fields(c)["/custody/approving_department"] == ("审管分工 / 审批部门", "wjw", "spj")
    assert fields(c)["/custody/transfer"] == ("审管分工 / 划转记录", None, "hz-wjw-2021")


def test_entrustment_named_by_its_transfer_record(repo: Path) -> None:
    edit(
        repo / M,
        "  approving_department: wjw\n",
        "  approving_department: spj\n  transfer: wt-scjgj-2022\n",
    )
    assert only(diff.compute(repo)).classification == "委托"


def test_entrustment_by_power_source(repo: Path) -> None:
    edit(repo / M, "power_source: 法定本级", "power_source: 上级委托")
    assert only(diff.compute(repo)).classification == "委托"


def test_field_edit_with_nested_label(repo: Path) -> None:
    edit(repo / M, "  promised:\n    value: 30", "  promised:\n    value: 20")
    edit(repo / M, "    - name: 鉴定费", "    - name: 鉴定服务费")
    c = only(diff.compute(repo))
    assert c.classification == "要素变更"
    assert fields(c) == {
        "/time_limit/promised/value": ("办理时限 / 承诺办结时限 / 时限数值", 30, 20),
        "/fee/items/0/name": ("收费 / 收费项目 / 第1项 / 项目名称", "鉴定费", "鉴定服务费"),
    }


def test_declared_split_on_a_new_record(repo: Path) -> None:
    text = (repo / M).read_text(encoding="utf-8").replace("000718003000", "000718005000")
    text += '  - date: "2026-11-01"\n    kind: 拆分\n    basis: 未审改办发〔2026〕2号\n    related: ["000718003000"]\n'
    (repo / "matters/000718005000.yaml").write_text(
        text.replace("name: 预防接种异常反应鉴定", "name: 鉴定复核"), encoding="utf-8"
    )
    assert only(diff.compute(repo)).classification == "拆分"


def test_renamed_record_keeps_its_history(repo: Path) -> None:
    git(repo, "mv", M, "matters/000718009000.yaml")
    edit(repo / "matters/000718009000.yaml", 'id: "000718003000"', 'id: "000718009000"')
    commit(repo)
    c = only(diff.compute(repo, "HEAD~1", "HEAD"))
    assert (c.change, c.classification, c.id, c.old_id) == (
        "renamed",
        "改名",
        "000718009000",
        "000718003000",
    )
    assert c.old_path == M and c.path == "matters/000718009000.yaml"
    assert fields(c) == {"/id": ("基本编码", "000718003000", "000718009000")}


def test_deleted_record(repo: Path) -> None:
    git(repo, "rm", "-q", M)
    c = only(diff.compute(repo))
    assert (c.change, c.classification, c.id) == ("removed", "删除", "000718003000")


def test_no_change_and_comment_only_change(repo: Path) -> None:
    assert diff.compute(repo).changes == []
    edit(repo / M, "# 收费事项", "# 注释改动不算记录变化。收费事项")
    result = diff.compute(repo)
    assert result.changes == [] and result.status == "ok"


def test_changes_outside_the_catalogue_are_ignored(make_repo) -> None:
    root = make_repo(BASE, subdir="catalog")
    (root / "README.md").write_text("说明\n", encoding="utf-8")
    (root / "catalog" / "notes.txt").write_text("不是记录\n", encoding="utf-8")
    commit(root)
    assert diff.compute(root, "HEAD~1", "HEAD").changes == []


def test_subfolder_catalogue_from_the_repository_root(make_repo) -> None:
    root = make_repo(BASE, subdir="catalog")
    edit(root / "catalog" / M, "status: 在用", "status: 已取消")
    commit(root)
    for where in (root, root / "catalog"):
        c = only(diff.compute(where, "HEAD~1"))
        assert (c.path, c.classification) == (M, "取消")


def test_default_base_is_the_latest_release(repo: Path) -> None:
    git(repo, "tag", "-a", "-m", "发布", "catalog-2026.01.05")
    edit(repo / M, "status: 在用", "status: 已取消")
    commit(repo)
    result = diff.compute(repo)
    assert result.base.rev == "catalog-2026.01.05" and result.head.is_worktree
    assert only(result).classification == "取消"
    ranged = diff.compute(repo, "catalog-2026.01.05..HEAD")
    assert ranged.head.rev == "HEAD" and only(ranged).classification == "取消"


def test_restricted_fields_are_masked_unless_asked(repo: Path) -> None:
    edit(repo / "liaisons/wjw.yaml", "name: 孙医政", "name: 王医政")
    edit(repo / "liaisons/wjw.yaml", '"13900000021"', '"13900000099"')
    masked = only(diff.compute(repo))
    assert fields(masked) == {
        "/liaisons/0/mobile": ("联络员 / 第1项 / 手机", "***", "***"),
        "/liaisons/0/name": ("联络员 / 第1项 / 姓名", "***", "***"),
    }
    assert all(f.restricted for f in masked.fields)
    shown = only(diff.compute(repo, show_restricted=True))
    assert fields(shown)["/liaisons/0/name"][1:] == ("孙医政", "王医政")


def test_a_new_restricted_entry_is_masked_inside(repo: Path) -> None:
    with (repo / "liaisons/wjw.yaml").open("a", encoding="utf-8") as f:
        f.write(
            '  - section: wjw-yzyg\n    name: 赵新任\n    mobile: "13900000077"\n    since: "2026-11-01"\n'
        )
    value = fields(only(diff.compute(repo)))["/liaisons/1"][2]
    assert value == {"section": "wjw-yzyg", "name": "***", "mobile": "***", "since": "2026-11-01"}


def test_unreadable_record_is_a_problem_not_a_removal(repo: Path) -> None:
    (repo / M).write_text("kind: matter\nid: [unclosed\n", encoding="utf-8")
    result = diff.compute(repo)
    assert result.changes == []
    assert [(p.file, p.rule) for p in result.problems] == [(M, "Y003")]


def test_symlinked_record_in_the_working_tree_is_rejected(repo: Path) -> None:
    os.symlink("/etc/hostname", repo / "matters/000718007000.yaml")
    result = diff.compute(repo)
    assert result.changes == [] and [(p.file, p.rule) for p in result.problems] == [
        ("matters/000718007000.yaml", "Y008")
    ]


def test_bad_revisions_are_usage_errors(repo: Path) -> None:
    with pytest.raises(UsageError):
        diff.compute(repo, "--output=x")
    with pytest.raises(UsageError):
        diff.compute(repo, "no-such-branch")
    assert not (repo / "x").exists()


def test_markdown_is_capped_with_a_note(repo: Path) -> None:
    for n in range(30):
        text = (
            (repo / M)
            .read_text(encoding="utf-8")
            .replace("000718003000", f"0007180{n + 10:02d}000")
        )
        (repo / f"matters/0007180{n + 10:02d}000.yaml").write_text(text, encoding="utf-8")
    edit(repo / M, "status: 在用", "status: 已取消")
    result = diff.compute(repo)
    full = markdown(result)
    assert "篇幅所限" not in full and "| 事项状态 | 在用 | 已取消 |" in full
    capped = markdown(result, cap=2000)
    assert len(capped) <= 2000 and "篇幅所限" in capped and "项变更未列出" in capped


def test_markdown_neutralises_data() -> None:
    fc = diff.FieldChange("/name", "事项名称", "a|b", "<img src=x> @team [x](javascript:1)")
    change = diff.RecordChange("matter", "000718003000", "modified", "要素变更", (fc,), M, "名称")
    result = diff.DiffResult(diff.Side("HEAD", "0" * 40), diff.Side(None, None), "/x", [change])
    text = markdown(result)
    assert (
        "<img" not in text
        and "@team" not in text
        and "](javascript" not in text
        and "a\\|b" in text
    )


# ---------------------------------------------------------------- properties, on record dicts
keys = st.sampled_from(["id", "name", "status", "a/b", "x~y", "materials", "0", "custody"])
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["在用", "已取消", "", "甲"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
records = st.dictionaries(keys, values, max_size=6)


@settings(max_examples=150, deadline=None)
@given(a=records, b=records, kind=st.sampled_from(["matter", "liaison", "unknown"]))
def test_field_changes_are_empty_on_equal_records_and_mirror(
    a: dict[str, Any], b: dict[str, Any], kind: str
) -> None:
    assert field_changes(kind, a, a) == ()
    forward = [(f.pointer, f.before, f.after) for f in field_changes(kind, a, b)]
    backward = [(f.pointer, f.after, f.before) for f in field_changes(kind, b, a)]
    assert forward == backward
    assert (forward == []) == (a == b)


catalogues = st.dictionaries(
    st.sampled_from(["000100001000", "000100002000", "000100003000"]),
    st.fixed_dictionaries(
        {"name": st.sampled_from(["甲", "乙"]), "status": st.sampled_from(["在用", "已取消"])}
    ),
    max_size=3,
)


def _entries(cat: dict[str, dict[str, Any]]) -> dict[tuple[str, str, str], Entry]:
    return diff.index([Entry(f"matters/{k}.yaml", {"id": k, **v}) for k, v in cat.items()])


@settings(max_examples=150, deadline=None)
@given(a=catalogues, b=catalogues)
def test_record_sets_compare_empty_on_self_and_mirror(a: dict[str, Any], b: dict[str, Any]) -> None:
    facts = diff.NoFacts()
    assert diff.compare(_entries(a), _entries(a), facts) == []
    flip = {"added": "removed", "removed": "added", "modified": "modified", "renamed": "renamed"}
    forward = {
        (c.kind, c.id if c.change != "renamed" else c.old_id): (
            c.change,
            [(f.pointer, f.before, f.after) for f in c.fields],
        )
        for c in diff.compare(_entries(a), _entries(b), facts)
    }
    backward = {
        (c.kind, c.id): (flip[c.change], [(f.pointer, f.after, f.before) for f in c.fields])
        for c in diff.compare(_entries(b), _entries(a), facts)
    }
    assert sorted(forward.values(), key=repr) == sorted(backward.values(), key=repr)


def test_records_are_matched_by_the_id_their_file_name_gives(repo: Path) -> None:
    (repo / "matters/000718006000.yaml").write_bytes(
        (repo / M).read_bytes()
    )  # a copy, id not yet edited
    c = only(diff.compute(repo))
    assert (c.change, c.id, fields(c)["/id"]) == (
        "added",
        "000718006000",
        ("基本编码", None, "000718003000"),
    )
    edit(repo / M, 'id: "000718003000"', 'id: "000718003009"')
    edited = [c for c in diff.compute(repo).changes if c.id == "000718003000"]
    assert [(c.change, fields(c)["/id"][1:]) for c in edited] == [
        ("modified", ("000718003000", "000718003009"))
    ]
