"""Which department should undertake a delegated or entrusted matter: clause 二（二） applied.

"原则上市政府依法下放或委托实施的行政许可事项，行政审批服务局已接收区级业务部门相应审批权的，
由行政审批服务局承接；未接收的仍由对口业务部门承接。对于上级部门委托事项的划转，应征求市级委托
部门意见，同意划转的，委托授权书重新签订视为移交完成。" The answer says which branch applied and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shenguan.catalog.index import Context
from shenguan.codes import AdjustmentKind, TransferKind, TransferState
from shenguan.errors import UsageError
from shenguan.workflows.matters import get as get_matter
from shenguan.workflows.transfers import short_name

DELEGATED, ENTRUSTED = ("上级下放",), ("上级委托", "同级委托")
CLAUSE = "未审改办发〔2020〕6号 二（二）"


@dataclass
class Suggestion:
    code: str
    name: str
    branch: str  # not-applicable | bureau | counterpart
    department: str | None
    department_name: str = ""
    reasons: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def suggest(ctx: Context, code: str, counterpart: str | None = None) -> Suggestion:
    m = get_matter(ctx, code)
    source = m.data.get("power_source")
    out = Suggestion(code, str(m.data.get("name")), "not-applicable", None)
    if source not in DELEGATED + ENTRUSTED:
        out.reasons.append(f"本事项的权力来源是“{source}”，不是上级下放或委托，{CLAUSE} 不适用。")
        out.reasons.append("本级事项是否划转行政审批服务局，按二（一）由区审改办研究确定。")
        return out
    custody = m.data.get("custody", {})
    counterpart = counterpart or custody.get("supervising_department")
    if counterpart not in ctx.departments or counterpart == ctx.bureau:
        raise UsageError(
            f"无法确定事项 {code} 的对口业务部门（{counterpart}）",
            "请用 --counterpart 写明对口的区级业务部门标识",
        )
    received = sorted(
        t.id
        for t in ctx.transfers.values()
        if t.data.get("transfer_kind") == TransferKind.TRANSFER
        and t.data.get("state") == TransferState.COMPLETED
        and t.data.get("from_department") == counterpart
    )
    kind = AdjustmentKind.DELEGATE if source in DELEGATED else AdjustmentKind.ENTRUST
    name = short_name(ctx, counterpart)
    if received:
        out.branch, out.department = "bureau", ctx.bureau
        out.reasons.append(
            f"行政审批服务局已接收{name}的区级审批权（划转记录 {'、'.join(received)} 已完成），"
            f"上级{kind}的事项由行政审批服务局承接。"
        )
    else:
        out.branch, out.department = "counterpart", counterpart
        out.reasons.append(
            f"行政审批服务局尚未接收{name}的区级审批权（没有已完成的划转记录），上级{kind}的事项仍由{name}承接。"
        )
    out.department_name = short_name(ctx, out.department)
    approving = custody.get("approving_department")
    out.reasons.append(_current(ctx, approving, out.department))
    if approving != out.department:
        out.steps = _steps(ctx, m.data, kind, approving, out.department)
    return out


def _current(ctx: Context, approving: str | None, want: str | None) -> str:
    if approving == want:
        return f"现由{short_name(ctx, approving)}审批，与上述结论一致，无需调整。"
    return f"现由{short_name(ctx, approving)}审批，与上述结论不一致，应按下列步骤调整。"


def _steps(
    ctx: Context, data: dict[str, object], kind: str, approving: str | None, target: str | None
) -> list[str]:
    record = TransferKind.ENTRUST if kind == AdjustmentKind.ENTRUST else TransferKind.UNDERTAKE
    source = f"--from {approving} " if record == TransferKind.ENTRUST else ""
    steps = [
        f"建立记录：shenguan transfer new --kind {record} --matter {data.get('id')} {source}--to {target} --basis 文号",
        "区审改办征求相关部门意见（transfer advance --to 已征求意见）",
        "区司法局合法性审查（transfer advance --to 合法性审查）",
    ]
    if kind == AdjustmentKind.ENTRUST and target == ctx.bureau:
        body = data.get("entrusting_body")
        who = body.get("name") if isinstance(body, dict) else "市级委托部门"
        steps.append(f"征求{who}意见，取得同意划转的文件（transfer advance --to 市级同意）")
        steps.append(
            "与委托部门重新签订委托授权书，签订即视为移交完成（transfer advance --to 授权书重签）"
        )
    steps.append(
        f"确定由{short_name(ctx, target)}承接并更新审管分工（transfer advance --to 已完成）"
    )
    return steps
