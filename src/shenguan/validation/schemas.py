"""JSON Schemas: the one module that imports jsonschema. One compiled validator per kind, reused."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from shenguan.validation.integers import whole_floats

KINDS = (
    "manifest",
    "department",
    "matter",
    "standard",
    "liaison",
    "agreement",
    "transfer",
    "review",
    "reviewers",
)
TYPE_ZH = {
    "string": "文本",
    "integer": "整数",
    "number": "数字",
    "boolean": "布尔值 true/false",
    "object": "映射（键: 值）",
    "array": "列表",
    "null": "空值",
}
YAML11_BOOLS = {
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "Yes",
    "No",
    "On",
    "Off",
    "YES",
    "NO",
    "ON",
    "OFF",
}


@dataclass(frozen=True)
class SchemaIssue:
    rule: str
    pointer: str
    key: str | None
    message: str
    hint: str


def schema_dir() -> Path:
    """Schemas ship inside the wheel; from a source checkout they sit at the repository root."""
    packaged = Path(str(resources.files("shenguan"))) / "data" / "schemas"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "schemas"


@cache
def schema(kind: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((schema_dir() / f"{kind}.json").read_text(encoding="utf-8"))
    return loaded


@cache
def schema_digest() -> str:
    h = hashlib.sha256()
    for kind in KINDS:
        h.update((schema_dir() / f"{kind}.json").read_bytes())
    return h.hexdigest()


@cache
def _validator(kind: str) -> Any:
    import jsonschema  # only needed to explain a failure: valid records never pay for its import

    cls = jsonschema.validators.validator_for(schema(kind))
    return cls(schema(kind))


@cache
def kind_digest(kind: str) -> str:
    return hashlib.sha256((schema_dir() / f"{kind}.json").read_bytes()).hexdigest()


def gate_schema(kind: str) -> dict[str, Any]:
    # The schemas use only keywords whose meaning is the same in draft 7, which fastjsonschema knows.
    return {**schema(kind), "$schema": "http://json-schema.org/draft-07/schema#"}


@cache
def _gate(kind: str) -> Any:
    """A yes/no check ten times faster than jsonschema. Its code is generated ahead of time into
    shenguan.validation.compiled (byte-compiled at install); compiling it at run time costs ~0.5 s."""
    import importlib

    try:
        module = importlib.import_module(f"shenguan.validation.compiled.{kind}")
        if module.SCHEMA_DIGEST == kind_digest(kind):
            return module.validate
    except ImportError:
        pass
    import fastjsonschema

    return fastjsonschema.compile(gate_schema(kind))


def prepare(kinds: tuple[str, ...] = KINDS) -> None:
    """Compile the gates up front (before worker processes fork, so they inherit them)."""
    for kind in kinds:
        _gate(kind)


def check(kind: str, data: Any) -> list[SchemaIssue]:
    """Every schema problem of one record, each with a Chinese message and a hint."""
    import fastjsonschema

    issues = _floats(kind, data)
    try:
        _gate(kind)(data)
        return issues
    except fastjsonschema.JsonSchemaException:
        pass  # jsonschema explains every problem with its path
    for error in _validator(kind).iter_errors(data):
        issues.extend(_translate(error, schema(kind)))
    return issues


def _floats(kind: str, data: Any) -> list[SchemaIssue]:
    return [
        SchemaIssue(
            "S003",
            _pointer(path),
            None,
            f"{title} 应为整数，实际为 {_show(value)}",
            f"请去掉小数点，写成 {int(value)}",
        )
        for path, value, title in whole_floats(schema(kind), data)
    ]


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _title(sub: Any, fallback: str) -> str:
    return sub.get("title", fallback) if isinstance(sub, dict) else fallback


def _node_at(root: dict[str, Any], path: Any) -> dict[str, Any]:
    """The schema of the instance at `path`, found through properties, items and $ref. An error
    raised inside if/then/else carries only that branch, without the titles of the fields."""
    defs, node = root.get("$defs", {}), root
    for part in path:
        if "$ref" in node:
            node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
        nxt = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
        if not isinstance(nxt, dict):
            return {}
        node = nxt
    if "$ref" in node:
        node = {**defs.get(node["$ref"].rsplit("/", 1)[-1], {}), **node}
    return node


def _translate(error: Any, root: dict[str, Any] | None = None) -> Iterator[SchemaIssue]:
    path = list(error.absolute_path)
    pointer = _pointer(path)
    last = str(path[-1]) if path else "记录"
    here = error.schema
    if root is not None and isinstance(here, dict) and "title" not in here:
        here = {**_node_at(root, path), **here}  # a branch of if/then/else, or a list's item
    title = _title(here, last)
    if path and isinstance(path[-1], int) and root is not None and title == last:
        # an item without a title of its own: named by its list, e.g. 处罚种类第 2 项
        title = f"{_title(_node_at(root, path[:-1]), str(path[-2]) if len(path) > 1 else '')}第 {path[-1] + 1} 项"
    kw, inst, val = error.validator, error.instance, error.validator_value
    if kw == "required":
        props = here.get("properties", {}) if isinstance(here, dict) else {}
        for name in val:
            if isinstance(inst, dict) and name not in inst:
                t = _title(props.get(name), name)
                yield SchemaIssue(
                    "S001",
                    pointer,
                    None,
                    f"缺少必填字段 {name}（{t}）",
                    f"请补充 {name}：{_desc(props.get(name))}",
                )
    elif kw in ("additionalProperties", "unevaluatedProperties"):
        known = set(error.schema.get("properties", {}))
        for name in sorted(set(inst) - known if isinstance(inst, dict) else []):
            near = _nearest(name, known)
            hint = f"是否想写 {near}？" if near else "请删除该字段，或检查拼写与缩进"
            yield SchemaIssue("S002", pointer, name, f"未知字段 {name}", hint)
    elif kw == "type":
        yield SchemaIssue(
            "S003",
            pointer,
            None,
            f"{title} 应为{_types(val)}，实际为 {_show(inst)}",
            _type_hint(val, inst),
        )
    elif kw in ("enum", "const"):
        allowed = "、".join(str(v) for v in (val if kw == "enum" else [val]))
        yield SchemaIssue(
            "S004",
            pointer,
            None,
            f"{title} 的值 {_show(inst)} 不在允许范围内",
            f"可选值：{allowed}",
        )
    elif kw in ("pattern", "format"):
        yield SchemaIssue("S005", pointer, None, f"{title} 格式不正确：{_show(inst)}", _desc(here))
    elif kw in (
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
    ):
        yield SchemaIssue(
            "S006", pointer, None, f"{title} 超出允许范围：{_range(kw, val)}", _desc(here)
        )
    elif kw == "not":
        yield SchemaIssue("S007", pointer, None, f"{title} 不符合结构", _desc(here) or _desc(val))
    else:
        yield SchemaIssue(
            "S007", pointer, None, f"{title} 不符合结构：{error.message}", _desc(here)
        )


def _desc(sub: Any) -> str:
    return sub.get("description", "") if isinstance(sub, dict) else ""


def _types(val: Any) -> str:
    names = val if isinstance(val, list) else [val]
    return "或".join(TYPE_ZH.get(n, str(n)) for n in names)


def _show(inst: Any) -> str:
    text = json.dumps(inst, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _type_hint(expected: Any, inst: Any) -> str:
    if expected == "string" and isinstance(inst, (int, float)) and not isinstance(inst, bool):
        return '编码、电话、日期等须加引号写成文本，例如 "0012"、"029-12345678"'
    if expected == "boolean" and isinstance(inst, str) and inst in YAML11_BOOLS:
        return "是/否请写 true 或 false（yes、no、on、off 按文本读取）"
    if expected == "integer" and isinstance(inst, str) and inst.isdigit():
        return "数值请写成不带前导 0 的整数，例如 12"
    return f"请写成{_types(expected)}"


def _range(kw: str, val: Any) -> str:
    return {
        "minimum": f"不小于 {val}",
        "maximum": f"不大于 {val}",
        "minLength": f"至少 {val} 个字符",
        "maxLength": f"至多 {val} 个字符",
        "minItems": f"至少 {val} 项",
        "maxItems": f"至多 {val} 项",
        "uniqueItems": "各项不得重复",
    }[kw]


def _nearest(name: str, known: set[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return match[0] if match else None


def drop_mistyped(data: dict[str, Any], issues: list[SchemaIssue]) -> dict[str, Any]:
    """Remove every value reported as the wrong type (S003), in place, and return the record.

    The cross-record rules read records that may have failed the schema; with this they can trust
    that a value they find has its schema type (`value: 0012` is a string and would crash arithmetic).
    """
    paths = {
        tuple(p.replace("~1", "/").replace("~0", "~") for p in i.pointer.split("/")[1:])
        for i in issues
        if i.rule == "S003" and i.pointer
    }
    # Deepest and highest list index first, so removing one item never shifts another still to remove.
    for path in sorted(
        paths, key=lambda ps: [(0, int(p)) if p.isdigit() else (1, p) for p in ps], reverse=True
    ):
        parent: Any = data
        for part in path[:-1]:  # the path may be gone: loading drops fields no rule reads
            parent = _item(parent, part)
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        elif isinstance(parent, list) and path[-1].isdigit() and int(path[-1]) < len(parent):
            del parent[int(path[-1])]
    return data


def _item(node: Any, part: str) -> Any:
    if isinstance(node, dict):
        return node.get(part)
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    return None


def walk_properties(kind: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(pointer pattern, property schema) for every property; array items appear as `*`."""
    root = schema(kind)
    yield from _walk(root, "", root.get("$defs", {}))


def _walk(
    node: dict[str, Any], prefix: str, defs: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    target = node
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[-1]]
    for name, sub in target.get("properties", {}).items():
        pointer = f"{prefix}/{name}"
        yield pointer, sub
        yield from _walk(sub, pointer, defs)
    items = target.get("items")
    if isinstance(items, dict):
        if "x-visibility" in items:  # items that say nothing are transparent: their array decides
            yield f"{prefix}/*", items
        yield from _walk(items, f"{prefix}/*", defs)


@cache
def field_meta(kind: str) -> dict[str, dict[str, Any]]:
    """pointer pattern -> {title, visibility}; labels for diffs and the allow-list for exports."""
    return {
        p: {"title": s.get("title", p), "visibility": s.get("x-visibility", "restricted")}
        for p, s in walk_properties(kind)
    }
