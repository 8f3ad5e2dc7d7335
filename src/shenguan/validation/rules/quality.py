"""The platform's quality checks (Q layer): what the provincial 政务服务事项管理系统 rejects or flags.

Each rule cites its source in the registry: a national exchange table, the 行政许可法, or a
province's quality checker (then the rule is a warning: provincial practice, not a national rule).
Contradictions between structured values are errors. Only matters in force are checked: cancelled
and awaiting matters are not published. Optional element sets that a matter does not carry (types
02/03/04/06 may lack hall, online, fee, handling forms …) are never reported as missing here;
only the sets the national tables require of a type (处罚 and 征收, Q019) are.

Every value may be of any shape (the schema reports it); these checks only read what has the type
they expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.catalog.model import effective_item
from shenguan.validation.rules.issue import Issue

LICENSING = "01"
MAX_DAYS = 100_000  # beyond any schema maximum: larger limits are not compared
# 处罚、强制、征收、检查: the national tables keep a reduced set for them (up_task_punish_basic,
# up_task_handle_basic, up_task_check_basic) without extend, hall, visits, forms or fee elements.
REDUCED = ("02", "03", "04", "06")
# Words that mean "none" in a text element (a trailing 。 is ignored).
NONE_WORDS = frozenset({"无", "暂无", "不涉及", "无特定审批结果", "无审批结果"})
NATURAL = "自然人"
LEGAL = frozenset({"企业法人", "事业法人", "社会组织法人", "非法人企业", "行政机关", "其他组织"})
ONLINE, POST = "网上办理", "快递申请"
# 办理时间 says on which days: 工作日, 周一至周五, 星期…, 每天, 全天, 24 小时, 节假日 (ZJ2-4 rule 14).
HOURS_DAYS = re.compile(r"工作日|[周星期][一二三四五六日天]|每[天日]|全天|全年|24\s*小时|节假日")
# 办理地点 down to a window or room (ZJ2-4 rule 15): 窗口, 室, 房间, 专区, 中台, 柜台, a numbered 号,
# a lettered or numbered 区 (A 区, 3 区) or a hall area (受理区), or a trailing 处/科/股/digit.
PLACE = re.compile(
    r"窗口|室|房间|专区|中台|柜台|\d+\s*号|[A-Za-z0-9０-９]\s*区|(受理|服务|办事|办理|综合|自助|业务)区"
    r"|[处科股\d０-９]\s*$"
)
# A reason that asks the applicant to come (ZJ1-4 rule 9), unless it says no visit is needed.
ON_SITE = re.compile(r"现场|到场|窗口|面签|核验原件")
NO_VISIT = re.compile(r"无需|不需|无须|不必|不用|免于|免予")
RESULT_DECREE = re.compile(r"批复|批文")
RESULT_LICENCE = re.compile(r"证$|证书|执照")
RESULT_NOT_LICENCE = re.compile(r"凭证|证明")


def _d(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _l(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    """The text of a value that means something: '' for a non-text, blank or "无"."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    return "" if text.rstrip("。.") in NONE_WORDS else text


