"""Output of the review commands as data: JSON documents, Markdown and GitHub annotations as
strings, and text as lines of (value, style) parts that the CLI prints through report.console.
Catalogue text is always data: Markdown-escaped, control characters made visible."""

from __future__ import annotations

import html
import json
import os
import re
from typing import Any

from shenguan.diff import CHANGE_ZH, KIND_ZH
from shenguan.diff.readable import from_fields
from shenguan.history import short
from shenguan.render import readout
from shenguan.render.envelope import SCHEMA_VERSION as JSON_SCHEMA_VERSION
from shenguan.render.registry import renderer
from shenguan.render.safe import annotation, annotation_property, visible
from shenguan.review.changes import Pending
from shenguan.review.packet import Packet, arrange
from shenguan.review.policy import Policy
from shenguan.review.record import APPROVE, REJECT
from shenguan.review.status import STATE_ZH, GateResult, Item
from shenguan.review.verify import STATE_ZH as SIGNOFF_ZH
from shenguan.review.verify import Check, Verification

Part = tuple[str, str] | str
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>])")
KIND_ZH_ALL = {**KIND_ZH, "trust": "审查配置"}


def _md(value: Any) -> str:
    text = html.escape(visible(str(value)).replace("\n", " ⏎ "), quote=False).replace("@", "&#64;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _show(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, bool):
        return "是" if value else "否"
    return (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    )


def title(p: Pending) -> str:
    return " ".join(x for x in (KIND_ZH_ALL.get(p.kind, p.kind), p.id, p.name) if x)


def pending_json(p: Pending) -> dict[str, Any]:
    data = {
        "path": p.path,
        "kind": p.kind,
        "id": p.id,
        "name": p.name,
        "change": p.change,
        "classification": p.classification,
        "digest": p.digest,
        "documents": list(p.documents),
        "fields": [f.to_json() for f in p.fields],
    }
    extra = {"old_path": p.old_path} if p.old_path else {}
    extra |= {"since_signoff": p.since} if p.since else {}
    extra |= {"problem": p.problem} if p.problem else {}
    return data | extra


def _sides(scope: Any) -> dict[str, Any]:
    return {
        "base": {"rev": scope.base_rev, "commit": scope.base},
        "fork": scope.fork,
        "head": {"commit": scope.head, "worktree": True},
    }


# --- review request -------------------------------------------------------------------------------


def sign_command(packet: Packet) -> str:
    return (
        f"shenguan review sign --base {packet.scope.base_rev} --decision {APPROVE} "
        '--opinion "审查意见" --key ~/.ssh/id_ed25519'
    )


@renderer("review request", "json")
def packet_json(packet: Packet) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "command": "review request",
        "status": "pending" if packet.pending else "ok",
        **_sides(packet.scope),
        "digest": packet.digest,
        "items": [pending_json(p) for p in packet.pending],
        "covered": [{"path": path, "digest": d} for path, d in packet.covered],
        "decision": {"options": [APPROVE, REJECT], "command": sign_command(packet)},
    }


@renderer("review request", "markdown")
def packet_markdown(packet: Packet) -> str:
    s = packet.scope
    out = [
        f"## 合法性审查申请\n\n- 基准：{_md(s.base_rev)}（{short(s.base)}），变更自 {short(s.fork)}，当前提交 {short(s.head)}（含工作区修改）",
        f"- 须审查的变更：{len(packet.pending)} 项；审查范围摘要：`{packet.digest}`",
    ]
    if not packet.pending:
        return "\n".join(out) + "\n\n自基准以来没有需要合法性审查的变化。\n"
    for n, p in enumerate(packet.pending, 1):
        out.append(f"\n### {n}. \\[{_md(p.classification)}\\] {_md(title(p))}\n")
        moved = f"（原路径 {_md(p.old_path)}）" if p.old_path else ""
        out.append(
            f"- 文件：{_md(p.path)}{moved}（{CHANGE_ZH.get(p.change, p.change)}）\n- 内容摘要：`{p.digest}`"
        )
        out.append(f"- 依据文件：{'、'.join(_md(d) for d in p.documents) or '（本次未新增）'}")
        out.append(pending_markdown(p, packet.trust.policy))
    out.append(
        f"\n---\n\n### 审查结论（区司法局填写）\n\n- [ ] {APPROVE}\n- [ ] {REJECT}\n\n审查意见：\n\n"
        f"签署（在本分支的最新提交上运行）：\n\n```\n{sign_command(packet)}\n```\n"
    )
    return "\n".join(out)


def pending_markdown(p: Pending, policy: Policy) -> str:
    """What changed in one record, as a reviewer reads it (no JSON, no English key, no pointer)."""
    if p.problem or not p.readable:
        return f"\n无法解析：{readout.md(p.problem or '记录不是有效的 YAML')}（请先运行 shenguan validate 并修正）\n"
    lead = (
        f"\n- 自审查记录 {_md(p.since)} 签署以来的变化（签署时的内容已经审查）：\n"
        if p.since
        else ""
    )
    if p.rows:
        what = "新增记录全文" if p.change == "added" else "删除前的记录全文"
        return f"\n{what}：\n" + readout.rows_markdown(p.rows)
    if p.entries:
        return lead + readout.groups_markdown(arrange(policy, p.kind, p.entries))
    if p.fields:
        return lead + readout.groups_markdown(arrange(policy, p.kind, tuple(from_fields(p.fields))))
    return lead or ""


# --- review status --------------------------------------------------------------------------------


