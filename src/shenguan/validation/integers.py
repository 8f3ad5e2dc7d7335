"""Whole floats in integer fields: JSON Schema counts `3.0` as an integer, the catalogue does not.

A time limit written `3.0` would pass the schema and then print as 3.0 in every export, so the
schema's integer fields are walked once more and any float found there is reported as S003.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def whole_floats(schema: dict[str, Any], data: Any) -> Iterator[tuple[list[str], float, str]]:
    """(path, value, field title) of every float where the schema wants an integer."""
    yield from _walk(schema, data, [], schema.get("$defs", {}))


def _walk(
    node: Any, data: Any, path: list[str], defs: dict[str, Any]
) -> Iterator[tuple[list[str], float, str]]:
    if not isinstance(node, dict):
        return
    if "$ref" in node:
        node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
    if isinstance(data, float):
        wanted = node.get("type")
        types = wanted if isinstance(wanted, list) else [wanted]
        # A float that is not whole already fails the schema (S003 from jsonschema).
        if "integer" in types and "number" not in types and data.is_integer():
            yield path, data, str(node.get("title", path[-1] if path else "记录"))
    elif isinstance(data, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        for key, value in data.items():
            sub = props.get(key, extra)
            yield from _walk(sub, value, [*path, str(key)], defs)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(node.get("items"), value, [*path, str(i)], defs)
