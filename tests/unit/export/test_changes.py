"""The change announcement from hand-built change objects: groups, basis documents, public fields only."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from shenguan import yamlio
from shenguan.export.allow import allow_for
from shenguan.export.changes import announce
from shenguan.render.registry import get
from tests.support.catalogs import BASE

DEPTS = {"spj": "西安市未央区行政审批服务局", "wlj": "西安市未央区文化和旅游体育局"}


@dataclass(frozen=True)
class F:
    pointer: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class C:
    kind: str
    id: str
    change: str
    classification: str
    name: str = ""
    fields: tuple[F, ...] = field(default_factory=tuple)


def matter(code: str) -> dict[str, Any]:
    data: dict[str, Any] = yamlio.load_bytes((BASE / "matters" / f"{code}.yaml").read_bytes())
    return data


def entries() -> list[tuple[C, dict[str, Any] | None, dict[str, Any] | None]]:
    food = matter("000172013000")
    food_after = copy.deepcopy(food)
    food_after["time_limit"]["promised"] = {"value": 3, "unit": "工作日"}
    food_after["internal_note"] = "内部金丝雀备注"
    food_after["custody"]["transfer"] = "hz-canary-2026"
    food_after["adjustments"].append(
        {
            "date": "2026-11-02",
            "kind": "要素变更",
            "basis": "未审改办发〔2026〕10号",
            "note": "承诺时限压缩。",
        }
    )
    show = matter("000117004000")
    show_after = {**copy.deepcopy(show), "status": "已取消"}
    show_after["adjustments"] = [
        *show["adjustments"],
        {"date": "2026-11-01", "kind": "取消", "basis": "未审改办发〔2026〕9号"},
    ]
    new = matter("002017011000")
    fields = (
        F(
            "/time_limit/promised/note",
            "办理时限 / 承诺办结时限 / 时限说明",
            food["time_limit"]["promised"]["note"],
            None,
        ),
        F("/time_limit/promised/value", "办理时限 / 承诺办结时限 / 时限数值", 5, 3),
        F("/internal_note", "内部备注", None, "内部金丝雀备注"),
        F("/custody/transfer", "审管分工 / 划转记录", "hz-scjgj-2021", "hz-canary-2026"),
        F("/adjustments/2", "调整记录 / 第3项", None, food_after["adjustments"][-1]),
    )
    return [
        (
            C("matter", "000172013000", "modified", "要素变更", "食品经营许可", fields),
            food,
            food_after,
        ),
        (C("matter", "000117004000", "modified", "取消", "营业性演出审批"), show, show_after),
        (C("matter", "002017011000", "added", "新增", "公共体育场馆开放预约"), None, new),
        (
            C(
                "liaison",
                "spj",
                "modified",
                "要素变更",
                "",
                (F("/liaisons/1/name", "联络员 / 姓名", "***", "***"),),
            ),
            None,
            None,
        ),
    ]


@pytest.fixture
def announcement():  # type: ignore[no-untyped-def]
    return announce(
        allow_for("matter"),
        "未央区",
        {"rev": "catalog-2026.10.31", "commit": "a" * 40},
        {"rev": "HEAD", "commit": "b" * 40},
        entries(),
        DEPTS,
    )


def test_changes_are_grouped_with_dates_and_basis_documents(announcement) -> None:  # type: ignore[no-untyped-def]
    assert announcement.summary == {"新增": 1, "取消": 1, "调整": 1}
    (added,) = announcement.group("新增")
    assert (added.code, added.classification, added.department) == (
        "002017011000",
        "新增",
        DEPTS["wlj"],
    )
    (cancelled,) = announcement.group("取消")
    assert cancelled.basis == ["未审改办发〔2026〕9号"] and cancelled.dates == ["2026-11-01"]
    (adjusted,) = announcement.group("调整")
    assert adjusted.basis == ["未审改办发〔2026〕10号"] and adjusted.notes == ["承诺时限压缩。"]


def test_only_public_fields_are_announced_and_a_time_limit_is_shown_whole(announcement) -> None:  # type: ignore[no-untyped-def]
    (adjusted,) = announcement.group("调整")
    assert [(f.label, f.before, f.after) for f in adjusted.fields] == [
        (
            "办理时限 / 承诺办结时限",
            "5 个工作日（材料齐全、符合法定形式的，现场核查后 5 个工作日内作出决定。）",
            "3 个工作日",
        )
    ]


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_every_format_is_free_of_internal_values_and_reproducible(announcement, fmt: str) -> None:  # type: ignore[no-untyped-def]
    data = get("changes", fmt)(announcement)
    text = data.decode()
    for hidden in ("内部金丝雀备注", "hz-canary-2026", "hz-scjgj-2021", "***", "联络员"):
        assert hidden not in text
    assert "未审改办发〔2026〕10号" in text and "营业性演出审批" in text
    assert get("changes", fmt)(announcement) == data


def test_markdown_reads_as_an_announcement(announcement) -> None:  # type: ignore[no-untyped-def]
    text = get("changes", "md")(announcement).decode()
    assert text.startswith("# 未央区政务服务事项目录调整公告\n")
    assert "版本：catalog-2026.10.31（aaaaaaaaaaaa） → HEAD（bbbbbbbbbbbb）" in text
    assert (
        text.index("## 一、新增事项（1 项）")
        < text.index("## 二、取消事项（1 项）")
        < text.index("## 三、调整事项（1 项）")
    )
    assert (
        "| 1 | 000117004000 | 营业性演出审批 | 西安市未央区文化和旅游体育局 | 取消 | 2026-11-01 | 未审改办发〔2026〕9号 |"
        in text
    )


def test_json_document(announcement) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads(get("changes", "json")(announcement))
    assert (doc["command"], doc["status"], doc["summary"]) == (
        "export changes",
        "changes",
        {"新增": 1, "取消": 1, "调整": 1},
    )
    assert [i["id"] for i in doc["items"]] == ["002017011000", "000117004000", "000172013000"]


def test_no_changes() -> None:
    empty = announce(
        allow_for("matter"),
        "未央区",
        {"rev": "A", "commit": "a" * 40},
        {"rev": "worktree", "commit": None},
        [],
        {},
    )
    assert "没有变化" in get("changes", "md")(empty).decode()
    assert json.loads(get("changes", "json")(empty))["status"] == "ok"
