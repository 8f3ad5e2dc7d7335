"""The readable form of a change: values in Chinese, list items by identity, records in full."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from shenguan import yamlio
from shenguan.diff.groups import group
from shenguan.diff.model import ChangeEntry
from shenguan.diff.readable import ADD, MODIFY, MOVE, REMOVE, entries, record_rows
from shenguan.diff.records import SideFacts
from shenguan.diff.values import NoNames
from tests.support.catalogs import BASE

FOOD = "matters/000172013000.yaml"


def load(rel: str) -> dict[str, Any]:
    data = yamlio.load_bytes((BASE / rel).read_bytes())
    assert isinstance(data, dict)
    return data


def names() -> SideFacts:
    return SideFacts(lambda rel: (BASE / rel).read_bytes() if (BASE / rel).is_file() else None)


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e.label, e.action, e.pointer) for e in entries("matter", before, after, NoNames())]


@pytest.fixture
def food() -> dict[str, Any]:
    return load(FOOD)


def test_a_deleted_material_is_one_entry_with_its_rows(food: dict[str, Any]) -> None:
    after = copy.deepcopy(food)
    gone = after["materials"].pop(0)
    found = entries("matter", food, after, NoNames())
    assert [(e.label, e.action) for e in found] == [(f"申请材料 / {gone['name']}", REMOVE)]
    lines = {line.label: line.before for line in found[0].lines}
    assert lines["材料名称"] == gone["name"] and lines["原件份数"] == str(gone["originals"])
    assert all(line.after is None for line in found[0].lines)


def test_an_added_and_a_changed_material_are_found_by_name(food: dict[str, Any]) -> None:
    after = copy.deepcopy(food)
    after["materials"].insert(1, {"name": "新材料", "type": "其他"})
    after["materials"][0]["copies"] = 3
    found = changed(food, after)
    first = food["materials"][0]["name"]
    assert found == [
        (f"申请材料 / {first}", MODIFY, "/materials/0"),
        ("申请材料 / 新材料", ADD, "/materials/1"),
    ]
    entry = entries("matter", food, after, NoNames())[0]
    assert [(x.label, x.before, x.after) for x in entry.lines] == [("复印件份数", "0", "3")]


def test_a_moved_process_step_is_one_entry(food: dict[str, Any]) -> None:
    after = copy.deepcopy(food)
    steps = after["process"]
    steps.append(steps.pop(0))
    found = entries("matter", food, after, NoNames())
    stage = food["process"][0]["stage"]
    assert [(e.label, e.action) for e in found] == [(f"办理流程 / {stage}", MOVE)]
    assert found[0].lines[0].label == "位置" and found[0].lines[0].before == "第1项"


def test_legal_bases_by_law_and_article_and_handle_items_by_number() -> None:
    before = {
        "legal_basis": {"setting": [{"law": "甲法", "article": "第一条", "content": "旧"}]},
        "handle_items": [{"no": "01", "name": "新办"}, {"no": "02", "name": "变更"}],
        "fee": {"items": [{"name": "工本费", "standard": "10元"}]},
    }
    after = copy.deepcopy(before)
    after["legal_basis"]["setting"].insert(0, {"law": "乙法", "article": "第二条"})
    after["legal_basis"]["setting"][1]["content"] = "新"
    del after["handle_items"][0]
    after["fee"]["items"][0]["standard"] = "免费"
    assert changed(before, after) == [
        ("法律依据 / 设定依据 / 乙法 第二条", ADD, "/legal_basis/setting/0"),
        ("法律依据 / 设定依据 / 甲法 第一条", MODIFY, "/legal_basis/setting/1"),
        ("收费 / 收费项目 / 工本费", MODIFY, "/fee/items/0"),
        ("业务办理项 / 01 新办", REMOVE, "/handle_items/0"),
    ]


def test_a_list_without_a_key_uses_a_sequence_matcher(food: dict[str, Any]) -> None:
    after = copy.deepcopy(food)
    after["adjustments"].insert(0, {"date": "2018-01-01", "kind": "新增", "basis": "甲号"})
    assert changed(food, after) == [("调整记录 / 第1项", ADD, "/adjustments/0")]


def test_values_are_chinese_codes_names_and_booleans(food: dict[str, Any]) -> None:
    after = copy.deepcopy(food)
    after["type"] = "11"
    after["fee"]["charged"] = not food["fee"]["charged"]
    after["custody"]["supervising_department"] = "wjw"
    found = {e.label: e.lines[0] for e in entries("matter", food, after, names())}
    assert (found["事项类型"].before, found["事项类型"].after) == (
        "行政许可（01）",
        "行政备案（11）",
    )
    assert found["收费 / 是否收费"].after in ("是", "否")
    assert found["审管分工 / 监管部门"].after == "西安市未央区卫生健康委员会（wjw）"


def test_restricted_values_are_masked_unless_asked() -> None:
    before = load("liaisons/wjw.yaml")
    after = copy.deepcopy(before)
    after["liaisons"][0]["mobile"] = "13900000099"
    masked = entries("liaison", before, after, NoNames())
    assert [(x.before, x.after) for x in masked[0].lines] == [("***", "***")]
    assert "13900000099" not in repr(masked) and "13900000021" not in repr(masked)
    shown = entries("liaison", before, after, NoNames(), show_restricted=True)
    assert "13900000099" in repr(shown)
    rows = record_rows("liaison", before, NoNames())
    assert "孙医政" not in repr(rows) and "13900000021" not in repr(rows)


def test_a_record_in_full_has_chinese_labels_only(food: dict[str, Any]) -> None:
    rows = record_rows("matter", food, names())
    labels = [r.label for r in rows]
    assert labels[:3] == ["记录类型", "基本编码", "事项名称"]
    assert all(not any("a" <= ch <= "z" for ch in label) for label in labels)
    texts = {r.label: r.text for r in rows}
    assert texts["事项类型"] == "行政许可（01）" and texts["实施主体性质"] == "法定机关（1）"
    assert texts["监管部门"].endswith("（scjgj）") and texts["监管部门"].startswith("西安市未央区")


def test_groups_put_reviewed_fields_first_and_contact_last() -> None:
    def e(pointer: str) -> ChangeEntry:
        return ChangeEntry(pointer, pointer, MODIFY, ())

    found = (e("/contact/consult_phone"), e("/internal_note"), e("/status"))
    groups = group(found, lambda p: p == "/status", lambda p: p.startswith("/contact"))
    assert [x.pointer for x in groups.review] == ["/status"]
    assert [x.pointer for x in groups.other] == ["/internal_note"]
    assert [x.pointer for x in groups.contact] == ["/contact/consult_phone"]


def test_a_section_name_comes_from_its_department() -> None:
    facts = names()
    assert facts.section_name("wjw-yzyg") not in (None, "")
    assert facts.section_name("--bad") is None and facts.department_name("../x") is None
