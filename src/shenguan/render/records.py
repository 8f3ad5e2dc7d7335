"""The catalogue's records as the read-only commands show them: `matter show/list`, `liaison
who/list`, `transfer show` and `impact`, as terminal tables (every cell Text, never markup) or one
JSON document through the envelope."""

from __future__ import annotations

from typing import Any

from shenguan.render.console import err, line
from shenguan.render.envelope import envelope
from shenguan.render.listing import table
from shenguan.render.registry import renderer
from shenguan.workflows.transfers import Shown

Items = list[dict[str, Any]]


def _count(text: str) -> None:
    # The total goes to stderr so that stdout holds only the table.
    err().print(line(text))


@renderer("matter show", "text")
def matter_show_text(code: str, rows: list[tuple[str, str, str]]) -> None:
    table(["字段", "值"], [(label, value) for _, label, value in rows])


@renderer("matter show", "json")
def matter_show_json(code: str, rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    fields = [{"pointer": p, "label": lb, "value": v} for p, lb, v in rows]
    return envelope("matter show", "ok", {"code": code, "fields": fields})


@renderer("matter list", "text")
def matter_list_text(rows: Items) -> None:
    table(
        ["基本编码", "事项名称", "类型", "审批部门", "监管部门", "状态", "划转"],
        [
            (
                r["code"],
                r["name"],
                r["type"],
                r["approving"],
                r["supervising"],
                r["status"],
                "是" if r["transferred"] else "",
            )
            for r in rows
        ],
    )
    _count(f"共 {len(rows)} 项。")


@renderer("matter list", "json")
def matter_list_json(rows: Items) -> dict[str, Any]:
    return envelope("matter list", "ok", {"items": rows})


@renderer("liaison who", "text")
def liaison_who_text(code: str, rows: Items) -> None:
    table(
        ["方", "科室", "联络员", "手机", "办公电话", "任职起始"],
        [
            (
                r["side"],
                r["section_name"] or r["section"] or "（未登记科室）",
                r["name"] or "（无在任联络员）",
                r["mobile"],
                r["office_phone"],
                r["since"],
            )
            for r in rows
        ],
    )


@renderer("liaison who", "json")
def liaison_who_json(code: str, rows: Items) -> dict[str, Any]:
    return envelope("liaison who", "ok", {"code": code, "items": rows})


@renderer("liaison list", "text")
def liaison_list_text(rows: Items) -> None:
    table(
        ["部门", "科室", "联络员", "手机", "办公电话", "任职起始", "任职截止"],
        [
            (
                r["department"],
                r["section_name"] or r["section"],
                r["name"],
                r["mobile"],
                r["office_phone"],
                r["since"],
                r["until"] or ("在任" if r["serving"] else ""),
            )
            for r in rows
        ],
    )


@renderer("liaison list", "json")
def liaison_list_json(rows: Items) -> dict[str, Any]:
    return envelope("liaison list", "ok", {"items": rows})


def _evidence(step: dict[str, Any]) -> str:
    return "；".join(
        "｜".join(filter(None, (e.get("title"), e.get("doc_no"), e.get("date"))))
        for e in step.get("evidence", [])
    )


@renderer("transfer show", "text")
def transfer_show_text(view: Shown) -> None:
    d = view.record
    table(
        ["项目", "内容"],
        [
            ("标识", d.get("id")),
            ("类型", d.get("transfer_kind")),
            ("标题", d.get("title")),
            ("状态", d.get("state")),
            ("原部门", d.get("from_department")),
            ("承接部门", d.get("to_department")),
            ("依据", d.get("basis")),
            ("事项", "；".join(f"{c} {n}" for c, n in view.names.items())),
            ("下一步", "、".join(view.next_states) or "（已结束）"),
        ],
    )
    table(
        ["日期", "状态", "证明文件", "说明"],
        [
            (h.get("date"), h.get("state"), _evidence(h), h.get("note"))
            for h in d.get("history", [])
        ],
    )


@renderer("transfer show", "json")
def transfer_show_json(view: Shown) -> dict[str, Any]:
    payload = {"record": view.record, "next_states": view.next_states}
    return envelope("transfer show", "ok", payload)


_IMPACT_KEYS = ("kind", "id", "name", "status", "department", "where", "law", "article")


@renderer("impact", "text")
def impact_text(law: str, article: str | None, rows: Items) -> None:
    table(
        ["类别", "标识", "名称", "状态", "监管/制定部门", "引用位置", "法律法规", "条款"],
        [tuple(r[k] for k in _IMPACT_KEYS) for r in rows],
    )
    _count(f"共 {len(rows)} 处引用。")


@renderer("impact", "json")
def impact_json(law: str, article: str | None, rows: Items) -> dict[str, Any]:
    return envelope("impact", "ok", {"law": law, "article": article, "items": rows})
