"""The JSON Schemas: documented fields, unknown keys refused, Chinese messages, mistyped values dropped."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from shenguan import yamlio
from shenguan.validation import schemas
from tests.support.catalogs import BASE

CJK = re.compile(r"[\u4e00-\u9fff]")
VISIBILITY = {"public", "internal", "restricted"}
REVIEW = {
    "kind": "review",
    "id": "r-2026-001",
    "reviewer": "sfj-zhang",
    "organisation": "西安市未央区司法局",
    "decision": "通过",
    "time": "2026-11-28T10:00:00+08:00",
    "covered": [{"path": "matters/000172013000.yaml", "digest": "sha256:" + "0" * 64}],
}


def _base_record(kind: str) -> dict[str, Any]:
    if kind == "review":
        return copy.deepcopy(REVIEW)
    folder = {"manifest": ".", "reviewers": ".", "standard": "standards/scjgj-sp"}.get(
        kind, kind + "s"
    )
    name = {"standard": "v1.yaml", "manifest": "shenguan.yaml", "reviewers": "reviewers.yaml"}.get(
        kind
    )
    path = BASE / folder / name if name else sorted((BASE / folder).glob("*.yaml"))[0]
    return yamlio.load_bytes(path.read_bytes())


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema anywhere in a schema: under properties, items and $defs, at any depth."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for key, sub in node.items():
            if key == "properties":
                for name, prop in sub.items():
                    yield from _properties(prop, f"{where}/{name}")
            elif key == "$defs":
                for name, d in sub.items():
                    yield f"{where}/$defs/{name}", d
                    yield from _properties(d, f"{where}/$defs/{name}")
            elif key == "items":
                yield from _properties(sub, f"{where}/*")


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_property_is_documented(kind: str) -> None:
    root = schemas.schema(kind)
    assert CJK.search(root["title"]) and CJK.search(root["description"])
    found = list(_properties(root, kind))
    assert len(found) > 5
    for where, prop in found:
        assert CJK.search(prop.get("title", "")), f"{where} 缺少中文 title"
        assert CJK.search(prop.get("description", "")), f"{where} 缺少中文 description"
        assert prop.get("x-visibility") in VISIBILITY, f"{where} 缺少 x-visibility"


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_object_refuses_unknown_keys(kind: str) -> None:
    def objects(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield where, node
            for key, sub in node.items():
                if key != "if":  # a condition (`if: {properties: {type: …}}`) tests one key only
                    yield from objects(sub, f"{where}/{key}")

    root = schemas.schema(kind)
    assert root["$schema"] == "https://json-schema.org/draft/2020-12/schema" and root[
        "$id"
    ].endswith(f"/{kind}.json")
    for where, node in objects(root, kind):
        assert node.get("additionalProperties") is False, where


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_schemas_are_valid_json_schema(kind: str) -> None:
    validator = schemas._validator(kind)
    type(validator).check_schema(schemas.schema(kind))


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_golden_records_pass(kind: str) -> None:
    assert schemas.check(kind, _base_record(kind)) == []


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("manifest", ()),
        ("department", ("sections", 0)),
        ("matter", ("custody",)),
        ("matter", ("process", 2)),
        ("standard", ("stages", "受理")),
        ("liaison", ("liaisons", 0)),
        ("agreement", ("push",)),
        ("transfer", ("entrustment", "authorization")),
        ("review", ("covered", 0)),
    ],
)
def test_unknown_keys_are_refused_at_any_depth(kind: str, path: tuple[Any, ...]) -> None:
    data = (
        _base_record(kind)
        if kind != "transfer"
        else yamlio.load_bytes((BASE / "transfers" / "wt-scjgj-2022.yaml").read_bytes())
    )
    node = data
    for part in path:
        node = node[part]
    node["备注"] = "x"
    issues = schemas.check(kind, data)
    pointer = "".join(f"/{p}" for p in path)
    assert [(i.rule, i.pointer, i.key) for i in issues] == [("S002", pointer, "备注")]
    assert CJK.search(issues[0].message) and CJK.search(issues[0].hint)


def test_a_misspelt_key_gets_the_nearest_name() -> None:
    data = _base_record("matter")
    data["nmae"] = data.pop("name")
    hints = {i.rule: i.hint for i in schemas.check("matter", data)}
    assert "name" in hints["S002"] and "name" in next(
        i.message for i in schemas.check("matter", data) if i.rule == "S001"
    )


@pytest.mark.parametrize(
    ("pointer", "value", "rule", "hint_words"),
    [
        ("/time_limit/promised/value", "0012", "S003", "前导 0"),
        ("/hall/in_hall", "yes", "S003", "true 或 false"),
        ("/contact/consult_phone", 2986250101, "S003", "加引号"),
        ("/handling_type", "即时件", "S004", "即办件"),
        ("/contact/consult_phone", "029-1", "S005", ""),
        ("/online/site_visits", 11, "S006", ""),
        ("/service_objects", [], "S006", ""),
    ],
)
def test_messages_are_chinese_with_hints(
    pointer: str, value: Any, rule: str, hint_words: str
) -> None:
    data = _base_record("matter")
    *parents, last = pointer.strip("/").split("/")
    node = data
    for part in parents:
        node = node[part]
    node[last] = value
    issues = schemas.check("matter", data)
    assert [(i.rule, i.pointer) for i in issues] == [(rule, pointer)]
    assert CJK.search(issues[0].message) and hint_words in issues[0].hint


def test_other_keywords_map_to_s007() -> None:
    # No schema uses such a keyword yet, so no golden case can reach S007; its translation still works.
    error = SimpleNamespace(
        validator="not",
        validator_value={},
        instance=1,
        absolute_path=["fee"],
        schema={"title": "收费", "description": "是否收费及依据。"},
        message="1 should not be valid",
    )
    (issue,) = schemas._translate(error)
    assert (
        (issue.rule, issue.pointer) == ("S007", "/fee") and "收费" in issue.message and issue.hint
    )


def test_drop_mistyped_removes_only_wrongly_typed_values() -> None:
    data = {"a": {"b": "x", "c": 1}, "l": ["ok", 2, "ok", 3, {"d": None}], "e": "keep"}
    issues = [
        schemas.SchemaIssue(r, p, None, "", "")
        for r, p in [
            ("S003", "/a/b"),
            ("S003", "/l/1"),
            ("S003", "/l/3"),
            ("S003", "/l/4/d"),
            ("S004", "/e"),
            ("S003", "/gone/deeper"),
            ("S003", "/l/99"),
        ]
    ]
    assert schemas.drop_mistyped(data, issues) == {
        "a": {"c": 1},
        "l": ["ok", "ok", {}],
        "e": "keep",
    }


def test_personal_fields_are_restricted() -> None:
    meta = schemas.field_meta("liaison")
    assert meta["/liaisons/*/name"]["visibility"] == "restricted"
    assert meta["/liaisons/*/mobile"]["visibility"] == "restricted"
    assert schemas.field_meta("matter")["/name"] == {"title": "事项名称", "visibility": "public"}


def test_errors_inside_if_then_name_the_field_by_its_title() -> None:
    """Version 2 requires some fields only for some matter types (if/then); the message still
    names the field by its Chinese title and the hint by its description."""
    from shenguan import yamlio
    from tests.support.catalogs import BASE

    data = yamlio.load_text((BASE / "matters/000117004000.yaml").read_text(encoding="utf-8"))
    assert data["type"] == "01"
    del data["fee"]
    data["intermediary"] = {"involved": True}
    got = {(i.rule, i.pointer, i.message) for i in schemas.check("matter", data)}
    assert got == {
        ("S001", "", "缺少必填字段 fee（收费）"),
        ("S001", "/intermediary", "缺少必填字段 name（中介服务名称）"),
    }
