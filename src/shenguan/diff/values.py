"""Record values as Chinese text and labelled rows: what a reviewer reads instead of JSON.

Coded values read as label and code (`行政许可（01）`), departments and sections by their names
(`西安市未央区行政审批服务局（spj）`), booleans as 是/否, lists of plain values joined with 、,
nested objects and lists of objects as rows one level deeper, restricted values as ***.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Protocol

from shenguan.codes import LEVEL_ZH, NATURE_ZH, TYPE_ZH
from shenguan.diff.model import KIND_ZH, MASK, Row
from shenguan.validation.schemas import KINDS, field_meta, walk_properties

ABSENT_TEXT = "（无）"
ROLE_ZH = {"approval": "审批", "supervision": "监管", "other": "其他"}
# Enumerated fields whose values are codes, by field name, read through the code list they come
# from; English words (科室职责) are shown by their Chinese name alone.
_CODE_LISTS = {"type": TYPE_ZH, "level": LEVEL_ZH, "nature": NATURE_ZH, "role": ROLE_ZH}
_WORDS = ("role",)
KEYS = {
    "/materials": ("name",),
    "/handle_items": ("no",),
    "/process": ("stage",),
    "/fee/items": ("name",),
    "/faq": ("q",),
}
BASIS_KEY = ("law", "article")  # any list of legal bases, wherever it sits


class Names(Protocol):
    """Department and section names at the side of the change being shown."""

    def department_name(self, department_id: str) -> str | None: ...

    def section_name(self, section_id: str) -> str | None: ...


class NoNames:
    def department_name(self, department_id: str) -> str | None:
        return None

    def section_name(self, section_id: str) -> str | None:
        return None


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def meta(kind: str) -> dict[str, dict[str, Any]]:
    return field_meta(kind) if kind in KINDS else {}


@cache
def positions(kind: str) -> dict[str, int]:
    return {p: i for i, p in enumerate(meta(kind))}


@cache
def _enums(kind: str) -> dict[str, tuple[str, ...]]:
    if kind not in KINDS:
        return {}
    out = {}
    for pattern, sub in walk_properties(kind):
        enum = sub.get("enum") or (sub.get("items") or {}).get("enum")
        if isinstance(enum, list):
            out[pattern] = tuple(str(e) for e in enum)
    return out


def title(kind: str, pattern: str, key: str) -> str:
    found = meta(kind).get(pattern, {}).get("title")
    return str(found) if found and found != pattern else f"（未定义的字段 {key}）"


def hidden(kind: str, pattern: str) -> bool:
    """x-visibility of the pattern, or of its nearest described ancestor (a typo'd key inherits)."""
    known = meta(kind)
    while pattern:
        if pattern in known:
            return bool(known[pattern]["visibility"] == "restricted")
        pattern = pattern.rsplit("/", 1)[0]
    return False


def scalar_text(kind: str, pattern: str, value: Any, names: Names) -> str:
    """One plain value in Chinese."""
    if value is None:
        return ABSENT_TEXT
    if isinstance(value, bool):
        return "是" if value else "否"
    if not isinstance(value, str):
        return str(value)
    named = _named(pattern.rsplit("/", 1)[-1], value, names)
    if named:
        return f"{named}（{value}）"
    return _coded(kind, pattern, value)


def _named(key: str, value: str, names: Names) -> str | None:
    if key.endswith("department"):
        return names.department_name(value)
    if key.endswith("section"):
        return names.section_name(value)
    return None


def _coded(kind: str, pattern: str, value: str) -> str:
    key = pattern.rsplit("/", 1)[-1]
    if key == "*":
        key = pattern.rsplit("/", 2)[-2]
    if pattern == "/kind" or key == "kinds":
        return KIND_ZH.get(value, value)
    codes = _CODE_LISTS.get(key)
    if codes is None or pattern not in _enums(kind) or value not in codes:
        return value
    return codes[value] if key in _WORDS else f"{codes[value]}（{value}）"


def is_plain(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or (
        isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value)
    )


def text(kind: str, pattern: str, value: Any, names: Names, show_restricted: bool) -> str:
    """A plain value or a list of plain values as one line (structures: see `rows`)."""
    if not show_restricted and value is not None and hidden(kind, pattern):
        return MASK
    if isinstance(value, list):
        parts = [text(kind, f"{pattern}/*", v, names, show_restricted) for v in value]
        return "、".join(parts) if parts else ABSENT_TEXT
    return scalar_text(kind, pattern, value, names)


def rows(
    kind: str, value: Any, pattern: str, names: Names, show_restricted: bool, depth: int = 0
) -> list[Row]:
    """A mapping or a list of mappings as labelled rows, nested levels one deeper, schema order."""
    if isinstance(value, list):
        return _list_rows(kind, value, pattern, names, show_restricted, depth)
    if not isinstance(value, dict):
        return [Row(depth, "", text(kind, pattern, value, names, show_restricted))]
    order = positions(kind)
    out = []
    keyed = [(f"{pattern}/{escape(str(k))}", str(k), v) for k, v in value.items()]
    for sub, key, v in sorted(keyed, key=lambda t: (order.get(t[0], len(order)), t[1])):
        label = title(kind, sub, key)
        if is_plain(v) or (not show_restricted and hidden(kind, sub)):
            out.append(Row(depth, label, text(kind, sub, v, names, show_restricted)))
        else:
            count = f"共 {len(v)} 项" if isinstance(v, list) else ""
            out.append(Row(depth, label, count))
            out += rows(kind, v, sub, names, show_restricted, depth + 1)
    return out


def _list_rows(
    kind: str, value: list[Any], pattern: str, names: Names, show_restricted: bool, depth: int
) -> list[Row]:
    """Each item under its own title: its identity (材料名称, 办理项序号 …) or 第N项."""
    out, fields, item = [], item_key(pattern, value), f"{pattern}/*"
    for n, entry in enumerate(value, 1):
        if is_plain(entry):
            out.append(Row(depth, f"第{n}项", text(kind, item, entry, names, show_restricted)))
            continue
        out.append(Row(depth, item_title(entry, fields, n), ""))
        out += rows(kind, entry, item, names, show_restricted, depth + 1)
    return out


def item_key(pattern: str, items: list[Any]) -> tuple[str, ...] | None:
    """The fields that identify the list's items, when every item has them and they are unique."""
    if not items or not all(isinstance(i, dict) for i in items):
        return None
    fields = KEYS.get(pattern) or (BASIS_KEY if all("law" in i for i in items) else None)
    if fields is None:
        return None
    ids = [tuple(str(i.get(f, "")) for f in fields) for i in items]
    return fields if len(set(ids)) == len(ids) and all(any(x) for x in ids) else None


def item_title(item: Any, fields: tuple[str, ...] | None, n: int) -> str:
    if not fields or not isinstance(item, dict):
        return f"第{n}项"
    named = [str(item.get(f, "")) for f in fields]
    if fields == ("no",) and item.get("name"):
        named.append(str(item["name"]))
    return " ".join(x for x in named if x)
