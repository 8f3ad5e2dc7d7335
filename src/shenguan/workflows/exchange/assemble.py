"""Rows → matter drafts: each sheet's rows read through its layout, grouped by matter, with the
child rows (materials, fees, FAQ, 办理情形) attached wherever they stand — their own sheets or tables
keyed by 实施编码 / 业务办理项编码 / 基本编码 / 地方编码, repeated rows of the matter, or one cell holding
a list. A row that cannot be read becomes a `Rejection` naming file, sheet, row, column, value and
why; it never becomes a guess.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from shenguan.workflows.exchange import headers as h
from shenguan.workflows.exchange import normalize as n
from shenguan.workflows.exchange.sheets import Table, column_letter

FORMULA = "单元格是公式，导入只接受值"
FORMULA_HINT = "请把公式转为数值（复制后“选择性粘贴 → 数值”）后重新导入"


@dataclass
class Rejection:
    file: str
    sheet: str
    row: int  # 1-based, 0 when the whole sheet or matter is meant
    column: str  # letter, "" when the whole row is meant
    header: str
    value: str
    reason: str
    hint: str = ""

    def where(self) -> str:
        sheet = f" 工作表「{self.sheet}」" if self.sheet else ""
        row = f" 第 {self.row} 行" if self.row else ""
        col = f" {self.column} 列（{self.header}）" if self.column else ""
        return f"{self.file}{sheet}{row}{col}"


@dataclass
class Origin:
    file: str
    sheet: str
    row: int  # 1-based

    def where(self) -> str:
        return f"{self.file} 工作表「{self.sheet}」第 {self.row} 行"


@dataclass
class Draft:
    """One matter as the file gives it: only the fields the file provides."""

    code: str  # 基本编码
    task_code: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    provided: set[str] = field(default_factory=set)  # top-level keys the file gives
    origin: dict[str, Origin] = field(default_factory=dict)  # top-level key → first row giving it
    first: Origin | None = None
    dept_name: str | None = None
    dept_code: str | None = None
    dept_short: str | None = None
    local_code: str | None = None
    guids: set[str] = field(default_factory=set)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # 业务办理项 no → its data
    children: dict[str, list[tuple[float, int, dict[str, Any]]]] = field(default_factory=dict)
    bad: bool = False
    extra: dict[str, Any] = field(default_factory=dict)  # pointer → exact value (extension table)
    express: bool | None = None
    dept_source: str | None = None  # the exporting catalogue's department id (extension table)
    faq_item: str | None = None  # the national is_express (derived there from 办理形式)


@dataclass
class Assembly:
    drafts: dict[str, Draft] = field(default_factory=dict)
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    sheets_read: list[str] = field(default_factory=list)
    rows_read: int = 0
    bad_codes: set[str] = field(default_factory=set)  # 基本编码 of matters with a rejected row
    organizations: dict[str, dict[str, str]] = field(default_factory=dict)  # uscc → name, short


_CHILD_LIST = {h.MATERIAL: "materials", h.FEE: "fee/items", h.FAQ: "faq", h.SITUATION: "situations"}
_CODE_TABLES = {
    "TYPE": n.TYPE,
    "LEVEL": n.LEVEL,
    "STATUS": n.STATUS,
    "NATURE": n.NATURE,
    "POWER_SOURCE": n.POWER_SOURCE,
    "TIME_UNIT": n.TIME_UNIT,
    "HANDLING_TYPE": n.HANDLING_TYPE,
    "SERVICE_OBJECT": n.SERVICE_OBJECT,
    "HANDLING_FORM": n.HANDLING_FORM,
    "RESULT_TYPE": n.RESULT_TYPE,
    "DELIVERY": n.DELIVERY,
    "HANDLE_AREA": n.HANDLE_AREA,
    "LICENSE_TYPE": n.LICENSE_TYPE,
    "MATERIAL_TYPE": n.MATERIAL_TYPE,
    "MATERIAL_FORM": n.MATERIAL_FORM,
    "MATERIAL_NECESSITY": n.MATERIAL_NECESSITY,
    "MATERIAL_SOURCE": n.MATERIAL_SOURCE,
}
_WHAT = {
    "TYPE": "事项类型",
    "LEVEL": "行使层级",
    "STATUS": "事项状态",
    "NATURE": "实施主体性质",
    "POWER_SOURCE": "权力来源",
    "TIME_UNIT": "时限单位",
    "HANDLING_TYPE": "办件类型",
    "SERVICE_OBJECT": "服务对象",
    "HANDLING_FORM": "办理形式",
    "RESULT_TYPE": "审批结果类型",
    "DELIVERY": "送达方式",
    "HANDLE_AREA": "通办范围",
    "LICENSE_TYPE": "许可类型",
    "MATERIAL_TYPE": "材料类型",
    "MATERIAL_FORM": "材料形式",
    "MATERIAL_NECESSITY": "材料必要性",
    "MATERIAL_SOURCE": "来源渠道",
}
_TEXT_MAX = {"name": n.NAME_MAX, "none_name": n.NAME_MAX}
_CODE_READERS = {f"code:{name}": table for name, table in _CODE_TABLES.items()}


def read_cell(
    reader: str, cell: Any, notes: n.Notes, values: Mapping[str, str] | None, header: str
) -> Any:
    """One cell through its reader; raises normalize.Refused."""
    if reader == "text":  # the most frequent readers first
        return n.text(cell)
    if reader == "name":
        return n.text(cell, n.NAME_MAX, multiline=False)
    table = _CODE_READERS.get(reader)
    if table is not None:
        name = reader[5:]
        return n.code(cell, table, _WHAT[name], notes, values)
    if reader in ("text", "none_text"):
        v = n.text(cell)
        return None if reader == "none_text" and n.is_none_word(v) else v
    if reader in ("name", "none_name"):
        v = n.text(cell, n.NAME_MAX, multiline=False)
        return None if reader == "none_name" and n.is_none_word(v) else v
    if reader.startswith("code:"):
        name = reader[5:]
        return n.code(cell, _CODE_TABLES[name], _WHAT[name], notes, values)
    if reader.startswith("codes:"):
        name = reader[6:]
        ignore = n.MOBILE if name == "HANDLING_FORM" else None
        return n.codes_list(cell, _CODE_TABLES[name], _WHAT[name], notes, values, ignore)
    if reader == "bool":
        return n.flag(cell, header)
    if reader == "count":
        return n.integer(cell, header, 0, 999, suffix="份")
    if reader == "visits":
        return n.visits(cell)
    if reader == "depth":
        return n.depth(cell, values)
    if reader == "phone":
        return n.phone(cell, notes, header)
    if reader == "basis":
        return n.basis(cell, header)
    if reader == "basic_code":
        return n.basic_code(cell, notes)
    if reader == "impl_code":
        return n.impl_code(cell)
    if reader == "item_code":
        return n.item_code(cell)
    if reader == "uscc":
        return n.uscc(cell)
    if reader == "list":
        return n.split_list(cell)
    if reader == "validity":
        return n.validity(cell)
    if reader == "intermediary":
        return _intermediary(cell)
    if reader == "special":
        return _special(cell)
    if reader == "punishment":
        return _punishment(cell)
    if reader == "faq_cell":
        return _faq_cell(cell)
    if reader == "material_cell":
        return _material_cell(cell, notes)
    if reader == "json":
        raw = n.text(cell, n.TEXT_MAX * 10)
        if raw is None:
            return None
        try:
            return json.loads(raw)
        except json.JSONDecodeError as exc:
            raise n.Refused(
                f"不是有效的 JSON（{exc.msg}）", "此列由 shenguan export exchange 生成，请勿手改"
            ) from None
    if reader == "time_limit":
        return n.time_limit(cell)  # unit and note columns are joined in _finish_time
    raise n.Refused(f"内部：未知的读取方式 {reader}")


def _intermediary(cell: Any) -> dict[str, Any] | None:
    raw = n.text(cell, n.NAME_MAX)
    if raw is None:
        return None
    if n.is_none_word(raw) or n._key(raw) in ("否", "0", "不涉及中介服务"):
        return {"involved": False}
    if n._key(raw) in ("是", "1", "有", "涉及"):
        raise n.Refused(
            "中介服务只写了“是”，没有中介服务名称",
            "请写中介服务名称，如 建设工程消防设计审查技术服务",
        )
    return {"involved": True, "name": raw}


_IMPL = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}[1-7]\d{11}[\dY]")
_SPECIAL = re.compile(
    r"^(?P<name>[^（(：:]+?)\s*(?:[（(](?P<limit>[^）)]*)[）)])?\s*(?:[：:]\s*(?P<note>.*))?$", re.S
)


def _special(cell: Any) -> list[dict[str, Any]] | None:
    raw = n.text(cell)
    if raw is None or n.is_none_word(raw):
        return None
    out = []
    for line in raw.split("\n"):
        line = line.strip()
        if not line:
            continue
        m = _SPECIAL.match(line)
        entry: dict[str, Any] = {"name": line}
        if m:
            limit = None
            if m.group("limit"):
                try:
                    limit = n.time_limit(m.group("limit"))
                except n.Refused:
                    limit = None
            if limit is not None or m.group("note"):
                entry = {"name": m.group("name").strip()}
                if limit is not None:
                    entry["time_limit"] = limit
                elif m.group("limit"):
                    entry["name"] = line.split("：")[0].split(":")[0].strip()
                if m.group("note") and m.group("note").strip():
                    entry["note"] = m.group("note").strip()
        if len(entry["name"]) > n.NAME_MAX:
            raise n.Refused(f"特别程序名称超过 {n.NAME_MAX} 个字符", "请把说明写在冒号之后")
        out.append(entry)
    return out or None


def _punishment(cell: Any) -> dict[str, Any] | None:
    raw = n.text(cell)
    if raw is None:
        return None
    parts = {}
    for key, label in (("behaviour", "违法行为"), ("kinds", "处罚种类"), ("range", "处罚幅度")):
        m = re.search(
            label + r"[：:](.*?)(?=(?:[；;\n]\s*(?:违法行为|处罚种类|处罚幅度)[：:])|$)", raw, re.S
        )
        if m:
            parts[key] = m.group(1).strip().rstrip("；;")
    if set(parts) != {"behaviour", "kinds", "range"}:
        raise n.Refused(
            "处罚的行为、种类、幅度无法拆分",
            "请写成 违法行为：……；处罚种类：警告、罚款；处罚幅度：……",
        )
    kinds = n.codes_list(parts["kinds"], n.PUNISHMENT_KIND, "处罚种类")
    return {"behaviour": parts["behaviour"], "kinds": kinds or [], "range": parts["range"]}


def _list_cell(cell: Any, what: str) -> tuple[str, list[dict[str, Any]] | None] | None:
    """A cell holding a list: None when it says nothing; else its text, and its items when it is
    written as a JSON list (the objects only)."""
    raw = n.text(cell, n.TEXT_MAX * 5)
    if raw is None or n.is_none_word(raw):
        return None
    if not raw.startswith("["):
        return raw, None
    try:
        items = json.loads(raw)
    except json.JSONDecodeError:
        raise n.Refused(f"{what}像 JSON 列表但无法解析", "请检查引号和括号") from None
    return raw, [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _faq_cell(cell: Any) -> list[dict[str, str]] | None:
    read = _list_cell(cell, "常见问题")
    if read is None:
        return None
    raw, items = read
    if items is not None:
        out = []
        for item in items:
            q = item.get("q") or item.get("name") or item.get("问题") or item.get("question")
            a = (
                item.get("a")
                or item.get("val")
                or item.get("答案")
                or item.get("解答")
                or item.get("answer")
            )
            if not q or not a:
                raise n.Refused("常见问题列表中有一项缺少问题或解答", "每项需有问题和解答")
            out.append({"q": n.text(str(q)) or "", "a": n.text(str(a)) or ""})
        return out or None
    pairs = re.findall(
        r"(?:^|\n)\s*(?:\d+[\.、．]\s*)?问[：:](.*?)\n?\s*答[：:](.*?)(?=\n\s*(?:\d+[\.、．]\s*)?问[：:]|$)",
        raw,
        re.S,
    )
    if not pairs:
        raise n.Refused(
            "常见问题无法拆分成问答", "请写成 问：……\\n答：……，或放在单独的“常见问题”工作表中"
        )
    return [{"q": q.strip(), "a": a.strip()} for q, a in pairs]


def _material_cell(cell: Any, notes: n.Notes) -> list[dict[str, Any]] | None:
    read = _list_cell(cell, "申请材料")
    if read is None:
        return None
    _, items = read
    if items is not None:
        out = []
        for item in items:
            material: dict[str, Any] = {}
            for key, value in item.items():
                options = [f for f in h.SYNONYMS.get(h.clean(key), []) if f.role == h.MATERIAL]
                if options and options[0].key.startswith("/materials/*/"):
                    got = read_cell(options[0].reader, value, notes, None, str(key))
                    if got is not None:
                        material[options[0].key.removeprefix("/materials/*/")] = got
                elif key in (
                    "name",
                    "type",
                    "source",
                    "necessity",
                    "form",
                    "originals",
                    "copies",
                    "note",
                ):
                    material[key] = value
            out.append(material)
        return out or None
    raise n.Refused(
        "申请材料写在一个单元格中，只有名称，缺少材料类型、来源渠道、必要性和形式",
        "请把材料放在单独的“申请材料”工作表（每行一个材料，按实施编码或基本编码对应事项），或每个材料一行",
    )


def _set(data: dict[str, Any], pointer: str, value: Any) -> None:
    parts = pointer.strip("/").split("/")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    last = parts[-1]
    if isinstance(value, dict) and isinstance(node.get(last), dict):
        node[last].update(value)
    else:
        node[last] = value


def _get(data: Mapping[str, Any], pointer: str) -> Any:
    node: Any = data
    for part in pointer.strip("/").split("/"):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def assemble(
    tables: list[Table], mapping: Mapping[str, str], values: Mapping[str, Mapping[str, str]]
) -> Assembly:
    out = Assembly()
    children: list[tuple[str, dict[str, Any], Origin, float, int]] = []
    extras: list[tuple[dict[str, Any], Origin]] = []
    situation_materials: list[tuple[dict[str, Any], Origin]] = []
    guid_to_code: dict[str, str] = {}
    situation_guid: dict[str, tuple[str, str | None, int]] = {}
    for table in tables:
        if not any(any(c not in (None, "") for c in row) for row in table.rows):
            continue
        layout = h.find_layout(table.rows, table.name, mapping)
        if layout is None:
            out.notes.append(f"{table.file} 工作表「{table.name}」：没有找到可识别的表头，未导入")
            continue
        out.sheets_read.append(f"{table.file}「{table.name}」")
        for c, label in layout.unknown.items():
            out.unknown_headers.append(
                f"{table.file}「{table.name}」{column_letter(c)} 列「{label}」"
            )
        for r in range(layout.data_row, len(table.rows)):
            row = table.rows[r]
            if not any(c not in (None, "") for c in row):
                continue
            out.rows_read += 1
            origin = Origin(table.file, table.name, r + 1)
            got = _read_row(table, layout, r, row, values, out)
            if got is None:
                code = _code_of(layout, row)
                if code:
                    out.bad_codes.add(code)
                continue
            by_role, notes = got
            for note in notes:
                out.notes.append(f"{origin.where()}：{note}")
            if h.EXTRA in by_role:
                extras.append((by_role[h.EXTRA], origin))
                continue
            if h.ORGANIZATION in by_role:
                org = by_role[h.ORGANIZATION]
                if org.get("@dept_code"):
                    out.organizations[org["@dept_code"]] = {
                        "name": org.get("@dept_name") or "",
                        "short": org.get("@dept_short_name") or "",
                    }
                continue
            if h.SITUATION_MATERIAL in by_role:
                situation_materials.append((by_role[h.SITUATION_MATERIAL], origin))
                continue
            matter_row = by_role.get(h.MATTER, {})
            has_matter_fields = (
                any(not k.startswith("@") for k in matter_row) or "@dept_name" in matter_row
            )
            if h.MATTER in layout.roles and has_matter_fields:
                draft = _matter_row(matter_row, origin, out, table, layout, r)
                if draft is None:
                    continue
                if matter_row.get("@row_guid"):
                    guid_to_code[matter_row["@row_guid"]] = draft.code
                item_no = _item_no(matter_row)
                for role in (h.MATERIAL, h.FEE, h.FAQ, h.SITUATION):
                    if role in by_role and any(not k.startswith("@") for k in by_role[role]):
                        child = by_role[role]
                        order = child.pop("@order", None)
                        children.append(
                            (
                                role,
                                {**child, "@code": draft.code, "@item": item_no},
                                origin,
                                float(order) if order is not None else 1e9,
                                r,
                            )
                        )
                continue
            # a child sheet (or an extend sheet keyed by 实施编码 with matter fields only)
            for role in (h.MATERIAL, h.FEE, h.FAQ, h.SITUATION):
                if role in by_role:
                    child = by_role[role]
                    keys = {**matter_row, **child}
                    order = keys.pop("@order", None)
                    if role == h.SITUATION and keys.get("@row_guid"):
                        situation_guid[keys["@row_guid"]] = ("", None, len(children))
                    children.append(
                        (role, keys, origin, float(order) if order is not None else 1e9, r)
                    )
    # second pass: attach children and extension rows to their matters
    index = _Index(out.drafts, guid_to_code)
    for role, keys, origin, order, r in children:
        target = index.find(keys, origin, out)
        if target is None:
            continue
        draft, item = target
        if role == h.FAQ and item is not None:
            # FAQ belong to the matter; per-item row sets repeat them: keep the first item's
            first = draft.faq_item = draft.faq_item or item
            if item != first:
                continue
            item = None
        payload = {k: v for k, v in keys.items() if not k.startswith("@")}
        if role == h.SITUATION and keys.get("@row_guid"):
            situation_guid[keys["@row_guid"]] = (draft.code, item, id(payload))
        draft.children.setdefault(f"{item or ''}|{role}", []).append((order, r, payload))
    by_id: dict[int, dict[str, Any]] = {}
    for draft in out.drafts.values():
        for key, rows in draft.children.items():
            for _, _, payload in rows:
                by_id[id(payload)] = payload
    for keys, origin in situation_materials:
        guid = keys.get("@condition_guid")
        found = situation_guid.get(guid or "")
        target_payload = by_id.get(found[2]) if found else None
        if target_payload is None:
            out.rejections.append(
                Rejection(
                    origin.file,
                    origin.sheet,
                    origin.row,
                    "",
                    "情形分组标识",
                    str(guid),
                    "找不到对应的办理情形",
                    "请一并导入办理情形表",
                )
            )
            continue
        if keys.get("@material_name"):
            target_payload.setdefault("materials", []).append(keys["@material_name"])
    for draft in out.drafts.values():
        _finish(draft)
    for keys, origin in extras:
        target = index.find(keys, origin, out)
        if target is None:
            continue
        draft, _ = target
        fields = keys.get("@extra_fields")
        if isinstance(fields, dict):
            draft.extra.update(fields)
        elif keys.get("@extra_field"):
            draft.extra[keys["@extra_field"]] = keys.get("@extra_value")
    for draft in out.drafts.values():
        _apply_extra(draft)
    return out


def _code_of(layout: h.Layout, row: list[Any]) -> str | None:
    """The 基本编码 a rejected row belongs to, when its key cells can be read."""
    for c, fld in layout.fields.items():
        if fld.key not in ("@catalog_code", "@task_code", "@handle_item") or c >= len(row):
            continue
        try:
            value = read_cell(fld.reader, row[c], n.Notes(), None, "")
        except n.Refused:
            continue
        if isinstance(value, str):
            return value if fld.key == "@catalog_code" else value[19:31]
    return None


def _item_no(row: Mapping[str, Any]) -> str | None:
    code = row.get("@handle_item")
    return code[31:] if code else None


class _Index:
    def __init__(self, drafts: dict[str, Draft], guids: dict[str, str]) -> None:
        self.drafts = drafts
        self.by_task = {d.task_code: d for d in drafts.values() if d.task_code}
        self.by_local = {d.local_code: d for d in drafts.values() if d.local_code}
        self.guids = guids

    def find(
        self, keys: Mapping[str, Any], origin: Origin, out: Assembly
    ) -> tuple[Draft, str | None] | None:
        item = keys.get("@item")
        draft: Draft | None = None
        if keys.get("@code"):
            draft = self.drafts.get(keys["@code"])
        elif keys.get("@handle_item"):
            draft = self.by_task.get(keys["@handle_item"][:31])
            item = keys["@handle_item"][31:]
        elif keys.get("@task_code"):
            draft = self.by_task.get(keys["@task_code"])
        elif keys.get("@catalog_code"):
            draft = self.drafts.get(keys["@catalog_code"])
        elif keys.get("@local_code") or keys.get("@local_task_code"):
            local = keys.get("@local_code") or keys["@local_task_code"]
            draft = self.by_local.get(local) or self.by_task.get(local)
        elif keys.get("@task_guid"):
            draft = self.drafts.get(self.guids.get(keys["@task_guid"], ""))
        else:
            out.rejections.append(
                Rejection(
                    origin.file,
                    origin.sheet,
                    origin.row,
                    "",
                    "",
                    "",
                    "这一行没有实施编码、业务办理项编码、基本编码或地方编码，无法对应到事项",
                    "请在该表中加一列实施编码（或基本编码）",
                )
            )
            return None
        if draft is None:
            key = next(
                (
                    str(keys[k])
                    for k in (
                        "@handle_item",
                        "@task_code",
                        "@catalog_code",
                        "@local_code",
                        "@local_task_code",
                        "@task_guid",
                    )
                    if keys.get(k)
                ),
                "",
            )
            out.rejections.append(
                Rejection(
                    origin.file,
                    origin.sheet,
                    origin.row,
                    "",
                    "",
                    key,
                    "在导入的事项表中找不到这一编码对应的事项",
                    "请确认事项表与此表一起导入，且编码一致",
                )
            )
            return None
        if draft.bad:
            return None
        return draft, item


def _plan(layout: h.Layout) -> tuple[dict[str, int], list[tuple[int, h.Field]]]:
    """Per layout, once: key → column, and the columns read (unit and note columns of a time
    limit are read with it)."""
    found: tuple[dict[str, int], list[tuple[int, h.Field]]] | None = layout.plan
    if found is None:
        cols = {f.key: c for c, f in layout.fields.items()}
        limits = {f.key for f in layout.fields.values() if f.reader == "time_limit"}
        consumed = {k + "/unit" for k in limits} | {k + "/note" for k in limits}
        active = [
            (c, f)
            for c, f in layout.fields.items()
            if f.reader != "ignore" and f.key not in consumed
        ]
        found = layout.plan = (cols, active)
    return found


def _read_row(
    table: Table,
    layout: h.Layout,
    r: int,
    row: list[Any],
    values: Mapping[str, Mapping[str, str]],
    out: Assembly,
) -> tuple[dict[str, dict[str, Any]], list[str]] | None:
    by_role: dict[str, dict[str, Any]] = {}
    notes = n.Notes()
    bad = False
    cols, active = _plan(layout)
    width = len(row)

    def cell_at(key: str) -> Any:
        c = cols.get(key)
        return row[c] if c is not None and c < width else None

    def reject(c: int, cell: Any, reason: str, hint: str) -> None:
        out.rejections.append(
            Rejection(
                table.file,
                table.name,
                r + 1,
                column_letter(c),
                layout.headers.get(c, ""),
                _show(cell),
                reason,
                hint,
            )
        )

    for c, fld in active:
        cell = row[c] if c < width else None
        if fld.reader != "time_limit" and cell in (None, "") and not table.formulas:
            continue
        if (r, c) in table.formulas:
            reject(c, cell, FORMULA, FORMULA_HINT)
            bad = True
            continue
        header = layout.headers.get(c, "")
        if fld.reader == "time_limit":
            if all(
                v in (None, "")
                for v in (cell, cell_at(fld.key + "/unit"), cell_at(fld.key + "/note"))
            ):
                continue
            try:
                value = n.time_limit(
                    cell, cell_at(fld.key + "/unit"), cell_at(fld.key + "/note"), header
                )
            except n.Refused as exc:
                reject(c, cell, exc.reason, exc.hint)
                bad = True
                continue
            if value is not None:
                by_role.setdefault(fld.role, {})[fld.key] = value
            continue
        if cell in (None, ""):
            continue
        try:
            value = read_cell(
                fld.reader,
                cell,
                notes,
                (values.get(h.clean(header)) or values.get(fld.key)) if values else None,
                header,
            )
        except n.Refused as exc:
            reject(c, cell, exc.reason, exc.hint)
            bad = True
            continue
        if value is None:
            continue
        by_role.setdefault(fld.role, {})[fld.key] = value
    if bad:
        return None
    return by_role, notes.items


def _show(cell: Any) -> str:
    text = str(cell)
    return text if len(text) <= 80 else text[:80] + f"…（共 {len(text)} 字）"


def _matter_row(
    row: dict[str, Any], origin: Origin, out: Assembly, table: Table, layout: h.Layout, r: int
) -> Draft | None:
    code = row.get("@catalog_code")
    task = row.get("@task_code")
    if row.get("@handle_item") and not task:
        task = row["@handle_item"][:31]
    if task and code and task[19:] != code:
        out.rejections.append(
            Rejection(
                origin.file,
                origin.sheet,
                origin.row,
                "",
                "实施编码",
                task,
                f"实施编码的后 12 位 {task[19:]} 与基本编码 {code} 不一致",
                "实施编码 = 统一社会信用代码 + 层级 + 基本编码，请核对",
            )
        )
        return None
    if task and not code:
        code = task[19:]
    if not code:
        out.rejections.append(
            Rejection(
                origin.file,
                origin.sheet,
                origin.row,
                "",
                "基本编码",
                "",
                "这一行没有基本编码或实施编码",
                "请填写 12 位基本编码",
            )
        )
        return None
    draft = out.drafts.get(code)
    if draft is None:
        draft = Draft(code, task, first=origin)
        out.drafts[code] = draft
    elif task and draft.task_code and task != draft.task_code:
        out.rejections.append(
            Rejection(
                origin.file,
                origin.sheet,
                origin.row,
                "",
                "实施编码",
                task,
                f"基本编码 {code} 在前面的行中对应实施编码 {draft.task_code}",
                "一个基本编码在一个目录中只有一个实施编码",
            )
        )
        return None
    draft.task_code = draft.task_code or task
    for key, attr in (("@dept_name", "dept_name"), ("@dept_code", "dept_code")):
        if row.get(key):
            setattr(draft, attr, row[key])
    local = _local_code(row, task, code)
    if local is not None:
        draft.local_code = local
        row = {**row, "/local_code": local}
    if row.get("@row_guid"):
        draft.guids.add(row["@row_guid"])
    if row.get("@is_express") is not None:
        draft.express = row["@is_express"]
    item_no = _item_no(row)
    target = draft.data
    if item_no is not None:
        target = draft.items.setdefault(item_no, {"no": item_no})
        if row.get("@handle_item_name"):
            target["name"] = row["@handle_item_name"]
    for key, value in row.items():
        if key.startswith("@"):
            if key == "@faq_cell":
                _merge_list(draft, "faq", value)
            elif key == "@material_cell":
                _merge_list(draft, "materials", value)
            continue
        top = key.strip("/").split("/")[0]
        here = target if top in _ITEM_TOPS else draft.data
        on_item = here is not draft.data
        current = _get(here, key)
        if current is not None and current != value and not isinstance(value, dict):
            if not on_item and draft.first is not None and draft.first.row != origin.row:
                c = next((col for col, f in layout.fields.items() if f.key == key), None)
                out.rejections.append(
                    Rejection(
                        origin.file,
                        origin.sheet,
                        origin.row,
                        column_letter(c) if c is not None else "",
                        layout.headers.get(c, key) if c is not None else key,
                        _show(value),
                        f"与同一事项（{code}）前面的行不一致（前面是 {_show(current)}）",
                        "同一事项的各行中，事项字段须相同；材料等逐行不同的内容请放在材料列",
                    )
                )
                draft.bad = True
                return None
        _set(here, key, value)
        if not on_item:
            draft.provided.add(top)
            draft.origin.setdefault(top, origin)
    return draft


def _local_code(row: Mapping[str, Any], task: str | None, code: str) -> str | None:
    """The matter's 地方编码: 地方基本编码 / 地方编码, else the national 地方实施编码. The punishment
    tables' 地方实施编码 is NOT NULL and holds the 实施编码 when there is no local code ("没有时用实施
    编码"), and provincial sheets do the same: a value that is this matter's 实施编码 (or looks like
    one ending in its 基本编码 when the row gives no 实施编码) is no local code."""
    for key in ("@local_code", "@local_task_code"):
        value = str(row.get(key) or "")
        if (
            not value
            or value == task
            or (task is None and _IMPL.fullmatch(value) and value[19:] == code)
        ):
            continue
        return value
    return None


def _merge_list(draft: Draft, key: str, value: list[Any]) -> None:
    draft.data[key] = value
    draft.provided.add(key)


_ITEM_KEYS = ("statutory", "promised", "conditions", "materials", "fee", "situations")
_ITEM_TOPS = ("time_limit", "conditions", "fee", "materials", "situations")


def _finish(draft: Draft) -> None:
    """Children in order into their lists; 业务办理项 rows keep only what differs from the matter
    (the rest they inherit). The national is_express is derived there from 办理形式 when 服务方式
    is not stated, so only a 是 that 办理形式 does not explain says something of its own."""
    forms = draft.data.get("handling_forms") or []
    if draft.express and "快递申请" not in forms:
        draft.data.setdefault("support", {}).setdefault("express", True)
        draft.provided.add("support")
    for key, rows in sorted(draft.children.items()):
        item_no, role = key.split("|")
        items = [payload for _, _, payload in sorted(rows, key=lambda t: (t[0], t[1]))]
        items = [_child(role, p) for p in items]
        path = _CHILD_LIST[role]
        if item_no:
            holder = draft.items.setdefault(item_no, {"no": item_no})
            if role == h.FEE:
                holder.setdefault("fee", {"charged": True})["items"] = items
            else:
                holder[path] = items
            continue
        if role == h.FEE:
            fee = draft.data.setdefault("fee", {})
            fee.setdefault("charged", True)
            fee["items"] = items
            draft.provided.add("fee")
        else:
            draft.data[path] = items
            draft.provided.add(path)
    for item in draft.items.values():
        tl = item.pop("time_limit", None)
        if isinstance(tl, dict):
            for k in ("statutory", "promised"):
                if k in tl:
                    item[k] = tl[k]
    if draft.items:
        matter = draft.data
        _lift(matter, list(draft.items.values()), draft)
        out = []
        for no in sorted(draft.items):
            item = draft.items[no]
            for k in _ITEM_KEYS:
                inherited = (
                    matter.get("time_limit", {}).get(k)
                    if k in ("statutory", "promised")
                    else matter.get(k)
                )
                if k in item and item[k] == inherited:
                    del item[k]
            for k in list(item):
                if k not in ("no", "name", "kind", *_ITEM_KEYS):
                    del item[k]
            out.append(item)
        draft.data["handle_items"] = out
        draft.provided.add("handle_items")


def _lift(matter: dict[str, Any], items: list[dict[str, Any]], draft: Draft) -> None:
    """An element every 业务办理项 row gives alike, and the matter lacks, is the matter's (the items
    inherit it): the national tables hold one row set per item and no row for the matter itself."""
    for key in _ITEM_KEYS:
        values = [i.get(key) for i in items]
        if values[0] is None or any(v != values[0] for v in values):
            continue
        if key in ("statutory", "promised"):
            limits = matter.setdefault("time_limit", {})
            if key in limits:
                continue
            limits[key] = copy.deepcopy(values[0])
            draft.provided.add("time_limit")
        else:
            if key in matter:
                continue
            matter[key] = copy.deepcopy(values[0])
            draft.provided.add(key)


def _child(role: str, payload: dict[str, Any]) -> dict[str, Any]:
    prefix = {
        h.MATERIAL: "/materials/*/",
        h.FEE: "/fee/items/*/",
        h.FAQ: "/faq/*/",
        h.SITUATION: "/situations/*/",
    }[role]
    out: dict[str, Any] = {}
    for key, value in payload.items():
        if key.startswith(prefix):
            _set(out, key.removeprefix(prefix), value)
        elif key == "materials":
            out["materials"] = value
    return out


def _apply_extra(draft: Draft) -> None:
    """The extension table gives some fields exactly: they replace what the national columns gave
    (shallow pointers first, so a whole list is set before one of its items' fields)."""
    for pointer, value in sorted(draft.extra.items(), key=lambda kv: _depth_key(kv[0])):
        _set_exact(draft.data, pointer, value)
        draft.provided.add(pointer.strip("/").split("/")[0])
    source = (draft.data.get("implementing_body") or {}).get("department")
    if isinstance(source, str):
        draft.dept_source = source


def _depth_key(pointer: str) -> tuple[int, list[Any]]:
    parts = pointer.strip("/").split("/")
    return (len(parts), [int(p) if p.isdigit() else p for p in parts])


def _set_exact(data: dict[str, Any], pointer: str, value: Any) -> None:
    """Set one field exactly; list indices in the pointer address (and extend) lists."""
    parts = pointer.strip("/").split("/")
    node: Any = data
    for depth, part in enumerate(parts[:-1]):
        nxt_is_index = parts[depth + 1].isdigit()
        if isinstance(node, list):
            index = int(part)
            while len(node) <= index:
                node.append([] if nxt_is_index else {})
            if not isinstance(node[index], (dict, list)):
                node[index] = [] if nxt_is_index else {}
            node = node[index]
            continue
        nxt = node.get(part)
        if not isinstance(nxt, (dict, list)) or isinstance(nxt, list) != nxt_is_index:
            nxt = [] if nxt_is_index else {}
            node[part] = nxt
        node = nxt
    last = parts[-1]
    if isinstance(node, list):
        index = int(last)
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value
