"""Which column is which: the header row found by its labels, wherever it stands.

A column is recognised by the national column name or the Chinese label of `columns.py`, or by one
of the synonyms real provincial 实施清单 use (EXCHANGE.md §3). Labels are compared without spaces,
`*`, 「（必填）」, 「，暂时取消必填」 and the like. A `--mapping` file adds a province's own wording.
The header row is the one among the first rows that names the most known columns; title rows
above it and merged cells (a group heading over two sub-headings) are handled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shenguan.workflows.exchange import columns as national

MATTER, MATERIAL, FEE, FAQ, SITUATION, SITUATION_MATERIAL, EXTRA, ORGANIZATION = (
    "matter",
    "material",
    "fee",
    "faq",
    "situation",
    "situation_material",
    "extra",
    "organization",
)
ROLE_TITLE = {
    MATTER: "事项",
    MATERIAL: "申请材料",
    FEE: "收费项目",
    FAQ: "常见问题",
    SITUATION: "办理情形",
    SITUATION_MATERIAL: "情形材料",
    EXTRA: "扩展字段",
    ORGANIZATION: "实施主体",
}
# Keys that tie a row to its matter (any role).
KEYS = ("@catalog_code", "@task_code", "@handle_item", "@local_code", "@task_guid", "@row_guid")


@dataclass(frozen=True)
class Field:
    """What a recognised column holds: a role, a key (a pointer pattern or an @name) and a reader."""

    role: str
    key: str
    reader: str
    labels: tuple[str, ...] = ()


def clean(label: Any) -> str:
    """A header's comparable form."""
    text = unicodedata.normalize("NFKC", str(label or ""))
    text = re.sub(
        r"[（(]\s*(必填|选填|必选|可选|多选|单选|非必填|[^()（）]*代码[^()（）]*)\s*[)）]", "", text
    )
    text = re.sub(r"[，,]\s*暂时取消必填.*$", "", text)
    text = re.sub(r"[\s*＊:：★※]+", "", text)
    return text.lower()


def _f(role: str, key: str, reader: str, *labels: str) -> Field:
    return Field(role, key, reader, labels)


