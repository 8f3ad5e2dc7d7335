"""Rules from the law and the matter element norms: time limits, fees, online depth, process."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.clock import parse_date, working_day_span
from shenguan.codes import AdjustmentKind, MatterStatus
from shenguan.validation.rules.issue import Issue

ENTRUSTED = ("上级委托", "同级委托")
LICENSING_STAGES = ("受理", "审查", "决定", "送达")
WORKING = "工作日"


def calendar_days(limit: dict[str, Any]) -> float:
    """A limit in calendar days, working days counted 5 to a week of 7 (the assumption R313 names
    when it decides a comparison)."""
    value: float = limit.get("value", 0)
    try:
        return value * 7 / 5 if limit.get("unit") == WORKING else value
    except OverflowError:
        # A value too large for a float (309 digits) is the schema's finding (maximum), not a crash.
        return math.inf if value > 0 else -math.inf


def _span(limit: dict[str, Any]) -> tuple[int, int] | None:
    """The fewest and most calendar days the limit took in the holiday data's years."""
    value = limit.get("value")
    if type(value) is not int:
        return None
    if limit.get("unit") != WORKING:
        return value, value
    return working_day_span(value)


def _unit_assumption(
    path: str, at: str, stat: dict[str, Any], prom: dict[str, Any]
) -> Issue | None:
    """None unless the two limits are in different units and the published calendar does not settle
    the comparison by itself: R313 then says the verdict rests on 5 working days per 7 days."""
    s, p = _span(stat), _span(prom)
    if s is None or p is None:
        return None
    if p[1] <= s[0] or p[0] > s[1]:
        return None  # within (or beyond) the statutory limit whatever the holidays
    work, other = (stat, prom) if stat["unit"] == WORKING else (prom, stat)
    low, high = s if work is stat else p
    return Issue(
        "R313",
        path,
        f"{at}/unit",
        f"法定时限 {stat['value']} 个{stat['unit']}与承诺时限 {prom['value']} 个{prom['unit']}"
        f"单位不同，按每周 5 个工作日折算比较（{work['value']} 个工作日约合 "
        f"{calendar_days(work):g} 个自然日）；按节假日安排，{work['value']} 个工作日实际为 "
        f"{low}–{high} 个自然日，与 {other['value']} 个自然日孰长取决于受理日期",
        "跨春节、国庆等长假受理时结论可能相反：请把两个时限写成同一单位，"
        "或核实长假期间承诺时限也不超过法定时限",
    )


def _limit(value: Any) -> dict[str, Any]:
    """A time limit with a number and a unit, else {} (a mistyped one is the schema's finding)."""
    if not isinstance(value, dict) or not {"value", "unit"} <= value.keys():
        return {}
    number = value["value"]
    return value if isinstance(number, int | float) and not isinstance(number, bool) else {}


def _promise_within(
    path: str, at: str, stat: dict[str, Any], prom: dict[str, Any], whose: str = ""
) -> Iterator[Issue]:
    """R301 (and R313 where the units differ and the holidays could tip it) for the promised limit
    at pointer `at` against its statutory limit."""
    if not stat or not prom:
        return
    assumed = _unit_assumption(path, at, stat, prom) if stat["unit"] != prom["unit"] else None
    if assumed is not None:
        yield replace(assumed, message=whose + assumed.message)
    if calendar_days(prom) > calendar_days(stat):
        how = "（按每周 5 个工作日折算）" if assumed is not None else ""
        yield Issue(
            "R301",
            path,
            f"{at}/value",
            f"{whose}承诺时限 {prom['value']} {prom['unit']} 超过法定时限 "
            f"{stat['value']} {stat['unit']}{how}",
            "承诺时限只能压缩，不能超过法定时限",
        )


def time_limits(ctx: Context, m: Record) -> Iterator[Issue]:
    tl = m.data.get("time_limit", {})
    stat, prom = tl.get("statutory", {}), tl.get("promised", {})
    yield from _promise_within(m.path, "/time_limit/promised", _limit(stat), _limit(prom))
    # A handle item's promise is held to its own statutory limit, or else to the matter's.
    handle_items = m.data.get("handle_items")
    for i, item in enumerate(handle_items if isinstance(handle_items, list) else []):
        if not isinstance(item, dict) or not _limit(item.get("promised")):
            continue
        own = _limit(item.get("statutory"))
        whose = f"业务办理项 {item.get('no') or item.get('name') or i + 1}："
        yield from _promise_within(
            m.path, f"/handle_items/{i}/promised", own or _limit(stat), item["promised"], whose
        )
    instant = m.data.get("handling_type") == "即办件"
    zero = prom.get("value") == 0
    if instant != zero and "value" in prom:
        msg = "即办件的承诺时限应为 0" if instant else "承诺时限为 0 的事项应为即办件"
        yield Issue("R302", m.path, "/handling_type", msg, "请把办件类型与承诺时限改为一致")
    if (
        m.data.get("type") == "01"
        and stat.get("unit") == WORKING
        and stat.get("value", 0) > 20
        and not stat.get("note")
    ):
        yield Issue(
            "R308",
            m.path,
            "/time_limit/statutory/value",
            f"行政许可法定时限 {stat['value']} 个工作日超过第四十二条的 20 个工作日",
            "请在 note 中写明延长批准或特别法依据",
        )


