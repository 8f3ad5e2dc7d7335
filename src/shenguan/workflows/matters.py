"""Matter edits and views (通知一（二））: new, cancel, adjust, show, list.

Every change is recorded in the matter's own `adjustments` with its date, kind and basis
document, so the catalogue carries why it changed, not only what.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from shenguan import codes, yamlio
from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.codes import FIVE_STAGES, AdjustmentKind, MatterStatus
from shenguan.errors import UsageError
from shenguan.validation import schemas
from shenguan.workflows.edit import Transaction, date_arg

BASIC_CODE = re.compile(r"\d{11}[\dY]")  # a 子项 code may end in Y (实施规范 samples)
CODE_HINT = "基本编码为 12 位：来源(2)+事项类型(2)+主项(5)+子项(3，末位可为 Y)，如 000172013000、00016421300Y"
PROTECTED = ("/kind", "/id", "/adjustments")
# What `matter adjust` may record: adding and cancelling a matter have their own commands.
ADJUST_KINDS = tuple(
    k.value
    for k in (
        AdjustmentKind.ELEMENTS,
        AdjustmentKind.MANAGEMENT,
        AdjustmentKind.DELEGATE,
        AdjustmentKind.RECALL,
        AdjustmentKind.MERGE,
        AdjustmentKind.SPLIT,
        AdjustmentKind.ENTRUST,
        AdjustmentKind.TRANSFER,
        AdjustmentKind.UNDERTAKE,
    )
)
MASK = "******"


def check_code(code: str) -> str:
    if not (BASIC_CODE.fullmatch(code) and codes.basic_type(code) in codes.TYPE_ZH):
        raise UsageError(f"基本编码 {code} 不合规", CODE_HINT)
    return code


def get(ctx: Context, code: str) -> Record:
    found = ctx.matters.get(check_code(code))
    if found is None:
        raise UsageError(f"事项 {code} 不存在", "请用 shenguan matter list 查看事项的基本编码")
    return found


@dataclass
class NewMatter:
    """What a clerk gives for a new matter; the rest is derived or defaulted."""

    code: str
    name: str
    department: str
    basis: str
    law: str
    statutory: int
    promised: int
    consult_phone: str
    complaint_phone: str
    section: str | None = None
    supervising: str | None = None
    unit: str = "工作日"
    power_source: str = "法定本级"
    service_objects: list[str] = field(default_factory=lambda: ["自然人"])
    handling_forms: list[str] = field(default_factory=lambda: ["窗口办理"])
    depth: str = "Ⅰ"
    url: str | None = None
    date: str | None = None
    site_reason: str | None = None  # 必须现场办理原因 (when a visit is needed, depth below Ⅳ)
    consult_address: str | None = None  # default: the hall's address in shenguan.yaml
    complaint_address: str | None = None


def _contact(spec: NewMatter, site: Any) -> dict[str, str]:
    """Phones as given; addresses as given, else the hall's (consulted and complained to there)."""
    hall = site.get("address") if isinstance(site, dict) else None
    consult, complaint = spec.consult_address or hall, spec.complaint_address or hall
    return {
        "consult_phone": spec.consult_phone,
        "complaint_phone": spec.complaint_phone,
        **({"consult_address": consult} if consult else {}),
        **({"complaint_address": complaint} if complaint else {}),
    }


