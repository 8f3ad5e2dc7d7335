"""Cells → record values: what real provincial exports hold, read as the matter schema's labels.

Every function takes one cell and returns the value, None for an empty cell, or raises `Refused`
saying why the cell cannot be read and what to do. A value that is read in another form than it
was written (a code typed as a number, a label variant) is recorded in `Notes` so the report lists
it: nothing is changed silently. The variants accepted are those of EXCHANGE.md §2 and §3.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from shenguan import codes


class Refused(Exception):
    """A cell that cannot be read: `reason` (Chinese) and `hint` (what to do)."""

    def __init__(self, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


@dataclass
class Notes:
    """What was read in another form than written (a restored code, a label variant) — reported."""

    items: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.items.append(text)


NONE_WORDS = frozenset(
    {
        "无",
        "不涉及",
        "暂无",
        "没有",
        "无此项",
        "空",
        "/",
        "-",
        "—",
        "——",
        "无中介服务",
        "暂无常见问题",
        "无特别程序",
        "不适用",
        "无特定审批结果",
    }
)
# Separators of multi-valued cells (EXCHANGE §3.4: ^ in SD/EP, , in T3/EP, / in Zhejiang, 、).
SEPARATORS = re.compile(r"\s*[\^,，、/;；|\n]+\s*")
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)
_CONTROL_LINE = re.compile("[\t\n\r]")
TEXT_MAX = 20000
NAME_MAX = 500


def _fmt_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def text(
    cell: Any,
    max_length: int = TEXT_MAX,
    multiline: bool = True,
    notes: Notes | None = None,
    what: str = "",
) -> str | None:
    """A text cell: stripped, CRLF as LF; numbers written out; dates, times, control characters,
    formulas and over-long text refused."""
    if type(cell) is str:  # the usual cell first: no type tests below
        value = cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell
        return _text(value.strip(), max_length, multiline)
    if cell is None:
        return None
    if isinstance(cell, bool):
        raise Refused(f"单元格是逻辑值 {'TRUE' if cell else 'FALSE'}，此列应为文本", "请填写文字")
    if isinstance(cell, (int, float)):
        return _fmt_number(cell)
    if isinstance(cell, (dt.datetime, dt.date)):
        raise Refused(
            f"单元格是 Excel 日期（{cell.isoformat()}），此列应为文本",
            "请把该列设为“文本”格式后重新填写原值（Excel 会把 3-1、1/2 之类改成日期）",
        )
    if isinstance(cell, (dt.time, dt.timedelta)):
        raise Refused(
            f"单元格是 Excel 时间（{cell}），此列应为文本", "请把该列设为“文本”格式后重新填写"
        )
    return _text(str(cell).replace("\r\n", "\n").replace("\r", "\n").strip(), max_length, multiline)


def _text(value: str, max_length: int, multiline: bool) -> str | None:
    if not value:
        return None
    if value.startswith("=") and len(value) > 1:
        raise Refused(
            f"单元格以 = 开头，是公式或像公式（{value[:40]}）",
            "导入只接受值：请把公式转为数值（复制后“选择性粘贴 → 数值”），或去掉开头的 =",
        )
    bad = _CONTROL.search(value) or (None if multiline else _CONTROL_LINE.search(value))
    if bad:
        raise Refused(
            f"单元格含控制字符 U+{ord(bad.group()):04X}（第 {bad.start() + 1} 个字符）",
            "请删除不可见字符后重新导入" + ("；此列不能换行" if bad.group() in "\t\n" else ""),
        )
    if len(value) > max_length:
        raise Refused(
            f"单元格有 {len(value)} 个字符，超过此列上限 {max_length}", "请精简内容或拆分"
        )
    return value


def is_none_word(value: str | None) -> bool:
    return value is None or value.strip().rstrip("。.").strip() in NONE_WORDS


@lru_cache(maxsize=65536)
def _key(value: str) -> str:
    """A label's lookup key: full-width forms, spaces, brackets and a trailing 。 unified."""
    v = unicodedata.normalize("NFKC", value).strip().rstrip("。.").strip()
    return re.sub(r"\s+", "", v).replace("(", "（").replace(")", "）")


