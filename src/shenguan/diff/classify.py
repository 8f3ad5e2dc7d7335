"""The adjustment kind of a record change (codes.AdjustmentKind), read from the records themselves.

Facts in the fields come first (status → 已取消 is 取消; approval moved to the bureau is 划转, or
委托/承接 when its transfer record says so); then what a new `adjustments` entry declares
(合并, 拆分, 下放 …); everything else is 要素变更.
"""

from __future__ import annotations

from typing import Any, Protocol

from shenguan.codes import AdjustmentKind as A
from shenguan.codes import MatterStatus
from shenguan.diff.model import ADDED, REMOVED, RENAMED

ENTRUSTED = ("上级委托", "同级委托")
_MOVES = (A.MERGE, A.SPLIT, A.UNDERTAKE, A.DELEGATE)
DECLARED = tuple(
    k.value for k in (*_MOVES, A.RECALL, A.ENTRUST, A.TRANSFER, A.MANAGEMENT, A.CANCEL)
)
ON_ADD = tuple(k.value for k in (*_MOVES, A.ENTRUST, A.TRANSFER))


class Facts(Protocol):
    """What a classification may look up beside the record: at the newer side of the change."""

    def bureau(self) -> str | None: ...

    def transfer_kind(self, transfer_id: str) -> str | None: ...

    def department_name(self, department_id: str) -> str | None: ...

    def section_name(self, section_id: str) -> str | None: ...


class NoFacts:
    """For comparisons without a catalogue around them (tests, a single record)."""

    def bureau(self) -> str | None:
        return None

    def transfer_kind(self, transfer_id: str) -> str | None:
        return None

    def department_name(self, department_id: str) -> str | None:
        return None

    def section_name(self, section_id: str) -> str | None:
        return None


def classify(
    kind: str,
    change: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    facts: Facts,
) -> str:
    if change == REMOVED:
        return "删除"
    if change == RENAMED:
        return "改名"
    if kind != "matter":
        return A.NEW.value if change == ADDED else A.ELEMENTS.value
    if change == ADDED:
        return _added(after or {})
    return _modified(before or {}, after or {}, facts)


def _added(after: dict[str, Any]) -> str:
    declared = _declared(None, after, ON_ADD)
    if declared:
        return declared
    if after.get("power_source") == "上级下放" or after.get("status") == MatterStatus.AWAITING:
        return A.UNDERTAKE.value
    return A.NEW.value


def _modified(before: dict[str, Any], after: dict[str, Any], facts: Facts) -> str:
    cancelled = MatterStatus.CANCELLED
    if after.get("status") == cancelled and before.get("status") != cancelled:
        return A.CANCEL.value
    moved = _custody_move(before, after, facts)
    if moved:
        return moved
    if after.get("power_source") != before.get("power_source"):
        if after.get("power_source") in ENTRUSTED:
            return A.ENTRUST.value
        if after.get("power_source") == "上级下放":
            return A.UNDERTAKE.value
    if after.get("entrusting_body") and not before.get("entrusting_body"):
        return A.ENTRUST.value
    return _declared(before, after, DECLARED) or A.ELEMENTS.value


def _custody_move(before: dict[str, Any], after: dict[str, Any], facts: Facts) -> str | None:
    """Approval moved to the bureau: 划转, unless its transfer record says 委托 or 承接."""
    old, new = _custody(before), _custody(after)
    if new.get("approving_department") == old.get("approving_department"):
        return None
    bureau = facts.bureau()
    if not bureau or new.get("approving_department") != bureau:
        return None
    ref = new.get("transfer")
    kind = facts.transfer_kind(ref) if isinstance(ref, str) else None
    return kind if kind in (A.ENTRUST, A.UNDERTAKE) else A.TRANSFER.value


def _custody(record: dict[str, Any]) -> dict[str, Any]:
    value = record.get("custody")
    return value if isinstance(value, dict) else {}


def _declared(
    before: dict[str, Any] | None, after: dict[str, Any], kinds: tuple[str, ...]
) -> str | None:
    """The kind of the latest adjustment entry the newer record adds, when it is one of `kinds`."""
    old = _adjustments(before or {})
    new = [a for a in _adjustments(after) if a not in old and a.get("kind") in kinds]
    if not new:
        return None
    latest = max(enumerate(new), key=lambda pair: (str(pair[1].get("date", "")), pair[0]))[1]
    return str(latest["kind"])


def _adjustments(record: dict[str, Any]) -> list[dict[str, Any]]:
    value = record.get("adjustments")
    return [a for a in value if isinstance(a, dict)] if isinstance(value, list) else []