def _items(data: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    return [(i, it) for i, it in enumerate(_l(data.get("handle_items"))) if isinstance(it, dict)]


Check = Callable[[Context, Record], Iterator[Issue]]


def _checked(check: Check) -> Check:
    """Run a check only on a matter in force."""

    def run(ctx: Context, m: Record) -> Iterator[Issue]:
        if ctx.in_use(m):
            yield from check(ctx, m)

    run.__name__ = check.__name__
    return run


def _general(check: Check) -> Check:
    """Run a check only on a matter in force whose type carries the full national element set."""

    def run(ctx: Context, m: Record) -> Iterator[Issue]:
        if ctx.in_use(m) and m.data.get("type") not in REDUCED:
            yield from check(ctx, m)

    run.__name__ = check.__name__
    return run


# -- 审批结果 ---------------------------------------------------------------------------------------


@_general
def result(ctx: Context, m: Record) -> Iterator[Issue]:
    res = _d(m.data.get("result"))
    name, kind = res.get("name"), res.get("type")
    if not isinstance(name, str) or not isinstance(kind, str):
        return
    real = bool(_text(name))
    if real and kind == "无":
        yield Issue(
            "Q002",
            m.path,
            "/result/type",
            f"审批结果“{name}”的结果类型为“无”",
            "有审批结果的，结果类型填证照、批文或其他；确无结果的，结果名称写“无”",
        )
    elif not real and kind != "无":
        yield Issue(
            "Q002",
            m.path,
            "/result/name",
            f"结果名称为“{name.strip()}”，结果类型却是“{kind}”",
            "确无审批结果的，结果类型改为“无”；否则写明结果名称",
        )
    if not real or kind == "无":
        return
    want = _expected_type(name)
    if want and kind != want:
        yield Issue(
            "Q001",
            m.path,
            "/result/type",
            f"审批结果“{name}”的结果类型应为“{want}”，现为“{kind}”",
            "名称以“证”结尾或含“证书”“执照”的是证照，含“批复”“批文”的是批文；请核对名称或类型",
        )
    if not _text(res.get("sample")):
        yield Issue(
            "Q003",
            m.path,
            "/result",
            f"审批结果“{name}”没有结果样本",
            "请在 result.sample 中填写结果样本的网址或文件路径",
        )


def _expected_type(name: str) -> str | None:
    if RESULT_DECREE.search(name):
        return "批文"
    if RESULT_LICENCE.search(name) and not RESULT_NOT_LICENCE.search(name):
        return "证照"
    return None


# -- 到办事现场次数与办理形式 ------------------------------------------------------------------------


@_general
def visits(ctx: Context, m: Record) -> Iterator[Issue]:
    on = _d(m.data.get("online"))
    count = on.get("site_visits")
    if not isinstance(count, int) or isinstance(count, bool):
        return
    reason = on.get("site_reason")
    if count > 0 and (not _text(reason) or NO_VISIT.search(str(reason))):
        yield Issue(
            "Q004",
            m.path,
            "/online/site_visits",
            f"到办事现场 {count} 次，但没有说明必须现场办理的原因",
            "请在 online.site_reason 中写明须到现场的原因（如核验原件、现场勘验）",
        )
    if count == 0 and isinstance(reason, str) and _asks_for_visit(reason):
        yield Issue(
            "Q005",
            m.path,
            "/online/site_reason",
            "到办事现场 0 次，却写了须到现场办理的原因",
            "请删除 online.site_reason，或核对到现场次数",
        )
    forms = m.data.get("handling_forms")
    if count == 0 and isinstance(forms, list) and not {ONLINE, POST} & set(_strings(forms)):
        yield Issue(
            "Q006",
            m.path,
            "/handling_forms",
            "到办事现场 0 次，但办理形式既没有网上办理，也没有快递申请",
            "申请人不到现场时只能网上办理或快递申请：请补充办理形式，或核对到现场次数",
        )


def _asks_for_visit(reason: str) -> bool:
    return bool(_text(reason)) and bool(ON_SITE.search(reason)) and not NO_VISIT.search(reason)


def _strings(values: list[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str)]


@_general
def online_forms(ctx: Context, m: Record) -> Iterator[Issue]:
    depth = _d(m.data.get("online")).get("depth")
    forms = m.data.get("handling_forms")
    if depth in ("Ⅲ", "Ⅳ") and isinstance(forms, list) and ONLINE not in forms:
        label = "网上受理办理（Ⅲ）" if depth == "Ⅲ" else "全程网办（Ⅳ）"
        yield Issue(
            "Q017",
            m.path,
            "/handling_forms",
            f"网办深度为{label}，办理形式却没有网上办理",
            "请在 handling_forms 中加上“网上办理”，或降低网办深度",
        )


# -- 收费与网上支付 ---------------------------------------------------------------------------------


@_general
def payment(ctx: Context, m: Record) -> Iterator[Issue]:
    flags = [_d(m.data.get("fee")).get("charged")]
    flags += [_d(effective_item(m.data, it).get("fee")).get("charged") for _, it in _items(m.data)]
    flags = [f for f in flags if isinstance(f, bool)]
    if not flags:
        return
    support = m.data.get("support")
    pay = _d(support).get("online_payment")
    if not any(flags) and pay is True:
        yield Issue(
            "Q007",
            m.path,
            "/support/online_payment",
            "不收费的事项写了支持网上支付",
            "请把 support.online_payment 改为 false，或核对是否收费",
        )
    elif any(flags) and not isinstance(pay, bool):
        yield Issue(
            "Q008",
            m.path,
            "/support" if isinstance(support, dict) else "/fee",
            "收费事项没有写明是否支持网上支付",
            "请填写 support.online_payment（true 或 false）",
        )


# -- 行政许可的公示内容 -----------------------------------------------------------------------------


def _has_text(value: Any) -> bool:
    return bool(_text(value))


def _has_items(value: Any) -> bool:
    return bool(_l(value))


@_checked
def licensing(ctx: Context, m: Record) -> Iterator[Issue]:
    if m.data.get("type") != LICENSING:
        return
    items = _items(m.data)
    for key, label, present in (
        ("conditions", "受理条件", _has_text),
        ("materials", "申请材料", _has_items),
    ):
        if present(m.data.get(key)):
            continue
        lacking = [i for i, it in items if not present(effective_item(m.data, it).get(key))]
        if items and not lacking:
            continue  # every handle item states its own
        yield Issue(
            "Q009",
            m.path,
            f"/{key}" if key in m.data else "",
            f"行政许可事项没有{label}",
            f"第三十条：申请条件与需要提交的全部材料目录须公示；请填写 {key}",
        )
    if not _l(m.data.get("faq")):
        yield Issue(
            "Q010",
            m.path,
            "",
            "行政许可事项没有常见问题解答",
            "请在 faq 中填写申请人常问的问题与解答",
        )


# -- 办理时间、办理地点、咨询投诉地址 ---------------------------------------------------------------


@_general
def place_and_hours(ctx: Context, m: Record) -> Iterator[Issue]:
    hall = _d(m.data.get("hall"))
    hours = hall.get("hours")
    if isinstance(hours, str) and _text(hours) and not HOURS_DAYS.search(hours):
        yield Issue(
            "Q011",
            m.path,
            "/hall/hours",
            f"办理时间“{hours}”没有写明哪些日子办理",
            "请写明工作日或周一至周五（及节假日安排）和时段，如 周一至周五 9:00-12:00、13:00-17:00",
        )
    places = [(k, hall[k]) for k in ("window", "address") if isinstance(hall.get(k), str)]
    if places and not any(PLACE.search(v) for _, v in places):
        key, value = places[0]
        yield Issue(
            "Q012",
            m.path,
            f"/hall/{key}",
            f"办理地点“{value}”没有具体到窗口或房间",
            "请写到窗口、房间号或专区，如 综合受理区 12 号窗口",
        )


@_checked
def addresses(ctx: Context, m: Record) -> Iterator[Issue]:
    contact = m.data.get("contact")
    if not isinstance(contact, dict):
        return
    missing = [
        label
        for key, label in (("consult_address", "咨询地址"), ("complaint_address", "投诉地址"))
        if not _text(contact.get(key))
    ]
    if missing:
        yield Issue(
            "Q013",
            m.path,
            "/contact",
            f"缺少{'和'.join(missing)}",
            "请填写 contact.consult_address 与 contact.complaint_address",
        )


# -- 服务对象与主题分类 -----------------------------------------------------------------------------


@_general
def topics(ctx: Context, m: Record) -> Iterator[Issue]:
    top = m.data.get("topics")
    objects = m.data.get("service_objects")
    if not isinstance(top, dict) or not isinstance(objects, list):
        return
    serves = set(_strings(objects))
    for key, label, wanted, name in (
        ("natural_person", "面向自然人", NATURAL in serves, "自然人"),
        ("legal_person", "面向法人", bool(LEGAL & serves), "法人或其他组织"),
    ):
        has = any(_text(t) for t in _l(top.get(key)))
        if wanted and not has:
            yield Issue(
                "Q014",
                m.path,
                "/topics",
                f"服务对象含{name}，但没有{label}的主题分类",
                f"请填写 topics.{key}，或核对服务对象",
            )
        elif has and not wanted:
            yield Issue(
                "Q014",
                m.path,
                f"/topics/{key}",
                f"有{label}的主题分类，服务对象却不含{name}",
                f"请核对服务对象，或删除 topics.{key}",
            )


# -- 办理环节时限 -----------------------------------------------------------------------------------


def _days(limit: dict[str, Any], unit: str) -> float | None:
    value, have = limit.get("value"), limit.get("unit")
    if not isinstance(value, int) or isinstance(value, bool) or have not in ("工作日", "自然日"):
        return None
    if not 0 <= value <= MAX_DAYS:
        return None  # out of range is the schema's finding (S006); 309 digits overflow a float
    if have == unit:
        return value
    return value * 7 / 5 if have == "工作日" else value * 5 / 7


@_checked
def step_times(ctx: Context, m: Record) -> Iterator[Issue]:
    promised = _d(_d(m.data.get("time_limit")).get("promised"))
    unit = promised.get("unit")
    if not isinstance(unit, str):
        return
    total = _days(promised, unit)
    if total is None:
        return
    limits = [_d(_d(s).get("time_limit")) for s in _l(m.data.get("process"))]
    limits = [tl for tl in limits if tl]
    days = [_days(tl, unit) for tl in limits]
    if not days or any(d is None for d in days):
        return
    steps = sum(d for d in days if d is not None)
    if steps > total + 1e-9:
        mixed = any(tl.get("unit") != unit for tl in limits)
        shown = f"{steps:.1f}".rstrip("0").rstrip(".")
        yield Issue(
            "Q015",
            m.path,
            "/process",
            f"各办理环节时限之和 {shown} {unit}超过承诺时限 {promised['value']} {unit}"
            + ("（工作日与自然日按每周 5 个工作日折算）" if mixed else ""),
            "请压缩环节时限，或核对承诺时限",
        )


# -- 办理情形 ---------------------------------------------------------------------------------------


def _names(materials: Any) -> set[str]:
    return {n for mt in _l(materials) if isinstance(n := _d(mt).get("name"), str)}


@_checked
def situations(ctx: Context, m: Record) -> Iterator[Issue]:
    data = m.data
    places: list[tuple[str, list[Any], Any, str]] = []
    if sits := _l(data.get("situations")):
        places.append(("", sits, data.get("materials"), "本事项"))
    for i, item in _items(data):
        if sits := _l(item.get("situations")):
            own = "materials" in item
            materials = effective_item(data, item).get("materials")
            places.append((f"/handle_items/{i}", sits, materials, "本办理项" if own else "本事项"))
    for prefix, sits, materials, whose in places:
        names = _names(materials)
        for j, sit in enumerate(sits):
            for k, material in enumerate(_l(_d(sit).get("materials"))):
                if isinstance(material, str) and material not in names:
                    situation = _d(sit).get("name")
                    label = f"办理情形“{situation}”" if isinstance(situation, str) else "办理情形"
                    yield Issue(
                        "Q016",
                        m.path,
                        f"{prefix}/situations/{j}/materials/{k}",
                        f"{label}所列材料“{material}”不在{whose}的申请材料中",
                        "办理情形只能从申请材料中选取：请改为材料清单中的名称，或先把它加入 materials",
                    )


# -- 本地代码 ---------------------------------------------------------------------------------------


@_checked
def local_codes(ctx: Context, m: Record) -> Iterator[Issue]:
    if m.data.get("type") == "11":
        yield Issue(
            "Q018",
            m.path,
            "/type",
            "事项类型 11（行政备案）是本地代码，国家事项类型代码中没有行政备案",
            "向国家平台交换时将报送本地代码 11；请按省级要求确认行政备案的报送方式",
        )


# -- 处罚与征收的要素 -------------------------------------------------------------------------------

TYPE_SETS = {
    "02": ("punishment", "行政处罚", "处罚的行为、种类、幅度", "behaviour、kinds、range"),
    "04": ("levy", "行政征收", "征收种类", "kind"),
}


@_checked
def type_sets(ctx: Context, m: Record) -> Iterator[Issue]:
    kind = m.data.get("type")
    if not isinstance(kind, str) or kind not in TYPE_SETS:
        return
    key, label, what, fields = TYPE_SETS[kind]
    if not isinstance(m.data.get(key), dict):
        yield Issue(
            "Q019",
            m.path,
            "/type",
            f"{label}事项没有填写{what}",
            f"国家交换表要求填写：请补充 {key}（{fields}）",
        )


MATTER_CHECKS = [
    result,
    visits,
    online_forms,
    payment,
    licensing,
    place_and_hours,
    addresses,
    topics,
    step_times,
    situations,
    local_codes,
    type_sets,
]
CHECKS: list[Callable[[Context], Iterator[Issue]]] = []
