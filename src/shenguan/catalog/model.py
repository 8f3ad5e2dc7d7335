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