M, MT, FE, Q, S = MATTER, MATERIAL, FEE, FAQ, SITUATION
# Hand-written synonyms (Chinese labels seen in provincial exports, EXCHANGE §3.1–3.3); the national
# names and DDL labels of columns.py are added below.
_FIELDS: tuple[Field, ...] = (
    _f(
        M,
        "@catalog_code",
        "basic_code",
        "基本编码",
        "事项编码",
        "目录编码",
        "权力基本码",
        "事项基本编码",
        "catalog_code",
        "itemcode",
    ),
    _f(M, "@task_code", "impl_code", "实施编码", "事项实施编码", "task_code"),
    _f(
        M, "@handle_item", "item_code", "业务办理项编码", "办理项编码", "task_handle_item", "ywcode"
    ),
    _f(
        M,
        "@local_code",
        "name",
        "地方基本编码",
        "地方编码",
        "权力内部编码",
        "地方实施编码",
        "内部编码",
    ),
    _f(M, "@row_guid", "name", "记录唯一标识", "row_guid", "rowguid"),
    _f(M, "@task_guid", "name", "事项唯一标识", "task_guid", "taskguid"),
    _f(
        M,
        "@dept_name",
        "name",
        "实施主体",
        "实施主体名称",
        "实施机构",
        "部门名称",
        "实施部门",
        "dept_name",
    ),
    _f(
        M,
        "@dept_code",
        "uscc",
        "实施主体编码",
        "实施主体统一社会信用代码",
        "组织编码（即部门编码）",
        "部门编码",
        "dept_code",
    ),
    _f(M, "@handle_item_name", "name", "业务办理项名称", "办理项名称", "子项名称"),
    _f(M, "/name", "name", "事项名称", "权力名称", "实施清单名称", "task_name"),
    _f(M, "/type", "code:TYPE", "事项类型", "权力类型", "事项类别", "task_type"),
    _f(M, "/level", "code:LEVEL", "行使层级", "use_level"),
    _f(M, "/status", "code:STATUS", "事项状态", "task_state"),
    _f(M, "/implementing_body/nature", "code:NATURE", "实施主体性质", "dept_type"),
    _f(M, "/power_source", "code:POWER_SOURCE", "权力来源", "权利来源", "power_source"),
    _f(M, "/entrusting_body/name", "name", "委托部门", "entrust_name"),
    _f(M, "/legal_basis/setting", "basis", "设定依据", "法律依据", "国家法律依据", "by_law"),
    _f(M, "/legal_basis/implementing", "basis", "实施依据", "办理依据", "handle_yj"),
    _f(M, "/legal_basis/supervision", "basis", "监管依据"),
    _f(
        M,
        "/time_limit/statutory",
        "time_limit",
        "法定办结时限",
        "法定时限",
        "法定期限",
        "法定办理时限",
        "anticipate_day",
    ),
    _f(
        M,
        "/time_limit/statutory/unit",
        "code:TIME_UNIT",
        "法定办结时限单位",
        "法定时限单位",
        "法定办结期限单位",
        "anticipate_type",
    ),
    _f(
        M,
        "/time_limit/statutory/note",
        "text",
        "法定办结时限说明",
        "法定时限说明",
        "anticipate_explain",
    ),
    _f(
        M,
        "/time_limit/promised",
        "time_limit",
        "承诺办结时限",
        "承诺时限",
        "承诺期限",
        "承诺办理时限",
        "promise_day",
    ),
    _f(
        M,
        "/time_limit/promised/unit",
        "code:TIME_UNIT",
        "承诺办结时限单位",
        "承诺时限单位",
        "承诺办结期限单位",
        "promise_type",
    ),
    _f(
        M,
        "/time_limit/promised/note",
        "text",
        "承诺办结时限说明",
        "承诺时限说明",
        "promise_explain",
    ),
    _f(M, "/handling_type", "code:HANDLING_TYPE", "办件类型", "project_type"),
    _f(M, "/conditions", "text", "受理条件", "申请条件", "办理条件", "accept_condition"),
    _f(M, "/quantity_limit", "text", "数量限制", "limit_explain"),
    _f(M, "/fee/charged", "bool", "是否收费", "is_fee"),
    _f(M, "/fee/basis", "basis", "收费依据", "fee_basis"),
    _f(M, "/service_objects", "codes:SERVICE_OBJECT", "服务对象", "server_type"),
    _f(M, "/handling_forms", "codes:HANDLING_FORM", "办理形式", "handle_type"),
    _f(
        M,
        "/online/site_visits",
        "visits",
        "到办事现场次数",
        "到现场次数",
        "跑动次数",
        "limit_scene_num",
    ),
    _f(
        M,
        "/online/site_reason",
        "none_text",
        "必须现场办理原因说明",
        "办理现场办理原因说明",
        "到现场原因",
        "limit_scene_explain",
    ),
    _f(
        M,
        "/online/depth",
        "depth",
        "网上办理深度",
        "网办深度",
        "办理深度",
        "online_handle_depth",
        "wsblsd",
    ),
    _f(
        M,
        "/online/url",
        "name",
        "计算机端在线办理跳转地址",
        "电脑端在线办理跳转地址",
        "网办地址",
        "在线办理地址",
        "网上办理地址",
        "link_addr",
        "online_handle_url",
    ),
    _f(M, "/online/mobile_url", "name", "移动端办理地址", "mobile_terminal_url"),
    _f(M, "/online/single_login", "bool", "计算机端是否对接单点登录", "is_single_login"),
    _f(M, "/online/mobile_single_login", "bool", "移动端是否对接单点登录", "app_is_single_login"),
    _f(M, "@is_online", "bool", "是否网办", "is_online"),
    _f(
        M,
        "/contact/consult_phone",
        "phone",
        "咨询电话",
        "咨询方式",
        "联系电话",
        "联系方式",
        "link_way",
    ),
    _f(
        M,
        "/contact/complaint_phone",
        "phone",
        "监督投诉方式",
        "投诉电话",
        "监督电话",
        "监督投诉电话",
        "supervise_way",
    ),
    _f(M, "/contact/consult_address", "none_text", "咨询地址"),
    _f(M, "/contact/complaint_address", "none_text", "投诉地址", "监督投诉地址"),
    _f(M, "/contact/consult_url", "name", "网上咨询地址", "咨询网址"),
    _f(M, "/contact/complaint_url", "name", "网上监督投诉地址", "投诉网址"),
    _f(
        M,
        "/hall/in_hall",
        "bool",
        "是否进驻政务大厅",
        "是否进驻大厅",
        "进驻大厅",
        "is_entry_center",
    ),
    _f(M, "/hall/reason", "none_text", "未进驻原因", "未进驻大厅原因", "notentrycenterreason"),
    _f(M, "/hall/address", "text", "办理地点", "具体地址", "受理地点", "transact_addr"),
    _f(M, "/hall/window", "name", "办理地点到窗口", "办理窗口", "窗口"),
    _f(M, "/hall/hours", "text", "办理时间", "工作时间", "受理时间", "transact_time"),
    _f(M, "/result/name", "none_name", "审批结果名称", "办理结果名称", "结果名称", "result_name"),
    _f(
        M,
        "/result/type",
        "code:RESULT_TYPE",
        "审批结果类型",
        "办理结果类型",
        "结果类型",
        "result_type",
    ),
    _f(M, "/result/sample", "none_name", "审批结果样本", "结果样本", "result_guid"),
    _f(M, "/result/validity", "validity", "审批结果有效期", "有效期", "有效期限"),
    _f(M, "/result/delivery", "codes:DELIVERY", "送达方式", "审批结果送达方式", "result_send_mode"),
    _f(M, "/intermediary", "intermediary", "中介服务", "是否存在中介服务", "service_type"),
    _f(M, "/special_procedures", "special", "特别程序", "special_procedure"),
    _f(M, "/support/express", "bool", "是否支持物流快递", "是否支持快递"),
    _f(M, "/support/appointment", "bool", "是否支持预约办理", "is_schedule"),
    _f(M, "/support/online_payment", "bool", "是否支持网上支付", "is_pay_online"),
    _f(
        M,
        "/support/self_service",
        "bool",
        "是否支持自助终端办理",
        "是否支持终端办理",
        "is_service_terminals",
    ),
    _f(M, "/joint_bodies", "list", "联办机构", "other_dept"),
    _f(M, "/handle_area", "code:HANDLE_AREA", "通办范围", "handle_area"),
    _f(
        M,
        "/topics/natural_person",
        "list",
        "面向自然人事项主题分类",
        "自然人主题分类",
        "user_topic_type",
    ),
    _f(
        M, "/topics/legal_person", "list", "面向法人事项主题分类", "法人主题分类", "corp_topic_type"
    ),
    _f(
        M,
        "/notification_commitment",
        "bool",
        "是否实行告知承诺制",
        "是否实行告知承诺办理",
        "告知承诺制",
        "is_inform_promise",
    ),
    _f(M, "/tolerant_acceptance", "bool", "是否容缺受理", "容缺受理"),
    _f(M, "/license_type", "code:LICENSE_TYPE", "许可类型", "行政许可类型"),
    _f(M, "/levels/accept", "code:LEVEL", "受理层级"),
    _f(M, "/levels/approve", "code:LEVEL", "审批层级"),
    _f(M, "/levels/preliminary_review", "bool", "是否初审"),
    _f(M, "/punishment", "punishment", "处罚的行为、种类、幅度", "punishment_method"),
    _f(M, "/levy/kind", "name", "征收种类", "collect_type"),
    _f(M, "/levy/reduction", "bool", "是否涉及征收费减免的审批", "is_permit_reduce"),
    _f(M, "/remedies/reconsideration/body", "name", "行政复议部门", "行政复议机关"),
    _f(M, "/remedies/reconsideration/phone", "phone", "行政复议电话"),
    _f(M, "/remedies/reconsideration/address", "text", "行政复议地址"),
    _f(M, "/remedies/reconsideration/url", "name", "行政复议网址"),
    _f(M, "/remedies/litigation/body", "name", "行政诉讼部门", "行政诉讼法院"),
    _f(M, "/remedies/litigation/phone", "phone", "行政诉讼电话"),
    _f(M, "/remedies/litigation/address", "text", "行政诉讼地址"),
    _f(M, "/remedies/litigation/url", "name", "行政诉讼网址"),
    _f(M, "@faq_cell", "faq_cell", "常见问题", "常见问题解答"),
    _f(M, "@material_cell", "material_cell", "申请材料", "申报材料", "材料清单"),
    _f(
        M,
        "@ignore",
        "ignore",
        "序号",
        "task_version",
        "事项版本",
        "plan_effective_date",
        "plan_cancel_date",
        "计划生效日期",
        "计划取消日期",
        "id",
        "雪花算法id",
        "cd_batch",
        "cd_operation",
        "cd_time",
        "data_source",
        "批次号",
        "同步类型",
        "同步时间",
        "数据来源",
        "handle_flow",
        "办理流程",
        "目录层级",
    ),
    _f(MT, "/materials/*/name", "name", "材料名称", "申请材料名称", "material_name"),
    _f(MT, "/materials/*/type", "code:MATERIAL_TYPE", "材料类型", "material_type"),
    _f(MT, "/materials/*/form", "code:MATERIAL_FORM", "材料形式", "material_format"),
    _f(
        MT,
        "/materials/*/necessity",
        "code:MATERIAL_NECESSITY",
        "材料必要性",
        "是否必要",
        "必要性",
        "is_need",
    ),
    _f(MT, "/materials/*/source", "code:MATERIAL_SOURCE", "来源渠道", "材料来源", "source_type"),
    _f(MT, "/materials/*/source_note", "text", "来源渠道说明", "source_explain"),
    _f(
        MT,
        "/materials/*/originals",
        "count",
        "纸质材料份数",
        "原件份数",
        "原件纸质份数",
        "page_num",
        "page_num_y",
    ),
    _f(MT, "/materials/*/copies", "count", "复印件份数", "复印件纸质份数", "page_num_f"),
    _f(MT, "/materials/*/paper_spec", "name", "纸质材料规格", "纸质规格", "page_format"),
    _f(MT, "/materials/*/blank_form", "none_name", "空白表格", "form_guid"),
    _f(MT, "/materials/*/sample_form", "none_name", "示例样表", "example_guid"),
    _f(MT, "/materials/*/note", "text", "填报须知", "填报说明", "fill_explain"),
    _f(MT, "/materials/*/acceptance_standard", "text", "受理标准", "accept_stand"),
    _f(MT, "/materials/*/basis", "basis", "要求提供材料的依据", "材料依据"),
    _f(MT, "/materials/*/shared", "bool", "免提交", "是否免提交"),
    _f(MT, "@order", "count", "排序", "order_num"),
    _f(MT, "@ignore", "ignore", "备注", "remark"),
    _f(FE, "/fee/items/*/name", "name", "收费项目名称", "收费项目", "fee_name"),
    _f(FE, "/fee/items/*/standard", "text", "收费标准", "fee_stand"),
    _f(FE, "/fee/items/*/basis", "basis", "收费项目依据"),
    _f(FE, "/fee/items/*/reduction/allowed", "bool", "是否允许减免", "is_desc"),
    _f(FE, "/fee/items/*/reduction/basis", "text", "允许减免依据", "减免依据", "desc_explain"),
    _f(Q, "/faq/*/q", "text", "问题", "常见问题问题", "question"),
    _f(Q, "/faq/*/a", "text", "解答", "答案", "回答", "answer"),
    _f(S, "/situations/*/name", "name", "情形名称", "办理情形", "condition_name"),
    _f(S, "/situations/*/description", "text", "情形描述", "condition_desc"),
    _f(S, "/situations/*/materials", "list", "情形材料", "情形所需材料"),
    _f(EXTRA, "@extra_field", "name", "字段（json指针）", "field"),
    _f(EXTRA, "@extra_value", "json", "值（json）", "value"),
    _f(EXTRA, "@extra_fields", "json", "字段与值（json）", "fields"),
    _f(EXTRA, "@ignore", "ignore", "字段名称", "title"),
)

