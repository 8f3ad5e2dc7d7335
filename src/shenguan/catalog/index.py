"""The catalogue's read model: indexes by id and the derived custody facts, computed once per run
and shared by the rules, the workflows and the exports."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from shenguan.catalog.model import Catalog, Record
from shenguan.clock import parse_date, today
from shenguan.codes import IN_FORCE, TransferKind, TransferState


class Context:
    def __init__(self, catalog: Catalog, on: dt.date | None = None) -> None:
        self.catalog = catalog
        self.today = on or today()

    @cached_property
    def matter_records(self) -> list[Record]:
        """Every matter file that parsed, duplicates of an id included (ctx.matters keeps one per id)."""
        return self.catalog.of("matter")

    @cached_property
    def others(self) -> list[Record]:
        """Every record but matters."""
        return [r for r in self.catalog.records if r.kind != "matter"]

    @cached_property
    def departments(self) -> dict[str, Record]:
        return self.catalog.index("department")

    @cached_property
    def matters(self) -> dict[str, Record]:
        return self.catalog.index("matter")

    @cached_property
    def transfers(self) -> dict[str, Record]:
        return self.catalog.index("transfer")

    @cached_property
    def agreements(self) -> list[Record]:
        return self.catalog.of("agreement")

    @cached_property
    def standards(self) -> dict[str, list[Record]]:
        out: dict[str, list[Record]] = {}
        for r in self.catalog.of("standard"):
            out.setdefault(r.id, []).append(r)
        return out

    @cached_property
    def sections(self) -> dict[str, tuple[str, str]]:
        """section id -> (department id, role)"""
        out = {}
        for dept in self.departments.values():
            for s in dept.data.get("sections", []):
                if isinstance(s, dict) and "id" in s:
                    out[s["id"]] = (dept.id, s.get("role", "other"))
        return out

    @cached_property
    def bureau(self) -> str | None:
        value = self.catalog.manifest.get("approval_department")
        return value if isinstance(value, str) else None

    def published(self, std_id: str, version: int | None = None) -> Record | None:
        versions = [r for r in self.standards.get(std_id, []) if r.data.get("status") == "已发布"]
        if version is not None:
            versions = [r for r in versions if r.data.get("version") == version]
        return max(versions, key=lambda r: r.data.get("version", 0), default=None)

    def in_use(self, matter: Record) -> bool:
        return matter.data.get("status") in IN_FORCE

    def is_transferred(self, matter: Record) -> bool:
        """Approved by the bureau, supervised by another department: custody after 划转/委托/承接."""
        custody = matter.data.get("custody", {})
        return (
            self.bureau is not None
            and custody.get("approving_department") == self.bureau
            and custody.get("supervising_department") not in (None, self.bureau)
        )

    def transfer_of(self, matter: Record) -> Record | None:
        ref = matter.data.get("custody", {}).get("transfer")
        return self.transfers.get(ref) if ref else None

    @cached_property
    def _transferred_from(self) -> set[str | None]:
        return {
            t.data.get("from_department")
            for t in self.transfers.values()
            if t.data.get("transfer_kind") == TransferKind.TRANSFER
            and t.data.get("state") == TransferState.COMPLETED
        }

    def completed_transfer_from(self, dept: str) -> bool:
        """Whether the bureau already holds `dept`'s district approval power (a completed 划转)."""
        return dept in self._transferred_from

    def active_liaisons(self) -> dict[str, list[tuple[Record, int]]]:
        return self._active_liaisons

    @cached_property
    def _active_liaisons(self) -> dict[str, list[tuple[Record, int]]]:
        """section id -> [(liaison record, index)] of those serving today."""
        out: dict[str, list[tuple[Record, int]]] = {}
        for rec in self.catalog.of("liaison"):
            for i, person in enumerate(rec.data.get("liaisons", [])):
                since, until = parse_date(person.get("since")), parse_date(person.get("until"))
                if since and since > self.today or until and until < self.today:
                    continue
                out.setdefault(person.get("section", ""), []).append((rec, i))
        return out
