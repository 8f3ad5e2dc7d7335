"""The packet and the pull-request comment as a lawyer reads them: unreadable records shown as a
change with the reason (无法解析), reviewed fields first, contact-only edits last, JSON kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.git import commit
from tests.unit.review.packet_scenario import CANCELLED, FOOD, build


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return build(tmp_path / "repo")


def test_an_unreadable_record_is_one_change_with_its_reason(cli, repo: Path) -> None:
    (repo / CANCELLED).write_text("kind: matter\nid: [unclosed\n", encoding="utf-8")
    commit(repo, "写坏了")
    text = cli("diff", "main", "HEAD", cwd=repo)
    assert text.code == 0
    assert f"[无法解析] 事项 000718003000  {CANCELLED}" in text.out
    assert "无法解析：第 3 行第 1 列：YAML 语法错误" in text.out
    # Not also a removal, nor an addition:
    assert [x for x in text.out.splitlines() if "000718003000" in x] == [
        f"[无法解析] 事项 000718003000  {CANCELLED}"
    ]
    md = cli("diff", "main", "HEAD", "--format", "markdown", cwd=repo)
    assert (
        "#### \\[无法解析\\] 事项 000718003000" in md.out and "无法解析：第 3 行第 1 列" in md.out
    )
    doc = json.loads(cli("diff", "main", "HEAD", "--format", "json", cwd=repo).out)
    assert [c["id"] for c in doc["changes"]].count("000718003000") == 0
    assert [(c["id"], c["classification"]) for c in doc["unreadable"]] == [
        ("000718003000", "无法解析")
    ]
    packet = cli("review", "request", "--base", "main", cwd=repo)
    assert "\\[无法解析\\] 事项 000718003000" in packet.out
    assert "无法解析：第 3 行第 1 列：YAML 语法错误" in packet.out


def test_reviewed_fields_come_first_and_contact_edits_last(cli, repo: Path) -> None:
    out = cli("review", "request", "--base", "main", cwd=repo).out
    food = out.split("000172013000", 1)[1].split("### 2.", 1)[0]
    review, contact = food.index("**须合法性审查**"), food.index("**仅联系方式（无须合法性审查）**")
    assert review < food.index("| 办理时限 / 承诺办结时限 / 时限数值 | 5 | 3 |") < contact
    assert contact < food.index("| 咨询投诉 / 咨询电话 | 029-86250101 | 029-86250109 |")
    text = cli("diff", "main", "HEAD", cwd=repo).out
    assert "    【须审查】办理时限 / 承诺办结时限 / 时限数值：5 → 3" in text
    assert (
        "【须审查】咨询投诉" not in text
        and "    咨询投诉 / 咨询电话：029-86250101 → 029-86250109" in text
    )


def test_json_keeps_pointers_while_text_has_none(cli, repo: Path) -> None:
    doc = json.loads(cli("review", "request", "--base", "main", "--format", "json", cwd=repo).out)
    food = next(i for i in doc["items"] if i["path"] == FOOD)
    pointers = {f["pointer"] for f in food["fields"]}
    assert "/time_limit/promised/value" in pointers and "/contact/consult_phone" in pointers
    for args in (("review", "request", "--base", "main"), ("diff", "main", "HEAD")):
        out = cli(*args, cwd=repo).out
        assert "/time_limit" not in out and "/materials" not in out and '{"' not in out


def test_a_deleted_material_is_one_entry_in_the_comment(cli, repo: Path) -> None:
    path = repo / FOOD
    text = path.read_text(encoding="utf-8")
    start = text.index("  - name: 营业执照\n")
    end = text.index("process:\n", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    commit(repo, "删去营业执照")
    out = cli("diff", "main", "HEAD", "--format", "markdown", cwd=repo).out
    assert (
        out.count("申请材料 / 营业执照") == 1 and "| **申请材料 / 营业执照**（删除） | | |" in out
    )
    assert "申请材料 / 第" not in out