# Roles of the national tables (columns.Table.role → this module's role).
_TABLE_ROLE = {
    "basic": MATTER,
    "extend": MATTER,
    "material": MATERIAL,
    "fee": FEE,
    "questions": FAQ,
    "condition": SITUATION,
    "material_condition": SITUATION_MATERIAL,
    "organization": ORGANIZATION,
}
# Columns whose national meaning differs per table (by_law, remark, order_num …).
_BY_TABLE: dict[str, dict[str, Field]] = {}


def _national_fields() -> None:
    """Per national table: column name and DDL label → Field, readers by the column's kind."""
    by_pointer = {(f.role, f.key): f for f in _FIELDS}
    for table in (*national.TABLES, national.ZONE_ORGANIZATION):
        role = _TABLE_ROLE[table.role]
        out: dict[str, Field] = {}
        for col in table.columns:
            key = col.pointer or ""
            if table.name == "dn_audit_material_condition":
                fld = {
                    "condition_guid": Field(role, "@condition_guid", "name"),
                    "material_guid": Field(role, "@material_guid", "name"),
                    "condition_desc": Field(role, "@material_name", "name"),
                }.get(col.name, Field(role, "@ignore", "ignore"))
            elif col.name == "row_guid":
                fld = Field(role, "@row_guid", "name")
            elif col.name == "task_guid":
                fld = Field(role, "@task_guid", "name")
            elif col.name == "task_code":
                fld = Field(role, "@task_code", "impl_code")
            elif col.name == "task_handle_item":
                fld = Field(role, "@handle_item", "item_code")
            elif col.name == "order_num":
                fld = Field(role, "@order", "count")
            elif role == ORGANIZATION:
                fld = {
                    "credit_code": Field(role, "@dept_code", "uscc"),
                    "org_name": Field(role, "@dept_name", "name"),
                    "org_short_name": Field(role, "@dept_short_name", "name"),
                }.get(col.name, Field(role, "@ignore", "ignore"))
            elif col.name in ("anticipate_day", "promise_day"):
                fld = Field(role, key.rsplit("/", 1)[0], "time_limit")
            elif (role, key) in by_pointer:
                fld = by_pointer[(role, key)]
            elif col.name == "by_law" and role == FEE:
                fld = Field(role, "/fee/items/*/basis", "basis")
            elif col.name == "by_law" and role == MATERIAL:
                fld = Field(role, "/materials/*/basis", "basis")
            elif col.name == "dept_name":
                fld = Field(role, "@dept_name", "name")
            elif col.name == "dept_code":
                fld = Field(role, "@dept_code", "uscc")
            elif col.name == "local_catalog_code":
                fld = Field(role, "@local_code", "name")
            elif col.name == "local_task_code":
                fld = Field(role, "@local_task_code", "name")
            elif col.name == "is_express":
                fld = Field(role, "@is_express", "bool")
            elif col.name in (
                "handle_flow",
                "is_online",
                "service_type",
                "special_procedure",
                "punishment_method",
            ):
                fld = next(
                    (f for f in _FIELDS if f.role == role and col.name in f.labels),
                    Field(role, "@ignore", "ignore"),
                )
            else:
                fld = Field(role, "@ignore", "ignore")
            out[clean(col.name)] = fld
            out.setdefault(clean(col.label), fld)
        _BY_TABLE[table.name] = out
    extra: dict[str, Field] = {}
    for col in national.EXTRA_COLUMNS:
        fld = {
            "task_code": Field(EXTRA, "@task_code", "impl_code"),
            "task_handle_item": Field(EXTRA, "@handle_item", "item_code"),
            "field": Field(EXTRA, "@extra_field", "name"),
            "value": Field(EXTRA, "@extra_value", "json"),
            "fields": Field(EXTRA, "@extra_fields", "json"),
        }.get(col.name, Field(EXTRA, "@ignore", "ignore"))
        extra[clean(col.name)] = fld
        extra[clean(col.label)] = fld
    _BY_TABLE[national.EXTRA_TABLE] = extra


