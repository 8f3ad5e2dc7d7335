"""`shenguan review`: the walkthrough in README.md on a fresh `shenguan init` catalogue, output
formats, exit codes and Chinese errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.catalogs import MATTER
from tests.support.files import edit
from tests.support.git import commit, git
from tests.support.keys import keygen, public

PROMISED = "    value: 20\n    unit: 工作日"
ENTRY = """  - id: zhang-wei
    name: 张伟
    organisation: 示例区司法局
    department: sfj
    principal: zhang-wei@sfj.example.gov.cn
"""


@pytest.fixture(scope="module")
def key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return keygen(tmp_path_factory.mktemp("keys"), "zhang")


@pytest.fixture
def cat(cli, tmp_path: Path, key: Path) -> Path:
    """Steps 1–3 of the walkthrough: init, enrol the reviewer on main, change a matter on a branch."""
    root = tmp_path / "weiyang"
    assert cli("init", root).code == 0
    registry = (
        (root / "reviewers.yaml")
        .read_text(encoding="utf-8")
        .replace("reviewers: []", "reviewers:\n" + ENTRY)
    )
    (root / "reviewers.yaml").write_text(registry, encoding="utf-8")
    with (root / "allowed_signers").open("a", encoding="utf-8") as handle:
        handle.write(f"zhang-wei@sfj.example.gov.cn {public(key)}\n")
    commit(root, "登记审查人张伟")
    git(root, "checkout", "-q", "-b", "shorten")
    edit(root, PROMISED, "    value: 15\n    unit: 工作日")
    commit(root, "缩短承诺时限")
    return root


def sign_args(key: Path, decision: str = "通过") -> list[str]:
    return [
        "review",
        "sign",
        "--base",
        "main",
        "--decision",
        decision,
        "--opinion",
        "经审查，符合法律规定。",
        "--key",
        str(key),
    ]


def test_the_gate_fails_before_sign_off_passes_after_and_fails_after_a_later_edit(
    cli, cat: Path, key: Path
) -> None:
    before = cli("review", "status", "--base", "main", cwd=cat)
    assert before.code == 1 and "缺少审查" in before.out and MATTER in before.out
    packet = cli("review", "request", "--base", "main", cwd=cat)
    assert packet.code == 0 and "审查结论" in packet.out and "承诺办结时限" in packet.out
    signed = cli(*sign_args(key), cwd=cat)
    assert signed.code == 0, signed.err
    assert "已签署 reviews/r-" in signed.err
    commit(cat, "区司法局审查通过")
    after = cli("review", "status", "--base", "main", cwd=cat)
    assert after.code == 0 and "已审查通过" in after.out and "✓ 审查门禁通过" in after.out
    assert cli("validate", cwd=cat).code == 0
    edit(cat, "value: 15", "value: 12")
    later = cli("review", "status", "--base", "main", cwd=cat)
    assert later.code == 1 and "审查后又被修改" in later.out


def test_status_json_is_one_document_with_every_state(cli, cat: Path) -> None:
    r = cli("review", "status", "--base", "main", "--format", "json", "-C", cat)
    doc = json.loads(r.out)
    assert r.code == 1 and doc["command"] == "review status" and doc["status"] == "failed"
    assert (
        doc["schema_version"] == 1
        and doc["base"]["rev"] == "main"
        and len(doc["base"]["commit"]) == 40
    )
    assert [(i["path"], i["state"], i["ok"]) for i in doc["items"]] == [(MATTER, "missing", False)]
    assert doc["items"][0]["digest"].startswith("sha256:")


def test_status_github_annotates_each_pending_record(cli, cat: Path, key: Path) -> None:
    r = cli("review", "status", "--base", "main", "--format", "github", cwd=cat)
    assert r.code == 1
    assert r.out.startswith(f"::error file={MATTER},title=合法性审查：缺少审查::")
    cli(*sign_args(key), cwd=cat)
    ok = cli("review", "status", "--base", "main", "--format", "github", cwd=cat)
    assert ok.code == 0 and ok.out.startswith("::notice file=")


def test_request_json_lists_what_a_sign_off_covers(cli, cat: Path) -> None:
    doc = json.loads(cli("review", "request", "--base", "main", "--format", "json", "-C", cat).out)
    assert doc["command"] == "review request" and doc["status"] == "pending"
    assert doc["covered"] == [{"path": MATTER, "digest": doc["items"][0]["digest"]}]
    assert doc["items"][0]["fields"][0]["pointer"] == "/time_limit/promised/value"
    assert doc["decision"]["options"] == ["通过", "不通过"]


def test_a_rejection_exits_1_and_verify_checks_the_chain(cli, cat: Path, key: Path) -> None:
    assert cli(*sign_args(key, "不通过"), cwd=cat).code == 0
    r = cli("review", "status", "--base", "main", cwd=cat)
    assert r.code == 1 and "审查不通过" in r.out
    v = cli("review", "verify", "--base", "main", "--format", "json", cwd=cat)
    assert v.code == 0 and json.loads(v.out)["signoffs"][0]["state"] == "valid"
    sig = next((cat / "reviews").glob("*.yaml"))
    sig.write_text(
        sig.read_text(encoding="utf-8").replace("decision: 不通过", "decision: 通过"),
        encoding="utf-8",
    )
    tampered = cli("review", "verify", "--base", "main", cwd=cat)
    assert tampered.code == 1 and "签名无效" in tampered.out


def test_a_paper_decision_is_recorded_unsigned(cli, cat: Path, key: Path) -> None:
    git(
        cat, "checkout", "-q", "main"
    )  # the template refuses paper decisions; this office accepts them
    edit(cat, "accept_paper: false", "accept_paper: true", "shenguan.yaml")
    commit(cat, "接受纸质决定")
    git(cat, "checkout", "-q", "shorten")
    r = cli(
        "review",
        "import",
        "--document",
        "示司审〔2026〕3号",
        "--decision",
        "通过",
        "--date",
        "2026-11-20",
        "--key",
        key,
        cwd=cat,
    )
    assert r.code == 0, r.err
    [record] = (cat / "reviews").glob("*.yaml")
    # the paper is unsigned; the registered reviewer who entered it signed the record
    assert "示司审〔2026〕3号" in record.read_text(encoding="utf-8") and list(
        (cat / "reviews").glob("*.sig")
    )
    status = cli("review", "status", "--base", "main", cwd=cat)
    assert status.code == 0 and "纸质决定，未电子签名" in status.out


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (
            [
                "review",
                "sign",
                "--base",
                "main",
                "--decision",
                "同意",
                "--opinion",
                "x",
                "--key",
                "k",
            ],
            2,
            "审查结论只能是",
        ),
        (["review", "status", "--base", "-x"], 2, "修订名不合法"),
        (["review", "status", "--base", "no-such-branch"], 2, "无法解析修订"),
        (["review", "status", "--format", "xml"], 2, "不支持的输出格式"),
        (
            [
                "review",
                "import",
                "--document",
                "示司审〔2026〕3号",
                "--decision",
                "通过",
                "--date",
                "2026-13-01",
                "--key",
                "k",
            ],
            2,
            "YYYY-MM-DD",
        ),
        (
            [
                "review",
                "import",
                "--document",
                "示司审〔2026〕3号",
                "--decision",
                "通过",
                "--date",
                "2099-01-01",
                "--key",
                "k",
            ],
            2,
            "不能晚于今天",
        ),
    ],
)
def test_usage_errors_exit_2_in_chinese_and_write_nothing(
    cli, cat: Path, args: list[str], code: int, said: str
) -> None:
    r = cli(*args, cwd=cat)
    assert r.code == code and said in r.err
    assert not list((cat / "reviews").glob("r-*"))


def test_signing_with_an_unregistered_key_writes_nothing(cli, cat: Path, tmp_path: Path) -> None:
    other = keygen(tmp_path / "other", "mallory")
    r = cli(*sign_args(other), cwd=cat)
    assert r.code == 1 and "找不到对应的审查人" in r.err
    assert not list((cat / "reviews").glob("r-*"))


def test_outside_a_git_repository_is_exit_3(cli, cat: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(cat, plain, ignore=shutil.ignore_patterns(".git"))
    r = cli("review", "status", "-C", plain)
    assert r.code == 3 and "git 仓库" in r.err


def test_a_broken_registry_on_the_base_names_file_line_and_column(cli, cat: Path) -> None:
    git(cat, "checkout", "-q", "main")
    (cat / "reviewers.yaml").write_text(
        "kind: reviewers\nreviewers:\n  - id: a\n    id: b\n", encoding="utf-8"
    )
    commit(cat, "损坏的名册")
    git(cat, "checkout", "-q", "shorten")
    r = cli("review", "status", "--base", "main", cwd=cat)
    assert r.code == 3 and "reviewers.yaml 第 4 行第 5 列" in r.err and "重复" in r.err


def test_every_review_command_has_help_with_an_example(cli) -> None:
    for command in ("request", "sign", "status", "import", "verify"):
        r = cli("review", command, "--help")
        assert r.code == 0 and "示例：" in r.out, command
