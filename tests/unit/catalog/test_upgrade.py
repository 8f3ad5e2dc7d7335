"""The pure v1 → v2 upgrade of records: plain dicts and round-trip trees, key order, notes."""

from __future__ import annotations

import copy
import io
from typing import Any

import pytest
from ruamel.yaml import YAML

from shenguan.catalog import upgrade
from shenguan.errors import EXIT_TOOL, ToolError


def _matter(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "matter",
        "id": "000116421000",
        "materials": [
            {"name": "申请书", "form": "纸质"},
            {"name": "营业执照", "form": "电子"},
            {"name": "场所证明", "form": "纸质+电子"},
        ],
        "handling_forms": ["窗口办理", "移动端", "网上办理"],
        "intermediary": "无",
        "special_procedures": "无。",
        "status": "在用",
    }
    data.update(extra)
    return data


def test_manifest_version_becomes_current() -> None:
    data = {"kind": "manifest", "id": "weiyang", "schema_version": 1, "level": "4"}
    assert upgrade.upgrade_record("manifest", data) == []
    assert data == {"kind": "manifest", "id": "weiyang", "schema_version": 2, "level": "4"}
    assert list(data) == ["kind", "id", "schema_version", "level"]
    assert upgrade.CURRENT == 2


def test_matter_v1_to_v2_in_place_keeps_key_order() -> None:
    data = _matter()
    order = list(data)
    notes = upgrade.upgrade_record("matter", data)
    assert data["handling_forms"] == ["窗口办理", "网上办理"]
    assert [m["form"] for m in data["materials"]] == ["纸质", "电子化", "纸质/电子化"]
    assert data["intermediary"] == {"involved": False}
    assert "special_procedures" not in data
    assert list(data) == [k for k in order if k != "special_procedures"]
    assert notes == ["已移除办理形式“移动端”：请在 online.mobile_url 填写移动端办理地址"]


@pytest.mark.parametrize("text", ["", "无", "不涉及", "无中介服务", "无中介服务。", " 无 "])
def test_intermediary_none_texts(text: str) -> None:
    data = _matter(intermediary=text)
    assert upgrade.upgrade_record("matter", data) == [
        "已移除办理形式“移动端”：请在 online.mobile_url 填写移动端办理地址"
    ]
    assert data["intermediary"] == {"involved": False}


def test_intermediary_text_becomes_named_service_with_a_note() -> None:
    data = _matter(intermediary="房屋安全鉴定（有资质的鉴定机构出具）", handling_forms=["窗口办理"])
    notes = upgrade.upgrade_record("matter", data)
    assert data["intermediary"] == {
        "involved": True,
        "name": "房屋安全鉴定（有资质的鉴定机构出具）",
    }
    assert len(notes) == 1 and "intermediary.name" in notes[0]


def test_special_procedures_text_becomes_a_list_with_a_note() -> None:
    data = _matter(special_procedures="专家评审", handling_forms=["窗口办理"])
    order = list(data)
    notes = upgrade.upgrade_record("matter", data)
    assert data["special_procedures"] == [{"name": "专家评审"}]
    assert list(data) == order
    assert len(notes) == 1 and "special_procedures" in notes[0]


def test_multi_line_texts_become_one_line_names() -> None:
    data = _matter(
        intermediary="新生儿出生信息核实\n（由助产机构完成）\n",
        special_procedures="专家评审。\n评审时间不计入办理时限。\n",
    )
    upgrade.upgrade_record("matter", data)
    assert data["intermediary"] == {
        "involved": True,
        "name": "新生儿出生信息核实（由助产机构完成）",
    }
    assert data["special_procedures"] == [
        {"name": "专家评审", "note": "专家评审。\n评审时间不计入办理时限。"}
    ]


@pytest.mark.parametrize("text", ["", "无", "不涉及", "无。"])
def test_special_procedures_none_texts_are_removed(text: str) -> None:
    data = _matter(special_procedures=text)
    upgrade.upgrade_record("matter", data)
    assert "special_procedures" not in data


