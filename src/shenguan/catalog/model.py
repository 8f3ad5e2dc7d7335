"""The record model: one parsed file, and the catalogue of them with line lookup for findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shenguan import yamlio
from shenguan.catalog.layout import expected_id
from shenguan.catalog.worktree import Source


@dataclass
class Record:
    path: str
    kind: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        value = self.data.get("id")
        return value if isinstance(value, str) else expected_id(self.path)


@dataclass
class Catalog:
    """Every record that parsed as a mapping, by kind and id, plus line lookup for findings."""

    source: Source
    records: list[Record] = field(default_factory=list)
    _locators: dict[str, yamlio.Locator] = field(default_factory=dict, repr=False)

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r.kind == kind]

    def index(self, kind: str) -> dict[str, Record]:
        return {r.id: r for r in self.records if r.kind == kind}

    @property
    def manifest(self) -> dict[str, Any]:
        for r in self.records:
            if r.kind == "manifest":
                return r.data
        return {}

    def locate(self, rel: str, pointer: str, key: str | None = None) -> tuple[int, int]:
        if rel not in self._locators:
            try:
                text = yamlio.decode(self.source.read(rel))
            except (OSError, yamlio.YamlProblem):
                return 1, 1
            self._locators[rel] = yamlio.Locator(text)
        return self._locators[rel].locate(pointer, key)


# A handle item's own elements, in schema order (schemas/matter.json handle_items), and where the
# matter keeps each one: an item without one of them inherits the matter's.
_INHERITED = (
    ("statutory", ("time_limit", "statutory")),
    ("promised", ("time_limit", "promised")),
    ("conditions", ("conditions",)),
    ("situations", ("situations",)),
    ("materials", ("materials",)),
    ("fee", ("fee",)),
)
_ITEM_HEAD = ("no", "name", "kind")


def effective_item(matter_data: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """The handle item as it applies: its own materials, time limits, fee, conditions and 办理情形,
    and the matter's for each it does not have (a key present in the item, even an empty list,
    is its own). Keys come in schema order, then any the schema does not know. Values are the
    inputs' own objects, not copies: copy before changing them."""
    out: dict[str, Any] = {k: item[k] for k in _ITEM_HEAD if k in item}
    for key, path in _INHERITED:
        if key in item:
            out[key] = item[key]
            continue
        value: Any = matter_data
        for part in path:
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            out[key] = value
    out.update((k, v) for k, v in item.items() if k not in out)
    return out