def fees(ctx: Context, m: Record) -> Iterator[Issue]:
    fee = m.data.get("fee", {})
    if fee.get("charged") is True:
        if not fee.get("basis"):
            yield Issue(
                "R303",
                m.path,
                "/fee",
                "收费事项缺少收费依据",
                "行政许可收费须有法律、行政法规依据（第五十九条），请填写 basis",
            )
        if not fee.get("items"):
            yield Issue("R303", m.path, "/fee", "收费事项缺少收费项目与标准", "请填写 items")
    elif fee.get("charged") is False and fee.get("items"):
        yield Issue(
            "R303",
            m.path,
            "/fee/items",
            "不收费的事项不应列收费项目",
            "请删除 items，或把 charged 改为 true",
        )


def online(ctx: Context, m: Record) -> Iterator[Issue]:
    on = m.data.get("online", {})
    depth, visits = on.get("depth"), on.get("site_visits")
    if depth == "Ⅳ" and isinstance(visits, int) and visits != 0:
        yield Issue(
            "R304",
            m.path,
            "/online/site_visits",
            f"全程网办（Ⅳ）的事项到现场次数应为 0，现为 {visits}",
            "请把 site_visits 改为 0，或降低网办深度",
        )
    if depth == "Ⅲ" and isinstance(visits, int) and visits > 1:
        yield Issue(
            "R305",
            m.path,
            "/online/site_visits",
            f"网上受理办理（Ⅲ）的事项到现场不应超过 1 次，现为 {visits}",
            "请核实到现场次数",
        )
    if depth in ("Ⅱ", "Ⅲ", "Ⅳ") and not on.get("url"):
        yield Issue(
            "R306",
            m.path,
            "/online",
            f"网办深度 {depth} 的事项缺少网办地址 url",
            "请填写网上办理地址",
        )


def process(ctx: Context, m: Record) -> Iterator[Issue]:
    if m.data.get("type") != "01" or not ctx.in_use(m):
        return
    have = {s.get("stage") for s in m.data.get("process", [])}
    need = list(LICENSING_STAGES)
    if m.data.get("result", {}).get("type") == "证照":
        need.insert(3, "颁证")
    missing = [s for s in need if s not in have]
    if missing:
        yield Issue(
            "R307",
            m.path,
            "/process" if "process" in m.data else "",
            f"行政许可事项缺少办理环节：{'、'.join(missing)}",
            "请在 process 中补充这些环节",
        )


def contacts(ctx: Context, m: Record) -> Iterator[Issue]:
    if not ctx.in_use(m):
        return
    c = m.data.get("contact", {})
    if not c.get("consult_phone") or not c.get("complaint_phone"):
        yield Issue(
            "R309",
            m.path,
            "/contact" if "contact" in m.data else "",
            "缺少咨询电话或监督电话",
            "请填写两个机构电话",
        )
    elif c["consult_phone"] == c["complaint_phone"]:
        yield Issue(
            "R309",
            m.path,
            "/contact/complaint_phone",
            "监督电话与咨询电话相同",
            "监督电话应为独立的投诉监督渠道",
        )


def entrusting(ctx: Context, m: Record) -> Iterator[Issue]:
    entrusted = m.data.get("power_source") in ENTRUSTED
    has_body = "entrusting_body" in m.data
    if entrusted and not has_body:
        yield Issue(
            "R310",
            m.path,
            "/power_source",
            "委托实施的事项缺少委托部门",
            "请填写 entrusting_body（第二十四条：以委托机关名义实施）",
        )
    elif has_body and not entrusted:
        yield Issue(
            "R310",
            m.path,
            "/entrusting_body",
            "非委托实施的事项不应写委托部门",
            "请删除 entrusting_body，或核对权力来源",
        )


def adjustments(ctx: Context, m: Record) -> Iterator[Issue]:
    adj = m.data.get("adjustments", [])
    if m.data.get("status") == MatterStatus.CANCELLED and not any(
        a.get("kind") == AdjustmentKind.CANCEL and a.get("basis") for a in adj
    ):
        yield Issue(
            "R311",
            m.path,
            "/status",
            "已取消的事项没有取消调整记录",
            "请在 adjustments 中记录取消日期与依据文号",
        )
    dates = [parse_date(a.get("date")) for a in adj]
    for i in range(1, len(dates)):
        earlier, this = dates[i - 1], dates[i]
        if earlier and this and this < earlier:
            yield Issue(
                "R312",
                m.path,
                f"/adjustments/{i}/date",
                "调整记录未按日期先后排列",
                "请把较早的调整写在前面",
            )


def hall(ctx: Context, m: Record) -> Iterator[Issue]:
    h = m.data.get("hall", {})
    if h.get("in_hall") is False and not h.get("reason") and ctx.in_use(m):
        yield Issue(
            "R413",
            m.path,
            "/hall",
            "未进驻大厅的事项没有说明原因",
            "原则上一律进驻大厅（四（一）），未进驻须填写 reason",
        )


MATTER_CHECKS = [time_limits, fees, online, process, contacts, entrusting, adjustments, hall]
CHECKS: list[Callable[[Context], Iterator[Issue]]] = []
