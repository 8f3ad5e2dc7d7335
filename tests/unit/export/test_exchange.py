"""The national exchange tables: the column mapping (workflows.exchange.columns) agrees with the
schema, and `export exchange` writes the sample catalogue as those tables."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shenguan import codes
from shenguan.workflows.exchange import columns as cols
from tests.support.catalogs import REPO


def _schema(kind: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REPO / "schemas" / f"{kind}.json").read_text("utf-8"))
    return data


def _node(schema: dict[str, Any], pointer: str) -> dict[str, Any] | None:
    """The schema node at a pointer pattern (`*` = array items), following $refs; None if absent."""
    node: dict[str, Any] = schema
    for part in pointer.split("/")[1:]:
        while "$ref" in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        if part == "*":
            if "items" not in node:
                return None
            node = node["items"]
        else:
            found = node.get("properties", {}).get(part)
            if found is None:
                return None
            node = found
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _all_columns() -> list[tuple[cols.Table, cols.Column]]:
    tables = [*cols.TABLES, cols.ZONE_ORGANIZATION]
    return [(t, c) for t in tables for c in t.columns]


def test_every_pointer_names_a_field_of_the_schema() -> None:
    missing = []
    for table, column in _all_columns():
        schema = _schema(table.record)
        for pointer in filter(None, (column.pointer, *column.reads)):
            if _node(schema, pointer) is None:
                missing.append(f"{table.name}.{column.name}: {pointer}")
    for table in cols.TABLES:
        if table.items is not None and _node(_schema("matter"), table.items) is None:
            missing.append(f"{table.name}: {table.items}")
    assert missing == []


def test_child_columns_read_the_items_of_their_table() -> None:
    wrong = [
        f"{t.name}.{c.name}"
        for t in cols.TABLES
        if t.items is not None and t.role != "material_condition"
        for c in t.columns
        if c.pointer is not None and "*" in c.pointer and not c.pointer.startswith(t.items + "/*")
    ]
    assert wrong == []


def _enum(node: dict[str, Any]) -> list[str]:
    if "enum" in node:
        return list(node["enum"])
    return list(node["items"]["enum"])


def test_every_code_dict_has_the_labels_of_the_schema_enum() -> None:
    checked = 0
    for table, column in _all_columns():
        if column.codes is None:
            continue
        assert column.kind == cols.CODE, f"{table.name}.{column.name}"
        assert column.pointer is not None
        node = _node(_schema(table.record), column.pointer)
        assert node is not None
        assert sorted(_enum(node)) == sorted(column.codes), f"{table.name}.{column.name}"
        checked += 1
    assert checked > 20


def test_code_columns_use_the_dicts_of_codes() -> None:
    basic = cols.BY_NAME["up_task_general_basic"]
    assert basic.column("server_type").codes is codes.SERVICE_OBJECT_CODE
    assert basic.column("server_type").sep == "^"
    assert basic.column("project_type").codes is codes.HANDLING_TYPE_CODE
    assert basic.column("anticipate_type").codes is codes.TIME_UNIT_CODE
    material = cols.BY_NAME["up_task_general_material"]
    assert material.column("material_format").codes is codes.MATERIAL_FORM_CODE
    assert material.column("source_type").codes is codes.MATERIAL_SOURCE_CODE


def test_every_derivation_is_described() -> None:
    named = {c.derive for _, c in _all_columns() if c.derive is not None}
    assert named <= set(cols.DERIVATIONS)
    assert all(c.pointer is None for _, c in _all_columns() if c.derive is not None)


def test_column_names_are_unique_within_a_table() -> None:
    for table in [*cols.TABLES, cols.ZONE_ORGANIZATION]:
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name
        assert all(c.label for c in table.columns)


def test_tables_of_each_family() -> None:
    names = {fam: [t.name for t in cols.tables_of(fam)] for fam in cols.FAMILIES}
    assert names["general"] == [
        "up_task_general_basic",
        "up_task_general_extend",
        "up_task_general_material",
        "up_task_general_fee_project",
        "up_task_general_questions",
    ]
    assert names["punish"] == ["up_task_punish_basic", "up_task_punish_questions"]
    assert names["handle"] == [
        "up_task_handle_basic",
        "up_task_handle_material",
        "up_task_handle_questions",
    ]
    assert names["check"] == ["up_task_check_basic", "up_task_check_questions"]
    assert names["public"][0] == "up_task_public_basic"


def test_reduced_basic_tables_follow_the_ddl() -> None:
    punish = {c.name for c in cols.BY_NAME["up_task_punish_basic"].columns}
    general = {c.name for c in cols.BY_NAME["up_task_general_basic"].columns}
    assert "punishment_method" in punish
    assert not {"accept_condition", "is_fee", "server_type", "promise_day", "link_addr"} & punish
    assert cols.BY_NAME["up_task_punish_basic"].column("local_task_code").required
    assert not cols.BY_NAME["up_task_general_basic"].column("local_task_code").required
    handle = {c.name for c in cols.BY_NAME["up_task_handle_basic"].columns}
    assert {"collect_type", "is_permit_reduce"} <= handle
    public = {c.name for c in cols.BY_NAME["up_task_public_basic"].columns}
    assert general - public == {"power_source"}
    assert not cols.BY_NAME["up_task_public_basic"].column("promise_day").required
    assert "limit_explain" not in {c.name for c in cols.BY_NAME["up_task_public_extend"].columns}


@pytest.mark.parametrize(
    ("code", "fam"),
    [
        ("01", "general"),
        ("05", "general"),
        ("07", "general"),
        ("08", "general"),
        ("09", "general"),
        ("10", "general"),
        ("11", "general"),
        ("02", "punish"),
        ("04", "handle"),
        ("03", "check"),
        ("06", "check"),
        ("20", "public"),
    ],
)
def test_family_routing(code: str, fam: str) -> None:
    assert cols.family(code) == fam


def test_every_matter_type_has_a_family() -> None:
    enum = _schema("matter")["properties"]["type"]["enum"]
    assert sorted(enum) == sorted(cols.FAMILY_OF_TYPE) == sorted(codes.TYPE_ZH)
    with pytest.raises(KeyError):
        cols.family("12")


def test_task_state_codes_cover_every_status() -> None:
    assert sorted(cols.TASK_STATE_CODE) == sorted(_schema("matter")["properties"]["status"]["enum"])
