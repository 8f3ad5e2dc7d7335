"""The announcement (调整公告) of what changed in the matter catalogue between two versions.

Built from change objects shaped like diff.RecordChange (kind, id, change, classification, name,
fields) and the two versions of each matter record, so it can be tested with hand-built changes.
Only public fields reach it: values pass through the matter allow-list like every export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from shenguan.export import texts
from shenguan.export.allow import Allow

GROUPS = ("新增", "取消", "调整")
_INDEX = re.compile(r"/\d+(?=/|$)")


# Read-only members, so frozen dataclasses (diff.RecordChange, diff.FieldChange) match them.
class FieldLike(Protocol):
    @property
    def pointer(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def before(self) -> Any: ...
    @property
    def after(self) -> Any: ...


class ChangeLike(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def change(self) -> str: ...
    @property
    def classification(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def fields(self) -> Iterable[FieldLike]: ...


@dataclass(frozen=True)
class FieldLine:
    pointer: str
    label: str
    before: str
    after: str


@dataclass
class Item:
    group: str
    classification: str
    code: str
    name: str
    department: str
    dates: list[str] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fields: list[FieldLine] = field(default_factory=list)


@dataclass
class Announcement:
    region: str
    base: dict[str, Any]
    head: dict[str, Any]
    items: list[Item]

    def group(self, name: str) -> list[Item]:
        return [i for i in self.items if i.group == name]

    @property
    def summary(self) -> dict[str, int]:
        return {g: len(self.group(g)) for g in GROUPS}


def group_of(change: ChangeLike) -> str:
    if change.change == "added":
        return "新增"
    if change.classification in ("取消", "删除") or change.change == "removed":
        return "取消"
    return "调整"


def new_adjustments(
    allow: Allow, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The adjustment entries the newer version adds: they carry the dates and basis documents."""
    old = allow.items(before or {}, "/adjustments")
    return [a for a in allow.items(after or {}, "/adjustments") if a not in old]


def plain(allow: Allow, pattern: str, value: Any) -> str:
    """A public value as one line of text; mappings as 标题：值 pairs."""
    value = allow.view(value, pattern)
    if value is None:
        return ""
    if isinstance(value, bool):
        return texts.yes_no(value)
    if isinstance(value, dict):
        if {"value", "unit"} <= value.keys():
            return texts.time_limit(value)
        return "；".join(
            f"{allow.titles.get(f'{pattern}/{k}', k)}：{plain(allow, f'{pattern}/{k}', v)}"
            for k, v in value.items()
        )
    if isinstance(value, list):
        return "、".join(plain(allow, pattern + "/*", v) for v in value)
    return str(value)


def covers(allow: Allow, pattern: str) -> bool:
    """A changed leaf is shown when it, or the scalar list it is an entry of, is public."""
    while pattern.endswith("/*"):
        pattern = pattern[:-2]
    return allow.allows(pattern)


def _at(record: Any, pointer: str) -> Any:
    for part in pointer.split("/")[1:]:
        if isinstance(record, dict):
            record = record.get(part.replace("~1", "/").replace("~0", "~"))
        elif isinstance(record, list) and part.isdigit() and int(part) < len(record):
            record = record[int(part)]
        else:
            return None
    return record


def _is_time_limit(value: Any) -> bool:
    return isinstance(value, dict) and {"value", "unit"} <= value.keys()


def field_lines(
    allow: Allow, change: ChangeLike, before: Any = None, after: Any = None
) -> list[FieldLine]:
    """Public field changes; the parts of one time limit are shown as the whole limit, once."""
    lines: dict[str, FieldLine] = {}
    for f in change.fields:
        pointer, label, old, new = f.pointer, f.label, f.before, f.after
        parent = pointer.rsplit("/", 1)[0]
        if parent and (_is_time_limit(_at(after, parent)) or _is_time_limit(_at(before, parent))):
            pointer, label = parent, label.rsplit(" / ", 1)[0]
            old, new = _at(before, parent), _at(after, parent)
        pattern = _INDEX.sub("/*", pointer)
        if pointer in lines or pattern.startswith("/adjustments") or not covers(allow, pattern):
            continue
        lines[pointer] = FieldLine(
            pointer, label, plain(allow, pattern, old), plain(allow, pattern, new)
        )
    return list(lines.values())


def item(
    allow: Allow,
    change: ChangeLike,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    departments: dict[str, str],
) -> Item:
    record = after if after is not None else before or {}
    dept = allow.first(record, "/implementing_body/department")
    adjustments = new_adjustments(allow, before, after)
    name = allow.first(record, "/name") or change.name
    return Item(
        group_of(change),
        change.classification,
        str(allow.first(record, "/id") or change.id),
        str(name or ""),
        departments.get(dept, str(dept or "")),
        dates=_unique(a.get("date") for a in adjustments),
        basis=_unique(a.get("basis") for a in adjustments),
        notes=_unique(a.get("note") for a in adjustments),
        fields=field_lines(allow, change, before, after) if group_of(change) == "调整" else [],
    )


def _unique(values: Iterable[Any]) -> list[str]:
    return list(dict.fromkeys(str(v) for v in values if v))


def announce(
    allow: Allow,
    region: str,
    base: dict[str, Any],
    head: dict[str, Any],
    entries: Iterable[tuple[ChangeLike, dict[str, Any] | None, dict[str, Any] | None]],
    departments: dict[str, str],
) -> Announcement:
    """The announcement of the matter changes in `entries` ((change, before, after) triples)."""
    items = [item(allow, c, b, a, departments) for c, b, a in entries if c.kind == "matter"]
    items.sort(key=lambda i: (GROUPS.index(i.group), i.department, i.code))
    return Announcement(region, base, head, items)
