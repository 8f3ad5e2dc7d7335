"""The catalogue as the national exchange tables (EXCHANGE.md §1): what `shenguan export exchange`
hands to the provincial 事项库.

Records are read only through their public allow-list (export.allow), the guard of every
export: departments and the manifest as public views; a matter's cells only from fields the
allow-list makes public (each column's field and every field its derivation reads is checked
when the cell functions are built, a column failing the check stays empty); the extension table
enters only public keys and writes their public views. Columns and the field each reads are
shenguan.workflows.exchange.columns; this module walks the records into rows of text cells:
codes not labels, booleans 1/0, dates yyyy-MM-dd, lists joined by `^`, legal bases one per line.

Rows: one basic/extend row set per 业务办理项 when a matter has items (the national join key is
task_handle_item), with the item's own elements in place of the matter's; else one per matter.
Row ids are uuid5 over 实施编码, table, 业务办理项编码 and index: the same catalogue always gives
the same ids, and the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shenguan.catalog import Catalog
from shenguan.export.allow import Allow, MetaSource, allow_for
from shenguan.export.public import Tick, newest_date
from shenguan.workflows.exchange import columns as cols
from shenguan.workflows.exchange.columns import Column, Table

# The namespace of every row id (uuid5): fixed, so ids are the same on every machine.
NAMESPACE = uuid.UUID("6f1c3a52-9a57-5d0b-8c3e-3e1f0a7b5c21")
FIRST_DATE = "2000-01-01"  # cd_time when no adjustment carries a date


@dataclass
class Sheet:
    """One exchange table: its columns and rows of text cells."""

    table: Table
    rows: list[list[str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def columns(self) -> tuple[Column, ...]:
        return self.table.columns


@dataclass
class Exchange:
    """Every table (empty ones too), in the order of columns.TABLES, then the organisations and
    the extension table."""

    sheets: list[Sheet]
    region: dict[str, Any]
    as_of: str
    batch: str
    # record kind -> field pattern -> Chinese title (the 字段说明 names each column's field)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    def sheet(self, name: str) -> Sheet | None:
        return next((s for s in self.sheets if s.name == name), None)


ROW_GUID_AT = 1  # every national table starts with id, row_guid (columns.TRANSPORT)
EXTRA = Table(cols.EXTRA_TABLE, "本工具扩展字段（非国家表）", "extra", cols.EXTRA_COLUMNS)


_NS = NAMESPACE.bytes


def guid(*parts: str) -> str:
    """uuid5(NAMESPACE, parts joined by `|`), as text: a row id derived from the record (what
    uuid.uuid5 computes, without building UUID objects: an export makes ~10 ids per matter)."""
    digest = bytearray(hashlib.sha1(_NS + "|".join(parts).encode()).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def snowflake(row_guid: str) -> str:
    """A positive 63-bit integer from a row id (the id column is a bigint)."""
    return str(int(row_guid[:8] + row_guid[9:13] + row_guid[14:18], 16) >> 1)


# --- cells --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _converter(column: Column) -> Callable[[Any], str]:
    """value -> cell for one column's kind."""
    kind, codes, sep = column.kind, column.codes, column.sep
    if kind == cols.BASIS:
        last: list[Any] = [None, ""]  # the rows of a matter's 业务办理项 share one list

        def bases(value: Any) -> str:
            if not value:
                return ""
            if value is not last[0]:
                last[:] = value, cols.basis_text(e for e in value if isinstance(e, dict))
            return str(last[1])

        return bases
    if kind == cols.CODE and codes is not None:
        table = dict(codes)
        if sep is not None:
            return lambda v: sep.join(table.get(x, str(x)) for x in v) if v else ""
        return lambda v: "" if v is None else table.get(v, str(v))
    if sep is not None:
        return lambda v: sep.join(str(x) for x in v) if isinstance(v, list) else _text(v)
    return _text


@dataclass
class Row:
    """What one row's cells read: the (effective) matter, the child item, ids."""

    record: dict[str, Any]
    code: str  # 实施编码
    item_code: str  # 业务办理项编码, or ""
    task_guid: str  # the basic row's id
    guid: str = ""  # this row's id
    item: Any = None  # the child table's item
    index: int = 0  # its position in the array
    extra: Any = None  # 办理情形材料: the material rows' ids by material name
    parent: str = ""  # 办理情形材料: the id of its 办理情形 row


Cell = Callable[[Row], str]

