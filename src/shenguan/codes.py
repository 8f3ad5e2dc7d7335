"""The domain's vocabulary and code arithmetic.

Code tables (matter types, levels, body natures), the words records use for a matter's status, a
transfer's kind and state and an adjustment's kind (each the `enum` of its field in schemas/, a test checks
they agree), USCC check characters (GB 32100-2015) and implementation codes (GB/T 39554.1).

The vocabularies are `StrEnum`s: a member equals its Chinese word, so comparing it with loaded data
works as it is. Write `.value` into records: YAML and marshal know plain strings only.
"""

from __future__ import annotations

from enum import StrEnum

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
TYPE_ZH = {
    "01": "行政许可",
    "02": "行政处罚",
    "03": "行政强制",
    "04": "行政征收",
    "05": "行政给付",
    "06": "行政检查",
    "07": "行政确认",
    "08": "行政奖励",
    "09": "行政裁决",
    "10": "其他行政权力",
    "11": "行政备案",  # no national code exists: 11 is this project's local code
    "20": "公共服务",
}
FIVE_STAGES = (
    "受理",
    "审查",
    "决定",
    "颁证",
    "送达",
)  # the stages an approval standard covers (二(一))
LEVEL_ZH = {
    "1": "国家级",
    "2": "省级",
    "3": "市级",
    "4": "县级",
    "5": "乡镇街道级",
    "6": "村社区级",
    "7": "分级管理",
}
NATURE_ZH = {"1": "法定机关", "2": "授权组织", "3": "受委托组织"}  # 实施主体性质

# Label -> national code for each code list of schemas/matter.json (v2). Records keep the labels;
# exports write either. Sources are the keys of EXCHANGE.md §0 (the national exchange DDL and the
# provincial importers and dictionaries that carry its code lists); a test checks that each schema
# enum equals its dict's keys.

# 服务对象 server_type (EXCHANGE.md §2.5: SD, ZF, GUI; JS gives 其他组织 7, the majority 9).
SERVICE_OBJECT_CODE = {
    "自然人": "1",
    "企业法人": "2",
    "事业法人": "3",
    "社会组织法人": "4",
    "非法人企业": "5",
    "行政机关": "6",
    "其他组织": "9",
}
# 办理形式 handle_type (§2.6: DICT, JS). Mobile handling has no code: it is online.mobile_url.
HANDLING_FORM_CODE = {"窗口办理": "1", "网上办理": "2", "快递申请": "3"}
# 办件类型 project_type (§2.7: SD, JS, ZF).
HANDLING_TYPE_CODE = {"即办件": "1", "承诺件": "2"}
# 时限单位 anticipate_type / promise_type (§2.8: VUE). The national list is UNVERIFIED.
TIME_UNIT_CODE = {"自然日": "1", "工作日": "2"}
# 权力来源 power_source (§2.4: SD, EP, JS, ZF; 1 is 法定本级行使).
POWER_SOURCE_CODE = {
    "法定本级": "1",
    "上级下放": "2",
    "上级授权": "3",
    "同级授权": "4",
    "上级委托": "5",
    "同级委托": "6",
}
# 材料类型 material_type (§2.11, the national-style GUI scheme, not Shandong's 原件/复印件 meaning).
MATERIAL_TYPE_CODE = {"证件证书证明": "1", "申请表格文书": "2", "其他": "3"}
# 材料形式 material_format (§2.11: GUI).
MATERIAL_FORM_CODE = {"纸质": "1", "电子化": "2", "纸质/电子化": "3"}
# 材料必要性 is_need (§2.11: GUI, SD).
MATERIAL_NECESSITY_CODE = {"必要": "1", "非必要": "2", "容缺后补": "3"}
# 来源渠道 source_type (§2.11: TS 10/20/99, M10 30 中介机构出具).
MATERIAL_SOURCE_CODE = {
    "申请人自备": "10",
    "政府部门核发": "20",
    "中介机构出具": "30",
    "其他": "99",
}
# 审批结果类型 result_type (§2.10: EP; the national list is UNVERIFIED).
RESULT_TYPE_CODE = {"证照": "10", "批文": "20", "其他": "30", "无": "99"}
# 结果送达方式 (§2.13: EP).
DELIVERY_CODE = {"窗口领取": "1", "公告送达": "2", "邮寄送达": "3", "网站下载": "4", "其他": "5"}
# 通办范围 handle_area (§2.12: EP, JS; ZF labels 2–4 跨省/跨市/跨县 under the same codes).
HANDLE_AREA_CODE = {
    "全国": "1",
    "全省": "2",
    "全市": "3",
    "全县": "4",
    "全镇（乡、街道）": "5",
    "跨村（社区）": "6",
}
# 网上办理深度 online_handle_depth (§2.9): this project's scheme; which one the national table uses
# is UNVERIFIED.
ONLINE_DEPTH_CODE = {"Ⅰ": "1", "Ⅱ": "2", "Ⅲ": "3", "Ⅳ": "4"}
# 许可类型 (《中华人民共和国行政许可法》第十二条): a local code; no national list was found.
LICENSE_TYPE_CODE = {"普通许可": "1", "特许": "2", "认可": "3", "核准": "4", "登记": "5"}
# 处罚种类 (《中华人民共和国行政处罚法》第九条), labels only.
PUNISHMENT_KINDS = (
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
    "其他",
)
# Types that carry the reduced national element set (no hall, online depth, handling type, …).
REDUCED_TYPES = ("02", "03", "04", "06")


