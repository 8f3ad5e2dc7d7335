"""Code arithmetic: USCC check characters (GB 32100-2015) and implementation codes (GB/T 39554.1)."""

from __future__ import annotations

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
