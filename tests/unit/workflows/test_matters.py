"""Matter edits: new, cancel, adjust (recorded with their basis), show with masking, list filters."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.errors import UsageError
from shenguan.validation.validate import validate
from shenguan.workflows import matters
from shenguan.workflows.edit import EditRefused, apply, snapshot
from tests.support.catalogs import BASE as CASES

FOOD = "000172013000"
VACCINE = "000718003000"
BASIS = "未审改办发〔2026〕3号"


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CASES, tmp_path / "cat"))


def load(root: Path, code: str) -> dict:
    return yamlio.load_bytes((root / f"matters/{code}.yaml").read_bytes())


def spec(**kw: object) -> matters.NewMatter:
    fields = dict(
        code="002000699000",
        name="老年人优待证办理",
        department="wjw",
        basis=BASIS,
        law="陕西省老年人权益保障条例|第三十条",
        statutory=10,
        promised=3,
        consult_phone="029-86250101",
        complaint_phone="12345",
        site_reason="核验老年人身份证件原件",
    )
    return matters.NewMatter(**{**fields, **kw})  # type: ignore[arg-type]


def test_new_writes_a_valid_matter_recorded_as_added(base: Path) -> None:
    rel, written = apply(base, lambda tx: matters.new(tx, spec(date="2026-11-20")))
    assert rel == written[0] == "matters/002000699000.yaml"
    m = load(base, "002000699000")
    assert m["type"] == "20" and m["level"] == "4" and m["handling_type"] == "承诺件"
    assert m["implementation_code"] == "11610112MB2901285W4002000699000"
    assert m["legal_basis"]["setting"] == [
        {"law": "陕西省老年人权益保障条例", "article": "第三十条"}
    ]
    assert m["adjustments"] == [{"date": "2026-11-20", "kind": "新增", "basis": BASIS}]
    # consulted and complained to at the hall unless told otherwise; the visit's reason as given
    assert (
        m["contact"]["consult_address"]
        == m["contact"]["complaint_address"]
        == "西安市未央区凤城八路 109 号"
    )
    assert m["online"] == {"depth": "Ⅰ", "site_visits": 1, "site_reason": "核验老年人身份证件原件"}
    assert validate(cat.WorkTree(base)).findings == []


def test_new_refuses_bad_input_and_incomplete_matters(base: Path) -> None:
    for kw, message in (
        ({"code": "12345"}, "不合规"),
        ({"department": "nobody"}, "不存在"),
        ({"law": "只有名称"}, "格式不对"),
        ({"code": FOOD}, "已存在"),
    ):
        with pytest.raises(UsageError, match=message):
            apply(base, lambda tx: matters.new(tx, spec(**kw)))
    with pytest.raises(EditRefused, match="R306"):  # online depth Ⅲ needs a URL
        apply(base, lambda tx: matters.new(tx, spec(depth="Ⅲ")))
    assert not (base / "matters/002000699000.yaml").exists()


def test_cancel_records_the_basis(base: Path) -> None:
    apply(base, lambda tx: matters.cancel(tx, VACCINE, BASIS, "2026-12-01"))
    m = load(base, VACCINE)
    assert m["status"] == "已取消" and m["adjustments"][-1] == {
        "date": "2026-12-01",
        "kind": "取消",
        "basis": BASIS,
    }
    with pytest.raises(UsageError, match="已经取消"):
        apply(base, lambda tx: matters.cancel(tx, VACCINE, BASIS))
    assert validate(cat.WorkTree(base)).findings == []


def test_adjust_changes_one_line_and_appends_the_adjustment(base: Path) -> None:
    before = (base / f"matters/{FOOD}.yaml").read_bytes()
    (rel, changed), _ = apply(
        base, lambda tx: matters.adjust(tx, FOOD, ["time_limit.promised.value=4"], BASIS)
    )
    assert changed == ["/time_limit/promised/value"]
    after = (base / rel).read_bytes()
    lines = list(difflib.ndiff(before.decode().splitlines(), after.decode().splitlines()))
    assert [x for x in lines if x.startswith("- ")] == ["-     value: 5"]
    assert [x for x in lines if x.startswith("+ ")] == [
        "+     value: 4",
        '+   - date: "2026-11-28"',
        "+     kind: 要素变更",
        f"+     basis: {BASIS}",
        "+     fields:",
        "+       - /time_limit/promised/value",
    ]


def test_adjust_reads_pointers_and_yaml_values(base: Path) -> None:
    sets = [
        "/contact/consult_phone=029-86250009",
        "service_objects=[自然人, 企业法人]",
        "hall.window=",
        "level=4",
    ]
    (_, changed), _ = apply(
        base, lambda tx: matters.adjust(tx, FOOD, sets, BASIS, "2026-12-01", "调整管理方式", "说明")
    )
    m = load(base, FOOD)
    assert changed == ["/contact/consult_phone", "/service_objects", "/hall/window"]
    assert m["contact"]["consult_phone"] == "029-86250009" and m["service_objects"] == [
        "自然人",
        "企业法人",
    ]
    assert "window" not in m["hall"]
    assert m["adjustments"][-1] == {
        "date": "2026-12-01",
        "kind": "调整管理方式",
        "basis": BASIS,
        "fields": changed,
        "note": "说明",
    }


def test_adjust_recomputes_the_implementation_code(base: Path) -> None:
    (_, changed), _ = apply(base, lambda tx: matters.adjust(tx, VACCINE, ["level=5"], BASIS))
    assert changed == ["/level", "/implementation_code"]
    assert load(base, VACCINE)["implementation_code"] == "11610112MB2901285W5" + VACCINE


def test_adjust_refuses_unknown_protected_unchanged_and_invalid(base: Path) -> None:
    cases = [
        (["nmae=x"], "没有字段"),
        (["id=000172013001"], "不能用 adjust"),
        (["adjustments.0.basis=x"], "不能用 adjust"),
        (["name"], "格式不对"),
        (["name=食品经营许可"], "没有字段发生变化"),
        (["name=a: b: c"], "无法读取"),
    ]
    for sets, message in cases:
        with pytest.raises(UsageError, match=message):
            apply(base, lambda tx: matters.adjust(tx, FOOD, sets, BASIS))
    with pytest.raises(UsageError) as wrong:
        apply(base, lambda tx: matters.adjust(tx, FOOD, ["nmae=x"], BASIS))
    assert wrong.value.hint == "是否想写 /name？"
    with pytest.raises(EditRefused, match="R301"):
        apply(base, lambda tx: matters.adjust(tx, FOOD, ["time_limit.promised.value=40"], BASIS))
    with pytest.raises(UsageError, match="调整类型"):
        apply(base, lambda tx: matters.adjust(tx, FOOD, ["name=x"], BASIS, kind="取消"))


def test_show_labels_fields_in_chinese_and_masks_restricted_ones() -> None:
    record = cat.Record(
        "matters/x.yaml",
        "matter",
        {
            "name": "食品经营许可",
            "custody": {"approving_department": "spj"},
            "service_objects": ["自然人", "企业法人"],
            "fee": {"charged": False},
            "secret": "不应显示",
        },
    )
    rows = {p: (label, value) for p, label, value in matters.show(record)}
    assert rows["/name"] == ("事项名称", "食品经营许可")
    assert rows["/custody/approving_department"] == ("审管分工 · 审批部门", "spj")
    assert rows["/service_objects"] == ("服务对象", "自然人、企业法人")
    assert rows["/fee/charged"] == ("收费 · 是否收费", "否")
    assert rows["/secret"][1] == matters.MASK
    assert {p: v for p, _, v in matters.show(record, show_restricted=True)}["/secret"] == "不应显示"


def test_list_filters(base: Path) -> None:
    ctx = snapshot(base)
    assert [r["code"] for r in matters.listing(ctx, transferred=True)] == [
        "000118008000",
        "000172012000",
        FOOD,
    ]
    assert {r["code"] for r in matters.listing(ctx, department="scjgj")} == {"000172012000", FOOD}
    assert [r["code"] for r in matters.listing(ctx, type_="行政确认")] == [VACCINE]
    assert [r["code"] for r in matters.listing(ctx, type_="07")] == [VACCINE]
    assert [r["status"] for r in matters.listing(ctx, status="已取消")] == ["已取消"]
    assert len(matters.listing(ctx, transferred=False)) == len(ctx.matters) - 3
    with pytest.raises(UsageError, match="事项类型"):
        matters.listing(ctx, type_="许可")


def test_a_sub_item_code_may_end_in_y() -> None:
    """子项 codes such as 00016421300Y are codes everywhere a matter is named, not only in its file."""
    from shenguan.diff.log import BASIC_CODE
    from shenguan.validation import schemas as sch

    assert matters.check_code("00016421300Y") == "00016421300Y"
    assert BASIC_CODE.match("00016421300Y") and not BASIC_CODE.match("0001642130Y0")
    with pytest.raises(UsageError):
        matters.check_code("0001642130Y0")
    for kind in ("agreement", "standard", "transfer"):
        text = json.dumps(sch.schema(kind))
        assert "\\\\d{7}[\\\\dY]$" in text and "\\\\d{8}$" not in text, kind
