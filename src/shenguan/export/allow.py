"""The public allow-list of one record kind, read from the schemas' `x-visibility` and nothing else.

A field is public only when it and every ancestor are marked `public`; a field the schema does not
know is not public. Exports read records only through an `Allow`, so an internal or restricted
field (a liaison's mobile, a matter's internal note) cannot reach any format by mistake.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Meta = Mapping[str, Mapping[str, Any]]
MetaSource = Callable[[str], Meta]


def _is_public(pointer: str, meta: Meta) -> bool:
    parts = pointer.split("/")[1:]
    for depth in range(1, len(parts) + 1):
        entry = meta.get("/" + "/".join(parts[:depth]))
        if entry is None:
            # Array items are described by their array property; any other gap means "unknown".
            if parts[depth - 1] == "*":
                continue
            return False
        if entry.get("visibility") != "public":
            return False
    return True


class Allow:
    """Reads the public part of records of one kind, keys in schema order."""

    def __init__(self, meta: Meta) -> None:
        self.public = frozenset(p for p in meta if _is_public(p, meta))
        self.titles = {p: str(meta[p].get("title", p)) for p in meta if p in self.public}
        self._children: dict[str, list[str]] = {}
        self._getters: dict[str, Callable[[Any], Any]] = {}
        for pointer in self.titles:
            parent, _, name = pointer.rpartition("/")
            self._children.setdefault(parent, []).append(name)
        # prefix -> [(name, the name's own prefix)]: view() runs for every nested value of big exports
        self._kids = {
            parent: [(name, f"{parent}/{name}") for name in names]
            for parent, names in self._children.items()
        }

    def allows(self, *patterns: str) -> bool:
        return all(p in self.public for p in patterns)

    def pick(self, data: Any, pattern: str) -> list[Any]:
        """Every value at `pattern` (`*` walks array items); nothing when the field is not public."""
        if pattern not in self.public:
            return []
        values = [data]
        for part in pattern.split("/")[1:]:
            found: list[Any] = []
            for value in values:
                if part == "*" and isinstance(value, list):
                    found.extend(value)
                elif isinstance(value, dict) and part in value:
                    found.append(value[part])
            values = found
        return [self.view(v, pattern) for v in values]

    def first(self, data: Any, pattern: str, default: Any = None) -> Any:
        value = self.getter(pattern)(data)
        return default if value is None else value

    def getter(self, pattern: str) -> Callable[[Any], Any]:
        """A fast reader of the first public value at `pattern` (None when absent or not public);
        built once per pattern, because big exports call it for every cell."""
        found = self._getters.get(pattern)
        if found is None:
            found = self._getters[pattern] = self._compile(pattern)
        return found

    def _compile(self, pattern: str) -> Callable[[Any], Any]:
        if pattern not in self.public:
            return lambda data: None
        keys = pattern.split("/")[1:]
        if "*" in keys:
            return lambda data: next(iter(self.pick(data, pattern)), None)
        view, nested = self.view, (dict, list)
        if len(keys) == 1:  # most columns: one key deep, read once per cell of big exports
            key = keys[0]

            def get_one(data: Any) -> Any:
                value = data.get(key) if isinstance(data, dict) else None
                return view(value, pattern) if isinstance(value, nested) else value

            return get_one

        if len(keys) == 2:
            outer, inner = keys

            def get_two(data: Any) -> Any:
                value = data.get(outer) if isinstance(data, dict) else None
                value = value.get(inner) if isinstance(value, dict) else None
                return view(value, pattern) if isinstance(value, nested) else value

            return get_two

        def get(data: Any) -> Any:
            for key in keys:
                if not isinstance(data, dict):
                    return None
                data = data.get(key)
            return view(data, pattern) if isinstance(data, nested) else data

        return get

    def items(self, data: Any, pattern: str) -> list[dict[str, Any]]:
        """The public view of each mapping in the array at `pattern`."""
        found = self.first(data, pattern, [])
        return [v for v in found if isinstance(v, dict)] if isinstance(found, list) else []

    def view(self, data: Any, prefix: str = "") -> Any:
        """A copy of `data` (found at pointer pattern `prefix`) holding only public fields."""
        if isinstance(data, dict):
            view = self.view
            return {
                name: view(data[name], own) if isinstance(data[name], (dict, list)) else data[name]
                for name, own in self._kids.get(prefix, ())
                if name in data
            }
        if isinstance(data, list):
            prefix += "/*"
            return [self.view(v, prefix) if isinstance(v, (dict, list)) else v for v in data]
        return data


def allow_for(kind: str, meta: MetaSource | None = None) -> Allow:
    if meta is None:
        from shenguan.validation.schemas import field_meta

        meta = field_meta
    return Allow(meta(kind))