def new(tx: Transaction, spec: NewMatter) -> str:
    """Write matters/<code>.yaml, recorded as 新增 with its basis; returns its path."""
    code, ctx = check_code(spec.code), tx.ctx
    dept = ctx.departments.get(spec.department)
    if dept is None:
        raise UsageError(f"部门 {spec.department} 不存在", "请用 departments/ 下的部门标识")
    level = str(ctx.catalog.manifest.get("level", "4"))
    law, _, article = (p.strip() for p in spec.law.partition("|"))
    if not law or not article:
        raise UsageError(
            f"设定依据 {spec.law} 格式不对",
            '请写成 "法律法规名称|条款号"，如 "中华人民共和国食品安全法|第三十五条"',
        )
    data: dict[str, Any] = {
        "kind": "matter",
        "id": code,
        "name": spec.name,
        "type": codes.basic_type(code),
        "level": level,
        "implementation_code": codes.implementation_code(str(dept.data.get("uscc")), level, code),
        "implementing_body": {
            "department": dept.id,
            "nature": "1",
            **({"section": spec.section} if spec.section else {}),
        },
        "power_source": spec.power_source,
        "custody": {
            "approving_department": dept.id,
            **({"approving_section": spec.section} if spec.section else {}),
            "supervising_department": spec.supervising or dept.id,
        },
        "legal_basis": {"setting": [{"law": law, "article": article}]},
        "time_limit": {
            "statutory": {"value": spec.statutory, "unit": spec.unit},
            "promised": {"value": spec.promised, "unit": spec.unit},
        },
        "handling_type": "即办件" if spec.promised == 0 else "承诺件",
        "fee": {"charged": False},
        "process": [{"stage": s} for s in FIVE_STAGES if s != "颁证"],
        "service_objects": spec.service_objects,
        "handling_forms": spec.handling_forms,
        "hall": {"in_hall": True},
        "online": {
            "depth": spec.depth,
            **({"url": spec.url} if spec.url else {}),
            "site_visits": 0 if spec.depth == "Ⅳ" else 1,
            **({"site_reason": spec.site_reason} if spec.site_reason and spec.depth != "Ⅳ" else {}),
        },
        "contact": _contact(spec, ctx.catalog.manifest.get("public_site")),
        "status": MatterStatus.IN_USE.value,
        "adjustments": [
            {
                "date": date_arg(spec.date, ctx.today),
                "kind": AdjustmentKind.NEW.value,
                "basis": spec.basis,
            }
        ],
    }
    rel = f"matters/{code}.yaml"
    tx.create(rel, data)
    return rel


def cancel(tx: Transaction, code: str, basis: str, date: str | None = None) -> str:
    m = get(tx.ctx, code)
    if m.data.get("status") == MatterStatus.CANCELLED:
        raise UsageError(f"事项 {code} 已经取消", "无需再次取消")
    doc = tx.doc(m.path)
    doc.set("/status", MatterStatus.CANCELLED.value)
    entry = {"date": date_arg(date, tx.today), "kind": AdjustmentKind.CANCEL.value, "basis": basis}
    doc.append("/adjustments", entry)
    return m.path


def parse_assignment(text: str) -> tuple[str, Any]:
    """`FIELD=VALUE`: FIELD a dotted path or JSON pointer, VALUE read as YAML (empty deletes)."""
    name, sep, raw = text.partition("=")
    if not sep or not name.strip():
        raise UsageError(
            f"--set {text} 格式不对",
            "请写成 字段=值，如 time_limit.promised.value=3 或 /contact/consult_phone=029-86250002",
        )
    name = name.strip()
    pointer = (
        name
        if name.startswith("/")
        else "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in name.split("."))
    )
    if not raw.strip():
        return pointer, None
    try:
        value = yamlio.load_text(raw)
    except yamlio.YamlProblem as p:
        raise UsageError(
            f"--set {text} 的值无法读取：{p.message}",
            "文本含冒号等符号时请加引号，如 name='\"营业执照: 副本\"'",
        ) from None
    # `level=4` means the code "4": a text field takes the text as typed, not the number it looks like
    if isinstance(value, (bool, int, float)) and _types().get(pattern_of(pointer)) == "string":
        return pointer, raw.strip()
    return pointer, value


@cache
def _types() -> dict[str, Any]:
    return {p: sub.get("type") for p, sub in schemas.walk_properties("matter")}


def pattern_of(pointer: str) -> str:
    return "/".join("*" if p.isdigit() else p for p in pointer.split("/"))


def _check_field(pointer: str) -> None:
    if any(pointer == p or pointer.startswith(p + "/") for p in PROTECTED):
        raise UsageError(
            f"字段 {pointer} 不能用 adjust 修改",
            "基本编码与调整记录由命令维护；取消请用 matter cancel",
        )
    known = schemas.field_meta("matter")
    if pattern_of(pointer) not in known:
        near = difflib.get_close_matches(pattern_of(pointer), list(known), n=1, cutoff=0.6)
        raise UsageError(
            f"事项没有字段 {pointer}",
            f"是否想写 {near[0]}？" if near else "字段名见 schemas/matter.json",
        )


