"""The readable form of a record change: one entry per changed field or list item, in Chinese.

List items are matched by what they are, not where they stand: materials by name, handle items by
number, process steps by stage, legal bases by law and article, fee items by name (`KEYS`); a list
without such a key is aligned with difflib's sequence matcher. An item added, removed, moved or
changed is one entry, holding its labelled rows. Pointers stay in the entries for JSON output and
for the review policy, never in the text a reviewer reads.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from shenguan.diff import values
from shenguan.diff.model import ChangeEntry, FieldChange, Line, Row
from shenguan.diff.values import (
    Names,
    escape,
    item_key,
    item_title,
    positions,
    rows,
    text,
    title,
)

MODIFY, ADD, REMOVE, MOVE = "修改", "新增", "删除", "移动"
_ABSENT: Any = object()


def entries(
    kind: str, before: Any, after: Any, names: Names, show_restricted: bool = False
) -> tuple[ChangeEntry, ...]:
    """Every change from one record to the other (None for a record that is not there)."""
    walk = _Walk(kind, names, show_restricted)
    return tuple(walk.value(before or {}, after or {}, "", "", ""))


def record_rows(kind: str, data: Any, names: Names, show_restricted: bool = False) -> list[Row]:
    """A whole record as labelled rows (a new or removed record is shown in full)."""
    return rows(kind, data if isinstance(data, dict) else {}, "", names, show_restricted)


class _Walk:
    def __init__(self, kind: str, names: Names, show_restricted: bool) -> None:
        self.kind, self.names, self.show = kind, names, show_restricted

    def value(
        self, a: Any, b: Any, pointer: str, pattern: str, label: str
    ) -> Iterator[ChangeEntry]:
        if a is not _ABSENT and b is not _ABSENT and _same(a, b):
            return
        if isinstance(a, dict) and isinstance(b, dict):
            yield from self._mapping(a, b, pointer, pattern, label)
        elif (
            isinstance(a, list)
            and isinstance(b, list)
            and not (values.is_plain(a) and values.is_plain(b))
        ):
            yield from self._list(a, b, pointer, pattern, label)
        elif a is _ABSENT or b is _ABSENT or not (values.is_plain(a) and values.is_plain(b)):
            yield self._whole(a, b, pointer, pattern, label)
        else:
            shown = (self._text(pattern, a), self._text(pattern, b))
            yield ChangeEntry(pointer, label or "记录", MODIFY, (Line(0, "", *shown),))

    def _text(self, pattern: str, value: Any) -> str:
        return text(self.kind, pattern, value, self.names, self.show)

    def _mapping(
        self, a: dict[str, Any], b: dict[str, Any], pointer: str, pattern: str, label: str
    ) -> Iterator[ChangeEntry]:
        order = positions(self.kind)
        keys = sorted(
            {str(k) for k in (*a, *b)},
            key=lambda k: (order.get(f"{pattern}/{escape(k)}", len(order)), k),
        )
        for key in keys:
            sub = f"{pattern}/{escape(key)}"
            name = title(self.kind, sub, key)
            yield from self.value(
                a.get(key, _ABSENT),
                b.get(key, _ABSENT),
                f"{pointer}/{escape(key)}",
                sub,
                f"{label} / {name}" if label else name,
            )

    def _whole(self, a: Any, b: Any, pointer: str, pattern: str, label: str) -> ChangeEntry:
        """A field, item or structure that appears or disappears (or changes shape) at once."""
        old, new = self._rows(a, pattern), self._rows(b, pattern)
        if a is _ABSENT and new is not None and len(new) > 1:
            return ChangeEntry(
                pointer, label, ADD, tuple(Line(r.depth, r.label, None, r.text) for r in new)
            )
        if b is _ABSENT and old is not None and len(old) > 1:
            return ChangeEntry(
                pointer, label, REMOVE, tuple(Line(r.depth, r.label, r.text, None) for r in old)
            )
        lines = [Line(0, "", _one(old), _one(new))]
        return ChangeEntry(pointer, label, MODIFY, tuple(lines))

    def _rows(self, value: Any, pattern: str) -> list[Row] | None:
        if value is _ABSENT:
            return None
        return rows(self.kind, value, pattern, self.names, self.show)

    def _list(
        self, a: list[Any], b: list[Any], pointer: str, pattern: str, label: str
    ) -> Iterator[ChangeEntry]:
        item = f"{pattern}/*"
        key = item_key(pattern, a) if item_key(pattern, a) == item_key(pattern, b) else None
        if key is None:
            yield from self._sequence(a, b, pointer, item, label)
            return
        ids_a = [item_title(x, key, 0) for x in a]
        ids_b = [item_title(x, key, 0) for x in b]
        kept = _kept_in_order(ids_a, ids_b)
        for j, (ident, new) in enumerate(zip(ids_b, b)):
            where, name = f"{pointer}/{j}", f"{label} / {ident}"
            if ident not in ids_a:
                yield self._whole(_ABSENT, new, where, item, name)
                continue
            i = ids_a.index(ident)
            moved = ident not in kept
            yield from self._item(a[i], new, where, item, name, (i + 1, j + 1) if moved else None)
        for i, (ident, old) in enumerate(zip(ids_a, a)):
            if ident not in ids_b:
                yield self._whole(old, _ABSENT, f"{pointer}/{i}", item, f"{label} / {ident}")

    def _item(
        self,
        a: Any,
        b: Any,
        pointer: str,
        pattern: str,
        label: str,
        moved: tuple[int, int] | None,
    ) -> Iterator[ChangeEntry]:
        """One item that is in both lists: its changes and its move, as one entry."""
        inner = list(self.value(a, b, pointer, pattern, ""))
        if not inner and not moved:
            return
        lines = [Line(0, "位置", f"第{moved[0]}项", f"第{moved[1]}项")] if moved else []
        for e in inner:
            if e.simple:
                lines.append(Line(0, e.label, e.lines[0].before, e.lines[0].after))
            else:
                lines.append(Line(0, f"{e.label}（{e.action}）", None, None))
                lines += [Line(x.depth + 1, x.label, x.before, x.after) for x in e.lines]
        yield ChangeEntry(pointer, label, MOVE if moved and not inner else MODIFY, tuple(lines))

    def _sequence(
        self, a: list[Any], b: list[Any], pointer: str, pattern: str, label: str
    ) -> Iterator[ChangeEntry]:
        matcher = difflib.SequenceMatcher(
            None, [_canon(x) for x in a], [_canon(x) for x in b], False
        )
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
            for k in range(pairs):
                yield from self._item(
                    a[i1 + k],
                    b[j1 + k],
                    f"{pointer}/{j1 + k}",
                    pattern,
                    f"{label} / 第{j1 + k + 1}项",
                    None,
                )
            for j in range(j1 + pairs, j2):
                yield self._whole(
                    _ABSENT, b[j], f"{pointer}/{j}", pattern, f"{label} / 第{j + 1}项"
                )
            for i in range(i1 + pairs, i2):
                yield self._whole(
                    a[i], _ABSENT, f"{pointer}/{i}", pattern, f"{label} / 原第{i + 1}项"
                )


def _one(found: list[Row] | None) -> str | None:
    if found is None:
        return None
    return "；".join(
        f"{r.label}：{r.text}" if r.label else r.text for r in found if r.text or r.label
    )


def _same(a: Any, b: Any) -> bool:
    return _canon(a) == _canon(b)


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _kept_in_order(a: list[str], b: list[str]) -> set[str]:
    """The common items that keep their relative order; the others count as moved."""
    common_a = [x for x in a if x in b]
    common_b = [x for x in b if x in a]
    matcher = difflib.SequenceMatcher(None, common_a, common_b, False)
    return {
        x
        for block in matcher.get_matching_blocks()
        for x in common_a[block.a : block.a + block.size]
    }


def from_fields(fields: Iterable[FieldChange]) -> Iterator[ChangeEntry]:
    """Entries for field changes made without the records at hand (already masked)."""
    for f in fields:
        shown = (_flat(f.before), _flat(f.after))
        yield ChangeEntry(f.pointer, f.label, MODIFY, (Line(0, "", *shown),))


def _flat(value: Any) -> str | None:
    if value is None:
        return None
    return _one(rows("", value, "", values.NoNames(), True))
