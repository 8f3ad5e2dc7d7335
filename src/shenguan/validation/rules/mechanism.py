"""The 1264 mechanism: custody after transfer, entrustment, standards, consultation, push, liaisons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.clock import (
    Counted,
    add_working_days,
    holiday_data,
    parse_date,
    working_days_between,
)
from shenguan.codes import FIVE_STAGES, TransferKind, TransferState
from shenguan.validation.rules.issue import Issue
from shenguan.yamlio.digests import standard_digest

WARN_DAYS = 15
# Outside the holiday data 15 working days are counted Monday to Friday; the published holidays
# could move the 15th working day by up to the longest break in the data (2020's Spring Festival:
# 11 days for one working day; tests/unit/test_workdays.py checks this bound), so an expiry that
# close to the Monday–Friday count gets R314.
HOLIDAY_BREAK = dt.timedelta(days=14)


def custody(ctx: Context, m: Record) -> Iterator[Issue]:
    if not ctx.in_use(m) or not ctx.is_transferred(m):
        return
    body = m.data.get("implementing_body", {}).get("department")
    if body != ctx.bureau:
        yield Issue(
            "R401",
            m.path,
            "/implementing_body/department",
            f"划转事项的实施主体应为审批局 {ctx.bureau}，现为 {body}",
            "划转后由审批局以自己的名义实施，请同时更新实施编码",
        )
    yield from _transfer_complete(ctx, m)


def _transfer_complete(ctx: Context, m: Record) -> Iterator[Issue]:
    custody_ = m.data.get("custody", {})
    if "transfer" not in custody_:
        yield Issue(
            "R402",
            m.path,
            "/custody",
            "由审批局审批、他部门监管的事项缺少划转记录",
            "请在 custody.transfer 中填写划转记录标识",
        )
        return
    t = ctx.transfer_of(m)
    if t is None:
        return  # R204 reports the dangling reference
    if t.data.get("state") != TransferState.COMPLETED:
        yield Issue(
            "R402",
            m.path,
            "/custody/transfer",
            f"划转记录 {t.id} 尚未完成（{t.data.get('state')}），审批权还不能移交",
            "移交完成后再改审管分工，或先推进划转记录",
        )
    origin = t.data.get("from_department")
    if origin and origin != custody_.get("supervising_department"):
        yield Issue(
            "R402",
            m.path,
            "/custody/supervising_department",
            f"划转事项应由原审批部门 {origin} 监管，现为 {custody_.get('supervising_department')}",
            "谁主管谁监管：监管部门应为原审批部门",
        )


def former_departments(ctx: Context) -> Iterator[Issue]:
    for t in ctx.transfers.values():
        if t.data.get("state") != TransferState.COMPLETED or t.data.get("transfer_kind") not in (
            TransferKind.TRANSFER,
            TransferKind.ENTRUST,
        ):
            continue
        for i, code in enumerate(t.data.get("matters", [])):
            m = ctx.matters.get(code)
            if m is None or not ctx.in_use(m):
                continue
            approving = m.data.get("custody", {}).get("approving_department")
            if approving != t.data.get("to_department"):
                yield Issue(
                    "R403",
                    m.path,
                    "/custody/approving_department",
                    f"{t.id} 已完成，但事项仍由 {approving} 审批",
                    f"原审批部门不再行使审批权，请改为 {t.data.get('to_department')}",
                )


def entrustment(ctx: Context) -> Iterator[Issue]:
    for t in ctx.transfers.values():
        if t.data.get("transfer_kind") != TransferKind.ENTRUST or t.data.get("state") not in (
            TransferState.AUTHORIZATION_RESIGNED,
            TransferState.COMPLETED,
        ):
            continue
        ent = t.data.get("entrustment", {})
        if "consent" not in ent or "authorization" not in ent:
            missing = "、".join(
                n
                for k, n in (("consent", "市级同意文件"), ("authorization", "重新签订的委托授权书"))
                if k not in ent
            )
            yield Issue(
                "R404",
                t.path,
                "/entrustment" if ent else "/state",
                f"委托移交缺少{missing}",
                "征求市级委托部门意见并同意、委托授权书重新签订后，才视为移交完成",
            )
            continue
        yield from _expiry(ctx, t, parse_date(ent["authorization"].get("valid_until")))


def _expiry(ctx: Context, t: Record, until: dt.date | None) -> Iterator[Issue]:
    if until is None:
        return
    pointer = "/entrustment/authorization/valid_until"
    if until < ctx.today:
        yield Issue(
            "R406",
            t.path,
            pointer,
            f"委托授权书已于 {until} 到期",
            "请与市级委托部门续签授权书；过期期间不得以委托名义实施",
        )
        return
    # The renewal is signed at least 15 working days before expiry (第八十二条: days are working
    # days): warn while the working days left, counted with the published holidays, are 15 or fewer.
    beyond = add_working_days(ctx.today, WARN_DAYS + 1)  # the first day with more than 15 left
    if until < beyond.value:
        left = working_days_between(ctx.today, until)
        yield Issue(
            "R405",
            t.path,
            pointer,
            f"委托授权书将于 {until} 到期（剩 {left.value} 个工作日）",
            f"请至少提前 {WARN_DAYS} 个工作日续签",
        )
        if not left.exact:
            yield _uncovered(t, pointer, left, "实际剩余的工作日可能更少")
    elif not beyond.exact and until < beyond.value + HOLIDAY_BREAK:
        left = working_days_between(ctx.today, until)
        yield _uncovered(t, pointer, left, f"{until} 到期前可能已不足 {WARN_DAYS} 个工作日")


def _uncovered(t: Record, pointer: str, left: Counted[int], risk: str) -> Issue:
    years = "、".join(str(y) for y in left.assumed)
    return Issue(
        "R314",
        t.path,
        pointer,
        f"到期前剩余的 {left.value} 个工作日按周一至周五计算：{years} 年不在节假日数据中"
        f"（现有数据：{holiday_data().source()}），{risk}",
        f"请升级 chinesecalendar 以取得 {years} 年的节假日安排，或按国务院办公厅的放假通知人工核对",
    )


def delegated(ctx: Context, m: Record) -> Iterator[Issue]:
    if m.data.get("power_source") != "上级下放" or not ctx.in_use(m):
        return
    c = m.data.get("custody", {})
    counterpart = c.get("supervising_department")
    want = ctx.bureau if counterpart and ctx.completed_transfer_from(counterpart) else counterpart
    if want and c.get("approving_department") != want:
        why = (
            "审批局已接收该部门的区级审批权"
            if want == ctx.bureau
            else "审批局未接收该部门的区级审批权"
        )
        yield Issue(
            "R407",
            m.path,
            "/custody/approving_department",
            f"下放事项应由 {want} 承接（{why}）",
            "二（二）：已接收对口部门审批权的由审批局承接，否则由对口业务部门承接",
        )


def standards(ctx: Context, m: Record) -> Iterator[Issue]:
    if m.data.get("type") != "01" or not ctx.in_use(m) or not ctx.is_transferred(m):
        return
    ref = m.data.get("standard")
    supervisor = m.data.get("custody", {}).get("supervising_department")
    if not isinstance(ref, dict):
        yield Issue(
            "R408",
            m.path,
            "",
            "划转的行政许可没有适用审批标准",
            f"请由监管部门 {supervisor} 制定并发布审批标准，再在 standard 中引用",
        )
        return
    std = ctx.published(ref.get("id", ""), ref.get("version"))
    if std is None:
        yield Issue(
            "R408",
            m.path,
            "/standard",
            f"审批标准 {ref.get('id')} 尚无已发布版本",
            "请先发布标准（shenguan standard publish）",
        )
    elif std.data.get("department") != supervisor:
        yield Issue(
            "R408",
            m.path,
            "/standard",
            f"审批标准 {std.id} 由 {std.data.get('department')} 制定，不是监管部门 {supervisor}",
            "审批标准由监管部门制定（三（二））",
        )
    elif m.id not in std.data.get("matters", []):
        yield Issue(
            "R408",
            m.path,
            "/standard",
            f"审批标准 {std.id} 的适用事项中没有 {m.id}",
            f"请在 {std.path} 的 matters 中加入本事项",
        )


def stages(ctx: Context) -> Iterator[Issue]:
    for versions in ctx.standards.values():
        for s in versions:
            missing = [st for st in FIVE_STAGES if st not in s.data.get("stages", {})]
            if missing and s.data.get("status") == "已发布":
                yield Issue(
                    "R416",
                    s.path,
                    "/stages" if "stages" in s.data else "",
                    f"审批标准缺少环节：{'、'.join(missing)}",
                    "标准须逐环节覆盖受理、审查、决定、颁证、送达",
                )


def frozen(ctx: Context) -> Iterator[Issue]:
    for versions in ctx.standards.values():
        for s in versions:
            if s.data.get("status") != "已发布":
                continue
            if s.data.get("digest") != standard_digest(s.data):
                yield Issue(
                    "R412",
                    s.path,
                    "/digest" if "digest" in s.data else "",
                    "已发布的审批标准内容与发布时的摘要不一致",
                    "已发布版本不可修改：请恢复原内容，另起草稿并发布新版本",
                )


def consultation(ctx: Context, m: Record) -> Iterator[Issue]:
    flags = m.data.get("consultation", {}).get("flags", [])
    if not flags or not ctx.in_use(m):
        return
    supervisor = m.data.get("custody", {}).get("supervising_department")
    steps = [s for s in m.data.get("process", []) if s.get("stage") == "会商"]
    if not any(s.get("with_department") == supervisor for s in steps):
        yield Issue(
            "R409",
            m.path,
            "/consultation/flags",
            f"涉及{'、'.join(flags)}的事项没有与监管部门 {supervisor} 的会商环节",
            "请在 process 中加入 stage: 会商，with_department 为监管部门",
        )


def push(ctx: Context) -> Iterator[Issue]:
    for a in ctx.agreements:
        if ctx.bureau and a.data.get("approval_department") != ctx.bureau:
            yield Issue(
                "R415",
                a.path,
                "/approval_department",
                f"推送方应为审批局 {ctx.bureau}",
                "审批信息由审批局推送给监管部门",
            )


def pushed(ctx: Context, m: Record) -> Iterator[Issue]:
    if not ctx.in_use(m) or not ctx.is_transferred(m):
        return
    supervisor = m.data["custody"]["supervising_department"]
    if not any(
        a.data.get("supervising_department") == supervisor
        and ("matters" not in a.data or m.id in a.data["matters"])
        for a in ctx.agreements
    ):
        yield Issue(
            "R410",
            m.path,
            "/custody/supervising_department",
            f"没有审批局与 {supervisor} 的审批信息推送约定覆盖本事项",
            f"请在 agreements/{supervisor}.yaml 中约定推送的时间、内容、格式、途径",
        )


def liaisons(ctx: Context) -> Iterator[Issue]:
    active = ctx.active_liaisons()
    needed: dict[str, Record] = {}
    for m in ctx.matters.values():
        if ctx.in_use(m) and ctx.is_transferred(m):
            c = m.data["custody"]
            for key in ("approving_section", "supervising_section"):
                if isinstance(c.get(key), str):
                    needed.setdefault(c[key], m)
    for sid, m in sorted(needed.items()):
        count = len(active.get(sid, []))
        if count == 0:
            key = (
                "approving_section"
                if m.data["custody"].get("approving_section") == sid
                else "supervising_section"
            )
            yield Issue(
                "R411",
                m.path,
                f"/custody/{key}",
                f"科室 {sid} 没有在任的审管联络员",
                f"请在 liaisons/{ctx.sections.get(sid, (sid,))[0]}.yaml 中登记一名联络员",
            )
    for sid, people in sorted(active.items()):
        for rec, i in people[1:]:
            yield Issue(
                "R411",
                rec.path,
                f"/liaisons/{i}/section",
                f"科室 {sid} 有 {len(people)} 名在任联络员",
                "每个科室只确定一名联络员：请为前任填写 until",
            )


def transfer_states(ctx: Context) -> Iterator[Issue]:
    for t in ctx.transfers.values():
        state, history = t.data.get("state"), t.data.get("history", [])
        if history and history[-1].get("state") != state:
            yield Issue(
                "R414",
                t.path,
                "/state",
                f"状态 {state} 与历程最后一步 {history[-1].get('state')} 不一致",
                "请让 state 与 history 的最后一项一致",
            )
        if state == TransferState.COMPLETED and "completed_date" not in t.data:
            yield Issue(
                "R414", t.path, "/state", "已完成的划转记录缺少完成日期", "请填写 completed_date"
            )


MATTER_CHECKS = [custody, delegated, standards, consultation, pushed]
CHECKS = [former_departments, entrustment, stages, frozen, push, liaisons, transfer_states]