def lookup_table(
    pairs: Mapping[str, str], aliases: Mapping[str, str] | None = None, strip_zeros: bool = False
) -> dict[str, str]:
    """Key → stored value for a code list given as stored value → its other form (label → code
    where records keep labels, code → label where they keep codes), plus the variants other
    systems write; codes also without leading zeros when `strip_zeros` (T3, SC write 1 for 01)."""
    out: dict[str, str] = {}
    for stored, other in pairs.items():
        for form in (stored, other):
            out[_key(form)] = stored
            if strip_zeros and form.isdigit():
                out[_key(form.lstrip("0") or "0")] = stored
    for variant, stored in (aliases or {}).items():
        out[_key(variant)] = stored
    return out


def code(
    cell: Any,
    table: Mapping[str, str],
    what: str,
    notes: Notes | None = None,
    values: Mapping[str, str] | None = None,
) -> str | None:
    """One value of a code list, given as label, code or known variant; anything else refused."""
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    if values and raw in values:
        raw = values[raw]
    found = table.get(_key(raw))
    if found is None:
        choices = "、".join(dict.fromkeys(table.values()))
        raise Refused(
            f"「{raw}」不是{what}代码表中的值",
            f"可填：{choices}（或其代码）；本省写法可在 --mapping 的 values 中对应",
        )
    return found


def codes_list(
    cell: Any,
    table: Mapping[str, str],
    what: str,
    notes: Notes | None = None,
    values: Mapping[str, str] | None = None,
    ignore: Mapping[str, str] | None = None,
) -> list[str] | None:
    """A multi-valued code cell (^ , 、 / ; or new lines between values), order kept, no repeats.
    `ignore`: variants dropped with a note (移动端 is no 办理形式 in version 2)."""
    raw = text(cell, TEXT_MAX)
    if raw is None:
        return None
    out: list[str] = []
    for part in SEPARATORS.split(raw):
        if not part:
            continue
        if ignore and _key(part) in ignore:
            if notes is not None:
                notes.add(ignore[_key(part)])
            continue
        label = code(part, table, what, values=values)
        if label is not None and label not in out:
            out.append(label)
    return out or None


