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
    "11": "行政备案",
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
