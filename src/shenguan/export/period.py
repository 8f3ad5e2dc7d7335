"""What git history adds to the report: matters added, cancelled and transferred in the period (the
semantic diff between the catalogue as it stood at the period's start and at its end), and how long
legality reviews took (from the reviewed commit to the sign-off's time, in hours and in working
days)."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

from shenguan import history
from shenguan.catalog import Catalog
from shenguan.clock import holiday_data, working_days_between
from shenguan.codes import TransferKind
from shenguan.errors import ToolError

COMMIT = re.compile(r"^[0-9a-f]{40}$")
TRANSFER_KINDS = tuple(k.value for k in TransferKind)


def figures(root: Path, catalog: Catalog, since: dt.date, until: dt.date) -> dict[str, Any]:

    try:
        repo = history.find(root)
        if not history.has_commits(repo):
            raise ToolError("仓库还没有提交")
    except ToolError as exc:
        note = f"无法读取 git 历史（{exc.message}），本节从缺"
        return {
            "changes": {"available": False, "note": note},
            "reviews": reviews(None, catalog, since, until),
        }
    return {
        "changes": changes(repo, root, since, until),
        "reviews": reviews(repo, catalog, since, until),
    }


def changes(repo: Any, root: Path, since: dt.date, until: dt.date) -> dict[str, Any]:
    from shenguan import diff

    head = history.commit_before(repo, until + dt.timedelta(days=1))
    if head is None:
        return {"available": False, "note": f"{until} 之前没有提交，本期没有可比较的历史"}
    base = history.commit_before(repo, since)
    note = ""
    if base is None:
        base = history.root_commit(repo, "HEAD")
        note = "期初之前没有提交：以首个提交为基准，首个提交中已有的事项不计为新增"
    matters = (
        [c for c in diff.compute(root, base, head).changes if c.kind == "matter"]
        if base != head
        else []
    )
    kinds = Counter(c.classification for c in matters)
    return {
        "available": True,
        "note": note,
        "base": base,
        "head": head,
        "added": sum(1 for c in matters if c.change == "added"),
        "cancelled": kinds["取消"] + kinds["删除"],
        "transferred": sum(
            1 for c in matters if c.change != "added" and c.classification in TRANSFER_KINDS
        ),
        "by_classification": [{"name": k, "count": v} for k, v in sorted(kinds.items())],
        "items": [
            {"id": c.id, "name": c.name, "classification": c.classification} for c in matters
        ],
    }


def _signed_at(value: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def reviews(repo: Any, catalog: Catalog, since: dt.date, until: dt.date) -> dict[str, Any]:
    """Turnaround of the sign-offs dated within the period, in hours and in working days (after
    the reviewed commit's day up to the sign-off's day, counted with the published holidays)."""
    items, unknown, assumed = [], 0, set()
    for r in sorted(catalog.of("review"), key=lambda r: r.id):
        signed = _signed_at(r.data.get("time"))
        if signed is None or not since <= signed.date() <= until:
            continue
        head = r.data.get("head")
        made = (
            history.commit_time(repo, head)
            if repo is not None and isinstance(head, str) and COMMIT.match(head)
            else None
        )
        if made is None:
            unknown += 1
            continue
        days = working_days_between(made.date(), signed.date())
        assumed |= set(days.assumed)
        items.append(
            {
                "id": r.id,
                "decision": str(r.data.get("decision", "")),
                "hours": round((signed - made).total_seconds() / 3600, 1),
                "working_days": days.value,
            }
        )
    return _review_summary(items, unknown, assumed)


def _review_summary(items: list[dict[str, Any]], unknown: int, assumed: set[int]) -> dict[str, Any]:
    hours = [i["hours"] for i in items]
    days = [i["working_days"] for i in items]
    if not items and not unknown:
        note = "本期没有合法性审查记录"
    elif unknown:
        note = f"{unknown} 份审查记录找不到所审查的提交（纸质决定或历史已改写），未计入用时"
    else:
        note = ""
    return {
        "count": len(items) + unknown,
        "timed": len(items),
        "note": note,
        "average_hours": round(statistics.fmean(hours), 1) if hours else None,
        "median_hours": round(statistics.median(hours), 1) if hours else None,
        "max_hours": max(hours) if hours else None,
        "average_working_days": round(statistics.fmean(days), 1) if days else None,
        "max_working_days": max(days) if days else None,
        "calendar": holiday_data().describe(),
        "assumed_years": sorted(assumed),
        "items": items,
    }
