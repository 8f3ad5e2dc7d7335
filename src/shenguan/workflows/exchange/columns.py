"""The national exchange tables (EXCHANGE.md §1) column by column, and the matter field each reads.

Pure data and small pure functions: `shenguan export exchange` writes these columns in this order,
`shenguan import` recognises them by `name` (the national column) and by `label` (the DDL comment).

How a column reads a matter:
- `pointer` is a JSON pointer pattern into a schema-version-2 matter record (schemas/matter.json).
  In a child table (materials, fees, FAQ, 办理情形) `*` stands for the row's item of the table's
  `items` array. A row of a 业务办理项 reads the matter with the item's own elements in place of
  the matter's (time limits, conditions, materials, fee, situations: the item inherits the rest).
- `derive` names a derivation (DERIVATIONS) when the cell is not one field (the department's name,
  a row id, a text built from a list); `reads` lists the fields it reads.
- `kind` says how the value becomes a cell: text; int; bool (1 是 / 0 否, EXCHANGE §2.15); code
  (through `codes`, a label → national code dict of shenguan.codes); basis (legal bases flattened,
  §3.6); date (yyyy-MM-dd); datetime (yyyy-MM-dd HH:mm:ss). `sep` joins a list (multi-valued).
- Fields whose national column is a plain copy of the value are `lossless`; the rest of a matter's
  public fields travel in the tool's own extension table (EXTRA_TABLE) so nothing public is lost.

Source of every column: the national exchange DDL (EXCHANGE.md §0 key DDL, task_init.sql), where it
and the per-table files (DDL-F) differ this follows DDL: NOT NULL as DDL says (`is_need` NOT NULL,
`promise_explain` nullable), text columns as varchar(256) (the exporter does not cut long text: the
platform's real limit is UNVERIFIED, §6, and cutting a legal text silently would be worse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shenguan.codes import (
    DELIVERY_CODE,
    HANDLE_AREA_CODE,
    HANDLING_FORM_CODE,
    HANDLING_TYPE_CODE,
    MATERIAL_FORM_CODE,
    MATERIAL_NECESSITY_CODE,
    MATERIAL_SOURCE_CODE,
    MATERIAL_TYPE_CODE,
    ONLINE_DEPTH_CODE,
    POWER_SOURCE_CODE,
    RESULT_TYPE_CODE,
    SERVICE_OBJECT_CODE,
    TIME_UNIT_CODE,
)

# The separator inside one multi-valued cell (server_type, handle_type, …). `^` is what the Shandong
# ml_ tables and the Epoint 前置库 use (EXCHANGE.md §3.4); the national separator is UNVERIFIED.
SEP = "^"

TEXT, INT, BOOL, CODE, BASIS, DATE, DATETIME = (
    "text",
    "int",
    "bool",
    "code",
    "basis",
    "date",
    "datetime",
)

# 事项状态 task_state (EXCHANGE.md §2.14, JS: 1 在用, 2 暂停, 3 取消). The national list is UNVERIFIED;
# 待承接 (delegated from above, not yet undertaken) has no code in any source: 4 is TS's 草稿, the
# nearest meaning (not yet in force), and is this tool's choice.
TASK_STATE_CODE = {"在用": "1", "暂停": "2", "已取消": "3", "待承接": "4"}

# Transport columns (EXCHANGE.md §1.0). cd_operation's list is UNVERIFIED: "I" (新增/insert) is what
# the 前置库 exchange jobs write for a full upload; every row of a full export is one.
CD_OPERATION = "I"


@dataclass(frozen=True)
class Column:
    """One national column: its name, its Chinese label and how it reads a matter."""

    name: str  # national column name, e.g. task_name
    label: str  # the DDL comment, e.g. 事项名称
    pointer: str | None = None  # JSON pointer pattern into the matter record
    kind: str = TEXT
    codes: Mapping[str, str] | None = None  # label -> code, when `kind` is code
    sep: str | None = None  # joins a multi-valued field
    required: bool = False  # NOT NULL in the DDL
    derive: str | None = None  # a DERIVATIONS name, when the cell is not one field
    reads: tuple[str, ...] = ()  # the fields the derivation reads
    lossless: bool = False  # the cell gives back the field exactly (import may rely on it)
    note: str = ""  # where EXCHANGE.md is silent or says UNVERIFIED: what this tool chose


@dataclass(frozen=True)
class Table:
    """One national table: name, Chinese title, the array its rows walk, its columns."""

    name: str
    title: str
    role: str  # basic | extend | material | fee | questions | condition | material_condition
    columns: tuple[Column, ...]
    items: str | None = None  # the array one row per item walks (child tables)
    record: str = "matter"  # the record kind the pointers read (schemas/<record>.json)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


# What each derivation computes (the exporter implements them; the import helper inverts them).
DERIVATIONS: dict[str, str] = {
    "row_guid": "记录唯一标识：uuid5（实施编码、表名、业务办理项编码、序号），同一目录得到同一标识",
    "snowflake_id": "雪花算法ID：由记录唯一标识导出的 63 位整数（不随机，同一目录得到同一值）",
    "task_guid": "事项唯一标识：本行所属基本信息行的记录唯一标识",
    "handle_item_code": "业务办理项编码：实施编码 + 两位办理项序号；事项没有业务办理项时为空",
    "task_version": "事项版本：调整记录的条数（至少为 1）",
    "department_name": "实施主体：实施主体部门记录的全称",
    "department_uscc": "实施主体编码：实施主体部门记录的统一社会信用代码",
    "local_task_code": "地方实施编码（处罚表必填）：地方编码，没有时用实施编码",
    "process_text": "办理流程：各环节“环节：说明（时限）”，每环节一行",
    "special_procedures_text": "特别程序：各程序“名称（时限）：说明”，每项一行；没有时为“无”",
    "intermediary_text": "中介服务：不涉及时为“无”，否则为中介服务名称",
    "is_online": "是否网办：办理形式含网上办理为 1，否则为 0",
    "is_express": "是否支持物流快递：服务方式的 express；未填写时看办理形式是否含快递申请",
    "punishment_text": "处罚的行为、种类、幅度：“违法行为：…；处罚种类：…；处罚幅度：…”",
    "effective_date": "计划生效日期：最早一条新增或承接调整的日期",
    "cancel_date": "计划取消日期：事项已取消时，最近一条取消调整的日期",
    "order_num": "排序：在所属数组中的位置，从 1 起",
    "region_code": "区划：目录清单文件的行政区划代码",
    "condition_guid": "情形的记录唯一标识（dn_audit_item_condition.row_guid）",
    "material_guid": "情形材料对应的材料行的记录唯一标识（按材料名称查找）",
    "org_code": "组织机构代码：统一社会信用代码第 9–17 位（GB 32100-2015）",
    "exist_task": "部门是否行使政务服务事项：有导出的事项以它为实施主体时为 1，否则为 0",
}

C = Column


def _derived(name: str, label: str, derive: str, *reads: str, **kw: object) -> Column:
    return Column(name, label, derive=derive, reads=reads, **kw)  # type: ignore[arg-type]


# --- transport and key columns ------------------------------------------------------------------

ROW_GUID = _derived("row_guid", "记录唯一标识", "row_guid", "/implementation_code", required=True)
# id, cd_batch, cd_time: filled so the file is complete and the same catalogue gives the same bytes;
# data_source is left empty: its code list is UNVERIFIED and the provincial 前置库 sets it.
TRANSPORT = (
    _derived("id", "雪花算法ID", "snowflake_id", "/implementation_code", kind=INT, required=True),
    ROW_GUID,
    C(
        "cd_batch",
        "批次号",
        required=True,
        note="本次导出内容的摘要（32 位十六进制），同一目录得到同一批次号",
    ),
    C(
        "cd_operation",
        "同步类型",
        required=True,
        note=f"代码表未核实（UNVERIFIED）；全量导出每行写 {CD_OPERATION}（新增）",
    ),
    C(
        "cd_time",
        "同步时间",
        kind=DATETIME,
        required=True,
        note="目录中最近一次调整的日期 00:00:00（不取系统时钟，相同输入得到相同字节）",
    ),
    C(
        "data_source",
        "数据来源",
        required=True,
        note="代码表未核实（UNVERIFIED），留空，由省级前置库填写",
    ),
)
CHILD_KEYS = (
    C("task_code", "实施编码", "/implementation_code", required=True, lossless=True),
    _derived("task_guid", "事项唯一标识", "task_guid", "/implementation_code", required=True),
    _derived(
        "task_handle_item",
        "业务办理项编码",
        "handle_item_code",
        "/implementation_code",
        "/handle_items/*/no",
    ),
)

# --- basic tables (§1.1, §1.2) --------------------------------------------------------------------

_IDENTITY = (
    C("task_name", "事项名称", "/name", required=True, lossless=True),
    C("catalog_code", "基本编码", "/id", required=True, lossless=True),
    C(
        "local_catalog_code",
        "地方基本编码",
        "/local_code",
        lossless=True,
        note="地方编码只有一个字段，写在地方基本编码",
    ),
    C("task_code", "实施编码", "/implementation_code", required=True, lossless=True),
)
_LOCAL_TASK_CODE = C("local_task_code", "地方实施编码")
_LOCAL_TASK_CODE_NN = _derived(
    "local_task_code",
    "地方实施编码",
    "local_task_code",
    "/local_code",
    "/implementation_code",
    required=True,
    note="处罚表必填：没有地方编码时写实施编码",
)
_HANDLE_ITEM = CHILD_KEYS[2]
_TYPE = (
    C(
        "task_type",
        "事项类型",
        "/type",
        required=True,
        lossless=True,
        note="记录中已是代码；11 行政备案是本工具的地方扩展代码，国家代码表中没有，按原样写 11",
    ),
    C("use_level", "行使层级", "/level", required=True, lossless=True),
    C(
        "task_state",
        "事项状态",
        "/status",
        kind=CODE,
        codes=TASK_STATE_CODE,
        required=True,
        lossless=True,
        note="国家代码表未核实（UNVERIFIED），见 TASK_STATE_CODE",
    ),
    _derived("task_version", "事项版本", "task_version", "/adjustments", kind=INT, required=True),
)
_BODY = (
    _derived(
        "dept_name", "实施主体", "department_name", "/implementing_body/department", required=True
    ),
    _derived(
        "dept_code",
        "实施主体编码",
        "department_uscc",
        "/implementing_body/department",
        required=True,
    ),
    C("dept_type", "实施主体性质", "/implementing_body/nature", required=True, lossless=True),
    C("entrust_name", "委托部门", "/entrusting_body/name", lossless=True),
)
_POWER_SOURCE = C(
    "power_source",
    "权力来源",
    "/power_source",
    kind=CODE,
    codes=POWER_SOURCE_CODE,
    required=True,
    lossless=True,
)
_BY_LAW = C("by_law", "设定依据", "/legal_basis/setting", kind=BASIS, required=True)


def _anticipate(required: bool) -> tuple[Column, ...]:
    return (
        C(
            "anticipate_day",
            "法定办结时限",
            "/time_limit/statutory/value",
            kind=INT,
            required=required,
            lossless=True,
        ),
        C(
            "anticipate_type",
            "法定办结时限单位",
            "/time_limit/statutory/unit",
            kind=CODE,
            codes=TIME_UNIT_CODE,
            required=required,
            lossless=True,
            note="时限单位国家代码未核实（UNVERIFIED）：1 自然日、2 工作日（VUE）",
        ),
        C(
            "anticipate_explain",
            "法定办结时限说明",
            "/time_limit/statutory/note",
            lossless=True,
        ),
    )


def _promise(required: bool) -> tuple[Column, ...]:
    return (
        C(
            "promise_day",
            "承诺办结时限",
            "/time_limit/promised/value",
            kind=INT,
            required=required,
            lossless=True,
        ),
        C(
            "promise_type",
            "承诺办结时限单位",
            "/time_limit/promised/unit",
            kind=CODE,
            codes=TIME_UNIT_CODE,
            required=required,
            lossless=True,
            note="时限单位国家代码未核实（UNVERIFIED）：1 自然日、2 工作日（VUE）",
        ),
        C("promise_explain", "承诺办结时限说明", "/time_limit/promised/note", lossless=True),
    )


_ACCEPT_CONDITION = C("accept_condition", "受理条件", "/conditions", required=True, lossless=True)
_HANDLE_FLOW = _derived("handle_flow", "办理流程", "process_text", "/process", required=True)
_SPECIAL = _derived(
    "special_procedure",
    "特别程序",
    "special_procedures_text",
    "/special_procedures",
    required=True,
    note="国家表必填：没有特别程序时写“无”",
)
_FEE = (
    C("is_fee", "是否收费", "/fee/charged", kind=BOOL, required=True, lossless=True),
    C("fee_basis", "收费依据", "/fee/basis", kind=BASIS),
)
_SERVICE = (
    C(
        "server_type",
        "服务对象",
        "/service_objects",
        kind=CODE,
        codes=SERVICE_OBJECT_CODE,
        sep=SEP,
        required=True,
        lossless=True,
    ),
    C(
        "project_type",
        "办件类型",
        "/handling_type",
        kind=CODE,
        codes=HANDLING_TYPE_CODE,
        required=True,
        lossless=True,
    ),
    C(
        "handle_type",
        "办理形式",
        "/handling_forms",
        kind=CODE,
        codes=HANDLING_FORM_CODE,
        sep=SEP,
        lossless=True,
    ),
    C(
        "limit_scene_num",
        "到办事现场次数",
        "/online/site_visits",
        kind=INT,
        required=True,
        lossless=True,
    ),
)
_CONTACT = (
    C(
        "link_way",
        "咨询方式",
        "/contact/consult_phone",
        required=True,
        lossless=True,
        note="国家表为自由文本；写咨询电话，咨询地址与网址见扩展表",
    ),
    C(
        "supervise_way",
        "监督投诉方式",
        "/contact/complaint_phone",
        required=True,
        lossless=True,
        note="国家表为自由文本；写监督电话，投诉地址与网址见扩展表",
    ),
)
_PLACE = (
    C("transact_addr", "办理地点", "/hall/address", required=True, lossless=True),
    C("transact_time", "办理时间", "/hall/hours", required=True, lossless=True),
)
_ONLINE = (
    C("link_addr", "计算机端在线办理跳转地址", "/online/url", lossless=True),
    C("mobile_terminal_url", "移动端办理地址", "/online/mobile_url", lossless=True),
    C(
        "is_single_login",
        "计算机端是否对接单点登录",
        "/online/single_login",
        kind=BOOL,
        required=True,
        lossless=True,
    ),
    C(
        "app_is_single_login",
        "移动端是否对接单点登录",
        "/online/mobile_single_login",
        kind=BOOL,
        required=True,
        lossless=True,
    ),
)
_PLAN = (
    _derived("plan_effective_date", "计划生效日期", "effective_date", "/adjustments", kind=DATE),
    _derived(
        "plan_cancel_date", "计划取消日期", "cancel_date", "/adjustments", "/status", kind=DATE
    ),
)

GENERAL_BASIC = (
    *TRANSPORT,
    *_IDENTITY,
    _LOCAL_TASK_CODE,
    _HANDLE_ITEM,
    *_TYPE,
    *_BODY,
    _POWER_SOURCE,
    _BY_LAW,
    *_anticipate(True),
    *_promise(True),
    _ACCEPT_CONDITION,
    _HANDLE_FLOW,
    _SPECIAL,
    *_FEE,
    *_SERVICE,
    *_CONTACT,
    *_PLACE,
    *_ONLINE,
    *_PLAN,
)
# 公共服务: no power_source, time limits nullable (§1.2).
PUBLIC_BASIC = (
    *TRANSPORT,
    *_IDENTITY,
    _LOCAL_TASK_CODE,
    _HANDLE_ITEM,
    *_TYPE,
    *_BODY,
    _BY_LAW,
    *_anticipate(False),
    *_promise(False),
    _ACCEPT_CONDITION,
    _HANDLE_FLOW,
    _SPECIAL,
    *_FEE,
    *_SERVICE,
    *_CONTACT,
    *_PLACE,
    *_ONLINE,
    *_PLAN,
)
# 处罚、征收、强制、检查: the reduced set (§1.2): local_task_code NOT NULL, use_level varchar(2),
# anticipate_* nullable, no conditions, fee, service objects, handling, promise, place or online.
_REDUCED = (
    *TRANSPORT,
    *_IDENTITY,
    _LOCAL_TASK_CODE_NN,
    _HANDLE_ITEM,
    *_TYPE,
    *_BODY,
    _POWER_SOURCE,
    _BY_LAW,
    *_anticipate(False),
    _HANDLE_FLOW,
    *_CONTACT,
    *_PLAN,
)
PUNISH_BASIC = (
    *_REDUCED,
    _derived(
        "punishment_method",
        "处罚的行为、种类、幅度",
        "punishment_text",
        "/punishment/behaviour",
        "/punishment/kinds",
        "/punishment/range",
        required=True,
    ),
)
HANDLE_BASIC = (
    *_REDUCED,
    C(
        "collect_type",
        "征收种类",
        "/levy/kind",
        lossless=True,
        note="国家列为 varchar(2) 的代码，代码表未见（UNVERIFIED）；写记录中的征收种类文字",
    ),
    C(
        "is_permit_reduce",
        "是否涉及征收费减免的审批",
        "/levy/reduction",
        kind=BOOL,
        lossless=True,
    ),
)
CHECK_BASIC = _REDUCED

# --- extend tables (§1.3) -------------------------------------------------------------------------


def _extend(general: bool) -> tuple[Column, ...]:
    columns = (
        *TRANSPORT,
        *CHILD_KEYS,
        C(
            "is_entry_center",
            "是否进驻政务大厅",
            "/hall/in_hall",
            kind=BOOL,
            required=True,
            lossless=True,
        ),
        _derived("is_online", "是否网办", "is_online", "/handling_forms", kind=BOOL, required=True),
        C(
            "online_handle_depth",
            "网上办理深度",
            "/online/depth",
            kind=CODE,
            codes=ONLINE_DEPTH_CODE,
            lossless=True,
            note="国家采用哪套深度代码未核实（UNVERIFIED，§2.9）；写本工具的 Ⅰ–Ⅳ 对应 1–4",
        ),
        C("online_handle_url", "网办地址", "/online/url"),
        C("limit_scene_explain", "必须现场办理原因说明", "/online/site_reason", lossless=True),
        _derived(
            "is_express",
            "是否支持物流快递",
            "is_express",
            "/support/express",
            "/handling_forms",
            kind=BOOL,
            required=True,
        ),
        C(
            "is_pay_online",
            "是否支持网上支付",
            "/support/online_payment",
            kind=BOOL,
            required=True,
            lossless=True,
        ),
        C(
            "is_schedule",
            "是否支持预约办理",
            "/support/appointment",
            kind=BOOL,
            lossless=True,
        ),
        C(
            "is_service_terminals",
            "是否支持自助终端办理",
            "/support/self_service",
            kind=BOOL,
            lossless=True,
        ),
        C(
            "handle_area",
            "通办范围",
            "/handle_area",
            kind=CODE,
            codes=HANDLE_AREA_CODE,
            lossless=True,
            note="国家代码未核实（UNVERIFIED，§2.12）；EP、JS 的 1–6",
        ),
        *((C("limit_explain", "数量限制", "/quantity_limit", lossless=True),) if general else ()),
        C(
            "result_type",
            "审批结果类型",
            "/result/type",
            kind=CODE,
            codes=RESULT_TYPE_CODE,
            required=True,
            lossless=True,
            note="国家代码未核实（UNVERIFIED，§2.10）；EP 的 10 证照、20 批文、30 其他、99 无",
        ),
        C("result_name", "审批结果名称", "/result/name", lossless=True),
        C("result_guid", "审批结果样本", "/result/sample", lossless=True),
        _derived("service_type", "中介服务", "intermediary_text", "/intermediary"),
        C("other_dept", "联办机构", "/joint_bodies", sep=SEP, lossless=True),
        C(
            "user_topic_type",
            "面向自然人事项主题分类",
            "/topics/natural_person",
            sep=SEP,
            lossless=True,
            note="国家列是主题代码，代码表未见（UNVERIFIED）；写主题名称",
        ),
        C("user_character_topic_type", "面向自然人地方特色主题分类"),
        C(
            "corp_topic_type",
            "面向法人事项主题分类",
            "/topics/legal_person",
            sep=SEP,
            lossless=True,
            note="DDL 注释误作“面向自然人”（§1.3），按 ml_ 表理解为面向法人",
        ),
        C("corp_character_topic_type", "面向法人地方特色主题分类"),
        C("town_code", "乡镇街道代码"),
        C("town_name", "乡镇街道名称"),
        C("village_code", "村居社区代码"),
        C("village_name", "村居社区名称"),
        C("extend_field", "扩展字段"),
    )
    return columns


GENERAL_EXTEND = _extend(True)
PUBLIC_EXTEND = _extend(False)

# --- child tables (§1.4–1.7) ----------------------------------------------------------------------

_M = "/materials/*/"
MATERIAL = (
    *TRANSPORT,
    *CHILD_KEYS,
    C("material_name", "材料名称", _M + "name", required=True, lossless=True),
    C(
        "material_type",
        "材料类型",
        _M + "type",
        kind=CODE,
        codes=MATERIAL_TYPE_CODE,
        lossless=True,
        note="按国家式（GUI）含义：1 证件证书证明、2 申请表格文书、3 其他，不是山东的原件/复印件",
    ),
    C(
        "material_format",
        "材料形式",
        _M + "form",
        kind=CODE,
        codes=MATERIAL_FORM_CODE,
        lossless=True,
    ),
    C(
        "is_need",
        "材料必要性",
        _M + "necessity",
        kind=CODE,
        codes=MATERIAL_NECESSITY_CODE,
        required=True,
        lossless=True,
    ),
    C(
        "source_type",
        "来源渠道",
        _M + "source",
        kind=CODE,
        codes=MATERIAL_SOURCE_CODE,
        lossless=True,
    ),
    C("source_explain", "来源渠道说明", _M + "source_note", lossless=True),
    C(
        "page_num",
        "纸质材料份数",
        _M + "originals",
        kind=INT,
        lossless=True,
        note="国家表只有一个份数：写原件份数，复印件份数见扩展表",
    ),
    C("page_format", "纸质材料规格", _M + "paper_spec", lossless=True),
    C("form_guid", "空白表格", _M + "blank_form", lossless=True),
    C("example_guid", "示例样表", _M + "sample_form", lossless=True),
    C("fill_explain", "填报须知", _M + "note", lossless=True),
    C("accept_stand", "受理标准", _M + "acceptance_standard", lossless=True),
    C("by_law", "要求提供材料的依据", _M + "basis", kind=BASIS),
    C("remark", "备注"),
    _derived("order_num", "排序", "order_num", "/materials", kind=INT, required=True),
)
_F = "/fee/items/*/"
FEE_PROJECT = (
    *TRANSPORT,
    *CHILD_KEYS,
    C("fee_name", "收费项目名称", _F + "name", required=True, lossless=True),
    C("fee_stand", "收费标准", _F + "standard", required=True, lossless=True),
    C("by_law", "收费依据", _F + "basis", kind=BASIS),
    C("is_desc", "是否允许减免", _F + "reduction/allowed", kind=BOOL, lossless=True),
    C("desc_explain", "允许减免依据", _F + "reduction/basis", lossless=True),
    C("remark", "备注"),
    _derived("order_num", "排序", "order_num", "/fee/items", kind=INT, required=True),
)
QUESTIONS = (
    *TRANSPORT,
    *CHILD_KEYS,
    C("question", "问题", "/faq/*/q", required=True, lossless=True),
    C(
        "answer",
        "解答",
        "/faq/*/a",
        required=True,
        lossless=True,
        note="DDL 为 varchar(256)，DDL-F 为 longtext；不截断",
    ),
    _derived("order_num", "排序", "order_num", "/faq", kind=INT, required=True),
)
# 办理情形: only download-side tables exist (dn_, §1.7); the export writes them in the same shape so
# the province can load them. `bs` 区分标识's list is UNVERIFIED: left empty.
ITEM_CONDITION = (
    *TRANSPORT,
    _derived("task_guid", "事项唯一标识", "task_guid", "/implementation_code", required=True),
    CHILD_KEYS[2],
    _derived("area_code", "区划", "region_code", required=True),
    C("bs", "区分标识", required=True, note="代码表未核实（UNVERIFIED），留空"),
    C("condition_name", "情形名称", "/situations/*/name", required=True, lossless=True),
    C("condition_desc", "情形描述", "/situations/*/description", lossless=True),
    _derived("order_num", "排序", "order_num", "/situations", kind=INT, required=True),
)
MATERIAL_CONDITION = (
    *TRANSPORT,
    _derived("condition_guid", "情形分组标识", "condition_guid", "/situations", required=True),
    _derived(
        "material_guid",
        "材料标识",
        "material_guid",
        "/situations/*/materials",
        "/materials/*/name",
        required=True,
    ),
    C(
        "condition_desc",
        "情形描述",
        "/situations/*/materials/*",
        lossless=True,
        note="写该情形所需材料的名称（材料标识之外再给名称，便于核对）",
    ),
    _derived("area_code", "区划", "region_code", required=True),
    C("bs", "区分标识", required=True, note="代码表未核实（UNVERIFIED），留空"),
)

# --- families (§1.0) ------------------------------------------------------------------------------

GENERAL, PUNISH, HANDLE, CHECK, PUBLIC = "general", "punish", "handle", "check", "public"
FAMILY_OF_TYPE = {
    "01": GENERAL,
    "05": GENERAL,
    "07": GENERAL,
    "08": GENERAL,
    "09": GENERAL,
    "10": GENERAL,
    # 11 行政备案 is this project's local type: no national family exists. It is exchanged with the
    # general family (许可等), whose element set a 备案 matter has; task_type stays 11.
    "11": GENERAL,
    "02": PUNISH,
    "04": HANDLE,
    "03": CHECK,
    "06": CHECK,
    "20": PUBLIC,
}
FAMILIES = (GENERAL, PUNISH, HANDLE, CHECK, PUBLIC)


def family(type_code: str) -> str:
    """The exchange family of a matter type (EXCHANGE.md §1.0); KeyError on an unknown type."""
    return FAMILY_OF_TYPE[type_code]


def _t(name: str, title: str, role: str, columns: tuple[Column, ...], items: str | None) -> Table:
    return Table(name, title, role, columns, items)


def _family_tables() -> dict[str, tuple[Table, ...]]:
    def child(fam: str, role: str) -> Table:
        cols, title, items, suffix = {
            "material": (MATERIAL, "材料目录", "/materials", "material"),
            "fee": (FEE_PROJECT, "收费项目", "/fee/items", "fee_project"),
            "questions": (QUESTIONS, "常见问题解答", "/faq", "questions"),
        }[role]
        return _t(f"up_task_{fam}_{suffix}", title, role, cols, items)

    return {
        GENERAL: (
            _t("up_task_general_basic", "事项基本信息（许可等）", "basic", GENERAL_BASIC, None),
            _t("up_task_general_extend", "事项扩展信息（许可等）", "extend", GENERAL_EXTEND, None),
            child(GENERAL, "material"),
            child(GENERAL, "fee"),
            child(GENERAL, "questions"),
        ),
        PUNISH: (
            _t("up_task_punish_basic", "事项基本信息（处罚）", "basic", PUNISH_BASIC, None),
            child(PUNISH, "questions"),
        ),
        HANDLE: (
            _t("up_task_handle_basic", "事项基本信息（征收）", "basic", HANDLE_BASIC, None),
            child(HANDLE, "material"),
            child(HANDLE, "questions"),
        ),
        CHECK: (
            _t("up_task_check_basic", "事项基本信息（强制、检查）", "basic", CHECK_BASIC, None),
            child(CHECK, "questions"),
        ),
        PUBLIC: (
            _t("up_task_public_basic", "事项基本信息（公共服务）", "basic", PUBLIC_BASIC, None),
            _t("up_task_public_extend", "事项扩展信息（公共服务）", "extend", PUBLIC_EXTEND, None),
            child(PUBLIC, "material"),
            child(PUBLIC, "fee"),
            child(PUBLIC, "questions"),
        ),
    }


FAMILY_TABLES = _family_tables()
CONDITION_TABLES = (
    _t("dn_audit_item_condition", "办理情形分组", "condition", ITEM_CONDITION, "/situations"),
    _t(
        "dn_audit_material_condition",
        "办理情形材料",
        "material_condition",
        MATERIAL_CONDITION,
        "/situations/*/materials",
    ),
)
# Every table, in the order an export writes them.
TABLES: tuple[Table, ...] = (
    *(t for fam in FAMILIES for t in FAMILY_TABLES[fam]),
    *CONDITION_TABLES,
)
BY_NAME = {t.name: t for t in TABLES}

# 区域内实施主体信息 (§1.11): one row per department record (pointers into schemas/department.json).
# exist_task 部门是否存在并且行使政务服务事项 is 1 when some exported matter names the department.
ZONE_ORGANIZATION = Table(
    "up_zone_organization",
    "区域内实施主体信息",
    "organization",
    (
        _derived("id", "雪花算法ID", "snowflake_id", "/uscc", kind=INT, required=True),
        _derived("row_guid", "记录唯一标识", "row_guid", "/uscc", required=True),
        *TRANSPORT[2:],
        C("credit_code", "统一社会信用代码", "/uscc", required=True, lossless=True),
        _derived("org_code", "组织机构代码", "org_code", "/uscc"),
        C("org_name", "实施主体名称", "/name", required=True, lossless=True),
        C("org_short_name", "实施主体简称", "/short_name", required=True, lossless=True),
        _derived(
            "exist_task", "部门是否存在并且行使政务服务事项", "exist_task", "/id", required=True
        ),
        _derived("order_num", "排序", "order_num", "/id", kind=INT, required=True),
    ),
    record="department",
)

# The tool's own extension table (not national): the public fields of a matter that no national
# column carries exactly, so an export read back by `shenguan import` loses nothing public. One
# row per matter: `fields` is a JSON object {JSON pointer: value} (pointers with array indices,
# e.g. /materials/0/copies); a matter whose object would pass EXTRA_CELL_MAX characters gets
# several rows, each with a part of the pointers (merge them). A province's loader ignores a
# table it does not know; a clerk may leave it out.
EXTRA_TABLE = "sg_task_extra"
EXTRA_CELL_MAX = 30000  # below Excel's 32767 characters a cell
EXTRA_COLUMNS = (
    C("task_code", "实施编码", "/implementation_code", required=True),
    C("part", "分段序号", kind=INT, required=True, note="同一事项的第几行，从 1 起"),
    C("titles", "字段名称", note="fields 中各字段的中文名称，供核对"),
    C("fields", "字段与值（JSON）", required=True, note="{JSON 指针: 值}"),
)
# Public fields no table needs to carry: every exported record is a matter.
IMPLIED = frozenset({"/kind"})
# What a 业务办理项 may set for itself; without it the item inherits the matter's (schema v2): item
# key -> the matter's pointer it stands in for. A matter with items is exported one row set per
# item, so these matter-level values (and the items themselves) travel in the extension table.
INHERITED = {
    "statutory": "/time_limit/statutory",
    "promised": "/time_limit/promised",
    "conditions": "/conditions",
    "materials": "/materials",
    "fee": "/fee",
    "situations": "/situations",
}


def effective_item(matter: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    """The matter as one 业务办理项 is handled: the item's own elements in place of the matter's,
    as shenguan.catalog.model.effective_item decides them (the one inheritance rule)."""
    from shenguan.catalog.model import effective_item as item_as_applied

    record = dict(matter)
    own = item_as_applied(record, dict(item))
    limits = dict(record.get("time_limit") or {})
    for key in ("statutory", "promised"):
        if key in own:
            limits[key] = own[key]
    if limits:
        record["time_limit"] = limits
    for key in ("conditions", "materials", "fee", "situations"):
        if key in own:
            record[key] = own[key]
    return record


# --- legal bases as one text (EXCHANGE.md §3.6) ---------------------------------------------------
# One line per entry: 《law》（doc_no）article：content. The DDL's by_law is one text column; the
# format is this tool's (the 《》 title and 第…条 are what provincial importers parse).
_BASIS_LINE = re.compile(
    r"《(?P<law>[^《》\n]+)》(?:（(?P<doc_no>[^（）\n]+)）)?(?P<article>[^：\n]*)(?:：(?P<content>.*))?",
    re.DOTALL,
)


def basis_line(entry: Mapping[str, Any]) -> str:
    law = str(entry.get("law", ""))
    text = law if law.startswith("《") and law.endswith("》") else f"《{law}》"
    if entry.get("doc_no"):
        text += f"（{entry['doc_no']}）"
    text += str(entry.get("article", ""))
    if "content" in entry:
        text += f"：{entry['content']}"
    return text


def basis_text(entries: Iterable[Mapping[str, Any]]) -> str:
    return "\n".join(basis_line(e) for e in entries)


def parse_basis_line(line: str) -> dict[str, str] | None:
    """One entry from its line, or None when the line is not in the form above."""
    found = _BASIS_LINE.fullmatch(line)
    if found is None:
        return None
    entry = {"law": found["law"]}
    if found["doc_no"] is not None:
        entry["doc_no"] = found["doc_no"]
    entry["article"] = found["article"]
    if found["content"] is not None:
        entry["content"] = found["content"]
    return entry


def parse_basis(text: str) -> list[dict[str, str]] | None:
    """The entries of a by_law cell written by basis_text; None when a line does not parse."""
    entries = [parse_basis_line(line) for line in text.split("\n") if line]
    return None if any(e is None for e in entries) else [e for e in entries if e is not None]


def basis_exact(entries: Any) -> bool:
    """Whether basis_text gives these entries back exactly through parse_basis (checked field by
    field: the exporter asks for every basis of every matter)."""
    if not isinstance(entries, list) or not entries:
        return False
    for entry in entries:
        if not isinstance(entry, dict) or not entry.keys() <= _BASIS_KEYS:
            return False
        law, article = entry.get("law"), entry.get("article")
        doc_no, content = entry.get("doc_no"), entry.get("content")
        if not isinstance(law, str) or not law or "《" in law or "》" in law or "\n" in law:
            return False
        if not isinstance(article, str) or "：" in article or "\n" in article:
            return False
        if doc_no is None:
            if article.startswith("（"):  # would read back as a document number
                return False
        elif not isinstance(doc_no, str) or not doc_no or _DOC_BREAKS & set(doc_no):
            return False
        if content is not None and (not isinstance(content, str) or "\n" in content):
            return False
    return True


_BASIS_KEYS = frozenset({"law", "doc_no", "article", "content"})
_DOC_BREAKS = frozenset("（）\n")

# The delivery code list has no national column (送达方式 is a Shaanxi extend field, EXCHANGE
# §3.7): /result/delivery travels in the extension table, labels as recorded.
UNMAPPED_CODE_LISTS = {"/result/delivery": DELIVERY_CODE}


def lossless_pointers() -> frozenset[str]:
    """The field patterns some national column gives back exactly."""
    return frozenset(
        c.pointer for t in TABLES for c in t.columns if c.lossless and c.pointer is not None
    )


def tables_of(fam: str) -> tuple[Table, ...]:
    return FAMILY_TABLES[fam]
