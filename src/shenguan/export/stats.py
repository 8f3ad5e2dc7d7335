"""The reform office's figures (一(一), 一(四), 四): counts, transfer share, time compression, hall
and online coverage, standards, liaison and push-agreement coverage, and adjustments in a period.

Everything here reads one loaded catalogue; what git history adds (changes recorded in the period,
legality-review turnaround) lives in shenguan.export.period. Plain data out, renderers elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from shenguan.catalog import Catalog, Record
from shenguan.catalog.index import Context
from shenguan.clock import add_working_days, holiday_data, parse_date
from shenguan.codes import TYPE_ZH, MatterStatus
from shenguan.validation.rules.law import calendar_days  # 工作日 × 7/5 where no date applies

STATUS_ORDER = tuple(
    s.value
    for s in (
        MatterStatus.IN_USE,
        MatterStatus.SUSPENDED,
        MatterStatus.AWAITING,
        MatterStatus.CANCELLED,
    )
)
# The schema's longest time limit (3650): longer values are its finding, not a count to run.
LONGEST = 3650


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def ratio(part: int, whole: int) -> dict[str, Any]:
    return {"count": part, "of": whole, "percent": share(part, whole)}


def period(since: dt.date | None, until: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """The reporting period: by default from the first of this month to today."""
    end = until or today
    return since or end.replace(day=1), end


def figures(
    catalog: Catalog, since: dt.date, until: dt.date, today: dt.date | None = None
) -> dict[str, Any]:
    ctx = Context(catalog, today)
    in_use = [m for m in ctx.matters.values() if ctx.in_use(m)]
    moved = [m for m in in_use if ctx.is_transferred(m)]
    region = catalog.manifest.get("region", {})
    return {
        "region": region.get("name", "") if isinstance(region, dict) else "",
        "period": {"since": since.isoformat(), "until": until.isoformat()},
        "counts": counts(ctx, in_use),
        "transferred": transferred(in_use, moved),
        "time": compression(in_use, since),
        "hall": hall(in_use),
        "online": online(in_use),
        "standards": standards(ctx, moved),
        "liaisons": liaisons(ctx, moved),
        "agreements": agreements(ctx, moved),
        "adjustments": adjustments(list(ctx.matters.values()), since, until),
    }


def _department_names(ctx: Context) -> dict[str, str]:
    return {
        k: str(d.data.get("short_name") or d.data.get("name") or k)
        for k, d in ctx.departments.items()
    }


def _tally(values: list[str], order: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    counted = Counter(values)
    keys = [k for k in order if k in counted] + sorted(k for k in counted if k not in order)
    return [{"name": k, "count": counted[k]} for k in keys]


def counts(ctx: Context, in_use: list[Record]) -> dict[str, Any]:
    names = _department_names(ctx)
    depts = [
        names.get(m.data.get("implementing_body", {}).get("department"), "未注明") for m in in_use
    ]
    by_dept = sorted(_tally(depts), key=lambda row: (-row["count"], row["name"]))
    return {
        "matters": len(ctx.matters),
        "in_use": len(in_use),
        "by_department": by_dept,
        "by_type": _tally(
            [TYPE_ZH.get(m.data.get("type", ""), "未注明") for m in in_use], tuple(TYPE_ZH.values())
        ),
        "by_status": _tally(
            [str(m.data.get("status", "未注明")) for m in ctx.matters.values()], STATUS_ORDER
        ),
    }


def transferred(in_use: list[Record], moved: list[Record]) -> dict[str, Any]:
    licences = [m for m in in_use if m.data.get("type") == "01"]
    return {
        "all": ratio(len(moved), len(in_use)),
        "licences": ratio(sum(1 for m in moved if m.data.get("type") == "01"), len(licences)),
        "by_kind": _tally([str(m.data.get("power_source", "")) for m in moved]),
    }


def _days(limit: dict[str, Any], start: dt.date) -> tuple[float, tuple[int, ...]]:
    """A limit in calendar days for something received on `start`: working days counted with the
    published holidays (and the years that had to be counted Monday to Friday)."""
    value = limit["value"]
    if limit["unit"] != "工作日":
        return calendar_days(limit), ()
    if type(value) is not int or not 0 <= value <= LONGEST:
        return calendar_days(limit), ()  # the schema's finding; 5 working days per 7 meanwhile
    end = add_working_days(start, value)
    return (end.value - start).days, end.assumed


def compression(in_use: list[Record], start: dt.date) -> dict[str, Any]:
    """How far promised limits undercut statutory ones (四(三)). Limits in one unit compare as
    they are; the averages, and limits in different units, are in calendar days for an application
    received on the period's first day, working days counted with the published holidays."""
    rows, assumed = [], set()
    for m in in_use:
        tl = m.data.get("time_limit", {})
        stat, prom = tl.get("statutory", {}), tl.get("promised", {})
        if (
            {"value", "unit"} <= stat.keys()
            and {"value", "unit"} <= prom.keys()
            and stat["value"] > 0
        ):
            (s, s_years), (p, p_years) = _days(stat, start), _days(prom, start)
            assumed |= {*s_years, *p_years}
            same = stat["unit"] == prom["unit"]
            cut = 1 - (prom["value"] / stat["value"] if same else p / s)
            rows.append((s, p, cut))
    calendar = {
        "counted_from": start.isoformat(),
        "calendar": holiday_data().describe(),
        "assumed_years": sorted(assumed),
    }
    if not rows:
        return {
            "matters": 0,
            "average_percent": None,
            "statutory_days": None,
            "promised_days": None,
            "instant": 0,
            **calendar,
        }
    return {
        "matters": len(rows),
        "average_percent": round(100 * sum(c for _, _, c in rows) / len(rows), 1),
        "statutory_days": round(sum(s for s, _, _ in rows) / len(rows), 1),
        "promised_days": round(sum(p for _, p, _ in rows) / len(rows), 1),
        "instant": sum(1 for m in in_use if m.data.get("handling_type") == "即办件"),
        **calendar,
    }