def _alias(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """variant → stored value (a dict, not keyword arguments: Python folds Ⅳ in a name to IV)."""
    return {variant: label for label, variants in groups.items() for variant in variants}


TYPE = lookup_table(
    codes.TYPE_ZH,
    {"备案": "11", "其他权力": "10", "其他类": "10"},
    strip_zeros=True,
)
LEVEL = lookup_table(
    codes.LEVEL_ZH,
    _alias(
        {
            "1": ("国家", "中央"),
            "2": ("省", "省本级"),
            "3": ("市", "设区的市级", "地市级"),
            "4": ("县", "区县级", "县（市、区）级", "县区级", "区级"),
            "5": ("镇（乡、街道）级", "乡（镇、街道）级", "乡镇级", "街道级", "乡镇（街道）级"),
            "6": ("村（社区）级", "村级", "社区级"),
        }
    ),
)
NATURE = lookup_table(codes.NATURE_ZH, {"受委托授权组织": "3"})
POWER_SOURCE = lookup_table(codes.POWER_SOURCE_CODE, {"法定本级行使": "法定本级"}, strip_zeros=True)
SERVICE_OBJECT = lookup_table(
    codes.SERVICE_OBJECT_CODE, {"个人": "自然人", "公民": "自然人", "事业单位法人": "事业法人"}
)
HANDLING_FORM = lookup_table(
    codes.HANDLING_FORM_CODE,
    {
        "窗口": "窗口办理",
        "网上": "网上办理",
        "网办": "网上办理",
        "邮寄申请": "快递申请",
        "快递": "快递申请",
        "邮寄": "快递申请",
    },
)
MOBILE = {
    _key(v): f"已忽略办理形式「{v}」：第 2 版中移动端办理写在“移动端办理地址”列"
    for v in ("移动端", "移动端办理", "掌上办理", "APP办理")
}
HANDLING_TYPE = lookup_table(
    codes.HANDLING_TYPE_CODE, {"即办": "即办件", "承诺": "承诺件", "即时办结": "即办件"}
)
TIME_UNIT = lookup_table(
    codes.TIME_UNIT_CODE, {"W": "工作日", "N": "自然日", "workday": "工作日", "个工作日": "工作日"}
)
MATERIAL_TYPE = lookup_table(
    codes.MATERIAL_TYPE_CODE, {"证照": "证件证书证明", "表格": "申请表格文书"}
)
MATERIAL_FORM = lookup_table(
    codes.MATERIAL_FORM_CODE,
    {
        "纸质版": "纸质",
        "电子": "电子化",
        "电子版": "电子化",
        "纸质+电子": "纸质/电子化",
        "纸质版和电子版": "纸质/电子化",
        "纸质和电子": "纸质/电子化",
        "纸质、电子": "纸质/电子化",
        "纸质或电子": "纸质/电子化",
        "纸质/电子": "纸质/电子化",
    },
)
MATERIAL_NECESSITY = lookup_table(
    codes.MATERIAL_NECESSITY_CODE, {"是": "必要", "否": "非必要", "容缺": "容缺后补"}
)
MATERIAL_SOURCE = lookup_table(
    codes.MATERIAL_SOURCE_CODE,
    {"中介机构或法定机构产生": "中介机构出具", "其它": "其他", "申请人": "申请人自备"},
)
RESULT_TYPE = lookup_table(
    codes.RESULT_TYPE_CODE,
    {
        "出证办结": "证照",
        "出文办结": "批文",
        "证件": "证照",
        "合同": "其他",
        "登记表": "其他",
        "无结果": "无",
        "1": "证照",
        "2": "批文",
        "3": "其他",
        "4": "无",
    },
)
DELIVERY = lookup_table(
    codes.DELIVERY_CODE, {"自取": "窗口领取", "邮寄": "邮寄送达", "物流": "邮寄送达"}
)
HANDLE_AREA = lookup_table(
    codes.HANDLE_AREA_CODE, {"全镇": "全镇（乡、街道）", "跨村": "跨村（社区）"}
)
LICENSE_TYPE = lookup_table(codes.LICENSE_TYPE_CODE)
PUNISHMENT_KIND = lookup_table({k: k for k in codes.PUNISHMENT_KINDS})
DEPTH = lookup_table(
    codes.ONLINE_DEPTH_CODE,
    _alias(
        {
            "Ⅰ": ("I", "Ⅰ级", "一级", "1级", "信息公开", "咨询", "信息公开/咨询", "事项公开"),
            "Ⅱ": ("II", "Ⅱ级", "二级", "2级", "在线预审"),
            "Ⅲ": ("III", "Ⅲ级", "三级", "3级", "网上受理办理", "在线办理", "网上受理"),
            "Ⅳ": (
                "IV",
                "Ⅳ级",
                "四级",
                "4级",
                "全程网办",
                "全程网办（Ⅳ级）",
                "全流程网办",
                "全程网上办理",
            ),
        }
    ),
)
STATUS = lookup_table(
    {"在用": "1", "暂停": "2", "已取消": "3", "待承接": "待承接"},
    {"取消": "已取消", "挂起": "暂停", "启用": "在用", "已发布": "在用", "发布": "在用"},
)
VALIDITY_UNIT = {"年": "年", "个月": "月", "月": "月", "日": "日", "天": "日"}

_YES = {"是", "1", "Y", "YES", "TRUE", "支持", "有", "涉及", "√", "收费", "需要", "已对接", "对接"}
_NO = {
    "否",
    "0",
    "N",
    "NO",
    "FALSE",
    "不支持",
    "无",
    "不涉及",
    "×",
    "不收费",
    "免费",
    "不需要",
    "未对接",
    "不对接",
}


def flag(cell: Any, what: str = "") -> bool | None:
    """是/否 and the usual variants (1/0, 支持/不支持, 有/无, 收费/不收费, TRUE/FALSE)."""
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, (int, float)) and cell in (0, 1):
        return bool(cell)
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    key = _key(raw).upper()
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise Refused(f"「{raw}」不是“是”或“否”", "请填写 是/否（或 1/0、支持/不支持）")


