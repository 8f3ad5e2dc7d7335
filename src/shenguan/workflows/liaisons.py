"""审管联络员 (通知三（六））: who to call for a matter, the registry, and handing a post over.

Each approval section and supervision section has one serving liaison. A new liaison does not
overwrite the old: the predecessor gets an `until` date, so the file keeps who served when.
Names and mobiles are personal information (PIPL): listings mask mobiles unless asked.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from shenguan.catalog.index import Context
from shenguan.errors import UsageError
from shenguan.workflows.edit import Transaction, date_arg
from shenguan.workflows.matters import get as get_matter

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def mask(mobile: object) -> str:
    text = str(mobile or "")
    return text[:3] + "****" + text[-4:] if len(text) == 11 else "****"


def _names(ctx: Context) -> dict[str, str]:
    """section id -> "部门简称 科室名称" """
    out = {}
    for dept in ctx.departments.values():
        short = dept.data.get("short_name") or dept.data.get("name")
        for s in dept.data.get("sections", []):
            out[s.get("id")] = f"{short} {s.get('name')}"
    return out


def _serving(ctx: Context) -> dict[str, dict[str, Any]]:
    return {
        sid: people[0][0].data["liaisons"][people[0][1]]
        for sid, people in ctx.active_liaisons().items()
    }


def who(ctx: Context, code: str, show_restricted: bool = False) -> list[dict[str, Any]]:
    """The approval-side and supervision-side liaison of one matter; mobiles masked unless
    `show_restricted` (personal information: shown only when asked, PIPL; docs/security.md)."""
    m = get_matter(ctx, code)
    custody, names, serving = m.data.get("custody", {}), _names(ctx), _serving(ctx)
    rows = []
    for side, dept_key, section_key in (
        ("审批", "approving_department", "approving_section"),
        ("监管", "supervising_department", "supervising_section"),
    ):
        section = custody.get(section_key)
        person = serving.get(section or "", {})
        rows.append(
            {
                "side": side,
                "department": custody.get(dept_key),
                "section": section,
                "section_name": names.get(section or "", ""),
                "name": person.get("name"),
                "mobile": _mobile(person.get("mobile"), show_restricted),
                "office_phone": person.get("office_phone"),
                "since": person.get("since"),
            }
        )
    return rows


def _mobile(mobile: Any, show_restricted: bool) -> Any:
    # No serving liaison stays None (an empty cell), not a mask.
    return mobile if show_restricted or not mobile else mask(mobile)


def listing(
    ctx: Context,
    department: str | None = None,
    history: bool = False,
    show_restricted: bool = False,
) -> list[dict[str, Any]]:
    """Serving liaisons by section (with `history`, everyone who ever served); mobiles masked
    unless `show_restricted`."""
    names, rows = _names(ctx), []
    active = {(rec.path, i) for people in ctx.active_liaisons().values() for rec, i in people}
    for rec in sorted(ctx.catalog.of("liaison"), key=lambda r: r.path):
        if department and rec.data.get("department") != department:
            continue
        for i, p in enumerate(rec.data.get("liaisons", [])):
            serving = (rec.path, i) in active
            if serving or history:
                rows.append(
                    {
                        "department": rec.data.get("department"),
                        "section": p.get("section"),
                        "section_name": names.get(p.get("section"), ""),
                        "name": p.get("name"),
                        "mobile": p.get("mobile") if show_restricted else mask(p.get("mobile")),
                        "office_phone": p.get("office_phone"),
                        "since": p.get("since"),
                        "until": p.get("until"),
                        "serving": serving,
                    }
                )
    return rows


def assign(
    tx: Transaction,
    section: str,
    name: str,
    mobile: str,
    since: str | None = None,
    office_phone: str | None = None,
) -> tuple[str, list[str]]:
    """Make `name` the section's liaison from `since`; returns the file and who was replaced."""
    owner = tx.ctx.sections.get(section)
    if owner is None:
        raise UsageError(
            f"科室 {section} 不存在", "请用部门文件 sections 中的科室标识，如 spj-scjr"
        )
    if not MOBILE.match(mobile):
        raise UsageError(f"手机号 {mobile} 不合规", "请填写 11 位手机号，如 13900000000")
    start = date_arg(since, tx.today)
    dept = owner[0]
    rel = f"liaisons/{dept}.yaml"
    person: dict[str, Any] = {"section": section, "name": name, "mobile": mobile}
    if office_phone:
        person["office_phone"] = office_phone
    person["since"] = start
    if not tx.exists(rel):
        tx.create(
            rel,
            {"kind": "liaison", "id": dept, "department": dept, "liaisons": [person]},
            "审管联络员（个人信息，不得公开）：每个审批科室、监管业务科室一名；换人时为前任填写 until。",
        )
        return rel, []
    doc = tx.doc(rel)
    replaced = _close(doc, section, name, start)
    doc.append("/liaisons", person)
    return rel, replaced


def _close(doc: Any, section: str, name: str, start: str) -> list[str]:
    """Give every liaison still serving on `start` an `until` of the day before."""
    until = (dt.date.fromisoformat(start) - dt.timedelta(days=1)).isoformat()
    replaced = []
    for i, p in enumerate(doc.get("/liaisons", [])):
        if p.get("section") != section or p.get("until", "9999-12-31") < start:
            continue
        if p.get("name") == name:
            raise UsageError(f"{name} 已是科室 {section} 的联络员", "无需重复登记")
        if p.get("since", "") >= start:
            raise UsageError(
                f"新任的起始日期 {start} 须晚于现任 {p.get('name')} 的起始日期 {p.get('since')}",
                "请用 --since 写明交接日期",
            )
        doc.set(f"/liaisons/{i}/until", until)
        replaced.append(str(p.get("name")))
    return replaced