def item_json(i: Item) -> dict[str, Any]:
    return pending_json(i.pending) | {
        "state": i.state,
        "state_label": STATE_ZH[i.state],
        "ok": i.ok,
        "signoff": i.signoff or None,
        "message": i.message,
    }


def check_json(c: Check) -> dict[str, Any]:
    s = c.signoff
    return {
        "path": s.path,
        "id": s.id,
        "reviewer": s.get("reviewer"),
        "organisation": s.get("organisation"),
        "decision": s.get("decision"),
        "time": s.get("time"),
        "paper": s.is_paper,
        "added": c.added,
        "state": c.state,
        "state_label": SIGNOFF_ZH[c.state],
        "ok": c.ok,
        "message": c.message,
    }


@renderer("review status", "json")
def gate_json(r: GateResult) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for i in r.items:
        counts[i.state] = counts.get(i.state, 0) + 1
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "command": "review status",
        "status": "ok" if r.ok else "failed",
        **_sides(r.scope),
        "summary": {"pending": len(r.items), "ok": sum(i.ok for i in r.items), "by_state": counts},
        "items": [item_json(i) for i in r.items],
        "signoffs": [check_json(c) for c in r.verification.added()],
        "problems": r.problems,
        "warnings": r.warnings,
    }


def verdict(r: GateResult) -> str:
    if r.ok and not r.items:
        return "✓ 审查门禁通过：自基准以来没有须经合法性审查的变更。"
    if r.ok:
        return f"✓ 审查门禁通过：{len(r.items)} 项须审查的变更均已获有效的审查通过。"
    bad = sum(not i.ok for i in r.items)
    extra = f"，另有 {len(r.problems)} 个审查记录问题" if r.problems else ""
    return f"✗ 审查门禁未通过：{len(r.items)} 项须审查的变更中 {bad} 项未获有效的审查通过{extra}。"


@renderer("review status", "text")
def gate_text(r: GateResult) -> list[list[Part]]:
    s = r.scope
    lines: list[list[Part]] = [
        [
            (
                f"合法性审查门禁：基准 {s.base_rev}（{short(s.base)}）→ 工作区，变更自 {short(s.fork)}",
                "bold",
            )
        ]
    ]
    for i in r.items:
        mark, style = ("✓", "green") if i.ok else ("✗", "bold red")
        lines.append(
            [
                (f"  {mark} ", style),
                (i.pending.path, "bold"),
                "  ",
                title(i.pending),
                "  ",
                (f"[{i.pending.classification}]", "cyan"),
                "  ",
                (STATE_ZH[i.state], style),
            ]
        )
        named = f"（{i.signoff}）" if i.signoff and i.signoff not in i.message else ""
        lines.append(["      ", (i.message + named, "dim")])
    lines += [[("警告：", "yellow"), w] for w in r.warnings]
    lines += [[("问题：", "bold red"), p] for p in r.problems]
    lines.append([(verdict(r), "bold green" if r.ok else "bold red")])
    return lines


@renderer("review status", "github")
def gate_github(r: GateResult) -> str:
    out = []
    for i in r.items:
        level = "notice" if i.ok else "error"
        where = os.path.relpath(r.scope.root / i.pending.path)
        out.append(
            f"::{level} file={annotation_property(where)},title={annotation_property('合法性审查：' + STATE_ZH[i.state])}::"
            f"{annotation(title(i.pending))}：{annotation(i.message)}"
        )
    out += [
        f"::warning title={annotation_property('合法性审查')}::{annotation(w)}" for w in r.warnings
    ]
    out += [
        f"::error title={annotation_property('合法性审查记录')}::{annotation(p)}"
        for p in r.problems
    ]
    out.append(annotation(verdict(r)))
    return "\n".join(out) + "\n"


# --- review verify --------------------------------------------------------------------------------


@renderer("review verify", "json")
def verification_json(v: Verification, scope: Any) -> dict[str, Any]:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "command": "review verify",
        "status": "ok" if v.ok else "failed",
        **_sides(scope),
        "signoffs": [check_json(c) for _, c in sorted(v.checks.items())],
        "problems": v.chain.problems,
        "warnings": v.chain.warnings,
    }


@renderer("review verify", "text")
def verification_text(v: Verification, scope: Any) -> list[list[Part]]:
    lines: list[list[Part]] = [
        [
            (
                f"审查记录核验：按基准 {scope.base_rev}（{short(scope.base)}）的名册与 allowed_signers",
                "bold",
            )
        ]
    ]
    for _, c in sorted(v.checks.items()):
        mark, style = ("✓", "green") if c.ok else ("✗", "bold red")
        decision = c.signoff.get("decision") or "？"
        lines.append(
            [
                (f"  {mark} ", style),
                (c.signoff.path, "bold"),
                "  ",
                str(decision),
                "  ",
                (SIGNOFF_ZH[c.state], style),
                "  ",
                (c.message, "dim"),
            ]
        )
    lines += [[("警告：", "yellow"), w] for w in v.chain.warnings]
    lines += [[("问题：", "bold red"), p] for p in v.chain.problems]
    bad = sum(not c.ok for c in v.checks.values()) + len(v.chain.problems)
    total = len(v.checks)
    lines.append(
        [
            (f"✓ {total} 条审查记录全部有效，审查链完整。", "bold green")
            if not bad
            else (f"✗ {total} 条审查记录中发现 {bad} 个问题。", "bold red")
        ]
    )
    return lines