# The fields inside a column's value that its derivation or text form reads: checked public with
# the column's own before any cell is built (a derivation reads nothing else).
_T = ("value", "unit")
INNER_READS: dict[str, tuple[str, ...]] = {
    "process_text": ("/process/*/stage", "/process/*/description")
    + tuple(f"/process/*/time_limit/{k}" for k in _T),
    "special_procedures_text": ("/special_procedures/*/name", "/special_procedures/*/note")
    + tuple(f"/special_procedures/*/time_limit/{k}" for k in _T),
    "intermediary_text": ("/intermediary/involved", "/intermediary/name"),
    "effective_date": ("/adjustments/*/kind", "/adjustments/*/date"),
    "cancel_date": ("/adjustments/*/kind", "/adjustments/*/date"),
}
_BASIS_READS = ("law", "doc_no", "article", "content")


def _public(allow: Allow, pattern: str) -> bool:
    """Whether the allow-list makes the field public; an array's scalar items are the array's."""
    while pattern.endswith("/*"):
        pattern = pattern[:-2]
    return allow.allows(pattern)


def reads(column: Column) -> tuple[str, ...]:
    """Every field of the record the column's cell reads."""
    own = tuple(filter(None, (column.pointer, *column.reads)))
    inner = INNER_READS.get(column.derive or "", ())
    if column.kind == cols.BASIS and column.pointer is not None:
        inner += tuple(f"{column.pointer}/*/{k}" for k in _BASIS_READS)
    return own + inner


class Builder:
    """Rows of every table for one catalogue; cell functions compiled once per column."""

    def __init__(
        self,
        departments: Mapping[str, Mapping[str, Any]],
        region: Mapping[str, Any],
        cd_time: str,
        allow: Allow,
    ) -> None:
        self.departments = departments
        self.allow = allow
        self.region_code = str(region.get("code", ""))
        self.cd_time = cd_time
        self._rows: dict[str, Callable[[Row], list[str]]] = {}
        self._keys: dict[str, tuple[int, ...]] = {}
        self._again: dict[str, tuple[list[int], Callable[[Row], list[str]]]] = {}

    # -- derivations: (row) -> cell
    def _derivation(self, name: str) -> Cell:
        depts = self.departments

        def dept(row: Row) -> Mapping[str, Any]:
            body = row.record.get("implementing_body")
            slug = body.get("department") if isinstance(body, dict) else None
            return depts.get(str(slug), {})

        table: dict[str, Cell] = {
            "row_guid": lambda r: r.guid,
            "snowflake_id": lambda r: snowflake(r.guid),
            "task_guid": lambda r: r.task_guid,
            "handle_item_code": lambda r: r.item_code,
            "task_version": lambda r: str(max(1, len(r.record.get("adjustments") or ()))),
            "department_name": lambda r: _text(dept(r).get("name")),
            "department_uscc": lambda r: _text(dept(r).get("uscc")),
            "local_task_code": lambda r: _text(r.record.get("local_code") or r.code),
            "process_text": lambda r: _process(r.record.get("process")),
            "special_procedures_text": lambda r: _special(r.record.get("special_procedures")),
            "intermediary_text": lambda r: _intermediary(r.record.get("intermediary")),
            "is_online": lambda r: _flag("网上办理" in (r.record.get("handling_forms") or ())),
            "is_express": _express,
            "punishment_text": lambda r: _punishment(r.record.get("punishment")),
            "effective_date": lambda r: _first_date(r.record, ("新增", "承接")),
            "cancel_date": _cancel_date,
            "order_num": lambda r: str(r.index + 1),
            "region_code": lambda r: self.region_code,
            "condition_guid": lambda r: r.parent,
            "material_guid": lambda r: r.extra.get(r.item, "") if r.extra else "",
        }
        return table[name]

    def row(self, table: Table, row: Row) -> list[str]:
        make = self._rows.get(table.name)
        if make is None:
            make = self._rows[table.name] = self._compile(table)
        return make(row)

    def _compile(self, table: Table) -> Callable[[Row], list[str]]:
        """One function per table building a row's cells in one list display: a cell per column
        costs one call at most (10 k matters make millions of cells). The generated source holds
        only the column data of columns.py (field names through repr), never catalogue text."""
        funcs: list[Callable[..., str]] = []
        exprs = []
        for column in table.columns:
            expr = self._expr(table, column, funcs)
            exprs.append(expr)
        source = (
            "def make(F, T, E):\n"
            "    def row(r):\n"
            "        rec, it = r.record, r.item\n"
            f"        return [{', '.join(exprs)}]\n"
            "    return row\n"
        )
        scope: dict[str, Any] = {}
        exec(compile(source, f"<exchange {table.name}>", "exec"), scope)  # noqa: S102
        made: Callable[[Row], list[str]] = scope["make"](funcs, _text, {})
        return made

    def _expr(self, table: Table, column: Column, funcs: list[Callable[..., str]]) -> str:
        def call(func: Callable[..., str], arg: str) -> str:
            funcs.append(func)
            return f"F[{len(funcs) - 1}]({arg})"

        if not all(_public(self.allow, p) for p in reads(column)):
            return "''"  # a field the allow-list does not make public is never read
        if column.derive is not None:
            return call(self._derivation(column.derive), "r")
        if column.name == "cd_operation":
            return repr(cols.CD_OPERATION)
        if column.name == "cd_time":
            return repr(self.cd_time)
        if column.pointer is None:
            return "''"  # cd_batch (filled at the end), data_source, unmapped columns
        pointer = column.pointer
        if table.items is not None and pointer.startswith(table.items + "/*"):
            base, keys = "it", pointer[len(table.items) + 2 :].split("/")[1:]
        else:
            base, keys = "rec", pointer.split("/")[1:]
        access = base
        for n, key in enumerate(keys):
            access = f"{access}.get({key!r})" if n == 0 else f"({access} or E).get({key!r})"
        convert = _converter(column)
        if convert is _text:
            return f"(v if (v := {access}).__class__ is str else T(v))"
        return call(convert, access)

    def again(self, table: Table, first: list[str], row: Row) -> list[str]:
        """Another 业务办理项's basic or extend row: the first item's cells with the ids and the
        columns an item may set for itself computed anew."""
        found = self._again.get(table.name)
        if found is None:
            at = [i for i, c in enumerate(table.columns) if _per_item(c)]
            sub = Table(table.name, table.title, table.role, tuple(table.columns[i] for i in at))
            found = self._again[table.name] = (at, self._compile(sub))
        cells = list(first)
        for i, value in zip(found[0], found[1](row)):
            cells[i] = value
        return cells

    def patch(self, table: Table, cells: list[str], row_guid: str, row: Row) -> list[str]:
        """Another item's copy of a child row: new ids and 业务办理项编码, the rest the same."""
        at = self._keys.get(table.name)
        if at is None:
            names = [c.name for c in table.columns]
            at = self._keys[table.name] = tuple(
                names.index(n) for n in ("id", "row_guid", "task_guid", "task_handle_item")
            )
        copy = list(cells)
        copy[at[0]], copy[at[1]] = snowflake(row_guid), row_guid
        copy[at[2]], copy[at[3]] = row.task_guid, row.item_code
        return copy


