"""The public list as one HTML page: a table that turns into cards on a phone, with search and filters."""

from __future__ import annotations

from typing import Any

from shenguan.codes import TYPE_ZH
from shenguan.export import htmlout
from shenguan.export.public import PublicList

NOWRAP = ("basic_code", "implementation_code", "consult_phone", "complaint_phone", "site_visits")
SITE_KEYS = ("hall_name", "address", "hours", "consult_phone", "complaint_phone", "website")


def site_facts(site: dict[str, Any]) -> dict[str, str]:
    """Every key present, so templates never test a missing one."""
    return {k: str(site.get(k, "") or "") for k in SITE_KEYS}


def _cells(pl: PublicList, row: list[str], brief: bool) -> list[dict[str, str]]:
    cells = []
    for c, value in zip(pl.columns, row):
        if c.brief == brief:
            url = htmlout.http_url(value) if c.key == "online_url" else ""
            cells.append({"title": c.title, "value": value, "url": url, "nowrap": c.key in NOWRAP})
    return cells


def _types(present: set[str]) -> list[str]:
    """In the order of the national code list, then any local ones."""
    known = [name for name in TYPE_ZH.values() if name in present]
    return known + sorted(present - set(known))


def render(pl: PublicList) -> bytes:
    dept, kind = pl.column("department"), pl.column("type")
    rows = [{"dept": r[dept] if dept is not None else "", "type": r[kind] if kind is not None else "",
             "brief": _cells(pl, r, True), "more": _cells(pl, r, False)} for r in pl.rows]
    return htmlout.render(
        "public.html.j2", script="list.js",
        region=str(pl.region.get("name", "")), as_of=pl.as_of, site=site_facts(pl.site),
        headers=[c.title for c in pl.columns if c.brief], rows=rows,
        departments=list(dict.fromkeys(r["dept"] for r in rows if r["dept"])),
        types=_types({r["type"] for r in rows if r["type"]}),
    )
