"""The public matter list: one row per matter, built only from fields the schemas mark public."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shenguan.catalog import Catalog
from shenguan.codes import IN_FORCE
from shenguan.export import texts
from shenguan.export.allow import Allow, MetaSource, allow_for

IN_USE = IN_FORCE
Tick = Callable[[int, int], None]


def _plain(depts: dict[str, str], value: Any) -> str:
    if value is None:
        return ""
    return texts.join(value) if isinstance(value, list) else str(value)


def _dept(depts: dict[str, str], ident: Any) -> str:
    return depts.get(ident, str(ident)) if ident else ""


def _bases(depts: dict[str, str], value: Any) -> str:
    return texts.bases(v for v in value if isinstance(v, dict)) if isinstance(value, list) else ""


def _only(fn: Callable[[Any], str]) -> Callable[[dict[str, str], Any], str]:
    return lambda depts, value: fn(value)


@dataclass(frozen=True)
class Column:
    """One column: the public field it shows and how its value reads as text."""

    key: str
    title: str
    source: str
    text: Callable[[dict[str, str], Any], str] = _plain  # (department names, value) -> cell
    brief: bool = False  # shown in the HTML table itself; the rest under 更多


C = Column
COLUMNS = (
    C("department", "实施主体", "/implementing_body/department", _dept, True),
    C("basic_code", "基本编码", "/id", brief=True),
    C("implementation_code", "实施编码", "/implementation_code"),
    C("local_code", "地方编码", "/local_code"),
    C("name", "事项名称", "/name", brief=True),
    C("type", "事项类型", "/type", _only(texts.type_name), True),
    C("level", "行使层级", "/level", _only(texts.level_name)),
    C("power_source", "权力来源", "/power_source"),
    C("entrusting_body", "委托部门", "/entrusting_body/name"),
    C("approving_department", "审批部门", "/custody/approving_department", _dept),
    C("supervising_department", "监管部门", "/custody/supervising_department", _dept),
    C("setting_basis", "设定依据", "/legal_basis/setting", _bases),
    C("statutory", "法定办结时限", "/time_limit/statutory", _only(texts.time_limit)),
    C("promised", "承诺办结时限", "/time_limit/promised", _only(texts.time_limit), True),
    C("handling_type", "办件类型", "/handling_type"),
    C("fee", "是否收费", "/fee/charged", _only(texts.yes_no), True),
    C("service_objects", "服务对象", "/service_objects"),
    C("handling_forms", "办理形式", "/handling_forms"),
    C("result", "办理结果", "/result/name"),
    C("in_hall", "进驻大厅", "/hall/in_hall", _only(texts.yes_no)),
    C("window", "办理窗口", "/hall/window"),
    C("online_depth", "网办深度", "/online/depth", brief=True),
    C("online_url", "网办地址", "/online/url", brief=True),
    C("site_visits", "到办事现场次数", "/online/site_visits", brief=True),
    C("consult_phone", "咨询电话", "/contact/consult_phone", brief=True),
    C("complaint_phone", "监督电话", "/contact/complaint_phone"),
    C("status", "事项状态", "/status"),
)


@dataclass
class PublicList:
    """Everything a format needs; every value in it passed the allow-list."""

    region: dict[str, Any]
    site: dict[str, Any]
    columns: list[Column]
    rows: list[list[str]]
    records: list[dict[str, Any]] = field(repr=False)
    allow: Allow = field(repr=False)
    departments: list[dict[str, Any]] = field(default_factory=list)
    as_of: str = ""

    def views(self) -> list[dict[str, Any]]:
        """The public part of each matter record (the JSON items)."""
        return [self.allow.view(m) for m in self.records]

    def column(self, key: str) -> int | None:
        return next((i for i, c in enumerate(self.columns) if c.key == key), None)


def build(
    catalog: Catalog,
    meta: MetaSource | None = None,
    statuses: tuple[str, ...] | None = IN_USE,
    tick: Tick | None = None,
) -> PublicList:
    """The public list of `catalog`; `statuses=None` keeps matters of every status."""
    allow = allow_for("matter", meta)
    manifest = allow_for("manifest", meta).view(catalog.manifest)
    depts = _departments(catalog, allow_for("department", meta))
    names = {d["id"]: str(d.get("name", d["id"])) for d in depts}
    status, dept, code = (
        allow.getter(p) for p in ("/status", "/implementing_body/department", "/id")
    )
    chosen = [
        r.data for r in catalog.of("matter") if statuses is None or status(r.data) in statuses
    ]
    chosen.sort(key=lambda m: (str(dept(m) or ""), str(code(m) or "")))
    columns = [c for c in COLUMNS if allow.allows(c.source)]
    cells = [(allow.getter(c.source), c.text) for c in columns]
    rows = []
    for i, m in enumerate(chosen):
        rows.append([text(names, get(m)) for get, text in cells])
        if tick and (i % 200 == 0 or i + 1 == len(chosen)):
            tick(i + 1, len(chosen))
    return PublicList(
        manifest.get("region", {}),
        manifest.get("public_site", {}),
        columns,
        rows,
        chosen,
        allow,
        depts,
        newest_date(allow, chosen),
    )


def _departments(catalog: Catalog, allow: Allow) -> list[dict[str, Any]]:
    views = [allow.view(r.data) for r in catalog.of("department")]
    return sorted((v for v in views if isinstance(v.get("id"), str)), key=lambda v: str(v["id"]))


def newest_date(allow: Allow, matters: list[dict[str, Any]]) -> str:
    """The newest adjustment date: the only date an export shows, so equal input gives equal bytes."""
    best = ""
    for m in matters:
        for value in allow.pick(m, "/adjustments/*/date"):
            if isinstance(value, str) and value > best and _is_date(value):
                best = value
    return best


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
