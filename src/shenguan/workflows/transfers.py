"""Transfer records (通知二（一）、二（二））: 划转, 委托 and 承接 from proposal to completion.

A record moves one state at a time, each step dated and backed by documents. Completing it
moves the matters' custody to the undertaking department in the same transaction, so the
catalogue is never left half-transferred.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shenguan import codes
from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.codes import MatterStatus, TransferKind, TransferState
from shenguan.errors import UsageError
from shenguan.workflows.edit import Transaction, date_arg
from shenguan.workflows.matters import get as get_matter

K, S = TransferKind, TransferState
KINDS: tuple[str, ...] = tuple(K)
FINAL: tuple[str, ...] = (S.COMPLETED, S.ENDED)
_COMMON = (S.PROPOSED, S.CONSULTED, S.LEGALITY_REVIEW)
PATHS: dict[str, tuple[str, ...]] = {
    K.TRANSFER: (*_COMMON, S.COMPLETED),
    K.UNDERTAKE: (*_COMMON, S.COMPLETED),
    K.ENTRUST: (*_COMMON, S.MUNICIPAL_CONSENT, S.AUTHORIZATION_RESIGNED, S.COMPLETED),
}
PREFIX: dict[str, str] = {K.TRANSFER: "hz", K.ENTRUST: "wt", K.UNDERTAKE: "cj"}
SOURCE: dict[str, tuple[str, ...]] = {
    K.ENTRUST: ("上级委托", "同级委托"),
    K.UNDERTAKE: ("上级下放",),
}


def next_states(kind: str, state: str) -> list[str]:
    path = PATHS.get(kind, ())
    if state in FINAL or state not in path:
        return []
    # Plain strings: they are shown and written as they are.
    return [str(path[path.index(state) + 1]), S.ENDED.value]


def parse_evidence(text: str) -> dict[str, str]:
    """`标题|文号|日期`: the title is required, the document number and date may be left out."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise UsageError(
            f"证明文件 {text!r} 格式不对",
            '请写成 "标题|文号|日期"，例如 "合法性审查意见书|未司审〔2026〕3号|2026-11-20"',
        )
    out = {"title": parts[0]}
    if len(parts) > 1 and parts[1]:
        out["doc_no"] = parts[1]
    if len(parts) > 2 and parts[2]:
        out["date"] = date_arg(parts[2], what="证明文件日期")
    return out


def _dept(ctx: Context, dept: str | None, what: str) -> Record:
    found = ctx.departments.get(dept or "")
    if found is None:
        raise UsageError(f"{what} {dept} 不存在", "请用 departments/ 下的部门标识，如 spj、scjgj")
    return found


def new(
    tx: Transaction,
    kind: str,
    matters: list[str],
    basis: str,
    source: str | None = None,
    target: str | None = None,
    date: str | None = None,
    origin: str | None = None,
) -> str:
    """Open a transfer record in state 提议; returns its path."""
    ctx = tx.ctx
    if kind not in KINDS:
        raise UsageError(f"不支持的类型 {kind}", "可选：划转、委托、承接")
    target = target or (ctx.bureau if kind != K.UNDERTAKE else None)
    if target is None:
        raise UsageError(
            "承接记录须用 --to 写明承接部门",
            "可先运行 shenguan transfer suggest 基本编码 查看二（二）的建议",
        )
    _dept(ctx, target, "承接部门")
    if kind != K.UNDERTAKE or source:
        _dept(ctx, source, "原部门")
    for code in matters:
        _check_matter(ctx, kind, code, source)
    day = date_arg(date, ctx.today)
    tid = _new_id(ctx, kind, source or target, day[:4])
    data: dict[str, Any] = {
        "kind": "transfer",
        "id": tid,
        "transfer_kind": kind,
        "title": _title(ctx, kind, matters, source, target),
    }
    if source:
        data["from_department"] = source
    data["to_department"] = target
    if origin or kind == K.ENTRUST:
        data["origin"] = _origin(ctx, matters[0], origin)
    data.update(
        {
            "matters": list(matters),
            "basis": basis,
            "state": S.PROPOSED.value,
            "history": [{"state": S.PROPOSED.value, "date": day}],
        }
    )
    rel = f"transfers/{tid}.yaml"
    doc = tx.create(rel, data)
    for i, code in enumerate(matters):
        doc.remark("matters", i, str(ctx.matters[code].data.get("name")))
    return rel