_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNIT = {"十": 10, "百": 100, "千": 1000}


def cn_number(value: str) -> int | None:
    """Arabic or Chinese numerals up to 9999 (三, 十五, 二十, 一百二十); None when neither."""
    value = unicodedata.normalize("NFKC", value)
    if value.isdigit():
        return int(value)
    if not value or any(c not in _CN_DIGIT and c not in _CN_UNIT for c in value):
        return None
    total, digit = 0, None
    for ch in value:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNIT[ch]
            digit = None
    return total + (digit or 0)


def integer(cell: Any, what: str, low: int = 0, high: int = 3650, suffix: str = "") -> int | None:
    """A whole number, as number or text (3, 3.0, "3", "3次", "三")."""
    if isinstance(cell, bool):
        raise Refused(f"单元格是逻辑值，{what}应为整数", "请填写数字")
    if isinstance(cell, float):
        if not cell.is_integer():
            raise Refused(f"{what}应为整数，单元格是 {cell}", "请填写整数")
        cell = int(cell)
    if isinstance(cell, int):
        n = cell
    else:
        raw = text(cell, NAME_MAX, multiline=False)
        if raw is None:
            return None
        body = raw.removesuffix(suffix) if suffix else raw
        found = cn_number(body.strip())
        if found is None:
            raise Refused(f"「{raw}」不是整数，{what}应为整数", "请填写数字，如 0、1、20")
        n = found
    if not low <= n <= high:
        raise Refused(f"{what} {n} 超出范围 {low}–{high}", "请检查数值")
    return n


_LIMIT = re.compile(
    r"^(?P<n>[0-9０-９一二两三四五六七八九十百零〇]+)\s*个?\s*(?P<unit>工作日|自然日|日|天)?$"
)


def time_limit(
    cell: Any, unit_cell: Any = None, note_cell: Any = None, what: str = "时限"
) -> dict[str, Any] | None:
    """`3个工作日`, `20`, `即办` (0 工作日), `三十个自然日`; a unit column (工作日/自然日, 2/1, W/N)
    wins over none in the text; 日 or 天 without 工作/自然 and no unit column is refused."""
    unit = code(unit_cell, TIME_UNIT, "时限单位")
    note = text(note_cell)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        value: int | None = integer(cell, what)
        written_unit = None
    else:
        raw = text(cell, NAME_MAX, multiline=False)
        if raw is None:
            if unit is not None or note is not None:
                raise Refused(f"有{what}单位或说明，却没有{what}", "请填写天数，即办填 0 或“即办”")
            return None
        if _key(raw) in ("即办", "即办件", "即时办结", "当场办结", "立即办结"):
            value, written_unit = 0, None
        else:
            m = _LIMIT.match(raw.replace(" ", ""))
            if not m:
                raise Refused(
                    f"「{raw}」不是时限", "请写成天数加单位，如 3个工作日、20 自然日、即办"
                )
            value = cn_number(m.group("n"))
            written_unit = m.group("unit")
            if value is None or value > 3650:
                raise Refused(f"「{raw}」的天数超出范围 0–3650", "请检查数值")
    if written_unit in ("工作日", "自然日"):
        if unit is not None and unit != written_unit:
            raise Refused(f"{what}写的是{written_unit}，单位列却是{unit}", "请统一单位")
        unit = written_unit
    elif written_unit in ("日", "天") and unit is None:
        raise Refused(
            f"{what}只写了“{written_unit}”，分不清工作日还是自然日",
            "请写成 N个工作日 或 N个自然日，或填写单位列（行政许可法第八十二条：期限以工作日计算）",
        )
    if unit is None:
        if value == 0:
            unit = "工作日"
        else:
            raise Refused(
                f"{what} {value} 没有单位", "请在单位列填 工作日/自然日，或写成 3个工作日"
            )
    out: dict[str, Any] = {"value": value, "unit": unit}
    if note is not None:
        out["note"] = note
    return out


