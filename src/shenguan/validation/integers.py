"""Whole floats in integer fields: JSON Schema counts `3.0` as an integer, the catalogue does not.

A time limit written `3.0` would pass the schema and then print as 3.0 in every export, so the
schema's integer fields are looked at once more and any float found there is reported as S003.
Only the branches of a record that lead to an integer field are walked (a skeleton built once
per schema), so the check costs about 50 µs per matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Found = tuple[list[str], float, str]


@dataclass
class _Skeleton:
    title: str = ""
    integer: bool = False
    props: dict[str, _Skeleton] = field(default_factory=dict)
    extra: _Skeleton | None = None
    items: _Skeleton | None = None


_SKELETONS: dict[int, tuple[dict[str, Any], _Skeleton | None]] = {}


def whole_floats(schema: dict[str, Any], data: Any) -> Iterator[Found]:
    """(path, value, field title) of every float where the schema wants an integer."""
    cached = _SKELETONS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _SKELETONS[id(schema)] = (schema, _build(schema, schema.get("$defs", {})))
    if cached[1] is not None:
        yield from _walk(cached[1], data, [])


def _build(node: Any, defs: dict[str, Any]) -> _Skeleton | None:
    """The part of a schema that leads to integer fields; None when nothing below is one."""
    if not isinstance(node, dict):
        return None
    title = str(node.get("title", ""))
    if "$ref" in node:
        node = defs.get(str(node["$ref"]).rsplit("/", 1)[-1], {})
    wanted = node.get("type")
    types = wanted if isinstance(wanted, list) else [wanted]
    props = {k: _build(v, defs) for k, v in node.get("properties", {}).items()}
    skeleton = _Skeleton(
        title=title or str(node.get("title", "")),
        integer="integer" in types and "number" not in types,
        props={k: s for k, s in props.items() if s is not None},
        extra=_build(node.get("additionalProperties"), defs),
        items=_build(node.get("items"), defs),
    )
    useful = skeleton.integer or skeleton.props or skeleton.extra or skeleton.items
    return skeleton if useful else None


def _walk(node: _Skeleton, data: Any, path: list[str]) -> Iterator[Found]:
    # A float that is not whole already fails the schema (S003 from jsonschema).
    if isinstance(data, float) and node.integer and data.is_integer():
        yield path, data, node.title or (path[-1] if path else "记录")
    elif isinstance(data, dict):
        for key, value in data.items():
            sub = node.props.get(key, node.extra)
            if sub is not None:
                yield from _walk(sub, value, [*path, str(key)])
    elif isinstance(data, list) and node.items is not None:
        for i, value in enumerate(data):
            yield from _walk(node.items, value, [*path, str(i)])