_IDS = frozenset({"row_guid", "snowflake_id", "task_guid", "handle_item_code"})


def _per_item(column: Column) -> bool:
    """Whether the column differs between the rows of one matter's 业务办理项."""
    if column.derive in _IDS:
        return True
    read = (column.pointer,) if column.pointer is not None else column.reads
    return any(_under(p, root) for p in read for root in cols.INHERITED.values())


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _limit(limit: Any) -> str:
    if not isinstance(limit, dict) or "value" not in limit:
        return ""
    return f"（{limit['value']}个{limit.get('unit', '')}）"


def _process(stages: Any) -> str:
    lines = []
    for stage in stages or ():
        if isinstance(stage, dict):
            text = str(stage.get("stage", ""))
            if stage.get("description"):
                text += f"：{stage['description']}"
            lines.append(text + _limit(stage.get("time_limit")))
    return "\n".join(lines)


def _special(procedures: Any) -> str:
    lines = []
    for p in procedures or ():
        if isinstance(p, dict):
            text = str(p.get("name", "")) + _limit(p.get("time_limit"))
            lines.append(text + (f"：{p['note']}" if p.get("note") else ""))
    return "\n".join(lines) or "无"


def _intermediary(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    return str(value.get("name", "")) if value.get("involved") else "无"


def _express(row: Row) -> str:
    support = row.record.get("support")
    if isinstance(support, dict) and isinstance(support.get("express"), bool):
        return _flag(support["express"])
    return _flag("快递申请" in (row.record.get("handling_forms") or ()))


def _punishment(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    kinds = "、".join(str(k) for k in value.get("kinds") or ())
    return f"违法行为：{value.get('behaviour', '')}；处罚种类：{kinds}；处罚幅度：{value.get('range', '')}"


def _dates(record: Mapping[str, Any], kinds: tuple[str, ...]) -> list[str]:
    return sorted(
        str(a["date"])
        for a in record.get("adjustments") or ()
        if isinstance(a, dict) and a.get("kind") in kinds and a.get("date")
    )


def _first_date(record: Mapping[str, Any], kinds: tuple[str, ...]) -> str:
    found = _dates(record, kinds)
    return found[0] if found else ""


def _cancel_date(row: Row) -> str:
    if row.record.get("status") != "已取消":
        return ""
    found = _dates(row.record, ("取消",))
    return found[-1] if found else ""


# --- the extension table --------------------------------------------------------------------------


Check = Callable[[Any], bool]


_HIDDEN, _EXACT, _INNER, _EMIT = range(4)
Step = tuple[str, int, Check]


class Coverage:
    """Which public fields a family's national columns give back exactly, and for each field
    met in a record what the extension table does with it (cached: 10 k matters meet the same
    few hundred fields)."""

    def __init__(
        self,
        exact: Mapping[str, Check],
        inner: frozenset[str],
        closed: frozenset[str],
        public: frozenset[str],
    ) -> None:
        self.exact = exact  # pattern -> whether its column gives this value back
        self.inner = inner  # patterns with some exactly-carried field below them
        # public patterns with no non-public field below them (the schema closes every object):
        # their values need no public copy
        self.closed = closed
        self.public = public
        self._steps: dict[str, dict[Any, Step]] = {}

    def step(self, pattern: str, key: str) -> Step:
        """(the key's pattern, what to do, its check) for a key of a mapping at `pattern`."""
        kids = self._steps.get(pattern)
        if kids is None:
            kids = self._steps[pattern] = {}
        found = kids.get(key)
        if found is None:
            own = f"{pattern}/{key}"
            found = kids[key] = (
                self._classify(own) if own in self.public else (own, _HIDDEN, _always)
            )
        return found

    def items(self, pattern: str) -> Step:
        """The same for the items of the array at `pattern` (public with their array)."""
        kids = self._steps.get(pattern)
        if kids is None:
            kids = self._steps[pattern] = {}
        found = kids.get(0)
        if found is None:
            found = kids[0] = self._classify(pattern + "/*")
        return found

    def _classify(self, own: str) -> Step:
        check = self.exact.get(own)
        if check is not None:
            return own, _EXACT, check
        return own, (_INNER if own in self.inner else _EMIT), _always


def _always(value: Any) -> bool:
    return True


def _present(value: Any) -> bool:
    """An empty text or list reads back as absent: such a value is not carried exactly."""
    return bool(value != "" and value != [])


def _checker(column: Column) -> Check:
    if column.kind == cols.BASIS:
        return cols.basis_exact
    sep = column.sep
    if sep is not None:
        return lambda v: bool(v) and not any(sep in str(x) for x in v)
    return _present


def coverage(
    fam: str, with_items: bool, fields: Iterable[str] = (), public: Iterable[str] = ()
) -> Coverage:
    """`fields`: every field pattern of the schema; `public`: those the allow-list makes public."""
    exact: dict[str, Check] = {}
    tables = (*cols.tables_of(fam), *cols.CONDITION_TABLES)
    for table in tables:
        for column in table.columns:
            if column.pointer is not None and (column.lossless or column.kind == cols.BASIS):
                exact.setdefault(column.pointer, _checker(column))
    if with_items:  # the rows show each item's elements: the matter's own travel as extras
        for pointer in list(exact):
            if any(_under(pointer, p) for p in cols.INHERITED.values()):
                del exact[pointer]
    for pointer in cols.IMPLIED:
        exact[pointer] = _always
    inner = {"/".join(p.split("/")[:depth]) for p in exact for depth in range(2, p.count("/") + 1)}
    shown = frozenset(public)
    hidden = [f for f in fields if f not in shown]
    closed = frozenset(p for p in shown if not any(_under(h, p) for h in hidden))
    return Coverage(exact, frozenset(inner), closed, shown)


def _under(pointer: str, root: str) -> bool:
    return pointer == root or pointer.startswith(root + "/")


def extras(record: Mapping[str, Any], cover: Coverage, allow: Allow) -> list[tuple[str, str, Any]]:
    """(pointer, pattern, public value) of each public field of `record` no national column
    carries exactly: the smallest subtrees that hold no exactly-carried field. A key the
    allow-list does not make public is never entered; what is emitted is its public view."""
    out: list[tuple[str, str, Any]] = []
    step, of_items = cover.step, cover.items

    def visit(sub: Any, pointer: str, own: str, what: int, check: Check) -> None:
        if what == _EXACT:
            if check is _present:  # inlined: most fields
                if sub != "" and sub != []:
                    return
            elif check(sub):
                return
            out.append((pointer, own, sub))
        elif what == _INNER and isinstance(sub, dict):
            for key, value in sub.items():
                visit(value, f"{pointer}/{key}", *step(own, key))
        elif what == _INNER and isinstance(sub, list):
            item = of_items(own)
            for i, value in enumerate(sub):
                visit(value, f"{pointer}/{i}", *item)
        elif what != _HIDDEN:
            out.append((pointer, own, sub))

    for key, value in record.items():
        visit(value, f"/{key}", *step("", key))
    view, closed = allow.view, cover.closed
    return [
        (p, pat, view(v, pat) if pat not in closed and isinstance(v, (dict, list)) else v)
        for p, pat, v in out
    ]


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_STRING: Callable[[str], str] = json.encoder.encode_basestring


def _json(value: Any) -> str:
    """Compact JSON; scalars without the encoder's set-up (the extension table has many)."""
    if isinstance(value, str):
        return _STRING(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return _ENCODER.encode(value)


def _extra_rows(matter: Mapping[str, Any], cover: Coverage, allow: Allow) -> list[list[str]]:
    """The matter's rows of the extension table: {pointer: value} objects of at most
    EXTRA_CELL_MAX characters each (one value longer than that gets a row of its own)."""
    code = str(matter.get("implementation_code", ""))
    rows: list[list[str]] = []
    parts: list[str] = []
    names: list[str] = []
    size = 2
    titles = allow.titles
    for pointer, pattern, value in extras(matter, cover, allow):
        part = f"{_STRING(pointer)}:{_json(value)}"
        if parts and size + len(part) + 1 > cols.EXTRA_CELL_MAX:
            rows.append(_extra_row(code, len(rows), names, parts))
            parts, names, size = [], [], 2
        parts.append(part)
        title = titles.get(pattern, pattern)
        if title not in names:
            names.append(title)
        size += len(part) + 1
    if parts:
        rows.append(_extra_row(code, len(rows), names, parts))
    return rows


def _extra_row(code: str, n: int, names: list[str], parts: list[str]) -> list[str]:
    return [code, str(n + 1), "、".join(names), "{" + ",".join(parts) + "}"]


# --- the whole catalogue --------------------------------------------------------------------------


def build(catalog: Catalog, meta: MetaSource | None = None, tick: Tick | None = None) -> Exchange:
    """The exchange tables of `catalog`: every matter, whatever its status (a cancelled matter
    reaches the province as task_state 3 with its plan_cancel_date)."""
    if meta is None:
        from shenguan.validation.schemas import field_meta

        meta = field_meta
    allow = allow_for("matter", meta)
    fields = list(meta("matter"))
    region = allow_for("manifest", meta).view(catalog.manifest).get("region", {})
    dept_allow = allow_for("department", meta)
    departments = {
        str(v["id"]): v
        for v in (dept_allow.view(r.data) for r in catalog.of("department"))
        if isinstance(v.get("id"), str)
    }
    # The records themselves, read only through the allow-list: each column's field and every
    # field a derivation reads is checked public when the cell functions are built (Builder),
    # the extension table enters only public keys and writes their public views (extras).
    matters = [r.data for r in catalog.of("matter")]
    matters.sort(key=lambda m: (str(m.get("id", "")), str(m.get("implementation_code", ""))))
    as_of = newest_date(allow, matters)
    builder = Builder(departments, region, f"{as_of or FIRST_DATE} 00:00:00", allow)
    titles = allow.titles
    rows: dict[str, list[list[str]]] = {t.name: [] for t in cols.TABLES}
    extra_rows: list[list[str]] = []
    covers: dict[tuple[str, bool], Coverage] = {}
    used: set[str] = set()
    for n, matter in enumerate(matters):
        fam = cols.FAMILY_OF_TYPE.get(str(matter.get("type")), cols.GENERAL)
        items = [i for i in matter.get("handle_items") or () if isinstance(i, dict)]
        _matter_rows(builder, fam, matter, items, rows)
        key = (fam, bool(items))
        cover = covers.get(key) or covers.setdefault(
            key, coverage(fam, bool(items), fields, allow.public)
        )
        extra_rows.extend(_extra_rows(matter, cover, allow))
        body = matter.get("implementing_body")
        if isinstance(body, dict):
            used.add(str(body.get("department")))
        if tick and (n % 500 == 0 or n + 1 == len(matters)):
            tick(n + 1, len(matters))
    # Every table, empty ones with their header only: the province's loader meets the same
    # files and sheets every time, and a re-export never leaves an old table behind.
    sheets = [Sheet(t, rows[t.name]) for t in cols.TABLES]
    sheets.append(_organisations(builder, departments, used))
    sheets.append(Sheet(EXTRA, extra_rows))
    batch = _batch(sheets)
    for sheet in sheets:
        names = [c.name for c in sheet.columns]
        if "cd_batch" in names:
            at = names.index("cd_batch")
            for row in sheet.rows:
                row[at] = batch
    return Exchange(
        sheets, dict(region), as_of, batch, {"matter": titles, "department": dept_allow.titles}
    )


# Left empty on purpose (their code lists are UNVERIFIED): not reported as gaps.
LEFT_EMPTY = frozenset({"data_source", "bs"})
DICTIONARY_HEADER = ("表名", "表说明", "列名", "中文名", "必填", "对应字段", "代码", "说明")


def gaps(ex: Exchange) -> list[tuple[str, str, str, int]]:
    """(table, column, label, rows) for each NOT NULL column left empty in some rows: what the
    clerk must complete (or the province accept) before the tables load."""
    found = []
    for sheet in ex.sheets:
        wanted = [
            (at, c) for at, c in enumerate(sheet.columns) if c.required and c.name not in LEFT_EMPTY
        ]
        if not sheet.rows or not wanted:
            continue
        by_column = list(zip(*sheet.rows))
        for at, column in wanted:
            empty = by_column[at].count("")
            if empty:
                found.append((sheet.name, column.name, column.label, empty))
    return found


def dictionary(ex: Exchange) -> list[list[str]]:
    """One row per column of every table: the 字段说明 a clerk reads beside the tables."""
    rows = []
    for sheet in ex.sheets:
        table = sheet.table
        for column in table.columns:
            if column.pointer is not None:
                title = ex.titles.get(table.record, {}).get(column.pointer, "")
                source = f"{column.pointer}（{title}）" if title else column.pointer
            elif column.derive is not None:
                source = cols.DERIVATIONS[column.derive]
            else:
                source = ""
            codes = "；".join(f"{code} {label}" for label, code in (column.codes or {}).items())
            if column.sep and codes:
                codes += f"（多个值以 {column.sep} 分隔）"
            elif column.sep:
                codes = f"多个值以 {column.sep} 分隔"
            kind = {cols.BOOL: "1 是；0 否", cols.DATE: "yyyy-MM-dd"}.get(column.kind, "")
            rows.append(
                [
                    table.name,
                    table.title,
                    column.name,
                    column.label,
                    "是" if column.required else "否",
                    source,
                    codes or kind,
                    column.note,
                ]
            )
    return rows


def _matter_rows(
    builder: Builder,
    fam: str,
    matter: dict[str, Any],
    items: list[dict[str, Any]],
    rows: dict[str, list[list[str]]],
) -> None:
    code = str(matter.get("implementation_code", ""))
    tables = cols.tables_of(fam)
    basic, children = tables[0], tables[1:]
    sets = (
        [(cols.effective_item(matter, i), code + str(i.get("no", ""))) for i in items]
        if items
        else [(matter, "")]
    )
    # An item that inherits an array shares the matter's list: its rows differ from the first
    # item's only in the ids and the 业务办理项编码, so they are copied and patched, not rebuilt.
    done: dict[str, tuple[int, list[list[str]]]] = {}
    firsts: dict[str, list[str]] = {}
    for record, item_code in sets:
        task_guid = guid(code, basic.name, item_code)
        row = Row(record, code, item_code, task_guid, task_guid)
        rows[basic.name].append(_once(builder, basic, row, firsts))
        material_guids: dict[str, str] = {}
        for table in children:
            if table.items is None:  # extend: one row beside the basic one
                row.guid = guid(code, table.name, item_code)
                rows[table.name].append(_once(builder, table, row, firsts))
                continue
            array = _items(record, table.items)
            made: list[list[str]] = []
            before = done.get(table.name)
            if before is not None and before[0] == id(array):
                made = [
                    builder.patch(table, cells, guid(code, table.name, item_code, str(i)), row)
                    for i, cells in enumerate(before[1])
                ]
            else:
                for i, item in enumerate(array):
                    row.guid, row.item, row.index = (
                        guid(code, table.name, item_code, str(i)),
                        item,
                        i,
                    )
                    made.append(builder.row(table, row))
                done[table.name] = (id(array), made)
            rows[table.name].extend(made)
            if table.role == "material":
                for item, cells in zip(array, made):
                    if isinstance(item, dict):
                        material_guids.setdefault(str(item.get("name")), cells[ROW_GUID_AT])
        row.item = row.extra = None
        _condition_rows(builder, code, item_code, record, row, material_guids, rows)


def _once(builder: Builder, table: Table, row: Row, firsts: dict[str, list[str]]) -> list[str]:
    first = firsts.get(table.name)
    if first is None:
        first = firsts[table.name] = builder.row(table, row)
        return first
    return builder.again(table, first, row)


def _items(record: Mapping[str, Any], pointer: str) -> list[Any]:
    value: Any = record
    for key in pointer.split("/")[1:]:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, list) else []


def _condition_rows(
    builder: Builder,
    code: str,
    item_code: str,
    record: dict[str, Any],
    row: Row,
    material_guids: dict[str, str],
    rows: dict[str, list[list[str]]],
) -> None:
    groups, links = cols.CONDITION_TABLES
    for i, situation in enumerate(_items(record, "/situations")):
        if not isinstance(situation, dict):
            continue
        row.guid, row.item, row.index = guid(code, groups.name, item_code, str(i)), situation, i
        row.extra = None
        rows[groups.name].append(builder.row(groups, row))
        for j, name in enumerate(situation.get("materials") or ()):
            link_guid = guid(code, links.name, item_code, f"{i}.{j}")
            link = Row(record, code, item_code, row.task_guid, link_guid, name, j)
            link.extra, link.parent = material_guids, row.guid
            rows[links.name].append(builder.row(links, link))


def _organisations(
    builder: Builder, departments: Mapping[str, Mapping[str, Any]], used: set[str]
) -> Sheet:
    table = cols.ZONE_ORGANIZATION
    sheet = Sheet(table)
    for n, (slug, dept) in enumerate(sorted(departments.items())):
        uscc = _text(dept.get("uscc"))
        row_guid = guid(uscc or slug, table.name)
        cells = []
        for column in table.columns:
            if column.derive == "snowflake_id":
                cells.append(snowflake(row_guid))
            elif column.derive == "row_guid":
                cells.append(row_guid)
            elif column.derive == "org_code":
                cells.append(uscc[8:17])
            elif column.derive == "exist_task":
                cells.append(_flag(slug in used))
            elif column.derive == "order_num":
                cells.append(str(n + 1))
            elif column.name == "cd_operation":
                cells.append(cols.CD_OPERATION)
            elif column.name == "cd_time":
                cells.append(builder.cd_time)
            elif column.pointer is not None:
                cells.append(_text(dept.get(column.pointer[1:])))
            else:
                cells.append("")
        sheet.rows.append(cells)
    return sheet


def _batch(sheets: list[Sheet]) -> str:
    """cd_batch: a digest of everything exported (before the batch is written in), so the same
    catalogue gives the same batch and any change gives another."""
    digest = hashlib.blake2b(digest_size=16)  # 32 hex digits, as cd_batch holds
    for sheet in sheets:
        digest.update(sheet.name.encode() + b"\x1e")
        digest.update("\x1e".join(map("\x1f".join, sheet.rows)).encode())
    return digest.hexdigest()


def export(
    root: Path, rev: str | None = None, use_cache: bool = True, tick: Tick | None = None
) -> Exchange:
    """The exchange tables of the catalogue at `root` (or at git revision `rev`); GateError when
    a record fails the YAML or schema layer, as every export."""
    from shenguan.export.core import load
    from shenguan.nogc import paused

    with paused():
        return build(load(root, rev, use_cache, tick), tick=tick)