_national_fields()

# label → candidates across roles (a label may mean a matter field and a child field).
SYNONYMS: dict[str, list[Field]] = {}
for _field in _FIELDS:
    for _label in _field.labels:
        SYNONYMS.setdefault(clean(_label), []).append(_field)
for _table, _cols in _BY_TABLE.items():
    for _label, _field in _cols.items():
        if _field.key != "@ignore" and _field not in SYNONYMS.setdefault(_label, []):
            SYNONYMS[_label].append(_field)


def table_role(name: str) -> str | None:
    """The role of a sheet named after a national table (up_task_general_material …)."""
    key = name.strip().lower().rsplit(".", 1)[0]
    if key == national.EXTRA_TABLE:
        return EXTRA
    for table in (*national.TABLES, national.ZONE_ORGANIZATION):
        if key == table.name or key == table.name.replace("up_", "dn_", 1):
            return _TABLE_ROLE[table.role]
    return None


def national_table(name: str) -> str | None:
    key = name.strip().lower().rsplit(".", 1)[0]
    if key in _BY_TABLE:
        return key
    dn = key.replace("dn_", "up_", 1)
    return dn if dn in _BY_TABLE else None


SHEET_ROLES = {
    "材料": MATERIAL,
    "申请材料": MATERIAL,
    "材料信息": MATERIAL,
    "材料目录": MATERIAL,
    "收费": FEE,
    "收费项目": FEE,
    "收费信息": FEE,
    "常见问题": FAQ,
    "问答": FAQ,
    "常见问题解答": FAQ,
    "办理情形": SITUATION,
    "情形": SITUATION,
}


