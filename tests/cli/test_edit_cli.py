"""The edit commands as a clerk uses them: standard, transfer, matter, liaison, impact."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from shenguan import yamlio
from shenguan.catalog import lock
from tests.support.catalogs import CASES, REPO, SAMPLE
from tests.support.files import files
from tests.support.git import git

SHOW = "000117004000"
FOOD = "000172013000"
VENUE = "002017011000"


@pytest.fixture
def repo(make_repo) -> Path:
    return make_repo(CASES / "base")


def numstat(root: Path) -> list[str]:
    """`added<TAB>removed<TAB>path` for every changed or new file, as git sees it."""
    git(root, "add", "-A")
    return git(root, "diff", "--cached", "--numstat").splitlines()


def test_a_supervisor_drafts_checks_and_publishes_a_standard(cli, repo: Path) -> None:
    r = cli("-C", repo, "standard", "new", SHOW, "--id", "wlj-yc")
    assert (r.code, r.out) == (0, "standards/wlj-yc/draft.yaml\n") and "已起草" in r.err
    r = cli("standard", "check", "wlj-yc", "-C", repo)
    assert r.code == 1 and r.out.count("C501") == 5 and "请把“待补充”替换为实际要求" in r.out
    assert cli("standard", "publish", "wlj-yc", "--effective", "2026-12-01", "-C", repo).code == 1
    draft = repo / "standards/wlj-yc/draft.yaml"
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("（待补充）请写明", "依法办理"), encoding="utf-8"
    )
    check = json.loads(cli("standard", "check", "wlj-yc", "-C", repo, "--format", "json").out)
    assert (check["command"], check["status"], check["findings"]) == ("standard check", "ok", [])
    r = cli("standard", "publish", "wlj-yc", "--effective", "2026-12-01", "-C", repo)
    assert r.code == 0, r.err
    assert r.out.splitlines() == [f"matters/{SHOW}.yaml", "standards/wlj-yc/v1.yaml"]
    rows = json.loads(cli("standard", "list", "-C", repo, "-f", "json").out)["items"]
    assert next(x for x in rows if x["id"] == "wlj-yc")["version"] == 1
    md = cli("standard", "render", "wlj-yc", "-C", repo)
    assert (
        md.code == 0
        and md.out.startswith("# 营业性演出审批标准\n")
        and "第 1 版，2026-12-01 起施行" in md.out
    )
    page = repo.parent / "标准.html"
    assert cli("standard", "render", "wlj-yc", "--format", "html", "-o", page, "-C", repo).code == 0
    assert "<h1>营业性演出审批标准</h1>" in page.read_text(encoding="utf-8")
    assert cli("standard", "render", "wlj-yc", "--version", "9", "-C", repo).code == 2
    assert cli("validate", "-C", repo).code == 0


def test_a_clerk_transfers_a_matter_through_every_state(cli, repo: Path) -> None:
    code = "000718003000"
    r = cli(
        "transfer",
        "new",
        "--kind",
        "划转",
        "--matter",
        code,
        "--from",
        "wjw",
        "--basis",
        "未审改办发〔2026〕7号",
        "--date",
        "2026-11-01",
        "-C",
        repo,
    )
    assert (r.code, r.out) == (0, "transfers/hz-2026-wjw.yaml\n")
    for state, day, extra in (
        ("已征求意见", "2026-11-02", []),
        (
            "合法性审查",
            "2026-11-10",
            ["--evidence", "合法性审查意见书|未司审〔2026〕9号|2026-11-10"],
        ),
        ("已完成", "2026-11-20", ["--approving-section", "spj-shsw"]),
    ):
        r = cli(
            "transfer", "advance", "hz-2026-wjw", "--to", state, "--date", day, *extra, "-C", repo
        )
        assert r.code == 0, r.err
    assert (
        r.out.splitlines() == [f"matters/{code}.yaml", "transfers/hz-2026-wjw.yaml"]
        and "1 个事项已移交" in r.err
    )
    shown = json.loads(cli("transfer", "show", "hz-2026-wjw", "-f", "json", "-C", repo).out)
    assert shown["record"]["state"] == "已完成" and shown["next_states"] == []
    text = cli("transfer", "show", "hz-2026-wjw", "-C", repo).out
    assert "未司审〔2026〕9号" in text and "（已结束）" in text
    listed = json.loads(cli("matter", "list", "--transferred", "-f", "json", "-C", repo).out)[
        "items"
    ]
    assert code in [x["code"] for x in listed]
    assert cli("validate", "-C", repo).code == 0


def test_a_clerk_finds_and_replaces_the_liaisons(cli, repo: Path) -> None:
    r = cli("liaison", "who", FOOD, "-C", repo)
    assert r.code == 0 and "李审批" in r.out and "139****0002" in r.out and "陈经营" in r.out
    assert "13900000002" not in r.out
    assert "13900000002" in cli("liaison", "who", FOOD, "--show-restricted", "-C", repo).out
    listed = cli("liaison", "list", "-C", repo)
    assert "139****0002" in listed.out and "13900000002" not in listed.out
    assert "13900000002" in cli("liaison", "list", "--show-restricted", "-C", repo).out
    r = cli(
        "liaison",
        "set",
        "--section",
        "spj-scjr",
        "--name",
        "刘新任",
        "--mobile",
        "13900000009",
        "--since",
        "2026-12-01",
        "-C",
        repo,
    )
    assert (r.code, r.out) == (0, "liaisons/spj.yaml\n") and "接替 李审批" in r.err
    assert numstat(repo) == ["5\t0\tliaisons/spj.yaml"]
    history = json.loads(
        cli("liaison", "list", "--history", "--department", "spj", "-f", "json", "-C", repo).out
    )
    assert [x["name"] for x in history["items"]] == ["王前任", "李审批", "赵社事", "刘新任"]


def test_matter_adjust_is_a_one_line_change_plus_its_record(cli, repo: Path) -> None:
    r = cli(
        "matter",
        "adjust",
        FOOD,
        "--set",
        "time_limit.promised.value=4",
        "--basis",
        "未审改办发〔2026〕3号",
        "-C",
        repo,
    )
    assert (r.code, r.out) == (0, f"matters/{FOOD}.yaml\n")
    assert numstat(repo) == [f"6\t1\tmatters/{FOOD}.yaml"]
    shown = json.loads(cli("matter", "show", FOOD, "-f", "json", "-C", repo).out)["fields"]
    value = next(f for f in shown if f["pointer"] == "/time_limit/promised/value")
    assert (value["label"], value["value"]) == ("办理时限 · 承诺办结时限 · 时限数值", "4")
    assert "食品经营许可" in cli("matter", "show", FOOD, "-C", repo).out


def test_matter_new_and_cancel(cli, repo: Path) -> None:
    r = cli("matter", "new", "--code", "002000699000", "--name", "老年人优待证办理", "-C", repo)
    assert r.code == 2 and "--department" in r.err and "--complaint-phone" in r.err
    assert "--site-reason" in r.err
    r = cli(
        "matter",
        "new",
        "--code",
        "002000699000",
        "--name",
        "老年人优待证办理",
        "--department",
        "wjw",
        "--basis",
        "未审改办发〔2026〕5号",
        "--law",
        "陕西省老年人权益保障条例|第三十条",
        "--statutory",
        "10",
        "--promised",
        "3",
        "--consult-phone",
        "029-86250101",
        "--complaint-phone",
        "12345",
        "--site-reason",
        "核验老年人身份证件原件",
        "-C",
        repo,
    )
    assert (r.code, r.out) == (0, "matters/002000699000.yaml\n"), r.err
    r = cli(
        "matter",
        "cancel",
        "002000699000",
        "--basis",
        "未审改办发〔2026〕6号",
        "--date",
        "2026-12-01",
        "-C",
        repo,
    )
    assert r.code == 0
    assert cli("matter", "list", "--status", "已取消", "-C", repo).out.count("已取消") == 2
    assert cli("validate", "-C", repo).code == 0


def test_matter_new_asks_for_what_is_missing_on_a_terminal(
    cli, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from shenguan.cli.matter import NEW_PROMPTS

    answers = {
        "code": "002000699000",
        "department": "wjw",
        "basis": "未审改办发〔2026〕5号",
        "law": "陕西省老年人权益保障条例|第三十条",
        "statutory": 10,
        "promised": 3,
        "consult_phone": "029-86250101",
        "complaint_phone": "12345",
        "site_reason": "核验老年人身份证件原件",
    }
    asked: list[str] = []

    def prompt(text: str, type: object = str) -> object:
        asked.append(text)
        return answers[next(k for k, v in NEW_PROMPTS.items() if v == text)]

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("typer.prompt", prompt)
    r = cli("matter", "new", "--name", "老年人优待证办理", "-C", repo)
    assert (r.code, r.out) == (0, "matters/002000699000.yaml\n"), r.err
    assert asked == [NEW_PROMPTS[k] for k in answers]


def test_a_refused_edit_exits_1_and_leaves_every_file_unchanged(cli, repo: Path) -> None:
    before = files(repo)
    r = cli(
        "matter",
        "adjust",
        FOOD,
        "--set",
        "time_limit.promised.value=40",
        "--basis",
        "未审改办发〔2026〕3号",
        "-C",
        repo,
    )
    assert (
        r.code == 1
        and "修改未写入" in r.err
        and f"matters/{FOOD}.yaml:33:12  R301" in r.err
        and r.out == ""
    )
    r = cli(
        "transfer",
        "new",
        "--kind",
        "划转",
        "--matter",
        SHOW,
        "--from",
        "wlj",
        "--basis",
        "未审改办发〔2026〕7号",
        "-C",
        repo,
    )
    for state in ("已征求意见", "合法性审查"):
        cli("transfer", "advance", "hz-2026-wlj", "--to", state, "--date", "2026-11-28", "-C", repo)
    mid = files(repo)
    r = cli(
        "transfer",
        "advance",
        "hz-2026-wlj",
        "--to",
        "已完成",
        "--date",
        "2026-11-28",
        "--approving-section",
        "spj-shsw",
        "-C",
        repo,
    )
    assert r.code == 1 and "R408" in r.err and "R410" in r.err and "R411" in r.err
    assert files(repo) == mid and {k: v for k, v in mid.items() if k in before} == before


def test_usage_errors_exit_2_in_chinese(cli, repo: Path) -> None:
    for args in (
        ["matter", "adjust", FOOD, "--set", "nmae=x", "--basis", "x号"],
        ["matter", "show", "12"],
        ["transfer", "advance", "nope", "--to", "已完成", "--date", "2026-11-28"],
        ["transfer", "new", "--kind", "转让", "--matter", FOOD, "--basis", "x号"],
        ["liaison", "set", "--section", "spj-scjr", "--name", "张三", "--mobile", "123"],
        ["standard", "publish", "scjgj-sp", "--effective", "2026-02-30"],
        ["impact", "--law", "《》"],
        ["standard", "render", "scjgj-sp", "--format", "pdf"],
    ):
        r = cli(*args, "-C", repo)
        assert r.code == 2, (args, r.err)
        assert "错误：" in r.err and r.out == ""


def test_a_held_lock_exits_3(cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHENGUAN_LOCK_TIMEOUT", "0")
    with lock.hold(repo):
        r = cli("matter", "cancel", VENUE, "--basis", "未审改办发〔2026〕6号", "-C", repo)
    assert r.code == 3 and "正被另一个 shenguan 命令修改" in r.err
    assert lock.lock_path(repo) == repo / ".git" / "shenguan.lock"
    assert git(repo, "status", "--porcelain") == ""


def test_transfer_suggest_and_impact(cli, repo: Path) -> None:
    r = cli("transfer", "suggest", SHOW, "-C", repo)
    assert (
        r.code == 0
        and "建议由区文旅局（wlj）承接" in r.out
        and "尚未接收区文旅局的区级审批权" in r.out
    )
    data = json.loads(cli("transfer", "suggest", "000172012000", "-f", "json", "-C", repo).out)
    assert (data["command"], data["branch"], data["department"]) == (
        "transfer suggest",
        "bureau",
        "spj",
    )
    assert "不适用二（二）" in cli("transfer", "suggest", VENUE, "-C", repo).out
    r = cli("impact", "--law", "食品安全法", "--article", "35", "-C", repo)
    assert r.code == 0 and FOOD in r.out and "scjgj-sp" in r.out and "共 3 处引用" in r.err
    items = json.loads(cli("impact", "--law", "食品安全法", "-f", "json", "-C", repo).out)["items"]
    assert {x["id"] for x in items} >= {FOOD, "000172012000", "scjgj-sp"}


def test_catalogue_text_is_shown_as_text_and_unreadable_files_are_named(cli, repo: Path) -> None:
    path = repo / f"matters/{FOOD}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("name: 食品经营许可\n", 'name: "食品[link=https://evil]x[/bold]"\n', 1),
        encoding="utf-8",
    )
    r = cli("matter", "list", "-C", repo)
    assert r.code == 0 and "食品[link=https://evil]x[/bold]" in r.out
    path.write_text(text.replace("name: 食品经营许可\n", 'name: "x\\e[2J"\n', 1), encoding="utf-8")
    r = cli("matter", "list", "-C", repo)
    assert (
        r.code == 0
        and FOOD not in r.out
        and f"1 个文件无法读取，结果中不含它们（matters/{FOOD}.yaml）" in r.err
    )


DOCS = REPO / "README.md"


def _workflow_steps() -> list[tuple[str, object, int]]:
    """("run", argv, expected exit) and ("write", path, text) steps, in the order the doc gives them."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("<!-- 以下流程可在示例目录上原样运行")[1].split("<!-- 流程结束 -->")[0]
    steps: list[tuple[str, object, int]] = []
    for lang, body in re.findall(r"```(sh|yaml)\n(.*?)```", section, re.S):
        if lang == "yaml":
            steps.append(("write", (body.splitlines()[0].removeprefix("# ").strip(), body), 0))
            continue
        expected = 0
        for line in body.splitlines():
            if line.startswith("#"):
                expected = 1 if "退出码 1" in line else 0
            elif line.startswith("shenguan "):
                steps.append(("run", shlex.split(line)[1:], expected))
    return steps


def test_the_documented_workflows_run_on_the_sample(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    shutil.copytree(SAMPLE, tmp_path / "catalog")
    steps = _workflow_steps()
    assert sum(kind == "run" for kind, _, _ in steps) >= 15
    for kind, what, expected in steps:
        if kind == "write":
            rel, body = what  # type: ignore[misc]
            (tmp_path / "catalog" / rel).write_text(body, encoding="utf-8")
            continue
        r = cli(*what, cwd=tmp_path)  # type: ignore[misc]
        assert r.code == expected, (what, r.out, r.err)
    assert cli("validate", cwd=tmp_path).code == 0
    assert (tmp_path / "公共场所卫生许可审批标准.html").is_file()
    matter = yamlio.load_bytes((tmp_path / "catalog/matters/000119001000.yaml").read_bytes())
    assert matter["custody"]["approving_department"] == "spj" and matter["standard"] == {
        "id": "nyncj-nyxk",
        "version": 1,
    }