class MatterStatus(StrEnum):
    """A matter's `status` (schemas/matter.json)."""

    IN_USE = "在用"
    CANCELLED = "已取消"
    SUSPENDED = "暂停"
    AWAITING = "待承接"  # delegated from above, no undertaking department yet


# The statuses of a matter that is still exercised: rules and the public list cover these. Plain
# strings, as the rules test it for every matter and a member's look-up costs ~0.1 µs each time.
IN_FORCE: tuple[str, ...] = (MatterStatus.IN_USE.value, MatterStatus.SUSPENDED.value)


class TransferKind(StrEnum):
    """A transfer record's `transfer_kind` (schemas/transfer.json), 通知二（一）、二（二）."""

    TRANSFER = "划转"  # a department's licensing moves to the approval bureau
    ENTRUST = "委托"  # a higher or same-level body entrusts its power
    UNDERTAKE = "承接"  # a power delegated from above is taken on


class TransferState(StrEnum):
    """A transfer record's `state` (schemas/transfer.json), in the order a record goes through."""

    PROPOSED = "提议"
    CONSULTED = "已征求意见"
    LEGALITY_REVIEW = "合法性审查"
    MUNICIPAL_CONSENT = "市级同意"  # 委托 only
    AUTHORIZATION_RESIGNED = "授权书重签"  # 委托 only
    COMPLETED = "已完成"
    ENDED = "已终止"


class AdjustmentKind(StrEnum):
    """An adjustment's `kind` in a matter's history (schemas/matter.json $defs/adjustment)."""

    NEW = "新增"
    UNDERTAKE = "承接"
    CANCEL = "取消"
    DELEGATE = "下放"
    RECALL = "上收"
    ENTRUST = "委托"
    TRANSFER = "划转"
    MERGE = "合并"
    SPLIT = "拆分"
    MANAGEMENT = "调整管理方式"
    ELEMENTS = "要素变更"


def uscc_check_char(first17: str) -> str:
    """The 18th character for the first 17; raises ValueError on a character outside the set."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    if len(code) != 18:
        return False
    try:
        return uscc_check_char(code[:17]) == code[17]
    except ValueError:
        return False


def implementation_code(uscc: str, level: str, basic_code: str) -> str:
    return f"{uscc}{level}{basic_code}"


def basic_type(basic_code: str) -> str:
    return basic_code[2:4]