def visits(cell: Any) -> int | None:
    """到办事现场次数: 0, "0次", "一次"."""
    return integer(cell, "到办事现场次数", 0, 10, suffix="次")


def depth(cell: Any, values: Mapping[str, str] | None = None) -> str | None:
    """网上办理深度 Ⅰ–Ⅳ: the numerals, 1–4 (this tool's export scheme), 一级…四级, 全程网办（Ⅳ级）.
    A list such as 3^4^5^6 (another scheme, EXCHANGE §2.9) is refused."""
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    if values and raw in values:
        raw = values[raw]
    found = DEPTH.get(_key(raw))
    if found is None:
        m = re.search(r"[（(]\s*([ⅠⅡⅢⅣIV1-4一二三四]+)\s*级\s*[）)]", raw)
        if m:
            found = DEPTH.get(_key(m.group(1) + "级")) or DEPTH.get(_key(m.group(1)))
    if found is None:
        raise Refused(
            f"「{raw}」不是网上办理深度",
            "可填：Ⅰ、Ⅱ、Ⅲ、Ⅳ（或 1–4、一级–四级、全程网办）；其他系统的编码请在 --mapping 的 values 中对应",
        )
    return found


def validity(cell: Any) -> dict[str, Any] | None:
    """有效期: `5年`, `6个月`, `长期`/`长期有效`/`无期限`."""
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None or is_none_word(raw):
        return None
    key = _key(raw)
    if key in ("长期", "长期有效", "无期限", "永久", "永久有效", "不限"):
        return {"unlimited": True}
    m = re.match(r"^([0-9一二两三四五六七八九十百]+)\s*(年|个月|月|日|天)$", key)
    n = cn_number(m.group(1)) if m else None
    if not m or n is None or not 1 <= n <= 100:
        raise Refused(f"「{raw}」不是有效期", "请写成 5年、6个月、30日 或 长期")
    return {"value": n, "unit": VALIDITY_UNIT[m.group(2)]}


_PHONE = re.compile(r"^(0\d{2,3}-\d{7,8}(-\d{1,6})?|1[3-9]\d{9}|12345|9\d{4})$")
_PHONE_IN_TEXT = re.compile(
    r"(?<![\d-])(0\d{2,3}-\d{7,8}(?:-\d{1,6})?|1[3-9]\d{9}|12345|9\d{4})(?![\d-])"
)


def phone(cell: Any, notes: Notes | None = None, what: str = "电话") -> str | None:
    """A phone number; text such as 咨询电话：029-86293032 gives its one number (noted)."""
    raw = text(cell, NAME_MAX, multiline=True)
    if raw is None:
        return None
    plain = unicodedata.normalize("NFKC", raw).replace("—", "-").replace("－", "-").strip()
    if _PHONE.match(plain):
        return plain
    found = list(dict.fromkeys(_PHONE_IN_TEXT.findall(plain)))
    if len(found) == 1:
        if notes is not None:
            notes.add(f"{what}「{raw}」只取其中的号码 {found[0]}")
        return str(found[0])
    if not found:
        raise Refused(f"「{raw}」中没有可识别的{what}号码", "请写成 029-12345678、手机号或 12345")
    raise Refused(
        f"「{raw}」中有 {len(found)} 个号码", f"{what}只填一个号码，其余可写在地址或说明中"
    )


BASIC_CODE = re.compile(r"^(00|[1-6]\d)(0[1-9]|1[01]|20)\d{7}[\dY]$")
IMPL_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}[1-7]\d{11}[\dY]$")
USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")


