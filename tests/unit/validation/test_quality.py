"""The platform's quality checks (Q layer) on matters built in memory: each rule fires on what its
source rejects and stays quiet on a complete matter and on absent optional element sets."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shenguan.catalog import Catalog, Record, WorkTree
from shenguan.catalog.index import Context
from shenguan.findings import Severity
from shenguan.validation.rules import quality
from shenguan.validation.rules.issue import Issue
from shenguan.validation.rules.registry import EXCHANGE, LAW, RULES, ZJ

PATH = "matters/000172013000.yaml"
# A 行政许可 in use with every element the Q rules read, filled as the platform wants it.
LICENCE: dict[str, Any] = {
    "kind": "matter",
    "id": "000172013000",
    "type": "01",
    "status": "在用",
    "time_limit": {
        "statutory": {"value": 20, "unit": "工作日"},
        "promised": {"value": 10, "unit": "工作日"},
    },
    "handling_type": "承诺件",
    "conditions": "申请人为依法登记的市场主体，有与经营食品相适应的经营场所。",
    "materials": [{"name": "食品经营许可申请书"}, {"name": "营业执照复印件"}],
    "situations": [{"name": "新办", "materials": ["食品经营许可申请书", "营业执照复印件"]}],
    "fee": {"charged": False},
    "support": {"online_payment": False, "express": True},
    "process": [
        {"stage": "受理", "time_limit": {"value": 1, "unit": "工作日"}},
        {"stage": "审查", "time_limit": {"value": 5, "unit": "工作日"}},
        {"stage": "决定", "time_limit": {"value": 2, "unit": "工作日"}},
        {"stage": "颁证"},
        {"stage": "送达", "time_limit": {"value": 2, "unit": "工作日"}},
    ],
    "service_objects": ["企业法人", "非法人企业"],
    "topics": {"legal_person": ["食品药品"]},
    "handling_forms": ["窗口办理", "网上办理"],
    "result": {
        "name": "食品经营许可证",
        "type": "证照",
        "sample": "https://zwfw.example.gov.cn/samples/spjy.pdf",
    },
    "hall": {
        "in_hall": True,
        "window": "综合受理区 12 号窗口",
        "hours": "周一至周五 9:00-12:00、13:00-17:00（法定节假日除外）",
    },
    "online": {
        "depth": "Ⅲ",
        "url": "https://zwfw.example.gov.cn/",
        "site_visits": 1,
        "site_reason": "领取许可证时核验申请人身份证件原件",
    },
    "contact": {
        "consult_phone": "029-86250301",
        "complaint_phone": "12345",
        "consult_address": "未央区政务服务中心一楼咨询台",
        "complaint_address": "未央区政务服务中心三楼 302 室",
    },
    "faq": [{"q": "需要几份复印件？", "a": "一份。"}],
    "handle_items": [
        {"no": "01", "name": "食品经营许可（新办）"},
        {
            "no": "02",
            "name": "食品经营许可（变更）",
            "materials": [{"name": "变更申请书"}],
            "situations": [{"name": "变更名称", "materials": ["变更申请书"]}],
        },
    ],
}


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Context:
    return Context(Catalog(WorkTree(Path(tmp_path_factory.mktemp("empty")))))


def issues(ctx: Context, data: dict[str, Any]) -> list[Issue]:
    record = Record(PATH, "matter", data)
    return [issue for check in quality.MATTER_CHECKS for issue in check(ctx, record)]


def codes(ctx: Context, data: dict[str, Any]) -> list[str]:
    return sorted(i.rule for i in issues(ctx, data))


def edited(**changes: Any) -> dict[str, Any]:
    """LICENCE with top-level keys set, or removed when the value is ...; "a.b" sets a nested key."""
    data = copy.deepcopy(LICENCE)
    for key, value in changes.items():
        *parents, last = key.split("__")
        node = data
        for part in parents:
            node = node[part]
        if value is ...:
            node.pop(last, None)
        else:
            node[last] = value
    return data


def test_a_complete_licence_has_no_finding(ctx: Context) -> None:
    assert issues(ctx, LICENCE) == []


def test_every_q_rule_is_registered_with_its_source_and_checked() -> None:
    q = {code: rule for code, rule in RULES.items() if code.startswith("Q")}
    assert len(q) == 19 and all(rule.layer == "quality" for rule in q.values())
    for rule in q.values():
        assert rule.title and rule.title_en and rule.clause, rule.code
        assert ZJ in rule.clause or EXCHANGE in rule.clause or LAW in rule.clause, rule.code


def test_severity_follows_the_source() -> None:
    """Provincial practice alone is a warning; a national rule or a plain contradiction an error."""
    contradictions = {"Q006", "Q007"}  # structured values that cannot both hold
    for code, rule in RULES.items():
        if not code.startswith("Q"):
            continue
        national = LAW in rule.clause or "必填" in rule.clause or rule.clause.startswith(EXCHANGE)
        provincial_only = rule.clause.startswith(ZJ) and "必填" not in rule.clause
        if provincial_only and code not in contradictions:
            assert rule.severity is Severity.WARNING, code
        if code in contradictions:
            assert rule.severity is Severity.ERROR, code
        if rule.severity is Severity.ERROR:
            assert national or code in contradictions, code


@pytest.mark.parametrize(
    ("name", "kind", "want"),
    [
        ("食品经营许可证", "证照", []),
        ("食品经营许可证", "批文", ["Q001"]),
        ("营业执照", "其他", ["Q001"]),
        ("资质证书（副本）", "批文", ["Q001"]),
        ("预约凭证", "其他", []),
        ("出生医学证明", "其他", []),
        ("关于同意设立的批复", "其他", ["Q001"]),
        ("项目批文", "证照", ["Q001"]),
        ("项目批文", "批文", []),
        ("营业性演出批准文件", "批文", []),
        ("无", "无", []),
        ("无特定审批结果。", "无", []),
        ("无", "其他", ["Q002"]),
        ("食品经营许可证", "无", ["Q002"]),
    ],
)
def test_result_name_and_type(ctx: Context, name: str, kind: str, want: list[str]) -> None:
    assert codes(ctx, edited(result={"name": name, "type": kind, "sample": "s.pdf"})) == want


def test_result_without_sample(ctx: Context) -> None:
    found = issues(ctx, edited(result__sample=...))
    assert [(i.rule, i.pointer) for i in found] == [("Q003", "/result")]
    assert "食品经营许可证" in found[0].message
    assert codes(ctx, edited(result={"name": "无", "type": "无"})) == []
    assert codes(ctx, edited(result=...)) == []  # no result: nothing to sample


@pytest.mark.parametrize(
    ("online", "forms", "want"),
    [
        ({"depth": "Ⅱ", "site_visits": 2}, ["窗口办理"], ["Q004"]),
        ({"depth": "Ⅱ", "site_visits": 2, "site_reason": "无"}, ["窗口办理"], ["Q004"]),
        ({"depth": "Ⅱ", "site_visits": 1, "site_reason": "无需到现场办理"}, ["窗口办理"], ["Q004"]),
        ({"depth": "Ⅱ", "site_visits": 1, "site_reason": "现场勘验经营场所"}, ["窗口办理"], []),
        ({"depth": "Ⅰ", "site_visits": 0}, ["窗口办理"], ["Q006"]),
        ({"depth": "Ⅰ", "site_visits": 0}, ["窗口办理", "快递申请"], []),
        ({"depth": "Ⅳ", "site_visits": 0}, ["网上办理"], []),
        (
            {"depth": "Ⅳ", "site_visits": 0, "site_reason": "须到现场核验原件"},
            ["网上办理"],
            ["Q005"],
        ),
        ({"depth": "Ⅳ", "site_visits": 0, "site_reason": "无需到现场"}, ["网上办理"], []),
        ({"depth": "Ⅳ", "site_visits": 0}, ["窗口办理", "快递申请"], ["Q017"]),
        ({"depth": "Ⅲ", "site_visits": 1, "site_reason": "领证核验原件"}, ["窗口办理"], ["Q017"]),
    ],
)
def test_visits_reasons_and_forms(
    ctx: Context, online: dict[str, Any], forms: list[str], want: list[str]
) -> None:
    assert codes(ctx, edited(online=online, handling_forms=forms)) == want


def test_absent_online_or_forms_set_is_not_reported(ctx: Context) -> None:
    """Types 02/03/04/06 may carry neither online nor handling_forms."""
    assert codes(ctx, edited(online=..., handling_forms=...)) == []
    assert codes(ctx, edited(online={"depth": "Ⅰ", "site_visits": 0}, handling_forms=...)) == []


@pytest.mark.parametrize(
    ("changes", "want"),
    [
        ({"fee": {"charged": False}, "support": {"online_payment": True}}, ["Q007"]),
        ({"fee": {"charged": True}, "support": {"online_payment": True}}, []),
        ({"fee": {"charged": True}, "support": {"express": True}}, ["Q008"]),
        ({"fee": {"charged": True}, "support": ...}, ["Q008"]),
        ({"fee": ..., "support": {"online_payment": True}}, []),  # fee unknown (type 02 etc.)
        ({"fee": {"charged": False}, "support": ...}, []),
    ],
)
def test_fee_and_online_payment(ctx: Context, changes: dict[str, Any], want: list[str]) -> None:
    assert codes(ctx, edited(**changes)) == want


def test_a_charged_handle_item_makes_online_payment_consistent(ctx: Context) -> None:
    data = edited(support={"online_payment": True})
    data["handle_items"][0]["fee"] = {"charged": True}
    assert codes(ctx, data) == []
    data["support"] = {}
    assert codes(ctx, data) == ["Q008"]


@pytest.mark.parametrize(
    ("changes", "want"),
    [
        ({"conditions": ...}, ["Q009"]),
        ({"conditions": "无"}, ["Q009"]),
        ({"materials": ..., "situations": ...}, ["Q009"]),
        ({"materials": [], "situations": ...}, ["Q009"]),
        ({"conditions": ..., "materials": ..., "situations": ...}, ["Q009", "Q009"]),
        ({"faq": ...}, ["Q010"]),
        ({"faq": []}, ["Q010"]),
        ({"type": "07", "conditions": ..., "faq": ...}, []),
        ({"status": "已取消", "conditions": ..., "faq": ...}, []),
        ({"status": "暂停", "faq": ...}, ["Q010"]),
    ],
)
def test_licensing_publishes_conditions_materials_faq(
    ctx: Context, changes: dict[str, Any], want: list[str]
) -> None:
    assert codes(ctx, edited(**changes)) == want


def test_handle_items_that_state_their_own_materials_satisfy_section_30(ctx: Context) -> None:
    data = edited(materials=..., situations=...)
    data["handle_items"][0]["materials"] = [{"name": "申请书"}]
    assert codes(ctx, data) == []
    data["handle_items"][0].pop("materials")
    assert codes(ctx, data) == ["Q009"]


@pytest.mark.parametrize(
    ("hours", "ok"),
    [
        ("周一至周五 9:00-17:00", True),
        ("工作日 上午 9:00-12:00", True),
        ("周一至周日 8:30-20:00", True),
        ("星期一至星期五", True),
        ("全天", True),
        ("24小时自助办理", True),
        ("9:00", False),
        ("上午 9:00-12:00，下午 13:00-17:00", False),
    ],
)
def test_hours_precision(ctx: Context, hours: str, ok: bool) -> None:
    found = issues(ctx, edited(hall={"in_hall": True, "window": "3 号窗口", "hours": hours}))
    assert [(i.rule, i.pointer) for i in found] == ([] if ok else [("Q011", "/hall/hours")])


@pytest.mark.parametrize(
    ("hall", "want"),
    [
        ({"in_hall": True, "window": "文化旅游窗口"}, []),
        ({"in_hall": True, "window": "综合受理区"}, []),
        ({"in_hall": True, "address": "区政务服务中心二楼 B区"}, []),
        ({"in_hall": True, "address": "区民政局 305 室"}, []),
        ({"in_hall": True, "address": "未央区凤城八路 109 号"}, []),
        ({"in_hall": True, "address": "区政务服务中心社会事务专区"}, []),
        ({"in_hall": True, "address": "未央区政务服务中心"}, ["Q012"]),
        ({"in_hall": True, "window": "民政", "address": "未央区政务服务中心"}, ["Q012"]),
        ({"in_hall": True, "window": "民政", "address": "政务服务中心 5 号窗口"}, []),
        ({"in_hall": False, "reason": "涉密"}, []),
    ],
)
def test_place_precision(ctx: Context, hall: dict[str, Any], want: list[str]) -> None:
    assert codes(ctx, edited(hall=hall)) == want


def test_consult_and_complaint_addresses(ctx: Context) -> None:
    found = issues(ctx, edited(contact__complaint_address=...))
    assert [(i.rule, i.message) for i in found] == [("Q013", "缺少投诉地址")]
    data = edited(contact__consult_address="无", contact__complaint_address=...)
    assert [i.message for i in issues(ctx, data)] == ["缺少咨询地址和投诉地址"]
    assert codes(ctx, edited(contact=...)) == []  # R309 reports a missing contact


@pytest.mark.parametrize(
    ("objects", "topics", "want"),
    [
        (["自然人"], {"natural_person": ["生育收养"]}, []),
        (["自然人"], {"legal_person": ["准营准办"]}, ["Q014", "Q014"]),
        (["自然人", "企业法人"], {"natural_person": ["就业创业"]}, ["Q014"]),
        (["企业法人"], {"legal_person": ["无"]}, ["Q014"]),
        (["其他组织"], {"legal_person": ["社会组织"], "natural_person": []}, []),
        (["自然人"], ..., []),  # no topic classification yet: an absent optional set
    ],
)
def test_service_objects_and_topics(
    ctx: Context, objects: list[str], topics: Any, want: list[str]
) -> None:
    assert codes(ctx, edited(service_objects=objects, topics=topics)) == want


def test_step_times_over_the_promised_limit(ctx: Context) -> None:
    data = edited(time_limit__promised={"value": 9, "unit": "工作日"})
    found = issues(ctx, data)
    assert [(i.rule, i.pointer) for i in found] == [("Q015", "/process")]
    assert "10 工作日" in found[0].message and "9 工作日" in found[0].message
    assert codes(ctx, edited(time_limit__promised={"value": 10, "unit": "工作日"})) == []


def test_step_times_in_mixed_units_are_converted_and_say_so(ctx: Context) -> None:
    data = edited(time_limit__promised={"value": 13, "unit": "自然日"})
    found = issues(ctx, data)  # 10 工作日 = 14 自然日 at 5 working days a week
    assert [i.rule for i in found] == ["Q015"] and "每周 5 个工作日折算" in found[0].message
    assert codes(ctx, edited(time_limit__promised={"value": 14, "unit": "自然日"})) == []


def test_situations_name_existing_materials(ctx: Context) -> None:
    data = edited(situations=[{"name": "分支机构", "materials": ["营业执照复印件", "授权书"]}])
    found = issues(ctx, data)
    assert [(i.rule, i.pointer) for i in found] == [("Q016", "/situations/0/materials/1")]
    assert "分支机构" in found[0].message and "授权书" in found[0].message


def test_handle_item_situations_use_the_items_materials_or_the_matters(ctx: Context) -> None:
    data = copy.deepcopy(LICENCE)
    data["handle_items"][0]["situations"] = [{"name": "新办", "materials": ["营业执照复印件"]}]
    data["handle_items"][1]["situations"][0]["materials"].append("营业执照复印件")
    found = issues(ctx, data)  # item 02 has its own list, which lacks it; item 01 inherits
    assert [(i.rule, i.pointer) for i in found] == [
        ("Q016", "/handle_items/1/situations/0/materials/1")
    ]
    assert "本办理项" in found[0].message


def test_type_11_is_sent_with_its_local_code(ctx: Context) -> None:
    found = issues(ctx, edited(type="11"))
    assert [(i.rule, i.pointer) for i in found] == [("Q018", "/type")]


def test_matters_not_in_force_are_not_checked(ctx: Context) -> None:
    broken = edited(
        result={"name": "许可证", "type": "无"}, hall={"in_hall": True, "hours": "9:00"}
    )
    assert codes(ctx, broken) == ["Q002", "Q011"]
    for status in ("已取消", "待承接"):
        assert codes(ctx, {**broken, "status": status}) == []


_any = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 12)
    | st.just(10**308)
    | st.sampled_from(["", "无", "9:00", "Ⅳ", "x"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["name", "type", "value", "unit", "materials", "charged", "site_visits"]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=6,
)
_KEYS = sorted(LICENCE) + ["hall", "online", "result", "support", "topics"]


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from(_KEYS), value=_any, nested=st.booleans())
def test_any_shape_of_any_element_never_crashes(key: str, value: Any, nested: bool) -> None:
    data = copy.deepcopy(LICENCE)
    target = data[key] if nested and isinstance(data.get(key), dict) else data
    target[next(iter(target)) if target is not data else key] = value
    ctx = Context(Catalog(WorkTree(Path("/nonexistent"))))
    for issue in issues(ctx, data):
        assert issue.rule in RULES and issue.message


@pytest.mark.parametrize("kind", ["02", "03", "04", "06"])
def test_the_reduced_national_set_is_not_asked_for_extend_hall_or_visit_elements(
    ctx: Context, kind: str
) -> None:
    """处罚、强制、征收、检查 are not applied for: no visits, forms, hall, fee or result elements."""
    data = edited(
        type=kind,
        online={"depth": "Ⅰ", "site_visits": 0, "site_reason": "须到现场核验原件"},
        handling_forms=["窗口办理"],
        result={"name": "检查结果记录表", "type": "无"},
        support={"online_payment": True},
        hall={"in_hall": True, "window": "执法", "hours": "9:00"},
        topics={"natural_person": ["x"]},
        punishment={"behaviour": "未取得许可经营", "kinds": ["罚款"], "range": "五千元以上"},
        levy={"kind": "城市基础设施配套费"},
    )
    assert codes(ctx, data) == []
    data["contact"].pop("consult_address")
    data["situations"][0]["materials"].append("不存在的材料")
    assert codes(ctx, data) == ["Q013", "Q016"]


def test_rules_lists_the_quality_layer_with_its_sources(cli: Any) -> None:
    import json

    r = cli("rules", "--layer", "quality", "--format", "json")
    assert r.code == 0
    listed = json.loads(r.out)["rules"]
    assert [x["rule"] for x in listed] == [c for c in RULES if c.startswith("Q")]
    assert {x["layer"] for x in listed} == {"quality"}
    text = cli("rules", "--layer", "quality")
    assert text.code == 0 and "Q018" in text.out and "R301" not in text.out
    assert "第三十条" in text.out and "省级实践" in text.out  # sources are wrapped, never cut
    bad = cli("rules", "--layer", "质量")
    assert bad.code == 2 and "quality" in bad.err and bad.out == ""


def test_a_309_digit_time_limit_is_not_compared(ctx: Context) -> None:
    """Out of range is the schema's finding; 10**308 * 7 / 5 would overflow a float."""
    huge = 10**308
    assert codes(ctx, edited(time_limit__promised={"value": huge, "unit": "工作日"})) == []
    data = edited(time_limit__promised={"value": 13, "unit": "自然日"})
    data["process"][0]["time_limit"] = {"value": huge, "unit": "工作日"}
    assert codes(ctx, data) == []


@pytest.mark.parametrize(
    ("kind", "changes", "want"),
    [
        ("02", {}, ["Q019"]),
        ("02", {"punishment": {"behaviour": "x", "kinds": ["警告"], "range": "y"}}, []),
        ("04", {}, ["Q019"]),
        ("04", {"levy": {"kind": "城市基础设施配套费"}}, []),
        ("03", {}, []),
        ("01", {}, []),
    ],
)
def test_penalty_and_levy_sets(
    ctx: Context, kind: str, changes: dict[str, Any], want: list[str]
) -> None:
    found = issues(ctx, edited(type=kind, **changes))
    assert sorted(i.rule for i in found) == want
    assert all(i.pointer == "/type" for i in found)
    assert codes(ctx, edited(type=kind, status="已取消", **changes)) == []