def hall(in_use: list[Record]) -> dict[str, Any]:
    inside = sum(1 for m in in_use if m.data.get("hall", {}).get("in_hall") is True)
    return ratio(inside, len(in_use))


def online(in_use: list[Record]) -> dict[str, Any]:
    depths = [str(m.data.get("online", {}).get("depth", "未注明")) for m in in_use]
    zero = sum(1 for m in in_use if m.data.get("online", {}).get("site_visits") == 0)
    return {
        "full_online": ratio(depths.count("Ⅳ"), len(in_use)),
        "zero_visits": ratio(zero, len(in_use)),
        "by_depth": _tally(depths, ("Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ")),
    }


def standards(ctx: Context, moved: list[Record]) -> dict[str, Any]:
    published = sum(1 for sid in ctx.standards if ctx.published(sid) is not None)
    licences = [m for m in moved if m.data.get("type") == "01"]
    covered = sum(
        1
        for m in licences
        if isinstance(m.data.get("standard"), dict)
        and ctx.published(m.data["standard"].get("id", ""), m.data["standard"].get("version"))
        is not None
    )
    return {"published": published, "transferred_licences": ratio(covered, len(licences))}


def liaisons(ctx: Context, moved: list[Record]) -> dict[str, Any]:
    """Transferred matters whose approval and supervision sections both have a serving liaison."""
    active = ctx.active_liaisons()
    covered = sum(
        1
        for m in moved
        if all(
            active.get(m.data.get("custody", {}).get(k, ""))
            for k in ("approving_section", "supervising_section")
        )
    )
    return ratio(covered, len(moved))


def agreements(ctx: Context, moved: list[Record]) -> dict[str, Any]:
    def has(m: Record) -> bool:
        supervisor = m.data.get("custody", {}).get("supervising_department")
        return any(
            a.data.get("supervising_department") == supervisor
            and ("matters" not in a.data or m.id in a.data["matters"])
            for a in ctx.agreements
        )

    return ratio(sum(1 for m in moved if has(m)), len(moved))


def adjustments(matters: list[Record], since: dt.date, until: dt.date) -> dict[str, Any]:
    """Adjustments the records date within the period, by kind, with their basis documents."""
    items = []
    for m in matters:
        for a in m.data.get("adjustments", []):
            day = parse_date(a.get("date")) if isinstance(a, dict) else None
            if day and since <= day <= until:
                items.append(
                    {
                        "date": day.isoformat(),
                        "kind": str(a.get("kind", "")),
                        "id": m.id,
                        "name": str(m.data.get("name", "")),
                        "basis": str(a.get("basis", "")),
                    }
                )
    items.sort(key=lambda i: (i["date"], i["id"]))
    return {"by_kind": _tally([i["kind"] for i in items]), "items": items}