def basic_code(cell: Any, notes: Notes | None = None) -> str | None:
    """基本编码, 12 characters. A number (or digits in a CSV) of 9 or 10 digits is restored with
    leading zeros — certain, since a code starting with 0 must start with 00 (the pattern's first
    two digits are 00 or a province code 1x–6x) and padding to 12 is the only reading that fits the
    pattern; noted. 11 digits cannot come from a lost zero and is refused, as is any other length."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    value = unicodedata.normalize("NFKC", raw).strip().upper()
    if BASIC_CODE.match(value):
        return value
    if value.isdigit() and len(value) in (9, 10) and BASIC_CODE.match(value.zfill(12)):
        restored = value.zfill(12)
        if notes is not None:
            notes.add(f"基本编码 {value} 丢失了开头的 0（被存成数字），已恢复为 {restored}")
        return restored
    raise Refused(
        f"「{raw}」不是 12 位基本编码",
        "基本编码为 12 位（如 000112001000，子项末位可为 Y）；Excel 中请把该列设为“文本”格式，保留开头的 0",
    )


def _code_cell(cell: Any, what: str, lost: str, hint: str) -> tuple[str, str] | None:
    """A code cell as (its text, the code in NFKC upper case); a code stored as a number is
    refused, saying what was lost (`lost`, may be empty) and what to do."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise Refused(f"{what}被存成了数字（{cell!r}）{lost}", hint)
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    return raw, unicodedata.normalize("NFKC", raw).strip().upper()


def impl_code(cell: Any) -> str | None:
    """实施编码 (31 characters); a number is refused: Excel keeps 15 significant digits only."""
    read = _code_cell(
        cell,
        "实施编码",
        "，Excel 只保留 15 位有效数字，原值已无法恢复",
        "请在源系统中把该列导出为文本后重新导入",
    )
    if read is None:
        return None
    raw, value = read
    if not IMPL_CODE.match(value):
        raise Refused(
            f"「{raw}」不是 31 位实施编码",
            "实施编码 = 统一社会信用代码（18 位）+ 层级（1 位）+ 基本编码（12 位）",
        )
    return value


def uscc(cell: Any) -> str | None:
    read = _code_cell(cell, "统一社会信用代码", "", "请把该列设为“文本”格式后重新填写")
    if read is None:
        return None
    raw, value = read
    if not USCC.match(value) or not codes.uscc_valid(value):
        raise Refused(
            f"「{raw}」不是有效的 18 位统一社会信用代码", "请核对代码及其校验位（GB 32100-2015）"
        )
    return value


def item_code(cell: Any) -> str | None:
    """业务办理项编码: 实施编码 + 2-digit 序号 (33 characters)."""
    read = _code_cell(cell, "业务办理项编码", "，已丢失精度", "请把该列导出为文本后重新导入")
    if read is None:
        return None
    raw, value = read
    if not (len(value) == 33 and IMPL_CODE.match(value[:31]) and value[31:].isdigit()):
        raise Refused(
            f"「{raw}」不是 33 位业务办理项编码", "业务办理项编码 = 实施编码（31 位）+ 2 位序号"
        )
    return value


def date(cell: Any) -> str | None:
    """A date: an Excel date, or text YYYY-MM-DD (also YYYY/M/D, YYYY年M月D日)."""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    raw = text(cell, NAME_MAX, multiline=False)
    if raw is None:
        return None
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$", raw)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        pass
    raise Refused(f"「{raw}」不是日期", "请写成 YYYY-MM-DD，如 2026-12-01")


def split_list(cell: Any, max_length: int = NAME_MAX) -> list[str] | None:
    """A list of free texts (联办机构, 主题分类): ^ , 、 ; or new lines between items."""
    raw = text(cell, TEXT_MAX)
    if raw is None or is_none_word(raw):
        return None
    items = [p for p in re.split(r"\s*[\^,，、;；|\n]+\s*", raw) if p]
    for item in items:
        if len(item) > max_length:
            raise Refused(f"「{item[:20]}…」超过 {max_length} 个字符", "请精简")
    return list(dict.fromkeys(items)) or None


# ---- legal basis -------------------------------------------------------------------------------

