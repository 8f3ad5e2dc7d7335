"""`review import`: a legality-review decision made on paper, recorded with its document number.

It joins the chain like any sign-off but carries no signature, so the gate accepts it only
when the base's policy says so (`review_policy.accept_paper`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shenguan import history, yamlio
from shenguan.catalog import lock
from shenguan.clock import today
from shenguan.errors import UsageError
from shenguan.review import record
from shenguan.review.changes import Pending
from shenguan.review.sign import build, check_decision, prepare, write

JUSTICE_ROLE = "司法局"


@dataclass
class Imported:
    path: str
    data: dict[str, Any]
    pending: list[Pending]
    accepted: bool  # whether the base's policy lets a paper decision pass the gate


def record_paper(
    root: Path,
    base: str | None,
    document: str,
    decision: str,
    date: str,
    opinion: str = "",
    organisation: str | None = None,
) -> Imported:
    """Record the paper decision for the pending changes, under the catalogue lock."""
    check_decision(decision)
    _check_date(date)
    with lock.hold(root):
        scope, trust, pending, tip = prepare(root, base)
        bureau = _justice_bureau(root)
        org = organisation or (bureau[1] if bureau else None)
        if not org:
            raise UsageError(
                "找不到司法局（departments/ 中 role 为 司法局 的部门）",
                "请用 --organisation 写明作出决定的机关",
            )
        fields = {
            "reviewer": bureau[0] if bureau else "paper",
            "organisation": org,
            "decision": decision,
            **({"opinion": opinion} if opinion else {}),
            "paper": {"doc_no": document, "date": date},
        }
        data = build(scope, tip, pending, fields)
        write(root, data, None)
    return Imported(f"{record.FOLDER}/{data['id']}.yaml", data, pending, trust.policy.accept_paper)


def _check_date(value: str) -> None:
    try:
        when = dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"日期 {value!r} 不是 YYYY-MM-DD 格式的有效日期", "例如 --date 2026-11-20"
        ) from None
    if len(value) != 10 or when > today():
        raise UsageError(
            f"日期 {value} 不合理：决定日期须为 YYYY-MM-DD，且不能晚于今天",
            "请按纸质决定书上的日期填写",
        )


def _justice_bureau(root: Path) -> tuple[str, str] | None:
    """(id, name) of the department whose role is 司法局, read from the working tree."""
    folder = root / "departments"
    try:
        names = sorted(
            n for n in os.listdir(folder) if n.endswith(".yaml") and not n.startswith(".")
        )
    except OSError:
        return None
    for name in names:
        raw = history.worktree_file(root, f"departments/{name}")
        try:
            data = yamlio.load_bytes(raw) if raw is not None else None
        except yamlio.YamlProblem:
            continue
        if (
            isinstance(data, dict)
            and data.get("role") == JUSTICE_ROLE
            and isinstance(data.get("name"), str)
        ):
            return str(data.get("id") or name[:-5]), data["name"]
    return None
