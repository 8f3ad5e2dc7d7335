"""Approval standards (通知三（二））: draft from a matter, check, publish a frozen version, list.

A standard lives in standards/<id>/: `draft.yaml` is the supervising department's working copy,
`v<N>.yaml` the published versions. Publishing copies the draft into the next version with its
effective date and digest and points every listed matter at it, in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from shenguan import catalog as cat
from shenguan.catalog.index import Context
from shenguan.codes import FIVE_STAGES
from shenguan.errors import GateError, UsageError
from shenguan.findings import Finding, has_errors
from shenguan.validation.records import check_file
from shenguan.validation.rules.law import (
    calendar_days as _days,  # the validator's own working-day conversion
)
from shenguan.validation.rules.registry import RULES
from shenguan.workflows.edit import Transaction, date_arg, finding_lines
from shenguan.workflows.matters import get as get_matter
from shenguan.yamlio.digests import standard_digest

PLACEHOLDER = "（待补充）"
ID_RE = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
FROZEN_KEYS = ("status", "version", "effective_date", "published_date", "digest")


def draft_rel(sid: str) -> str:
    return f"standards/{sid}/draft.yaml"


def version_rel(sid: str, version: int) -> str:
    return f"standards/{sid}/v{version}.yaml"


def check_id(sid: str) -> str:
    if not ID_RE.match(sid):
        raise UsageError(
            f"标准标识 {sid} 不合规",
            "标识由小写字母开头，只含小写字母、数字和连字符，如 scjgj-spjy",
        )
    return sid


def records(ctx: Context, sid: str) -> list[cat.Record]:
    found = ctx.standards.get(check_id(sid), [])
    if not found:
        raise UsageError(
            f"审批标准 {sid} 不存在",
            "请用 shenguan standard list 查看已有标准，或用 standard new 起草",
        )
    return found


def draft(ctx: Context, sid: str) -> cat.Record:
    """The working draft: draft.yaml, else the one file of the folder still marked 草稿."""
    drafts = sorted(
        (r for r in records(ctx, sid) if r.data.get("status") == "草稿"),
        key=lambda r: r.path != draft_rel(sid),
    )
    if not drafts:
        raise UsageError(
            f"审批标准 {sid} 没有草稿", f"请新建 {draft_rel(sid)}（可从最新版本复制）后再检查或发布"
        )
    return drafts[0]


def new(tx: Transaction, codes: list[str], sid: str | None = None, title: str | None = None) -> str:
    """Write standards/<id>/draft.yaml prefilled from the matters; returns its path."""
    matters = [get_matter(tx.ctx, c) for c in codes]
    full = [
        tx.doc(m.path).data for m in matters
    ]  # the validator's records omit descriptions and bases
    first = full[0]
    dept = first.get("custody", {}).get("supervising_department")
    sid = check_id(sid or f"{dept}-{matters[0].id}")
    if sid in tx.ctx.standards:
        raise UsageError(f"审批标准 {sid} 已存在", f"请编辑 {draft_rel(sid)}，或用 --id 另起标识")
    data: dict[str, Any] = {
        "kind": "standard",
        "id": sid,
        "title": title or _title(str(first.get("name"))),
        "department": dept,
        "matters": [m.id for m in matters],
        "status": "草稿",
        "stages": {stage: _stage(full, stage) for stage in FIVE_STAGES},
    }
    flags = sorted({f for m in full for f in m.get("consultation", {}).get("flags", [])})
    if flags:
        data["consultation"] = {
            "required": True,
            "with_department": dept,
            "when": f"涉及{'、'.join(flags)}的申请，受理后与监管部门会商",
        }
    bases = [
        b
        for m in full
        for part in ("setting", "implementing")
        for b in m.get("legal_basis", {}).get(part, [])
    ]
    if bases:
        data["legal_basis"] = [b for i, b in enumerate(bases) if b not in bases[:i]]
    rel = draft_rel(sid)
    doc = tx.create(
        rel,
        data,
        "审批标准草稿：请监管部门逐环节补全“待补充”的要求，再用 shenguan standard check / publish 检查和发布。",
    )
    for i, m in enumerate(full):
        doc.remark("matters", i, str(m.get("name")))
    return rel


def _title(name: str) -> str:
    return f"{name}标准" if name.endswith("审批") else f"{name}审批标准"


def _stage(matters: list[dict[str, Any]], stage: str) -> dict[str, Any]:
    """One stage prefilled from the matters' process steps: their descriptions, the first time limit."""
    steps = [s for m in matters for s in m.get("process", []) if s.get("stage") == stage]
    text = list(dict.fromkeys(s["description"] for s in steps if s.get("description")))
    out: dict[str, Any] = {
        "requirements": text or [f"{PLACEHOLDER}请写明{stage}环节的办理要求与审查要点。"]
    }
    limits = [s["time_limit"] for s in steps if "time_limit" in s]
    if limits:
        out["time_limit"] = limits[0]
    return out


def check(ctx: Context, rec: cat.Record, raw: bytes | None = None) -> list[Finding]:
    """Everything that keeps a standard from publication, at its file's lines."""
    found = check_file(rec.path, raw)[1] if raw is not None else []
    found += [_finding(ctx, rec, *issue) for issue in _issues(ctx, rec.data)]
    return sorted(found)


def _finding(
    ctx: Context, rec: cat.Record, rule: str, pointer: str, message: str, hint: str
) -> Finding:
    line, col = ctx.catalog.locate(rec.path, pointer)
    # `standard check` reports R416 (the validator's own five-stage rule) and C501-C505.
    return Finding(rec.path, line, col, rule, RULES[rule].severity, pointer, message, hint)


