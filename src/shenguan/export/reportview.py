"""The report's figures arranged as titled blocks (key figures, tables, bar charts) that the text,
Markdown and HTML renderers all draw the same way."""

from __future__ import annotations

from typing import Any

from shenguan.export.blocks import Block

__all__ = ["Block", "blocks", "title"]


def pct(r: dict[str, Any]) -> str:
    return (
        "—（无可统计事项）"
        if r.get("percent") is None
        else f"{r['percent']}%（{r['count']}/{r['of']}）"
    )


def title(data: dict[str, Any]) -> str:
    p = data["period"]
    return f"{data['region']}审管联动工作统计（{p['since']} 至 {p['until']}）"


def _counted(name: str, rows: list[dict[str, Any]]) -> Block:
    return Block(name, chart=[(r["name"], r["count"], str(r["count"])) for r in rows])


def calendar_note(how: str, describe: str, assumed: list[int]) -> str:
    """`工作日按国务院公布的节假日安排（…）计算` and, where the data ran out, which years were
    counted Monday to Friday."""
    note = f"{how}，工作日按{describe}计算"
    if assumed:
        years = "、".join(str(y) for y in assumed)
        note += f"；{years} 年不在节假日数据中，按周一至周五计算"
    return note + "。"


def overview(d: dict[str, Any]) -> Block:
    t = d["time"]
    squeeze = (
        "—"
        if t["average_percent"] is None
        else (
            f"{t['average_percent']}%（法定平均 {t['statutory_days']} 天，承诺平均 {t['promised_days']} 天，{t['matters']} 项）"
        )
    )
    note = (
        calendar_note(
            "承诺时限平均压缩：同一单位的两个时限直接相比；平均天数及单位不同的时限"
            f"按 {t['counted_from']} 受理折算为自然日",
            t["calendar"],
            t["assumed_years"],
        )
        if t["average_percent"] is not None
        else ""
    )
    return Block(
        "概况",
        note=note,
        pairs=[
            ("事项总数", str(d["counts"]["matters"])),
            ("在用事项", str(d["counts"]["in_use"])),
            ("由审批局审批、原部门监管（占在用事项）", pct(d["transferred"]["all"])),
            ("由审批局审批、原部门监管（占在用行政许可）", pct(d["transferred"]["licences"])),
            ("承诺时限平均压缩", squeeze),
            ("即办件", str(t["instant"])),
            ("进驻政务服务大厅", pct(d["hall"])),
            ("全程网办（Ⅳ）", pct(d["online"]["full_online"])),
            ("零跑动", pct(d["online"]["zero_visits"])),
            ("已发布审批标准", f"{d['standards']['published']} 项"),
            ("划转行政许可有已发布标准", pct(d["standards"]["transferred_licences"])),
            ("划转事项审管联络员齐备", pct(d["liaisons"])),
            ("划转事项有审批信息推送约定", pct(d["agreements"])),
        ],
    )


def coverage(d: dict[str, Any]) -> Block:
    rows = [
        ("审批局审批", d["transferred"]["all"]),
        ("进驻大厅", d["hall"]),
        ("全程网办Ⅳ", d["online"]["full_online"]),
        ("审批标准", d["standards"]["transferred_licences"]),
        ("联络员", d["liaisons"]),
        ("推送约定", d["agreements"]),
    ]
    return Block(
        "覆盖率（%）", chart=[(n, r["percent"] or 0.0, pct(r)) for n, r in rows], chart_max=100.0
    )


def adjustments(d: dict[str, Any]) -> Block:
    items = d["adjustments"]["items"]
    return Block(
        "本期调整（按事项调整记录的日期）",
        head=["日期", "调整类型", "基本编码", "事项名称", "依据文号"],
        rows=[[i["date"], i["kind"], i["id"], i["name"], i["basis"]] for i in items],
        chart=[(r["name"], r["count"], str(r["count"])) for r in d["adjustments"]["by_kind"]],
        note="" if items else "本期没有调整记录。",
    )


def changes(d: dict[str, Any]) -> Block:
    c = d["changes"]
    if not c.get("available"):
        return Block("本期变更（git 历史）", note=c.get("note", ""))
    return Block(
        "本期变更（git 历史）",
        note=c.get("note", ""),
        pairs=[
            ("新增事项", str(c["added"])),
            ("取消事项", str(c["cancelled"])),
            ("划转、委托、承接", str(c["transferred"])),
            ("比较的提交", f"{c['base'][:12]} → {c['head'][:12]}"),
        ],
        head=["基本编码", "事项名称", "变更类型"],
        rows=[[i["id"], i["name"], i["classification"]] for i in c["items"]],
    )


def reviews(d: dict[str, Any]) -> Block:
    r = d["reviews"]
    pairs = [("审查记录", f"{r['count']} 份"), ("计入用时", f"{r['timed']} 份")]
    if r["average_hours"] is not None:
        pairs += [
            ("平均用时", f"{r['average_hours']} 小时（{r['average_working_days']} 个工作日）"),
            ("中位用时", f"{r['median_hours']} 小时"),
            ("最长用时", f"{r['max_hours']} 小时（最长 {r['max_working_days']} 个工作日）"),
        ]
    note = r["note"]
    if r["items"]:
        days = calendar_note(
            "用时的工作日数自所审提交之日的次日起算至签署之日", r["calendar"], r["assumed_years"]
        )
        note = f"{note}。{days}" if note else days
    return Block(
        "合法性审查用时（自所审提交至签署）",
        pairs=pairs,
        note=note,
        head=["审查记录", "结论", "用时（小时）", "用时（工作日）"],
        rows=[
            [i["id"], i["decision"], str(i["hours"]), str(i["working_days"])] for i in r["items"]
        ],
    )


def blocks(d: dict[str, Any]) -> list[Block]:
    c = d["counts"]
    return [
        overview(d),
        coverage(d),
        _counted("在用事项按实施部门", c["by_department"]),
        _counted("在用事项按类型", c["by_type"]),
        _counted("事项按状态", c["by_status"]),
        _counted("在用事项按网办深度", d["online"]["by_depth"]),
        _counted("划转事项按权力来源", d["transferred"]["by_kind"]),
        adjustments(d),
        changes(d),
        reviews(d),
    ]