def _check_matter(ctx: Context, kind: str, code: str, source: str | None) -> None:
    m = get_matter(ctx, code)
    if kind in SOURCE and m.data.get("power_source") not in SOURCE[kind]:
        raise UsageError(
            f"事项 {code} 的权力来源是 {m.data.get('power_source')}，不能{kind}",
            f"{kind}只适用于权力来源为 {'、'.join(SOURCE[kind])} 的事项",
        )
    if kind != K.UNDERTAKE and m.data.get("custody", {}).get("approving_department") != source:
        raise UsageError(
            f"事项 {code} 现由 {m.data.get('custody', {}).get('approving_department')} 审批，不是 {source}",
            "--from 应为现在的审批部门",
        )
    for t in ctx.transfers.values():
        if t.data.get("state") not in FINAL and code in t.data.get("matters", []):
            raise UsageError(f"事项 {code} 已在进行中的记录 {t.id} 里", f"请推进或终止 {t.id}")


def _new_id(ctx: Context, kind: str, dept: str, year: str) -> str:
    base = f"{PREFIX[kind]}-{year}-{dept}"
    tid, n = base, 1
    while tid in ctx.transfers:
        n += 1
        tid = f"{base}-{n}"
    return tid


def short_name(ctx: Context, dept: str | None) -> str:
    """A department as clerks call it: 区文旅局, not wlj."""
    rec = ctx.departments.get(dept or "")
    return str(rec.data.get("short_name") or rec.data.get("name")) if rec else str(dept or "")


def _title(ctx: Context, kind: str, matters: list[str], source: str | None, target: str) -> str:
    names = "、".join(str(ctx.matters[c].data.get("name")) for c in matters[:3]) + (
        "等" if len(matters) > 3 else ""
    )
    return (
        f"{short_name(ctx, source)}{names}{kind}{short_name(ctx, target)}"
        if source
        else f"{short_name(ctx, target)}{kind}{names}"
    )


def _origin(ctx: Context, code: str, name: str | None) -> dict[str, str]:
    body = ctx.matters[code].data.get("entrusting_body", {})
    level = body.get("level") if body.get("level") in ("1", "2", "3") else "3"
    if not (name or body.get("name")):
        raise UsageError(
            "委托记录须写明上级委托部门",
            "请用 --origin 写明部门全称，或在事项的 entrusting_body 中填写",
        )
    return {"name": name or body["name"], "level": level}


@dataclass
class Advance:
    path: str
    state: str
    matters: list[str] = field(default_factory=list)


def advance(
    tx: Transaction,
    tid: str,
    to: str,
    date: str,
    evidence: list[str],
    note: str | None = None,
    section: str | None = None,
    valid_until: str | None = None,
) -> Advance:
    """Move a record one state on; on 已完成 the matters' custody moves too."""
    rec = record(tx.ctx, tid)
    data, doc = rec.data, tx.doc(rec.path)
    allowed = next_states(data["transfer_kind"], data["state"])
    if to not in allowed:
        hint = f"下一步可推进到：{'、'.join(allowed)}" if allowed else "该记录已结束，不能再推进"
        raise UsageError(f"{tid} 不能从“{data['state']}”推进到“{to}”", hint)
    date_arg(date, tx.today)
    last = data.get("history", [{}])[-1].get("date", "")
    if date < last:
        raise UsageError(f"日期 {date} 早于上一步的 {last}", "状态历程须按日期先后推进")
    docs = [parse_evidence(e) for e in evidence]
    _entrustment(doc, to, date, docs, valid_until)
    entry: dict[str, Any] = {"state": to, "date": date}
    if docs:
        entry["evidence"] = docs
    if note:
        entry["note"] = note
    doc.set("/state", to)
    doc.append("/history", entry)
    moved: list[str] = []
    if to == S.COMPLETED:
        doc.set("/completed_date", date)
        moved = complete(tx, data, date, section)
    return Advance(rec.path, to, moved)