def _issues(ctx: Context, data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    stages = data.get("stages", {})
    out = [
        ("R416", "/stages", f"缺少{s}环节", f"请在 stages 下补充 {s}")
        for s in FIVE_STAGES
        if s not in stages
    ]
    for name, stage in stages.items():
        for i, req in enumerate(stage.get("requirements", [])):
            if PLACEHOLDER in req:
                out.append(
                    (
                        "C501",
                        f"/stages/{name}/requirements/{i}",
                        f"{name}环节的要求尚未填写",
                        "请把“待补充”替换为实际要求",
                    )
                )
    total = sum(_days(s["time_limit"]) for s in stages.values() if "time_limit" in s)
    for code in data.get("matters", []):
        out += _matter_issues(ctx, data, code, total)
    if not data.get("legal_basis"):
        out.append(("C505", "", "没有写明标准依据", "请在 legal_basis 中列出所依据的法律法规条款"))
    return out


def _matter_issues(
    ctx: Context, data: dict[str, Any], code: str, total: float
) -> list[tuple[str, str, str, str]]:
    m = ctx.matters.get(code)
    if m is None:
        return [("C503", "/matters", f"适用事项 {code} 不存在", "请改正基本编码")]
    out = []
    supervisor = m.data.get("custody", {}).get("supervising_department")
    if supervisor != data.get("department"):
        out.append(
            (
                "C503",
                "/department",
                f"事项 {code} 的监管部门是 {supervisor}，不是 {data.get('department')}",
                "审批标准由事项的监管部门制定",
            )
        )
    tl = m.data.get("time_limit", {})
    limit = tl.get("promised") or tl.get("statutory") or {}
    if limit and total > _days(limit):
        out.append(
            (
                "C502",
                "/stages",
                f"各环节时限合计超过事项 {code} 的承诺时限 {limit['value']} {limit['unit']}",
                "请压缩环节时限（工作日按 5 天折合 7 个自然日计）",
            )
        )
    cons = data.get("consultation", {})
    if m.data.get("consultation", {}).get("flags") and not (
        cons.get("required") and cons.get("with_department") == supervisor
    ):
        out.append(
            (
                "C504",
                "/consultation",
                f"事项 {code} 须会商，标准中没有与 {supervisor} 的会商安排",
                f"请写明 consultation: required: true、with_department: {supervisor}",
            )
        )
    return out


@dataclass
class Published:
    path: str
    version: int
    matters: list[str] = field(default_factory=list)


def publish(tx: Transaction, sid: str, effective: str) -> Published:
    """Freeze the draft as the next version and point its matters at it; refuses when incomplete."""
    date_arg(effective, tx.today, "生效日期")
    rec = draft(tx.ctx, sid)
    findings = check(tx.ctx, rec, tx.ctx.catalog.source.read(rec.path))
    if has_errors(findings):
        raise GateError(
            f"审批标准 {sid} 尚不完整，未发布：\n{finding_lines(findings)}",
            "请按提示修改草稿后再发布（shenguan standard check 可先检查）",
        )
    latest = tx.ctx.published(sid)
    version = (latest.data.get("version", 0) if latest else 0) + 1
    if latest and _content(rec.data) == _content(latest.data):
        raise UsageError(f"草稿与第 {version - 1} 版内容相同，无需发布", f"请先修改 {rec.path}")
    path = version_rel(sid, version)
    if rec.path not in (path, draft_rel(sid)):
        raise UsageError(
            f"草稿 {rec.path} 的文件名与要发布的第 {version} 版不符",
            f"请把草稿改名为 {draft_rel(sid)}",
        )
    # a draft already named for its version is published in place; draft.yaml is copied, comments and all
    doc = tx.doc(path) if rec.path == path else tx.derive(rec.path, path)
    doc.set_header(
        [h for h in doc.header() if h.startswith("yaml-language-server")]
        + [f"已发布的审批标准第 {version} 版，内容冻结：修改请编辑草稿并发布新版本。"]
    )
    for key, value in (
        ("status", "已发布"),
        ("version", version),
        ("effective_date", effective),
        ("published_date", tx.today.isoformat()),
    ):
        doc.set(f"/{key}", value)
    doc.set("/digest", standard_digest(doc.data))
    data = doc.data
    for code in data["matters"]:
        _point(tx, code, sid, version)
    return Published(path, version, list(data["matters"]))


def _content(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in FROZEN_KEYS}


def _point(tx: Transaction, code: str, sid: str, version: int) -> None:
    doc = tx.doc(get_matter(tx.ctx, code).path)
    if isinstance(doc.get("/standard"), dict):
        doc.set("/standard/id", sid)
        doc.set("/standard/version", version)
    else:
        doc.set("/standard", {"id": sid, "version": version})


def listing(ctx: Context) -> list[dict[str, Any]]:
    """One row per standard: its latest published version and whether a draft is pending."""
    rows = []
    for sid, recs in sorted(ctx.standards.items()):
        latest = ctx.published(sid)
        head = latest or recs[0]
        dept = ctx.departments.get(head.data.get("department", ""))
        rows.append(
            {
                "id": sid,
                "title": head.data.get("title"),
                "department": head.data.get("department"),
                "department_name": dept.data.get("short_name") if dept else None,
                "version": latest.data.get("version") if latest else None,
                "effective_date": latest.data.get("effective_date") if latest else None,
                "draft": any(r.data.get("status") == "草稿" for r in recs),
                "matters": list(head.data.get("matters", [])),
            }
        )
    return rows