_NUMBERING = re.compile(
    r"^\s*(?:\d+\s*[\.、．)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])\s*"
)
_ARTICLE = (
    r"(?:附件)?第[0-9一二三四五六七八九十百零〇]+(?:条|项|款|章|部分|点)"
    r"(?:之[一二三四五六七八九十]+)?"
    r"(?:第(?:[0-9一二三四五六七八九十百零〇]+|[（(][0-9一二三四五六七八九十]+[)）])(?:款|项|目))*"
    r"(?:[（(][0-9一二三四五六七八九十]+[)）])*"
    r"(?:[、和及至](?:附件)?第[0-9一二三四五六七八九十百零〇]+(?:条|项|款|目)"
    r"(?:第[0-9一二三四五六七八九十百零〇]+(?:款|项|目))*)*"
)
_BRACKETED = re.compile(
    r"^《(?P<law>[^》]+)》\s*(?:[（(](?P<doc>[^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*)[)）])?\s*"
    r"(?P<article>" + _ARTICLE + r")?\s*[：:]?\s*(?P<content>.*)$",
    re.S,
)
# 《law》（doc_no）article：content — the article is all before the first colon (it may hold 第（一）项).
_COLON = re.compile(
    r"^《(?P<law>[^》]+)》\s*(?:[（(](?P<doc>[^（）()]*(?:[（(][^（）()]*[)）][^（）()]*)*)[)）])?\s*"
    r"(?P<article>[^：:\n]*?(?:条|款|项|目|部分|点)[^：:\n]*?)\s*[：:]\s*(?P<content>.*)$",
    re.S,
)
_PLAIN = re.compile(
    r"^(?P<law>[^《》：:（）()]+?)\s*(?:[（(](?P<doc>[^（）()]*)[)）])?\s*"
    r"(?P<article>" + _ARTICLE + r")\s*[：:]?\s*(?P<content>.*)$",
    re.S,
)


def basis_lines(cell: Any) -> list[str]:
    raw = text(cell, TEXT_MAX * 5)
    if raw is None or is_none_word(raw):
        return []
    raw = re.sub(r"<br\s*/?>", "\n", raw, flags=re.I)
    return [line.strip() for line in raw.split("\n") if line.strip()]


def basis(cell: Any, what: str = "依据") -> list[dict[str, str]] | None:
    """`《中华人民共和国食品安全法》（主席令第二十一号）第三十五条：……` per line → law, doc_no,
    article, content; numbering (1. （1）) dropped; a line without 第…条 is refused."""
    out: list[dict[str, str]] = []
    for line in basis_lines(cell):
        body = _NUMBERING.sub("", line, count=1)
        m = _COLON.match(body) or _BRACKETED.match(body) or _PLAIN.match(body)
        if not m or not m.group("article"):
            raise Refused(
                f"{what}「{line[:60]}」中找不到法律法规名称和条款号",
                "每行写成 《法律法规名称》（文号）第…条：条款内容，多条依据分行填写",
            )
        entry: dict[str, str] = {
            "law": m.group("law").strip(),
            "article": m.group("article").strip(),
        }
        if m.group("doc") and m.group("doc").strip():
            entry["doc_no"] = m.group("doc").strip()
        content = (m.group("content") or "").strip()
        if content:
            entry["content"] = content
        if len(entry["law"]) > NAME_MAX:
            raise Refused(f"{what}的法律法规名称超过 {NAME_MAX} 个字符", "请检查是否漏写了 《》")
        ordered: dict[str, str] = {}
        for k in ("law", "doc_no", "article", "content"):
            if k in entry:
                ordered[k] = entry[k]
        out.append(ordered)
    return out or None


def basis_text(entries: list[dict[str, Any]]) -> str:
    """The line form `basis` reads (the export writes the same)."""
    lines = []
    for e in entries:
        doc = f"（{e['doc_no']}）" if e.get("doc_no") else ""
        content = f"：{e['content']}" if e.get("content") else ""
        lines.append(f"《{e.get('law', '')}》{doc}{e.get('article', '')}{content}")
    return "\n".join(lines)
