"""The service guide (办事指南) of a matter: what 行政许可法 §30 requires the public to be shown.

The guide is a list of sections, each an export/blocks.py `Block`, built from public fields only;
the Markdown and HTML renderers in guideout.py draw any section the same way, so adding content
never touches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shenguan.catalog import Catalog
from shenguan.catalog.model import effective_item
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
        _situations("办理情形", m.get("situations")),
        _process(m),
        _time(m),
        _punishment(m),
        _levy(m),
        _fee(m),
        _result(m),
        _place(src, m),
        _online(m),
        _service(m),
        _contact(src, m),
        _remedies(m),
        _intermediary(m),
        _items(m),
        *_item_details(m),
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
        ("许可类型", m.get("license_type")),
        ("受理层级", texts.level_name(m.get("levels", {}).get("accept"))),
        ("审批层级", texts.level_name(m.get("levels", {}).get("approve"))),
        ("是否初审", texts.yes_no(m.get("levels", {}).get("preliminary_review"))),
        ("权力来源", m.get("power_source")),
        ("委托部门", m.get("entrusting_body", {}).get("name")),
        ("服务对象", m.get("service_objects")),
        ("通办范围", m.get("handle_area")),
        ("面向自然人主题", m.get("topics", {}).get("natural_person")),
        ("面向法人主题", m.get("topics", {}).get("legal_person")),
        ("事项状态", m.get("status")),
    )


def _basis(m: dict[str, Any]) -> Block:
    rows = []
    for label, key in (
        ("设定依据", "setting"),
        ("实施依据", "implementing"),
        ("监管依据", "supervision"),
    ):
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


def _materials(m: dict[str, Any], title: str = "申请材料") -> Block:
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
    section = Block(title, head=head, rows=rows)
    # 受理标准, 纸质规格, 来源说明 and the blank and sample forms, for the materials that have them
    notes = []
    for x in m.get("materials", []):
        said = [
            f"{label}：{x[key]}"
            for label, key in (
                ("受理标准", "acceptance_standard"),
                ("纸质规格", "paper_spec"),
                ("来源渠道说明", "source_note"),
            )
            if x.get(key)
        ]
        if said:
            notes.append(f"{x.get('name', '')}——" + "；".join(said))
        for label, key in (("空白表格", "blank_form"), ("示例样表", "sample_form")):
            if x.get(key):
                section.links.append((f"{x.get('name', '')} {label}", str(x[key])))
    section.text = "\n".join(notes)
    return section


def _situations(title: str, situations: Any) -> Block:
    rows = [
        [s.get("name", ""), s.get("description", ""), texts.join(s.get("materials", []))]
        for s in situations or []
        if isinstance(s, dict)
    ]
    return Block(title, head=["情形", "情形说明", "须提交的材料"], rows=rows)


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
        ("特别程序", _special(m.get("special_procedures"))),
        ("是否实行告知承诺制", texts.yes_no(m.get("notification_commitment"))),
        ("是否容缺受理", texts.yes_no(m.get("tolerant_acceptance"))),
    )


def _special(procedures: Any) -> str:
    """特别程序 as 现场核查（5 个工作日；说明）、专家评审."""
    out = []
    for p in procedures or []:
        if not isinstance(p, dict):
            continue
        said = [s for s in (texts.time_limit(p.get("time_limit")), p.get("note")) if s]
        out.append(str(p.get("name", "")) + (f"（{'；'.join(said)}）" if said else ""))
    return "、".join(out)


def _punishment(m: dict[str, Any]) -> Block:
    p = m.get("punishment", {})
    return _pairs(
        "处罚的行为、种类、幅度",
        ("违法行为", p.get("behaviour")),
        ("处罚种类", p.get("kinds")),
        ("处罚幅度", p.get("range")),
    )


def _levy(m: dict[str, Any]) -> Block:
    v = m.get("levy", {})
    return _pairs(
        "征收",
        ("征收种类", v.get("kind")),
        ("是否涉及征收费减免的审批", texts.yes_no(v.get("reduction"))),
        ("征收说明", v.get("note")),
    )


def _fee(m: dict[str, Any]) -> Block:
    fee = m.get("fee", {})
    section = _pairs(
        "收费",
        ("是否收费", texts.yes_no(fee.get("charged"))),
        ("收费依据", texts.bases(fee.get("basis", []))),
    )
    section.head = ["收费项目", "收费标准", "收费依据", "减免"] if fee.get("items") else []
    section.rows = [
        [i.get("name", ""), i.get("standard", ""), texts.bases(i.get("basis", [])), _reduction(i)]
        for i in fee.get("items", [])
    ]
    return section


def _reduction(item: dict[str, Any]) -> str:
    r = item.get("reduction")
    if not isinstance(r, dict) or "allowed" not in r:
        return ""
    said = "允许减免" if r.get("allowed") else "不予减免"
    return f"{said}（{r['basis']}）" if r.get("basis") else said


VALIDITY_UNIT = {"年": "年", "月": "个月", "日": "日"}


def _validity(v: Any) -> str:
    if not isinstance(v, dict):
        return ""
    if v.get("unlimited") is True:
        return "长期有效"
    if "value" in v:
        return f"{v['value']} {VALIDITY_UNIT.get(str(v.get('unit')), v.get('unit', ''))}"
    return ""


def _result(m: dict[str, Any]) -> Block:
    r = m.get("result", {})
    section = _pairs(
        "办理结果",
        ("结果名称", r.get("name")),
        ("结果类型", r.get("type")),
        ("有效期", _validity(r.get("validity"))),
        ("送达方式", r.get("delivery")),
    )
    if r.get("sample"):
        section.links = [("结果样本", str(r["sample"]))]
    return section


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
        ("必须现场办理原因", on.get("site_reason")),
    )
    section.links = [
        (label, str(on[key]))
        for label, key in (("网办地址", "url"), ("移动端办理地址", "mobile_url"))
        if on.get(key)
    ]
    return section


def _service(m: dict[str, Any]) -> Block:
    s = m.get("support", {})
    return _pairs(
        "服务方式",
        ("是否支持物流快递", texts.yes_no(s.get("express"))),
        ("是否支持预约办理", texts.yes_no(s.get("appointment"))),
        ("是否支持网上支付", texts.yes_no(s.get("online_payment"))),
        ("是否支持自助终端办理", texts.yes_no(s.get("self_service"))),
        ("联办机构", m.get("joint_bodies")),
    )


def _contact(src: Sources, m: dict[str, Any]) -> Block:
    c = m.get("contact", {})
    section = _pairs(
        "咨询和监督",
        ("咨询电话", c.get("consult_phone") or src.site.get("consult_phone")),
        ("咨询地址", c.get("consult_address")),
        ("监督电话", c.get("complaint_phone") or src.site.get("complaint_phone")),
        ("监督投诉地址", c.get("complaint_address")),
    )
    section.links = [
        (label, str(c[key]))
        for label, key in (("网上咨询", "consult_url"), ("网上监督投诉", "complaint_url"))
        if c.get(key)
    ]
    return section


def _remedies(m: dict[str, Any]) -> Block:
    r = m.get("remedies", {})
    section = Block("救济途径", head=["途径", "机关", "电话", "地址"])
    for label, key in (("行政复议", "reconsideration"), ("行政诉讼", "litigation")):
        c = r.get(key)
        if isinstance(c, dict) and c.get("body"):
            section.rows.append([label, c["body"], c.get("phone", ""), c.get("address", "")])
            if c.get("url"):
                section.links.append((label, str(c["url"])))
    return section


def _intermediary(m: dict[str, Any]) -> Block:
    i = m.get("intermediary", {})
    if not isinstance(i, dict) or "involved" not in i:
        return Block("中介服务")
    return _pairs(
        "中介服务",
        ("是否涉及中介服务", texts.yes_no(i.get("involved"))),
        ("中介服务名称", i.get("name")),
        ("是否收费", texts.yes_no(i.get("charged"))),
        ("收费标准", i.get("fee")),
    )


def _items(m: dict[str, Any]) -> Block:
    items = [effective_item(m, i) for i in m.get("handle_items", []) if isinstance(i, dict)]
    rows = [
        [
            i.get("no", ""),
            i.get("name", ""),
            i.get("kind", ""),
            texts.time_limit(i.get("statutory")),
            texts.time_limit(i.get("promised")),
        ]
        for i in items
    ]
    return Block(
        "业务办理项", head=["序号", "办理项名称", "类别", "法定时限", "承诺时限"], rows=rows
    )


OWN = ("conditions", "materials", "situations", "fee")


def _item_details(m: dict[str, Any]) -> list[Block]:
    """A section for each handle item with its own conditions, materials, 办理情形 or fee (the others
    are the matter's, shown above)."""
    out = []
    for item in m.get("handle_items", []):
        if not isinstance(item, dict) or not any(k in item for k in OWN):
            continue
        name = str(item.get("name", item.get("no", "")))
        if "conditions" in item:
            out.append(_text(f"{name}：受理条件", item["conditions"]))
        if "materials" in item:
            out.append(_materials(item, f"{name}：申请材料"))
        if "situations" in item:
            out.append(_situations(f"{name}：办理情形", item["situations"]))
        if "fee" in item:
            fee = _fee(item)
            fee.title = f"{name}：收费"
            out.append(fee)
    return out


def _standard(src: Sources, m: dict[str, Any]) -> Block:
    ref = m.get("standard")
    return _pairs(
        "适用审批标准", ("审批标准", src.standard(ref) if isinstance(ref, dict) else None)
    )


def _faq(m: dict[str, Any]) -> Block:
    rows = [[q.get("q", ""), q.get("a", "")] for q in m.get("faq", [])]
    return Block("常见问题", head=["问题", "解答"], rows=rows)
