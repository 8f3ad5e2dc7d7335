"""Reference rules: every department, section, standard, transfer and matter named exists."""

from __future__ import annotations

from collections.abc import Iterator

from shenguan.catalog import MANIFEST, Record
from shenguan.catalog.index import Context
from shenguan.validation.rules.issue import Issue

DEPT_FIELDS = {
    "matter": [
        "/implementing_body/department",
        "/custody/approving_department",
        "/custody/supervising_department",
    ],
    "standard": ["/department"],
    "agreement": ["/approval_department", "/supervising_department"],
    "transfer": ["/from_department", "/to_department"],
    "liaison": ["/department"],
}
SECTION_FIELDS = [  # (pointer, department pointer, required role)
    ("/implementing_body/section", "/implementing_body/department", None),
    ("/custody/approving_section", "/custody/approving_department", "approval"),
    ("/custody/supervising_section", "/custody/supervising_department", "supervision"),
]
ROLE_ZH = {"approval": "审批科室", "supervision": "监管业务科室", "other": "其他科室"}


def get(data: object, pointer: str) -> object:
    for part in pointer.strip("/").split("/"):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def departments(ctx: Context) -> Iterator[Issue]:
    for r in ctx.others:
        yield from _departments(ctx, r)


def matter_departments(ctx: Context, m: Record) -> Iterator[Issue]:
    yield from _departments(ctx, m)
    for i, step in enumerate(m.data.get("process", [])):
        dept = step.get("with_department")
        if dept and dept not in ctx.departments:
            yield Issue(
                "R201",
                m.path,
                f"/process/{i}/with_department",
                f"部门 {dept} 不存在",
                "请改正会商部门标识",
            )


def _departments(ctx: Context, r: Record) -> Iterator[Issue]:
    for pointer in DEPT_FIELDS.get(r.kind, []):
        value = get(r.data, pointer)
        if isinstance(value, str) and value not in ctx.departments:
            yield Issue(
                "R201",
                r.path,
                pointer,
                f"部门 {value} 不存在",
                f"请在 departments/ 下新建 {value}.yaml，或改正拼写",
            )


def sections(ctx: Context) -> Iterator[Issue]:
    for rec in ctx.catalog.of("liaison"):
        for i, person in enumerate(rec.data.get("liaisons", [])):
            yield from _section(
                ctx,
                rec,
                f"/liaisons/{i}/section",
                person.get("section"),
                rec.data.get("department"),
                None,
            )


def matter_sections(ctx: Context, m: Record) -> Iterator[Issue]:
    for pointer, dept_pointer, role in SECTION_FIELDS:
        yield from _section(ctx, m, pointer, get(m.data, pointer), get(m.data, dept_pointer), role)


def _section(
    ctx: Context, rec: Record, pointer: str, sid: object, dept: object, role: str | None
) -> Iterator[Issue]:
    if not isinstance(sid, str):
        return
    owner = ctx.sections.get(sid)
    if owner is None:
        yield Issue(
            "R202",
            rec.path,
            pointer,
            f"科室 {sid} 不存在",
            "请在部门文件的 sections 中登记该科室，或改正拼写",
        )
    elif isinstance(dept, str) and owner[0] != dept:
        yield Issue(
            "R202",
            rec.path,
            pointer,
            f"科室 {sid} 属于 {owner[0]}，不属于 {dept}",
            "请填写该部门自己的科室",
        )
    elif role and owner[1] != role:
        yield Issue(
            "R202",
            rec.path,
            pointer,
            f"科室 {sid} 是{ROLE_ZH.get(owner[1], owner[1])}，此处应为{ROLE_ZH[role]}",
            "请在部门文件中核对科室职责（role）",
        )


def standards(ctx: Context, m: Record) -> Iterator[Issue]:
    ref = m.data.get("standard")
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        return
    if ref["id"] not in ctx.standards:
        yield Issue(
            "R203",
            m.path,
            "/standard/id",
            f"审批标准 {ref['id']} 不存在",
            "请改正标识，或先用 shenguan standard new 起草",
        )
    elif "version" in ref and ctx.published(ref["id"], ref["version"]) is None:
        yield Issue(
            "R203",
            m.path,
            "/standard/version",
            f"审批标准 {ref['id']} 没有已发布的第 {ref['version']} 版",
            "请引用已发布的版本",
        )


def transfers(ctx: Context, m: Record) -> Iterator[Issue]:
    ref = m.data.get("custody", {}).get("transfer")
    if not isinstance(ref, str):
        return
    t = ctx.transfers.get(ref)
    if t is None:
        yield Issue(
            "R204",
            m.path,
            "/custody/transfer",
            f"划转记录 {ref} 不存在",
            "请在 transfers/ 下建立该记录，或改正标识",
        )
    elif m.id not in t.data.get("matters", []):
        yield Issue(
            "R204",
            m.path,
            "/custody/transfer",
            f"划转记录 {ref} 的事项清单中没有 {m.id}",
            f"请把 {m.id} 加入 {t.path} 的 matters",
        )


def matters(ctx: Context) -> Iterator[Issue]:
    """Matters named in standards, agreements, transfers and adjustment records exist (reads only
    the facts of matters, see rules.facts)."""
    for r in ctx.others:
        if r.kind in ("standard", "agreement", "transfer"):
            for i, code in enumerate(r.data.get("matters", [])):
                if isinstance(code, str) and code not in ctx.matters:
                    yield Issue(
                        "R205",
                        r.path,
                        f"/matters/{i}",
                        f"事项 {code} 不存在",
                        "请改正基本编码，或先建立该事项",
                    )
    for m in ctx.matter_records:
        for i, adj in enumerate(m.data.get("adjustments", [])):
            for j, code in enumerate(adj.get("related", [])):
                if code not in ctx.matters:
                    yield Issue(
                        "R205",
                        m.path,
                        f"/adjustments/{i}/related/{j}",
                        f"事项 {code} 不存在",
                        "请改正基本编码",
                    )


def bureau(ctx: Context) -> Iterator[Issue]:
    if not ctx.catalog.manifest or ctx.bureau is None:
        return
    dept = ctx.departments.get(ctx.bureau)
    if dept is None:
        yield Issue(
            "R206",
            MANIFEST,
            "/approval_department",
            f"审批局 {ctx.bureau} 不存在",
            "请填写行政审批服务局的部门标识",
        )
    elif dept.data.get("role") != "审批局":
        yield Issue(
            "R206",
            MANIFEST,
            "/approval_department",
            f"部门 {ctx.bureau} 的角色是 {dept.data.get('role')}，不是审批局",
            "请填写行政审批服务局，或在其部门文件中把 role 设为 审批局",
        )


MATTER_CHECKS = [matter_departments, matter_sections, standards, transfers]
CHECKS = [departments, sections, matters, bureau]
