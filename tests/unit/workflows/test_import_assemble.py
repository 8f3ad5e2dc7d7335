"""Header rows, sheet roles, child rows and the writer of new files, on tables built in memory."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shenguan import yamlio
from shenguan.workflows.exchange import headers as h
from shenguan.workflows.exchange import yamlout
from shenguan.workflows.exchange.assemble import assemble
from shenguan.workflows.exchange.sheets import Table, column_letter

TASK = "11610112MB0000004B4000112001000"


def test_the_header_row_is_found_below_a_title_row() -> None:
    rows = [
        ["某区实施清单", "某区实施清单"],
        ["", ""],
        ["事项名称", "基本编码", "法定时限", "备注说明"],
    ]
    layout = h.find_layout(rows, "Sheet1", {})
    assert layout is not None and layout.header_row == 2 and layout.data_row == 3
    assert [f.key for f in layout.fields.values()] == [
        "/name",
        "@catalog_code",
        "/time_limit/statutory",
    ]
    assert layout.unknown == {3: "备注说明"}


def test_a_sheet_of_materials_keyed_by_implementation_code_is_a_material_sheet() -> None:
    layout = h.find_layout([["实施编码", "材料名称", "材料类型", "备注"]], "材料", {})
    assert layout is not None and layout.roles == {h.MATERIAL}


def test_national_column_names_are_read_per_table() -> None:
    fee = h.find_layout(
        [["task_code", "fee_name", "fee_stand", "by_law"]], "up_task_general_fee_project", {}
    )
    mat = h.find_layout([["task_code", "material_name", "by_law"]], "up_task_general_material", {})
    assert fee is not None and fee.fields[3].key == "/fee/items/*/basis"
    assert mat is not None and mat.fields[2].key == "/materials/*/basis"


def test_rows_of_another_sheet_attach_in_their_order_and_unknown_codes_are_rejected() -> None:
    matters = Table("f.xlsx", "事项", [["事项名称", "实施编码"], ["甲", TASK]])
    mats = Table(
        "f.xlsx",
        "材料",
        [
            ["实施编码", "材料名称", "材料类型", "来源渠道", "材料必要性", "材料形式", "排序"],
            [TASK, "乙", "其他", "其他", "必要", "纸质", 2],
            [TASK, "甲", "其他", "其他", "必要", "纸质", 1],
            ["11610112MB0000004B4000112009000", "丙", "其他", "其他", "必要", "纸质", 1],
        ],
    )
    out = assemble([mats, matters], {}, {})
    draft = out.drafts["000112001000"]
    assert [m["name"] for m in draft.data["materials"]] == ["甲", "乙"]
    assert [(r.sheet, r.row) for r in out.rejections] == [("材料", 4)]
    assert "找不到" in out.rejections[0].reason


def test_repeated_rows_that_disagree_on_a_matter_field_are_rejected() -> None:
    t = Table(
        "f.csv",
        "f.csv",
        [["事项名称", "实施编码", "材料名称"], ["甲", TASK, "一"], ["乙", TASK, "二"]],
    )
    out = assemble([t], {}, {})
    assert out.rejections and out.rejections[0].row == 3 and "不一致" in out.rejections[0].reason


PUNISH = "11610112MB0000004B4000212008000"


def test_the_local_code_is_read_back_but_never_invented_from_the_implementation_code() -> None:
    # the punishment table's 地方实施编码 is NOT NULL and carries the 实施编码 when there is none
    header = ["task_code", "catalog_code", "task_name", "local_catalog_code", "local_task_code"]
    other = "11610112MB0000004B4000212009000"
    third = "11610112MB0000004B4000212010000"
    national = Table(
        "ex.json",
        "up_task_punish_basic",
        [
            header,
            [PUNISH, "000212008000", "甲", "6101130208", "6101130208"],
            [other, "000212009000", "乙", "", other],
            [third, "000212010000", "丙", "", "SX-WL-0231"],
        ],
    )
    out = assemble([national], {}, {})
    assert not out.rejections
    assert out.drafts["000212008000"].data["local_code"] == "6101130208"
    assert "local_code" not in out.drafts["000212009000"].data
    assert out.drafts["000212010000"].data["local_code"] == "SX-WL-0231"


def test_a_provincial_local_code_column_fills_the_field_and_keys_a_child_sheet() -> None:
    matters = Table(
        "f.xlsx",
        "事项",
        [
            ["事项名称", "基本编码", "地方实施编码"],
            ["甲", "000112001000", "SX-SC-0107"],
            ["乙", "000112002000", "11610112MB0000004B4000112002000"],
        ],
    )
    mats = Table(
        "f.xlsx",
        "材料",
        [
            ["地方编码", "材料名称", "材料类型", "来源渠道", "材料必要性", "材料形式"],
            ["SX-SC-0107", "营业执照", "证件证书证明", "其他", "必要", "纸质"],
        ],
    )
    out = assemble([matters, mats], {}, {})
    assert not out.rejections
    first, second = out.drafts["000112001000"], out.drafts["000112002000"]
    assert first.data["local_code"] == "SX-SC-0107"
    assert [m["name"] for m in first.data["materials"]] == ["营业执照"]
    assert "local_code" not in second.data


def test_column_letters() -> None:
    assert [column_letter(c) for c in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


SCALARS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "yes",
            "no",
            "0012",
            "9:00",
            "1.5e3",
            "- a",
            "a: b",
            "a #b",
            "null",
            "~",
            "2026-01-01",
            "",
            " x",
        ]
    ),
    st.integers(-5, 5),
    st.booleans(),
)
RECORDS = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(min_size=1, max_size=5), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(min_size=1, max_size=6), RECORDS, min_size=1, max_size=4))
def test_yamlout_gives_back_what_it_wrote_or_the_importer_falls_back(
    record: dict[str, object],
) -> None:
    text = yamlout.dump(record, "header")
    try:
        back = yamlio.load_text(text)
    except yamlio.YamlProblem:
        return  # the strict loader refuses the characters; the importer then uses another writer
    assert back == record


def test_yamlout_on_the_usual_values() -> None:
    record = {
        "id": "000112001000",
        "hours": "周一至周五 9:00-12:00",
        "n": 3,
        "ok": True,
        "list": ["a: b", "纸质/电子化"],
    }
    assert yamlio.load_text(yamlout.dump(record)) == record