def _entrustment(
    doc: Any, to: str, date: str, docs: list[dict[str, str]], valid_until: str | None
) -> None:
    if to == S.MUNICIPAL_CONSENT:
        if not docs:
            raise UsageError(
                "市级同意须附市级委托部门的同意文件", '请加 --evidence "复函标题|文号|日期"'
            )
        doc.set("/entrustment/consent", docs[0])
    elif to == S.AUTHORIZATION_RESIGNED:
        if not docs or "doc_no" not in docs[0] or not valid_until:
            raise UsageError(
                "授权书重签须附授权书编号与有效期",
                '请加 --evidence "委托授权书|编号|签订日期" --valid-until YYYY-MM-DD',
            )
        doc.set(
            "/entrustment/authorization",
            {
                "doc_no": docs[0]["doc_no"],
                "signed_date": docs[0].get("date", date),
                "valid_until": date_arg(valid_until, what="有效期"),
            },
        )


def complete(tx: Transaction, t: dict[str, Any], date: str, section: str | None) -> list[str]:
    """Custody, implementing body and implementation code of every matter follow the record."""
    ctx, target = tx.ctx, t["to_department"]
    dept = _dept(ctx, target, "承接部门")
    section = _approval_section(ctx, dept, section)
    for code in t["matters"]:
        m = ctx.matters[code]
        doc = tx.doc(m.path)
        custody = m.data.get("custody", {})
        for key, value in (
            ("approving_department", target),
            ("approving_section", section),
            (
                "supervising_department",
                t.get("from_department") or custody.get("supervising_department") or target,
            ),
            ("transfer", t["id"]),
        ):
            if value:
                doc.set(f"/custody/{key}", value)
            else:
                doc.delete(f"/custody/{key}")
        doc.set("/implementing_body/department", target)
        if section:
            doc.set("/implementing_body/section", section)
        else:
            doc.delete("/implementing_body/section")
        doc.set(
            "/implementation_code",
            codes.implementation_code(dept.data["uscc"], m.data["level"], code),
        )
        if m.data.get("status") == MatterStatus.AWAITING:
            doc.set("/status", MatterStatus.IN_USE.value)
        doc.append(
            "/adjustments",
            {
                "date": date,
                "kind": t["transfer_kind"],
                "basis": t["basis"],
                "note": f"{t['id']}：{t['transfer_kind']}至{short_name(ctx, target)}",
            },
        )
    return list(t["matters"])


def _approval_section(ctx: Context, dept: Record, section: str | None) -> str | None:
    mine = [s["id"] for s in dept.data.get("sections", []) if s.get("role") == "approval"]
    if section is None and len(mine) > 1:
        raise UsageError(
            f"{dept.id} 有多个审批科室，请指定承办科室",
            f"请加 --approving-section，可选：{'、'.join(mine)}",
        )
    if section is not None and section not in mine:
        raise UsageError(
            f"{section} 不是 {dept.id} 的审批科室", f"可选：{'、'.join(mine) or '（无）'}"
        )
    return section or (mine[0] if mine else None)


def record(ctx: Context, tid: str) -> Record:
    found = ctx.transfers.get(tid)
    if found is None:
        raise UsageError(f"划转记录 {tid} 不存在", "请查看 transfers/ 下的文件名")
    return found


@dataclass(frozen=True)
class Shown:
    """What `transfer show` prints: the record, where it may go next, and its matters' names."""

    record: dict[str, Any]
    next_states: list[str]
    names: dict[str, Any]


def show(ctx: Context, tid: str) -> Shown:
    d = record(ctx, tid).data
    names = {
        c: ctx.matters[c].data.get("name") if c in ctx.matters else "（不存在）"
        for c in d.get("matters", [])
    }
    return Shown(d, next_states(d.get("transfer_kind", ""), d.get("state", "")), names)
