"""`shenguan migrate` as a clerk runs it, the version check every other command makes, and history
read across the migration commit."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.catalogs import CASES
from tests.support.git import commit, git

GOLDEN = CASES / "migration"
OLD = "目录结构版本为 1，本工具使用版本 2：请运行 shenguan migrate 升级"
MATTER = "matters/002017011000.yaml"

Cli = Callable[..., object]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*.yaml"))
        if ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    shutil.copytree(GOLDEN / "before", root)
    return root


def test_migrate_writes_the_golden_bytes_and_prints_files_and_notes(cli, v1: Path) -> None:
    r = cli("migrate", "-C", v1)
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        "shenguan.yaml",
        "matters/000117020000.yaml",
        "matters/002000618000.yaml",
        "matters/002017011000.yaml",
    ]
    assert "已把目录从第 1 版升级到第 2 版：已改动 4 个文件，其中 5 处需要核对" in r.err
    assert "需要核对：matters/000117020000.yaml\n" in r.err
    assert "  · 已移除办理形式“移动端”：请在 online.mobile_url 填写移动端办理地址\n" in r.err
    assert "下一步：运行 shenguan validate" in r.err
    assert tree(v1) == tree(GOLDEN / "expected")
    assert cli("validate", "-C", v1).code == 0


def test_dry_run_prints_the_diff_and_writes_nothing(cli, v1: Path) -> None:
    before = tree(v1)
    r = cli("migrate", "--dry-run", "-C", v1)
    assert r.code == 0
    assert r.out.startswith("--- a/shenguan.yaml\n+++ b/shenguan.yaml\n")
    assert "+schema_version: 2   # 升级后为 2\n" in r.out
    assert "未写入任何文件" in r.err
    assert tree(v1) == before


def test_json_documents(cli, v1: Path) -> None:
    r = cli("migrate", "--dry-run", "-C", v1, "--format", "json")
    doc = json.loads(r.out)
    assert (doc["schema_version"], doc["command"], doc["status"]) == (1, "migrate", "ok")
    assert (doc["from_version"], doc["to_version"], doc["dry_run"], doc["written"]) == (
        1,
        2,
        True,
        False,
    )
    files = {f["file"]: f for f in doc["files"]}
    assert files[MATTER]["notes"][0].startswith("已移除办理形式“移动端”")
    assert "-special_procedures: 场馆安全检查\n" in files[MATTER]["diff"]
    r = cli("migrate", "-C", v1, "-f", "json")
    doc = json.loads(r.out)
    assert doc["written"] is True and "diff" not in doc["files"][0]
    again = json.loads(cli("migrate", "-C", v1, "-f", "json").out)
    assert again["files"] == [] and again["message"] == "已是第 2 版，无需升级"


def test_a_current_catalogue_needs_nothing(cli, v1: Path) -> None:
    assert cli("migrate", "-C", v1).code == 0
    once = tree(v1)
    r = cli("migrate", "-C", v1)
    assert r.code == 0 and r.out == ""
    assert "已是第 2 版，无需升级" in r.err
    assert tree(v1) == once


def test_a_newer_catalogue_is_refused_by_migrate_and_every_command(cli, v1: Path) -> None:
    manifest = v1 / "shenguan.yaml"
    manifest.write_bytes(manifest.read_bytes().replace(b"schema_version: 1", b"schema_version: 3"))
    before = tree(v1)
    for args in (["migrate"], ["validate"], ["matter", "list"]):
        r = cli(*args, "-C", v1)
        assert r.code == 3, args
        assert "目录结构版本 3 高于本工具支持的 2：请升级 shenguan" in r.err
    doc = json.loads(cli("migrate", "-C", v1, "--format", "json").out)
    assert doc["status"] == "error" and doc["error"]["code"] == "tool"
    assert tree(v1) == before


def test_an_upgrade_that_would_not_validate_exits_1_and_writes_nothing(cli, v1: Path) -> None:
    path = v1 / "matters/002000618000.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  name: 出生医学证明\n", "  nam: 出生医学证明\n"),
        encoding="utf-8",
    )
    before = tree(v1)
    r = cli("migrate", "-C", v1)
    assert r.code == 1
    assert "matters/002000618000.yaml:52:3  S002  未知字段 nam" in r.err
    assert tree(v1) == before


def test_other_commands_refuse_a_version_1_catalogue(cli, v1: Path, tmp_path: Path) -> None:
    before = tree(v1)
    for args in (
        ["validate"],
        ["export", "public", "-o", str(tmp_path / "list.csv")],
        ["matter", "list"],
        ["report"],
    ):
        r = cli(*args, "-C", v1)
        assert r.code == 3, (args, r.err)
        assert OLD in r.err and "shenguan migrate --dry-run" in r.err
    assert not (tmp_path / "list.csv").exists()
    doc = json.loads(cli("validate", "-C", v1, "--format", "json").out)
    assert doc["error"] == {
        "code": "tool",
        "message": OLD,
        "hint": "shenguan migrate --dry-run 可先查看将做的改动；升级后请提交到 git",
    }
    assert tree(v1) == before


def test_rules_help_and_version_work_beside_a_version_1_catalogue(cli, v1: Path) -> None:
    assert cli("rules", "-C", v1).code == 2  # rules takes no catalogue: a usage error, not exit 3
    assert cli("rules").code == 0
    assert cli("-C", v1, "--version").code == 0
    assert cli("-C", v1, "--help").code == 0
    assert cli("validate", "--help", "-C", v1).code == 0
    assert cli("migrate", "--help").code == 0


@pytest.fixture
def migrated_repo(cli, v1: Path) -> Path:
    """A repository: the v1 catalogue committed and tagged v1, then migrated and committed, then
    one real change (a mobile handling address) committed."""
    git(v1, "init", "-q")
    commit(v1, "第 1 版目录")
    git(v1, "tag", "v1")
    assert cli("migrate", "-C", v1).code == 0
    commit(v1, "升级到第 2 版")
    git(v1, "tag", "v2")
    path = v1 / MATTER
    url = "  url: https://tyj.weiyang.example.gov.cn/booking\n"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            url, url + "  mobile_url: https://tyj.weiyang.example.gov.cn/m/booking\n"
        ),
        encoding="utf-8",
    )
    commit(v1, "填写移动端办理地址")
    return v1


def test_diff_across_the_migration_shows_only_changes_of_meaning(cli, migrated_repo: Path) -> None:
    r = cli("diff", "v1", "v2", "-C", migrated_repo)
    assert r.code == 0, r.err
    assert "没有记录变化" in r.out
    r = cli("diff", "v1", "HEAD", "-C", migrated_repo, "--format", "json")
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert [(c["id"], c["change"]) for c in doc["changes"]] == [("002017011000", "modified")]
    assert [f["pointer"] for f in doc["changes"][0]["fields"]] == ["/online/mobile_url"]
    # and backwards: the newer side is the older one's target too
    back = json.loads(cli("diff", "HEAD", "v1", "-C", migrated_repo, "-f", "json").out)
    assert [f["pointer"] for f in back["changes"][0]["fields"]] == ["/online/mobile_url"]


def test_log_across_the_migration(cli, migrated_repo: Path) -> None:
    r = cli("log", "002017011000", "-C", migrated_repo, "--format", "json")
    assert r.code == 0, r.err
    entries = json.loads(r.out)["entries"]
    assert [(e["subject"], e["change"]) for e in entries] == [
        ("填写移动端办理地址", "modified"),
        ("升级到第 2 版", None),  # the migration alone changes nothing a record means
        ("第 1 版目录", "added"),
    ]
    assert [f["pointer"] for f in entries[0]["fields"]] == ["/online/mobile_url"]


def test_an_old_revision_validates_and_exports_at_the_current_version(
    cli, migrated_repo: Path
) -> None:
    r = cli("validate", "--rev", "v1", "-C", migrated_repo, "--format", "json")
    assert r.code == 0, r.out
    assert not [f for f in json.loads(r.out)["findings"] if f["rule"].startswith(("S", "Y"))]
    old = json.loads(cli("export", "public", "--rev", "v1", "-C", migrated_repo, "-f", "json").out)
    new = json.loads(cli("export", "public", "--rev", "v2", "-C", migrated_repo, "-f", "json").out)
    assert old["status"] == "ok" and old == new


def test_review_across_the_migration_asks_only_for_changes_of_meaning(
    cli, migrated_repo: Path
) -> None:
    r = cli("review", "status", "--base", "v1", "-C", migrated_repo, "--format", "json")
    assert r.code == 1
    doc = json.loads(r.out)
    assert [(i["path"], i["change"]) for i in doc["items"]] == [(MATTER, "modified")]
    assert [f["pointer"] for f in doc["items"][0]["fields"]] == ["/online/mobile_url"]
