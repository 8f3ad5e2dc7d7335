"""The service guide (办事指南) of a matter: what 行政许可法 §30 requires the public to be shown.

The guide is a list of sections, each an export/blocks.py `Block`, built from public fields only;
the Markdown and HTML renderers in guideout.py draw any section the same way, so adding content
never touches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shenguan.catalog import Catalog
from shenguan.errors import UsageError
from shenguan.export import texts
from shenguan.export.allow import MetaSource, allow_for
from shenguan.export.blocks import Block

DEPTH_ZH = {"Ⅰ": "Ⅰ 信息公开/咨询", "Ⅱ": "Ⅱ 在线预审", "Ⅲ": "Ⅲ 网上受理办理", "Ⅳ": "Ⅳ 全程网办"}
BASIS_HEAD = ["法律法规名称", "文号", "条款号", "条款内容"]


@dataclass
class Guide:
    code: str
    name: str
    region: str
    status: str
    sections: list[Block]


class Sources:
    """The public readers a guide needs, built once for `--all`."""

    def __init__(self, catalog: Catalog, meta: MetaSource | None = None) -> None:
        self.matter = allow_for("matter", meta)
        manifest = allow_for("manifest", meta).view(catalog.manifest)
        self.region = str(manifest.get("region", {}).get("name", ""))
        self.site: dict[str, Any] = manifest.get("public_site", {})
        dept_allow, std_allow = allow_for("department", meta), allow_for("standard", meta)
        self.departments = {
            v["id"]: v
            for v in (dept_allow.view(r.data) for r in catalog.of("department"))
            if isinstance(v.get("id"), str)
        }
        self.sections = {
            s["id"]: s.get("name", s["id"])
            for d in self.departments.values()
            for s in d.get("sections", [])
            if isinstance(s, dict) and "id" in s
        }
        self.standards = [std_allow.view(r.data) for r in catalog.of("standard")]

    def dept(self, ident: Any) -> str:
        return str(self.departments.get(ident, {}).get("name", ident or ""))

    def standard(self, ref: dict[str, Any]) -> str:
        versions = [
            s
            for s in self.standards
            if s.get("id") == ref.get("id") and s.get("status") == "已发布"
        ]
        if ref.get("version") is not None:
            versions = [s for s in versions if s.get("version") == ref["version"]]
        best = max(versions, key=lambda s: s.get("version", 0), default=None)
        if best is None:
            return str(ref.get("id", ""))
        return f"{best.get('title', best.get('id'))}（第 {best.get('version')} 版，{best.get('effective_date', '')} 起施行）"


def find(catalog: Catalog, code: str) -> dict[str, Any]:
    for record in catalog.of("matter"):
        if record.id == code:
            return record.data
    raise UsageError(
        f"找不到事项 {code}",
        "请填写 12 位基本编码，例如 000172013000；可用 shenguan export public 查看清单",
    )


def build(src: Sources, data: dict[str, Any]) -> Guide:
    m = src.matter.view(data)
    sections = [
        _basic(src, m),
        _basis(m),
        _text("受理条件", m.get("conditions")),
        _text("数量限制", m.get("quantity_limit")),
        _materials(m),
        _process(m),
        _time(m),
        _fee(m),
        _result(m),
        _place(src, m),
        _online(m),
        _contact(src, m),
        _text("中介服务", m.get("intermediary")),
        _items(m),
        _standard(src, m),
        _faq(m),
    ]
    return Guide(
        str(m.get("id", "")),
        str(m.get("name", "")),
        src.region,
        str(m.get("status", "")),
        [s for s in sections if s.pairs or s.rows or s.text or s.links],
    )


def _pairs(title: str, *pairs: tuple[str, Any]) -> Block:
    return Block(
        title,
        [
            (k, texts.join(v) if isinstance(v, list) else str(v))
            for k, v in pairs
            if v not in (None, "", [])
        ],
    )


def _text(title: str, value: Any) -> Block:
    return Block(title, text=str(value) if value else "")


def _basic(src: Sources, m: dict[str, Any]) -> Block:
    body = m.get("implementing_body", {})
    return _pairs(
        "基本信息",
        ("事项名称", m.get("name")),
        ("基本编码", m.get("id")),
        ("实施编码", m.get("implementation_code")),
        ("事项类型", texts.type_name(m.get("type"))),
        ("行使层级", texts.level_name(m.get("level"))),
        ("实施主体", src.dept(body.get("department"))),
        ("实施主体性质", texts.nature_name(body.get("nature"))),
        ("承办机构", src.sections.get(body.get("section"), body.get("section"))),
        ("权力来源", m.get("power_source")),
        ("委托部门", m.get("entrusting_body", {}).get("name")),
        ("服务对象", m.get("service_objects")),
        ("事项状态", m.get("status")),
    )


def _basis(m: dict[str, Any]) -> Block:
    rows = []
    for label, key in (("设定依据", "setting"), ("实施依据", "implementing")):
        for b in m.get("legal_basis", {}).get(key, []):
            rows.append(
                [
                    label,
                    texts.law_name(b.get("law")),
                    b.get("doc_no", ""),
                    b.get("article", ""),
                    b.get("content", ""),
                ]
            )
    return Block("设定和实施依据", head=["类别", *BASIS_HEAD], rows=rows)


def _materials(m: dict[str, Any]) -> Block:
    head = [
        "材料名称",
        "材料类型",
        "来源渠道",
        "必要性",
        "材料形式",
        "原件",
        "复印件",
        "免提交",
        "填报说明",
    ]
    rows = [
        [
            x.get("name", ""),
            x.get("type", ""),
            x.get("source", ""),
            x.get("necessity", ""),
            x.get("form", ""),
            str(x.get("originals", "")),
            str(x.get("copies", "")),
            texts.yes_no(x.get("shared")),
            x.get("note", ""),
        ]
        for x in m.get("materials", [])
    ]
    return Block("申请材料", head=head, rows=rows)


def _process(m: dict[str, Any]) -> Block:
    rows = [
        [p.get("stage", ""), p.get("description", ""), texts.time_limit(p.get("time_limit"))]
        for p in m.get("process", [])
    ]
    return Block("办理流程", head=["环节", "环节说明", "环节时限"], rows=rows)


def _time(m: dict[str, Any]) -> Block:
    tl = m.get("time_limit", {})
    return _pairs(
        "办理时限",
        ("法定办结时限", texts.time_limit(tl.get("statutory"))),
        ("承诺办结时限", texts.time_limit(tl.get("promised"))),
        ("办件类型", m.get("handling_type")),
        ("特别程序", m.get("special_procedures")),
    )


def _fee(m: dict[str, Any]) -> Block:
    fee = m.get("fee", {})
    section = _pairs(
        "收费",
        ("是否收费", texts.yes_no(fee.get("charged"))),
        ("收费依据", texts.bases(fee.get("basis", []))),
    )
    section.head = ["收费项目", "收费标准"] if fee.get("items") else []
    section.rows = [[i.get("name", ""), i.get("standard", "")] for i in fee.get("items", [])]
    return section


def _result(m: dict[str, Any]) -> Block:
    r = m.get("result", {})
    return _pairs("办理结果", ("结果名称", r.get("name")), ("结果类型", r.get("type")))


def _place(src: Sources, m: dict[str, Any]) -> Block:
    hall = m.get("hall", {})
    # The hall's own address and hours apply only to matters handled in the hall.
    site = src.site if hall.get("in_hall") is True else {}
    return _pairs(
        "办理地点和时间",
        ("进驻政务服务大厅", texts.yes_no(hall.get("in_hall"))),
        ("未进驻原因", hall.get("reason")),
        ("办理地点", hall.get("address") or site.get("address")),
        ("办理窗口", hall.get("window")),
        ("办理时间", hall.get("hours") or site.get("hours")),
    )


def _online(m: dict[str, Any]) -> Block:
    on = m.get("online", {})
    section = _pairs(
        "网上办理",
        ("办理形式", m.get("handling_forms")),
        ("网办深度", DEPTH_ZH.get(on.get("depth"), on.get("depth"))),
        ("到办事现场次数", on.get("site_visits")),
    )
    if on.get("url"):
        section.links = [("网办地址", str(on["url"]))]
    return section


def _contact(src: Sources, m: dict[str, Any]) -> Block:
    c = m.get("contact", {})
    return _pairs(
        "咨询和监督",
        ("咨询电话", c.get("consult_phone") or src.site.get("consult_phone")),
        ("监督电话", c.get("complaint_phone") or src.site.get("complaint_phone")),
    )


def _items(m: dict[str, Any]) -> Block:
    rows = [
        [i.get("no", ""), i.get("name", ""), i.get("kind", ""), texts.time_limit(i.get("promised"))]
        for i in m.get("handle_items", [])
    ]
    return Block("业务办理项", head=["序号", "办理项名称", "类别", "承诺时限"], rows=rows)


def _standard(src: Sources, m: dict[str, Any]) -> Block:
    ref = m.get("standard")
    return _pairs(
        "适用审批标准", ("审批标准", src.standard(ref) if isinstance(ref, dict) else None)
    )


def _faq(m: dict[str, Any]) -> Block:
    rows = [[q.get("q", ""), q.get("a", "")] for q in m.get("faq", [])]
    return Block("常见问题", head=["问题", "解答"], rows=rows)