def adjust(
    tx: Transaction,
    code: str,
    assignments: list[str],
    basis: str,
    date: str | None = None,
    kind: str = AdjustmentKind.ELEMENTS.value,
    note: str | None = None,
) -> tuple[str, list[str]]:
    """Set fields and record the adjustment; returns the path and the pointers that changed."""
    if kind not in ADJUST_KINDS:
        raise UsageError(f"调整类型 {kind} 不可用于 adjust", f"可选：{'、'.join(ADJUST_KINDS)}")
    m = get(tx.ctx, code)
    doc = tx.doc(m.path)
    changed = []
    for pointer, value in (parse_assignment(a) for a in assignments):
        _check_field(pointer)
        if doc.get(pointer) == value:
            continue
        if value is None:
            doc.delete(pointer)
        else:
            doc.set(pointer, value)
        changed.append(pointer)
    if not changed:
        raise UsageError("没有字段发生变化", "请检查 --set 的值是否与现值相同")
    if {"/implementing_body/department", "/level"} & set(
        changed
    ) and "/implementation_code" not in changed:
        dept = tx.ctx.departments.get(str(doc.get("/implementing_body/department")))
        if dept is not None:
            doc.set(
                "/implementation_code",
                codes.implementation_code(str(dept.data.get("uscc")), str(doc.get("/level")), m.id),
            )
            changed.append("/implementation_code")
    entry: dict[str, Any] = {
        "date": date_arg(date, tx.today),
        "kind": kind,
        "basis": basis,
        "fields": changed,
    }
    if note:
        entry["note"] = note
    doc.append("/adjustments", entry)
    return m.path, changed


def show(m: Record, show_restricted: bool = False) -> list[tuple[str, str, str]]:
    """(pointer, Chinese label, value) for every leaf; restricted values masked unless asked."""
    meta = schemas.field_meta("matter")
    rows = []
    for pointer, value in _leaves(m.data, ""):
        parts = pointer.strip("/").split("/")
        labels = []
        for i, part in enumerate(parts):
            info = meta.get(pattern_of("/" + "/".join(parts[: i + 1])), {})
            labels.append(f"第{int(part) + 1}项" if part.isdigit() else info.get("title", part))
        visibility = meta.get(pattern_of(pointer), {}).get("visibility", "restricted")
        text = MASK if visibility == "restricted" and not show_restricted else _text(value)
        rows.append((pointer, " · ".join(labels), text))
    return rows


def _leaves(node: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}/{k}")
    elif isinstance(node, list) and any(isinstance(v, (dict, list)) for v in node):
        for i, v in enumerate(node):
            yield from _leaves(v, f"{prefix}/{i}")
    else:
        yield prefix, node


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return "" if value is None else str(value)


def listing(
    ctx: Context,
    department: str | None = None,
    type_: str | None = None,
    status: str | None = None,
    transferred: bool | None = None,
) -> list[dict[str, Any]]:
    if type_ is not None:
        type_ = _type_code(type_)
    rows = []
    for code, m in sorted(ctx.matters.items()):
        d, custody = m.data, m.data.get("custody", {})
        depts = {
            custody.get("approving_department"),
            custody.get("supervising_department"),
            d.get("implementing_body", {}).get("department"),
        }
        moved = ctx.is_transferred(m)
        if (
            department
            and department not in depts
            or type_
            and d.get("type") != type_
            or status
            and d.get("status") != status
            or transferred is not None
            and moved != transferred
        ):
            continue
        rows.append(
            {
                "code": code,
                "name": d.get("name"),
                "type": codes.TYPE_ZH.get(str(d.get("type")), d.get("type")),
                "approving": custody.get("approving_department"),
                "supervising": custody.get("supervising_department"),
                "status": d.get("status"),
                "transferred": moved,
            }
        )
    return rows


def _type_code(value: str) -> str:
    for code, name in codes.TYPE_ZH.items():
        if value in (code, name):
            return code
    raise UsageError(f"事项类型 {value} 不存在", "可写代码或名称，如 01 或 行政许可")