@dataclass
class Layout:
    """A sheet's recognised columns: header row index, data start, column → Field, and the
    headers that were not recognised (listed in the report, never guessed)."""

    header_row: int
    data_row: int
    fields: dict[int, Field]
    headers: dict[int, str]
    unknown: dict[int, str] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)
    plan: Any = None  # assemble's per-layout reading plan, built once


def _candidates(label: str, mapping: Mapping[str, str], table: str | None) -> list[Field]:
    key = clean(label)
    if not key:
        return []
    target = mapping.get(key)
    if target is not None:
        key = clean(target)
    if table is not None and key in _BY_TABLE[table]:
        return [_BY_TABLE[table][key]]
    return SYNONYMS.get(key, [])


def find_layout(
    rows: list[list[Any]], sheet: str, mapping: Mapping[str, str], scan: int = 30
) -> Layout | None:
    """The header row (the one naming most known columns among the first `scan` rows), with a
    merged group heading above it joined to sub-headings it does not name on its own."""
    table = national_table(sheet)
    best: tuple[int, int] | None = None
    for r, row in enumerate(rows[:scan]):
        score = len(
            {
                f.key
                for c in row
                if (f := _pick(_candidates(str(c or ""), mapping, table), None))
                and f.key != "@ignore"
            }
        )
        # a tie goes to the lower row: under merged group headings the sub-headings row is the last
        if score >= 2 and (best is None or score >= best[1]):
            best = (r, score)
    if best is None:
        return None
    r = best[0]
    if r + 1 < len(rows) and _sub_headings(rows[r], rows[r + 1]):
        r += 1
    header = rows[r]
    above = rows[r - 1] if r > 0 else []
    labels: dict[int, str] = {}
    for c, cell in enumerate(header):
        text = str(cell or "").strip()
        group = str(above[c] or "").strip() if c < len(above) else ""
        if text and not _candidates(text, mapping, table) and group and group != text:
            joined = group + text
            if _candidates(joined, mapping, table):
                text = joined
            elif _candidates(group, mapping, table) and group not in labels.values():
                text = group  # 法定办结时限 over 时限 | 单位: the first sub-heading is the value
        if not text and group:
            text = group  # a heading merged down over two rows
        if text:
            labels[c] = text
    cands = {c: _candidates(t, mapping, table) for c, t in labels.items()}
    role_of_sheet = table_role(sheet) or SHEET_ROLES.get(clean(sheet))
    roles = _roles(cands.values(), role_of_sheet)
    fields: dict[int, Field] = {}
    unknown: dict[int, str] = {}
    taken: set[tuple[str, str]] = set()
    for c, options in cands.items():
        chosen = _pick(options, roles)
        if chosen is None:
            if clean(labels[c]) not in ("", "序号"):
                unknown[c] = labels[c]
            continue
        if chosen.key != "@ignore" and (chosen.role, chosen.key) in taken:
            unknown[c] = labels[c] + "（与前面的列重复，未使用）"
            continue
        taken.add((chosen.role, chosen.key))
        fields[c] = chosen
    return Layout(r, r + 1, fields, labels, unknown, roles)


