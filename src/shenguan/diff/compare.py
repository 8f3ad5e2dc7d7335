"""Field-by-field comparison of two records: JSON pointers, Chinese labels, masking.

Lists are aligned by stripping their common head and tail and comparing the rest by position,
which keeps an append or an insertion to one entry and is symmetric: comparing b to a gives the
same pointers as a to b, with before and after swapped.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from shenguan.diff.model import MASK, FieldChange
from shenguan.validation.schemas import KINDS, field_meta

Leaf = tuple[str, str, Any, Any]  # pointer, pattern (array indexes as *), before, after


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _unescape(part: str) -> str:
    return part.replace("~1", "/").replace("~0", "~")


class _Absent:
    """A key or entry that is not there, told apart from an explicit null until it is shown."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = _Absent()


def leaves(before: Any, after: Any, pointer: str = "", pattern: str = "") -> Iterator[Leaf]:
    """Every smallest differing value; a key or entry present on one side only is one leaf."""
    if before is after or (before is not ABSENT and after is not ABSENT and before == after):
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(set(before) | set(after), key=str):
            part = _escape(str(key))
            yield from leaves(
                before.get(key, ABSENT),
                after.get(key, ABSENT),
                f"{pointer}/{part}",
                f"{pattern}/{part}",
            )
    elif isinstance(before, list) and isinstance(after, list):
        yield from _list_leaves(before, after, pointer, pattern)
    else:
        yield pointer, pattern, _shown(before), _shown(after)


def _shown(value: Any) -> Any:
    return None if value is ABSENT else value


def _list_leaves(before: list[Any], after: list[Any], pointer: str, pattern: str) -> Iterator[Leaf]:
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    old, new = before[head : len(before) - tail], after[head : len(after) - tail]
    for i in range(max(len(old), len(new))):
        a = old[i] if i < len(old) else ABSENT
        b = new[i] if i < len(new) else ABSENT
        yield from leaves(a, b, f"{pointer}/{head + i}", f"{pattern}/*")


def _meta(kind: str) -> dict[str, dict[str, Any]]:
    return field_meta(kind) if kind in KINDS else {}


def label(kind: str, pointer: str, pattern: str) -> str:
    """The Chinese label of a pointer: each level's schema title, array entries as 第N项."""
    meta, names, prefix = _meta(kind), [], ""
    for part, pat in zip(pointer.split("/")[1:], pattern.split("/")[1:]):
        prefix += f"/{pat}"
        if pat == "*":
            names.append(f"第{int(part) + 1}项")
        else:
            names.append(meta.get(prefix, {}).get("title") or _unescape(part))
    return " / ".join(names) or "记录"


def restricted(kind: str, pattern: str) -> bool:
    """x-visibility of the pattern, or of its nearest described ancestor (a typo'd key inherits)."""
    meta = _meta(kind)
    while pattern:
        if pattern in meta:
            return bool(meta[pattern]["visibility"] == "restricted")
        pattern = pattern.rsplit("/", 1)[0]
    return False


def mask(kind: str, pattern: str, value: Any) -> tuple[Any, bool]:
    """The value with every restricted part replaced by ***, and whether anything was."""
    if isinstance(value, dict):
        parts = {k: mask(kind, f"{pattern}/{_escape(str(k))}", v) for k, v in value.items()}
        return {k: v for k, (v, _) in parts.items()}, any(m for _, m in parts.values())
    if isinstance(value, list):
        items = [mask(kind, f"{pattern}/*", v) for v in value]
        return [v for v, _ in items], any(m for _, m in items)
    if value is not None and restricted(kind, pattern):
        return MASK, True
    return value, False


def _order(kind: str, pointer: str, pattern: str) -> list[tuple[int, int, str]]:
    """Sort key: schema order at each level (the order people read a record in), entries by index."""
    positions = _positions(kind)
    key, prefix = [], ""
    for part, pat in zip(pointer.split("/")[1:], pattern.split("/")[1:]):
        prefix += f"/{pat}"
        if pat == "*":
            key.append((0, int(part), ""))
        else:
            key.append((positions.get(prefix, len(positions)), 0, part))
    return key


@cache
def _positions(kind: str) -> dict[str, int]:
    return {p: i for i, p in enumerate(_meta(kind))}


def field_changes(
    kind: str, before: Any, after: Any, show_restricted: bool = False
) -> tuple[FieldChange, ...]:
    """The field changes from one record to another (None or {} for a record that is not there)."""
    out = []
    found = leaves(before if before is not None else {}, after if after is not None else {})
    for pointer, pattern, a, b in sorted(found, key=lambda leaf: _order(kind, leaf[0], leaf[1])):
        hidden = False
        if not show_restricted:
            (a, ma), (b, mb) = mask(kind, pattern, a), mask(kind, pattern, b)
            hidden = ma or mb
        out.append(FieldChange(pointer, label(kind, pointer, pattern), a, b, hidden))
    return tuple(out)


def flatten(value: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """(pointer, value) for every scalar, and for every empty mapping or list."""
    if isinstance(value, dict) and value:
        for key, sub in value.items():
            yield from flatten(sub, f"{pointer}/{_escape(str(key))}")
    elif isinstance(value, list) and value:
        for i, sub in enumerate(value):
            yield from flatten(sub, f"{pointer}/{i}")
    else:
        yield pointer, value


def similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Share of equal scalars (ignoring the id), to pair a removed record with an added one."""
    left = {(p, json.dumps(v, ensure_ascii=False)) for p, v in flatten(a) if p != "/id"}
    right = {(p, json.dumps(v, ensure_ascii=False)) for p, v in flatten(b) if p != "/id"}
    union = left | right
    return len(left & right) / len(union) if union else 1.0
