"""The public matter list: one row per matter, built only from fields the schemas mark public."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from shenguan.catalog import Catalog
from shenguan.export import texts
from shenguan.export.allow import Allow, MetaSource, allow_for

IN_USE = ("在用", "暂停")
Tick = Callable[[int, int], None]


class Reader:
    """Public values of one matter, with department ids turned into their public names."""

    def __init__(self, allow: Allow, departments: dict[str, str]) -> None:
        self.allow = allow
        self.departments = departments

    def one(self, m: dict[str, Any], pattern: str) -> Any:
        return self.allow.first(m, pattern)

    def text(self, m: dict[str, Any], pattern: str) -> str:
        value = self.one(m, pattern)
        return "" if value is None else texts.join(value) if isinstance(value, list) else str(value)

    def dept(self, m: dict[str, Any], pattern: str) -> str:
        ident = self.one(m, pattern)
        return self.departments.get(ident, str(ident)) if ident else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sources: tuple[str, ...]
    value: Callable[[Reader, dict[str, Any]], str]
    brief: bool = False  # shown in the HTML table itself; the rest under 更多


def _col(key: str, title: str, source: str, brief: bool = False,
         fn: Callable[[Reader, dict[str, Any]], str] | None = None) -> Column:
    return Column(key, title, (source,), fn or (lambda r, m: r.text(m, source)), brief)


COLUMNS = (
    _col("department", "实施主体", "/implementing_body/department", True,
         lambda r, m: r.dept(m, "/implementing_body/department")),
    _col("basic_code", "基本编码", "/id", True),
    _col("implementation_code", "实施编码", "/implementation_code"),
    _col("local_code", "地方编码", "/local_code"),
    _col("name", "事项名称", "/name", True),
    _col("type", "事项类型", "/type", True, lambda r, m: texts.type_name(r.one(m, "/type"))),
    _col("level", "行使层级", "/level", False, lambda r, m: texts.level_name(r.one(m, "/level"))),
    _col("power_source", "权力来源", "/power_source"),
    _col("entrusting_body", "委托部门", "/entrusting_body/name"),
    _col("approving_department", "审批部门", "/custody/approving_department", False,
         lambda r, m: r.dept(m, "/custody/approving_department")),
    _col("supervising_department", "监管部门", "/custody/supervising_department", False,
         lambda r, m: r.dept(m, "/custody/supervising_department")),
    _col("setting_basis", "设定依据", "/legal_basis/setting", False,
         lambda r, m: texts.bases(r.allow.items(m, "/legal_basis/setting"))),
    _col("statutory", "法定办结时限", "/time_limit/statutory", False,
         lambda r, m: texts.time_limit(r.one(m, "/time_limit/statutory"))),
    _col("promised", "承诺办结时限", "/time_limit/promised", True,
         lambda r, m: texts.time_limit(r.one(m, "/time_limit/promised"))),
    _col("handling_type", "办件类型", "/handling_type"),
    _col("fee", "是否收费", "/fee/charged", True, lambda r, m: texts.yes_no(r.one(m, "/fee/charged"))),
    _col("service_objects", "服务对象", "/service_objects"),
    _col("handling_forms", "办理形式", "/handling_forms"),
    _col("result", "办理结果", "/result/name"),
    _col("in_hall", "进驻大厅", "/hall/in_hall", False, lambda r, m: texts.yes_no(r.one(m, "/hall/in_hall"))),
    _col("window", "办理窗口", "/hall/window"),
    _col("online_depth", "网办深度", "/online/depth", True),
    _col("online_url", "网办地址", "/online/url", True),
    _col("site_visits", "到办事现场次数", "/online/site_visits", True),
    _col("consult_phone", "咨询电话", "/contact/consult_phone", True),
    _col("complaint_phone", "监督电话", "/contact/complaint_phone"),
    _col("status", "事项状态", "/status"),
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


def build(catalog: Catalog, meta: MetaSource | None = None, statuses: tuple[str, ...] | None = IN_USE,
          tick: Tick | None = None) -> PublicList:
    """The public list of `catalog`; `statuses=None` keeps matters of every status."""
    allow = allow_for("matter", meta)
    manifest = allow_for("manifest", meta).view(catalog.manifest)
    depts = _departments(catalog, allow_for("department", meta))
    reader = Reader(allow, {d["id"]: str(d.get("name", d["id"])) for d in depts if "id" in d})
    chosen = [r.data for r in catalog.of("matter")
              if statuses is None or allow.first(r.data, "/status") in statuses]
    chosen.sort(key=lambda m: (str(allow.first(m, "/implementing_body/department", "")),
                               str(allow.first(m, "/id", ""))))
    columns = [c for c in COLUMNS if allow.allows(*c.sources)]
    rows = []
    for i, m in enumerate(chosen):
        rows.append([c.value(reader, m) for c in columns])
        if tick and (i % 200 == 0 or i + 1 == len(chosen)):
            tick(i + 1, len(chosen))
    return PublicList(manifest.get("region", {}), manifest.get("public_site", {}), columns, rows,
                      chosen, allow, depts, newest_date(allow, chosen))


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