def _sub_headings(group: list[Any], below: list[Any]) -> bool:
    """Whether `below` holds sub-headings under a heading merged across columns in `group` (the
    merged cell is filled into each column it spans, so the heading repeats side by side)."""
    spans = {
        c for c in range(len(group) - 1) if group[c] not in (None, "") and group[c] == group[c + 1]
    }
    spans |= {c + 1 for c in spans}
    differing = {
        c for c, v in enumerate(below) if v not in (None, "") and (c >= len(group) or v != group[c])
    }
    return bool(differing) and differing <= spans


def _pick(options: list[Field], roles: set[str] | None) -> Field | None:
    if not options:
        return None
    if roles:
        for f in options:
            if f.role in roles:
                return f
        keyed = [f for f in options if f.key in KEYS]
        if keyed:
            return keyed[0]
        return None
    return options[0]


def _roles(options: Iterable[list[Field]], sheet_role: str | None) -> set[str]:
    """The roles a sheet plays: a named role, else matter when it has matter fields (with the child
    roles whose columns also appear: repeated rows), else the child role most of its columns name."""
    if sheet_role is not None:
        return {sheet_role}
    count: dict[str, int] = {}
    for fields in options:
        seen = {f.role for f in fields if f.key not in KEYS and f.key != "@ignore"}
        for role in seen:
            count[role] = count.get(role, 0) + 1
    if count.get(MATTER, 0) >= 2:
        children = {role for role in (MATERIAL, FEE, FAQ, SITUATION) if count.get(role, 0) >= 1}
        return {MATTER, *children}
    if not count:
        return {MATTER}
    return {max(count, key=lambda k: count[k])}