def test_only_mobile_handling_becomes_online_handling() -> None:
    data = _matter(handling_forms=["移动端"])
    notes = upgrade.upgrade_record("matter", data)
    assert data["handling_forms"] == ["网上办理"]
    assert notes[0].startswith("办理形式原仅有“移动端”，已改为“网上办理”")


def test_handle_item_materials_are_upgraded() -> None:
    data = _matter(
        handle_items=[{"no": "01", "name": "新办", "materials": [{"name": "表", "form": "电子"}]}]
    )
    upgrade.upgrade_record("matter", data)
    assert data["handle_items"][0]["materials"][0]["form"] == "电子化"


def test_upgrade_is_idempotent() -> None:
    data = _matter(intermediary="评估报告", special_procedures="听证")
    upgrade.upgrade_record("matter", data)
    once = copy.deepcopy(data)
    assert upgrade.upgrade_record("matter", data) == []
    assert data == once


def test_other_kinds_are_untouched() -> None:
    data = {"kind": "department", "id": "spj", "name": "行政审批服务局"}
    assert upgrade.upgrade_record("department", data) == []
    assert data == {"kind": "department", "id": "spj", "name": "行政审批服务局"}


def test_nothing_to_do_at_current_version() -> None:
    data = _matter()
    before = copy.deepcopy(data)
    assert upgrade.upgrade_record("matter", data, version=2) == []
    assert data == before


def test_round_trip_tree_keeps_place_and_comments() -> None:
    text = (
        "kind: matter  # 记录类型\n"
        "id: '000116421000'\n"
        "handling_forms: [窗口办理, 移动端]\n"
        "intermediary: 房屋安全鉴定\n"
        "special_procedures: 无\n"
        "# 状态\n"
        "status: 在用\n"
    )
    yaml = YAML(typ="rt")
    tree = yaml.load(text)
    notes = upgrade.upgrade_record("matter", tree)
    assert len(notes) == 2
    assert list(tree) == ["kind", "id", "handling_forms", "intermediary", "status"]
    out = io.StringIO()
    yaml.dump(tree, out)
    assert "kind: matter  # 记录类型\n" in out.getvalue()
    assert "intermediary:\n  involved: true\n  name: 房屋安全鉴定\n" in out.getvalue()


def test_upgrade_records_runs_over_a_catalogue_and_refuses_a_newer_one() -> None:
    manifest = {"kind": "manifest", "schema_version": 1}
    matter = _matter()
    notes = upgrade.upgrade_records(1, [("manifest", manifest), ("matter", matter)])
    assert manifest["schema_version"] == 2 and matter["intermediary"] == {"involved": False}
    assert len(notes) == 1
    with pytest.raises(ToolError) as caught:
        upgrade.upgrade_records(3, [])
    assert caught.value.exit_code == EXIT_TOOL
    assert caught.value.message == "目录结构版本 3 高于本工具支持的 2：请升级 shenguan"


def test_version_problem_messages() -> None:
    assert upgrade.version_problem(2) is None
    assert upgrade.version_problem(None) is None
    old = upgrade.version_problem(1)
    assert old is not None
    assert old.message == "目录结构版本为 1，本工具使用版本 2：请运行 shenguan migrate 升级"
    new = upgrade.version_problem(3)
    assert new is not None and "请升级 shenguan" in new.message
    assert upgrade.version_of({"schema_version": True}) is None
    assert upgrade.version_of({"schema_version": 1}) == 1


def test_new_required_sets_are_named_not_invented() -> None:
    punish = {"kind": "matter", "type": "02"}
    note = "行政处罚事项请补充 punishment（处罚的行为、种类、幅度）：国家交换表必填"
    assert upgrade.upgrade_record("matter", punish) == [note] and "punishment" not in punish
    assert upgrade.new_required("matter", punish) == [note]
    assert upgrade.new_required("matter", {"type": "04", "levy": {"kind": "x"}}) == []
    assert upgrade.new_required("matter", {"type": "01"}) == []
    assert upgrade.new_required("department", {"type": "02"}) == []
