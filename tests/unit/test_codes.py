"""USCC check characters (GB 32100-2015), implementation codes (GB/T 39554.1-2020), vocabularies."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shenguan import codes
from tests.support.catalogs import REPO

# GB 32100-2015: 31 characters (no I, O, S, V, Z), weight of position i is 3^(i-1) mod 31.
CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [3**i % 31 for i in range(17)]


def test_tables_follow_the_standard() -> None:
    assert codes.USCC_CHARS == CHARS and len(set(CHARS)) == 31
    assert (
        list(codes.USCC_WEIGHTS)
        == WEIGHTS
        == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    )


def test_check_character_of_the_standards_example() -> None:
    # 9 1 3 5 0 1 0 0 M(21) 0 0 0 1 0 0 Y(30) 4, times the weights:
    # 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640; 1640 mod 31 = 28; 31-28 = 3 -> "3".
    assert codes.uscc_check_char("91350100M000100Y4") == "3"
    assert codes.uscc_valid("91350100M000100Y43")


def test_check_character_by_hand_for_a_letter_result() -> None:
    # 1 1 6 1 0 1 1 2 M(21) B(11) 2 9 0 1 2 4 2:
    # 1+3+54+27+0+26+16+34+420+319+50+117+0+24+20+120+56 = 1287; 1287 mod 31 = 16; 31-16 = 15 -> "F".
    assert codes.uscc_check_char("11610112MB2901242") == "F"
    assert codes.uscc_valid("11610112MB2901242F")
    assert not codes.uscc_valid("11610112MB2901242G")


def test_remainder_zero_gives_check_character_zero() -> None:
    # A 1 in position 2 (weight 3) and in position 17 (weight 28): 31 mod 31 = 0, and (31 - 0) mod 31 = 0.
    first17 = "01" + "0" * 14 + "1"
    assert sum(CHARS.index(c) * w for c, w in zip(first17, WEIGHTS)) == 31
    assert codes.uscc_check_char(first17) == "0"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "11610112MB2901242",
        "11610112MB2901242FF",
        "11610112mb2901242F",
        "11610112MB290124IF",
        "11610112MB290124OF",
        "11610112MB2901242Z",
    ],
)
def test_malformed_codes_are_invalid_not_errors(code: str) -> None:
    assert codes.uscc_valid(code) is False


_first17 = st.text(alphabet=CHARS, min_size=17, max_size=17)


@given(_first17)
def test_appended_check_character_validates(first17: str) -> None:
    assert codes.uscc_valid(first17 + codes.uscc_check_char(first17))


@given(_first17, st.integers(0, 16), st.sampled_from(CHARS))
def test_any_single_substitution_is_caught(first17: str, pos: int, char: str) -> None:
    # 31 is prime and no weight is 0 mod 31, so changing one character always changes the sum.
    code = first17 + codes.uscc_check_char(first17)
    changed = code[:pos] + char + code[pos + 1 :]
    assert codes.uscc_valid(changed) == (changed == code)


@given(_first17, st.integers(0, 15))
def test_adjacent_transpositions_are_caught(first17: str, pos: int) -> None:
    code = first17 + codes.uscc_check_char(first17)
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    assert codes.uscc_valid(swapped) == (swapped == code)


def test_implementation_code_and_type() -> None:
    code = codes.implementation_code("11610112MB2901234L", "4", "000172013000")
    assert code == "11610112MB2901234L4000172013000" and len(code) == 31
    assert codes.basic_type("000172013000") == "01" and codes.TYPE_ZH["01"] == "行政许可"
    assert codes.basic_type("002000618000") == "20" and codes.LEVEL_ZH["4"] == "县级"


# Each vocabulary and the schema field whose `enum` it mirrors: the schemas are what records obey.
VOCABULARIES = [
    (codes.MatterStatus, "matter", "/properties/status"),
    (codes.AdjustmentKind, "matter", "/$defs/adjustment/properties/kind"),
    (codes.TransferKind, "transfer", "/properties/transfer_kind"),
    (codes.TransferState, "transfer", "/properties/state"),
]


@pytest.mark.parametrize(("enum", "kind", "pointer"), VOCABULARIES)
def test_vocabularies_are_the_schemas_enums_in_order(
    enum: type[StrEnum], kind: str, pointer: str
) -> None:
    node = json.loads((REPO / "schemas" / f"{kind}.json").read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        node = node[part]
    assert [member.value for member in enum] == node["enum"]


def test_transfer_history_states_use_the_same_words() -> None:
    schema = json.loads((REPO / "schemas" / "transfer.json").read_text(encoding="utf-8"))
    history = schema["properties"]["history"]["items"]["properties"]["state"]["enum"]
    assert history == [s.value for s in codes.TransferState]


def test_members_equal_their_words_and_serialise_as_plain_text() -> None:
    assert codes.MatterStatus.IN_USE == "在用" and "划转" == codes.TransferKind.TRANSFER
    assert {"已取消": 1}[codes.MatterStatus.CANCELLED] == 1  # same hash: dict look-ups work
    assert json.dumps([codes.AdjustmentKind.ELEMENTS], ensure_ascii=False) == '["要素变更"]'
    assert type(codes.TransferState.COMPLETED.value) is str
    assert codes.IN_FORCE == ("在用", "暂停") and all(type(s) is str for s in codes.IN_FORCE)


# Each label -> national code dict and the schema enum whose labels it codes, in the same order.
CODE_LISTS = [
    (codes.SERVICE_OBJECT_CODE, "/properties/service_objects/items"),
    (codes.HANDLING_FORM_CODE, "/properties/handling_forms/items"),
    (codes.HANDLING_TYPE_CODE, "/properties/handling_type"),
    (codes.POWER_SOURCE_CODE, "/properties/power_source"),
    (codes.MATERIAL_TYPE_CODE, "/$defs/material/properties/type"),
    (codes.MATERIAL_FORM_CODE, "/$defs/material/properties/form"),
    (codes.MATERIAL_NECESSITY_CODE, "/$defs/material/properties/necessity"),
    (codes.MATERIAL_SOURCE_CODE, "/$defs/material/properties/source"),
    (codes.RESULT_TYPE_CODE, "/properties/result/properties/type"),
    (codes.DELIVERY_CODE, "/properties/result/properties/delivery/items"),
    (codes.HANDLE_AREA_CODE, "/properties/handle_area"),
    (codes.ONLINE_DEPTH_CODE, "/properties/online/properties/depth"),
    (codes.LICENSE_TYPE_CODE, "/properties/license_type"),
    (codes.TYPE_ZH, "/properties/type"),
    (codes.LEVEL_ZH, "/properties/level"),
    (codes.LEVEL_ZH, "/properties/levels/properties/accept"),
    (codes.LEVEL_ZH, "/properties/levels/properties/approve"),
    ({k: "" for k in codes.PUNISHMENT_KINDS}, "/properties/punishment/properties/kinds/items"),
]


def _node(pointer: str) -> dict[str, object]:
    node = json.loads((REPO / "schemas" / "matter.json").read_text(encoding="utf-8"))
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


@pytest.mark.parametrize(("table", "pointer"), CODE_LISTS)
def test_code_lists_are_the_schemas_enums(table: dict[str, str], pointer: str) -> None:
    node = _node(pointer)
    # TYPE_ZH and LEVEL_ZH are code -> label, the enum holds the codes; the others hold labels.
    assert list(table) == node["enum"]


def test_time_unit_codes_cover_the_time_limit_units() -> None:
    assert set(codes.TIME_UNIT_CODE) == set(_node("/$defs/time_limit/properties/unit")["enum"])
    assert codes.TIME_UNIT_CODE == {"自然日": "1", "工作日": "2"}


def test_national_codes_of_the_changed_lists() -> None:
    assert (
        codes.SERVICE_OBJECT_CODE["非法人企业"] == "5"
        and codes.SERVICE_OBJECT_CODE["其他组织"] == "9"
    )
    assert "移动端" not in codes.HANDLING_FORM_CODE
    assert codes.MATERIAL_FORM_CODE == {"纸质": "1", "电子化": "2", "纸质/电子化": "3"}
    assert codes.MATERIAL_SOURCE_CODE["中介机构出具"] == "30"
    assert codes.RESULT_TYPE_CODE["无"] == "99"
    # Codes are unique within each list, so an export can map them back.
    for table, _ in CODE_LISTS[:13]:
        assert len(set(table.values())) == len(table)
