"""`shenguan import`: files → matter records through the edit transaction, with a reconciliation report.

Matters are matched to the catalogue by 基本编码 (the file name) and 实施编码; only the fields the file
provides are compared and written, so a second import of the same file changes nothing. Departments
are found by USCC, then by name, or created. The whole catalogue as imported is validated in memory
before one journalled write under the lock; a row that cannot be read stops the import (nothing is
written) unless `skip_bad_rows`, which leaves that row's matter out and lists it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shenguan import catalog as cat
from shenguan import yamlio
from shenguan.catalog import journal, lock
from shenguan.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from shenguan.findings import Finding, Severity
from shenguan.validation import schemas
from shenguan.validation.validate import validate
from shenguan.workflows import edit
from shenguan.workflows.exchange import headers as h
from shenguan.workflows.exchange import sheets, yamlout
from shenguan.workflows.exchange.assemble import Assembly, Draft, Origin, Rejection, assemble


@dataclass
class Change:
    pointer: str
    title: str
    before: Any
    after: Any


@dataclass
class Entry:
    id: str
    name: str
    file: str
    where: str = ""
    changes: list[Change] = field(default_factory=list)


@dataclass
class Report:
    files: list[str]
    dry_run: bool
    new: list[Entry] = field(default_factory=list)
    changed: list[Entry] = field(default_factory=list)
    unchanged: list[Entry] = field(default_factory=list)
    missing: list[Entry] = field(default_factory=list)  # in the catalogue, not in the file
    rejected: list[Rejection] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # matters left out under --skip-bad-rows
    notes: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    departments: list[Entry] = field(default_factory=list)  # created
    findings: list[Finding] = field(default_factory=list)  # new findings validate will report
    written: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    rows: int = 0
    refused: bool = False  # nothing written because of rejected rows or new errors

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.refused else EXIT_OK

    @property
    def status(self) -> str:
        return "refused" if self.refused else ("dry-run" if self.dry_run else "ok")


def load_mapping(path: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """--mapping: `columns: {本省表头: 识别的表头}` and `values: {表头: {本省写法: 标签或代码}}`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"{path}：无法读取映射文件（{exc.strerror}）", "请检查 --mapping 的路径"
        ) from None
    try:
        data = yamlio.load_bytes(raw)
    except yamlio.YamlProblem as p:
        raise UsageError(f"{path}:{p.line}:{p.column}：{p.message}", p.hint) from None
    if not isinstance(data, dict) or not set(data) <= {"columns", "values"}:
        raise UsageError(
            f"{path}：映射文件只能有 columns 和 values 两项", "格式见 README「shenguan import」"
        )
    cols = data.get("columns") or {}
    values = data.get("values") or {}
    if not isinstance(cols, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in cols.items()
    ):
        raise UsageError(
            f"{path}：columns 应为 本省表头: 识别的表头", "例如 columns: {权力名称: 事项名称}"
        )
    for target in cols.values():
        if not h.SYNONYMS.get(h.clean(target)):
            raise UsageError(
                f"{path}：columns 中的「{target}」不是可识别的表头",
                "请写 README 所列的表头或国家列名",
            )
    if not isinstance(values, dict) or not all(
        isinstance(k, str)
        and isinstance(v, dict)
        and all(isinstance(a, str) and isinstance(b, (str, int)) for a, b in v.items())
        for k, v in values.items()
    ):
        raise UsageError(
            f"{path}：values 应为 表头: {{本省写法: 标签}}",
            "例如 values: {服务对象: {法人: 企业法人}}",
        )
    col_map = {h.clean(k): v for k, v in cols.items()}
    value_map: dict[str, dict[str, str]] = {}
    for header, table in values.items():
        value_map[h.clean(header)] = {str(a): str(b) for a, b in table.items()}
        for fld in h.SYNONYMS.get(h.clean(header), []):
            value_map.setdefault(fld.key, value_map[h.clean(header)])
    return col_map, value_map


def read_files(files: list[Path]) -> list[sheets.Table]:
    tables: list[sheets.Table] = []
    for path in files:
        tables.extend(sheets.read(path))
    return tables


def run_import(
    root: Path,
    files: list[Path],
    dry_run: bool = False,
    mapping: Path | None = None,
    skip_bad_rows: bool = False,
    timeout: float | None = None,
) -> Report:
    if not files:
        raise UsageError("没有给出要导入的文件", "例如：shenguan import 实施清单.xlsx")
    col_map, value_map = load_mapping(mapping) if mapping else ({}, {})
    tables = read_files(files)
    assembly = assemble(tables, col_map, value_map)
    report = Report([str(f) for f in files], dry_run)
    report.sheets, report.rows = assembly.sheets_read, assembly.rows_read
    report.notes.extend(assembly.notes)
    report.unknown_headers = assembly.unknown_headers
    with lock.hold(root, timeout) as held:
        tx = edit.Transaction(root, lock_file=held)
        fresh: dict[str, bytes] = {}
        records: dict[str, dict[str, Any]] = {}
        _reconcile(tx, assembly, report, skip_bad_rows, fresh, records)
        if report.refused:
            return report
        changes = {**tx.changes(), **fresh}
        if not changes:
            return report
        after = validate(
            edit.Overlay(cat.WorkTree(root), changes),
            today=tx.today,
            project=False,
            cache=edit._cache(root),
        )
        unfaithful = _unfaithful(after.catalog, records)
        if unfaithful:  # the validation read a new file back as another record: slower writers
            for rel in unfaithful:
                del fresh[rel]
                _create_checked(tx, rel, records[rel], fresh)
            changes = {**tx.changes(), **fresh}
            after = validate(
                edit.Overlay(cat.WorkTree(root), changes),
                today=tx.today,
                project=False,
                cache=edit._cache(root),
            )
        added = edit.new_findings(tx.before.findings, after.findings)
        report.findings = added
        blocking = [f for f in added if f.severity == Severity.ERROR and f.rule[:1] in ("Y", "S")]
        if blocking:
            report.refused = True
            _blame(blocking, assembly, report)
            return report
        if not dry_run:
            journal.write_all(root, held, changes)
            report.written = sorted(changes)
    return report


def _blame(findings: list[Finding], assembly: Assembly, report: Report) -> None:
    """Structural errors of the imported records as rejections at the row that gave the field."""
    drafts = {f"matters/{d.code}.yaml": d for d in assembly.drafts.values()}
    for f in findings:
        draft = drafts.get(f.file)
        top = f.pointer.strip("/").split("/")[0] if f.pointer else ""
        origin = (draft.origin.get(top) or draft.first) if draft else None
        report.rejected.append(
            Rejection(
                origin.file if origin else f.file,
                origin.sheet if origin else "",
                origin.row if origin else 0,
                "",
                _title(f.pointer) if f.pointer else "",
                "",
                f"{f.rule} {f.message}",
                f.hint,
            )
        )


def _title(pointer: str) -> str:
    meta = schemas.field_meta("matter")
    pattern = re.sub(r"/\d+(?=/|$)", "/*", pointer)
    parts = pattern.strip("/").split("/")
    titles = []
    for i in range(len(parts)):
        sub = "/" + "/".join(parts[: i + 1])
        if parts[i] == "*":
            index = re.findall(r"/(\d+)(?=/|$)", pointer)
            titles.append(
                f"第 {int(index[min(len(index) - 1, parts[: i + 1].count('*') - 1)]) + 1} 项"
                if index
                else ""
            )
            continue
        t = meta.get(sub, {}).get("title")
        titles.append(str(t) if t else parts[i])
    return " · ".join(t for t in titles if t)


_ID = re.compile(r"^[a-z][a-z0-9-]{1,62}$")
_DEPT_REFS = ("approving_department", "supervising_department")
_SECTION_REFS = {
    ("implementing_body", "section"): ("implementing_body", "department", "approval"),
    ("custody", "approving_section"): ("custody", "approving_department", "approval"),
    ("custody", "supervising_section"): ("custody", "supervising_department", "supervision"),
}


class Departments:
    """The departments the file names: found by USCC, then by full name, else created (with the
    id the exporting catalogue gave it when that id is free, else d-<USCC>). `ids` maps the
    exporting catalogue's ids (from the extension table) to this catalogue's."""

    def __init__(self, tx: edit.Transaction, assembly: Assembly, report: Report) -> None:
        self.tx, self.assembly, self.report = tx, assembly, report
        self.created: dict[str, str] = {}  # uscc -> id
        self.ids: dict[str, str] = {}  # exporting catalogue's id -> this catalogue's
        self.new: set[str] = set()

    def of(self, draft: Draft) -> str | None:
        uscc = draft.dept_code or (draft.task_code[:18] if draft.task_code else None)
        dept = self._find(uscc, draft.dept_name, draft.dept_source)
        if dept and draft.dept_source:
            self.ids.setdefault(draft.dept_source, dept)
        return dept

    def _find(self, uscc: str | None, name: str | None, source: str | None) -> str | None:
        if uscc and uscc in self.created:
            return self.created[uscc]
        depts = self.tx.ctx.departments
        for dept_id, rec in depts.items():
            if uscc and rec.data.get("uscc") == uscc:
                return dept_id
        for dept_id, rec in depts.items():
            if name and rec.data.get("name") == name:
                if uscc and rec.data.get("uscc") and rec.data.get("uscc") != uscc:
                    self.report.notes.append(
                        f"实施主体「{name}」在目录中的统一社会信用代码为 {rec.data.get('uscc')}，"
                        f"文件中为 {uscc}：按名称对应到 {dept_id}"
                    )
                return dept_id
        if uscc is None:
            return None
        org = self.assembly.organizations.get(uscc, {})
        name = name or org.get("name")
        if not name:
            return None
        dept_id = "d-" + uscc.lower()
        taken = set(depts) | set(self.created.values())
        if source and _ID.match(source) and source not in taken:
            dept_id = source
        rel = f"departments/{dept_id}.yaml"
        data = {
            "kind": "department",
            "id": dept_id,
            "name": name,
            "short_name": org.get("short") or name,
            "uscc": uscc,
            "role": "审批局" if "行政审批" in name else "业务部门",
            "sections": [{"id": f"{dept_id}-dbc", "name": "待补充科室", "role": "other"}],
        }
        if not self.tx.exists(rel):
            self.tx.create(rel, data, "由 shenguan import 按实施主体新建：请补充简称和内设科室")
            self.report.departments.append(Entry(dept_id, name, rel, f"统一社会信用代码 {uscc}"))
            self.new.add(dept_id)
        self.created[uscc] = dept_id
        return dept_id

    def remap(self, record: dict[str, Any], code: str) -> None:
        """Department and section references of the exporting catalogue, in this catalogue's ids;
        one that cannot be resolved is left out (custody falls back to the implementing body), with
        a note."""
        known = set(self.tx.ctx.departments) | set(self.created.values())
        own = (record.get("implementing_body") or {}).get("department")
        custody = record.get("custody")
        if isinstance(custody, dict):
            for key in _DEPT_REFS:
                value = custody.get(key)
                if value is None or value in known and value not in self.ids:
                    continue
                mapped = self.ids.get(value)
                if mapped is None:
                    self.report.notes.append(
                        f"事项 {code}：审管分工中的部门 {value} 在目录中不存在，改为实施主体部门 {own}"
                    )
                    mapped = own
                custody[key] = mapped
            transfer = custody.get("transfer")
            if transfer and not self.tx.exists(f"transfers/{transfer}.yaml"):
                del custody["transfer"]
        for step in record.get("process") or []:
            if isinstance(step, dict) and step.get("with_department"):
                value = step["with_department"]
                if value in self.ids:
                    step["with_department"] = self.ids[value]
                elif value not in known:
                    del step["with_department"]
                    self.report.notes.append(
                        f"事项 {code}：会商部门 {value} 在目录中不存在，未导入"
                    )
        for (where, key), (dwhere, dkey, role) in _SECTION_REFS.items():
            holder = record.get(where)
            if not isinstance(holder, dict) or not holder.get(key):
                continue
            section = str(holder[key])
            dept = (record.get(dwhere) or {}).get(dkey)
            if not dept:
                continue
            fixed = self._section(dept, section, role)
            if fixed is None:
                del holder[key]
                self.report.notes.append(f"事项 {code}：科室 {section} 不在部门 {dept} 中，未导入")
            else:
                holder[key] = fixed

    def _section(self, dept: str, section: str, role: str) -> str | None:
        rel = f"departments/{dept}.yaml"
        if dept not in self.new:
            rec = self.tx.ctx.departments.get(dept)
            ids = {s.get("id") for s in (rec.data.get("sections") or [])} if rec else set()
            return section if section in ids else None
        source = next((s for s, d in self.ids.items() if d == dept), dept)
        suffix = section[len(source) + 1 :] if section.startswith(source + "-") else section
        fixed = f"{dept}-{suffix}" if not section.startswith(dept + "-") else section
        doc = self.tx.doc(rel)
        sections = doc.get("/sections") or []
        if not any(s.get("id") == fixed for s in sections):
            placeholder = [i for i, s in enumerate(sections) if s.get("id") == f"{dept}-dbc"]
            for i in reversed(placeholder):
                doc.delete(f"/sections/{i}")
            doc.append(
                "/sections", {"id": fixed, "name": f"待补充科室名称（{fixed}）", "role": role}
            )
        return fixed


def _merge(base: Any, new: Any) -> Any:
    if isinstance(base, dict) and isinstance(new, dict):
        out = dict(base)
        for k, v in new.items():
            out[k] = _merge(base.get(k), v) if k in base else copy.deepcopy(v)
        return out
    return copy.deepcopy(new)


def diff(before: Any, after: Any, pointer: str = "") -> list[Change]:
    """Field-by-field differences, lists compared item by item."""
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        out = []
        for key in list(before) + [k for k in after if k not in before]:
            out.extend(diff(before.get(key), after.get(key), f"{pointer}/{key}"))
        return out
    if (
        isinstance(before, list)
        and isinstance(after, list)
        and all(isinstance(x, dict) for x in before + after)
    ):
        out = []
        for i in range(max(len(before), len(after))):
            out.extend(
                diff(
                    before[i] if i < len(before) else None,
                    after[i] if i < len(after) else None,
                    f"{pointer}/{i}",
                )
            )
        return out
    return [Change(pointer, _title(pointer), before, after)]


def _apply(doc: Any, before: Any, after: Any, pointer: str) -> None:
    """Write only what differs, leaf by leaf, so untouched lines and comments stay."""
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after:
            _apply(doc, before.get(key), after[key], f"{pointer}/{key}")
        return
    doc.set(pointer, copy.deepcopy(after))


def _new_record(
    draft: Draft, dept: str | None, manifest: Mapping[str, Any], report: Report
) -> dict[str, Any]:
    data = dict(draft.data)  # the draft is not used again
    data.pop("implementing_body", None)
    body: dict[str, Any] = {}
    if dept:
        body["department"] = dept
    for key in ("nature", "section"):
        value = draft.data.get("implementing_body", {}).get(key)
        if value:
            body[key] = value
    level = data.get("level") or (draft.task_code[18] if draft.task_code else None)
    impl = draft.task_code
    if impl is None and draft.dept_code and level:
        impl = draft.dept_code + level + draft.code
        report.notes.append(
            f"事项 {draft.code}：实施编码按 统一社会信用代码 + 层级 + 基本编码 生成为 {impl}"
        )
    record: dict[str, Any] = {"kind": "matter", "id": draft.code}
    order = ["name", "type", "license_type", "level", "levels", "implementation_code"]
    for key in order:
        if key == "level" and level:
            record["level"] = level
        elif key == "implementation_code" and impl:
            record["implementation_code"] = impl
        elif key in data:
            record[key] = data.pop(key)
    record["implementing_body"] = body
    if "power_source" in data:
        record["power_source"] = data.pop("power_source")
    if "entrusting_body" in data:
        record["entrusting_body"] = data.pop("entrusting_body")
    if dept:
        record["custody"] = {"approving_department": dept, "supervising_department": dept}
    for k in ("level", "implementation_code", "kind", "id"):
        data.pop(k, None)
    status = data.pop("status", None)
    record.update(data)
    record["status"] = status or "在用"
    if status is None:
        report.notes.append(f"事项 {draft.code}：文件中没有事项状态，记为 在用")
    ordered: dict[str, Any] = _schema_order(record)
    return ordered


_RANKS: dict[str, dict[str, int]] = {}


def _ranks(pointer: str) -> dict[str, int]:
    """Key → its place in the schema's order under `pointer` (computed once per pointer)."""
    ranks = _RANKS.get(pointer)
    if ranks is None:
        order = list(edit.key_order("matter")(pointer))
        ranks = _RANKS[pointer] = {k: order.index(k) for k in order}
    return ranks


def _schema_order(record: Any, pointer: str = "") -> Any:
    """Keys in the schema's order at every level, as records written by hand have them."""
    if isinstance(record, list):
        item = f"{pointer}/0"
        return [_schema_order(v, item) if isinstance(v, (dict, list)) else v for v in record]
    if not isinstance(record, dict):
        return record
    ranks = _ranks(pointer)
    last = len(ranks)
    keys = sorted(record, key=lambda k: ranks.get(k, last))
    return {
        k: _schema_order(record[k], f"{pointer}/{k}")
        if isinstance(record[k], (dict, list))
        else record[k]
        for k in keys
    }


def _create(
    tx: edit.Transaction,
    rel: str,
    record: dict[str, Any],
    fresh: dict[str, bytes],
    records: dict[str, dict[str, Any]],
) -> None:
    """A new matter file, by string building (ruamel's round-trip emitter costs ~25 ms a record,
    4 minutes for 10 000). The validation of the catalogue as imported parses every new file with
    the strict loader anyway: `run_import` compares what it read back with the record
    (`_unfaithful`) and writes a file that differs again with `_create_checked`."""
    if tx.exists(rel) or rel in fresh:
        raise UsageError(f"{rel} 已存在，不会覆盖", "请检查基本编码")
    fresh[rel] = yamlout.dump(record, edit.schema_header(tx.root, rel)).encode("utf-8")
    records[rel] = record


def _unfaithful(catalog: cat.Catalog, records: Mapping[str, dict[str, Any]]) -> list[str]:
    """The new files the validation did not read back as exactly the record they were made from."""
    if not records:
        return []
    read = {r.path: r.data for r in catalog.records if r.path in records}
    return sorted(rel for rel, record in records.items() if read.get(rel) != record)


def _create_checked(
    tx: edit.Transaction, rel: str, record: dict[str, Any], fresh: dict[str, bytes]
) -> None:
    """A new file whose text is read back here and must give the record: the string builder,
    else PyYAML's writer, else the round-trip editor writes it."""
    header = edit.schema_header(tx.root, rel)
    writers: tuple[Callable[[], str], ...] = (
        lambda: yamlout.dump(record, header),
        lambda: (f"# {header}\n" if header else "") + yamlio.dump(record),
    )
    for write in writers:
        text = write()
        try:
            if yamlio.load_text(text) == record:
                fresh[rel] = text.encode("utf-8")
                return
        except Exception:  # noqa: BLE001  any refusal of the reader: the next writer
            continue
    tx.create(rel, record)


def _reconcile(
    tx: edit.Transaction,
    assembly: Assembly,
    report: Report,
    skip_bad_rows: bool,
    fresh: dict[str, bytes],
    records: dict[str, dict[str, Any]],
) -> None:
    matters = tx.ctx.matters
    by_impl = {r.data.get("implementation_code"): r for r in matters.values()}
    manifest = tx.ctx.catalog.manifest
    rejected_codes = _rows_to_codes(assembly)
    report.rejected.extend(assembly.rejections)
    depts = Departments(tx, assembly, report)
    for draft in assembly.drafts.values():  # every 实施主体 first: custody may name a later one's
        if not (draft.bad or draft.code in rejected_codes) and (
            draft.dept_name or draft.dept_code or draft.code not in matters
        ):
            depts.of(draft)
    seen: set[str] = set()
    for draft in assembly.drafts.values():
        if draft.bad or draft.code in rejected_codes:
            report.skipped.append(draft.code)
            continue
        seen.add(draft.code)
        where = draft.first.where() if draft.first else ""
        existing = matters.get(draft.code)
        if existing is None and draft.task_code and draft.task_code in by_impl:
            other = by_impl[draft.task_code]
            report.rejected.append(
                Rejection(
                    draft.first.file if draft.first else "",
                    draft.first.sheet if draft.first else "",
                    draft.first.row if draft.first else 0,
                    "",
                    "实施编码",
                    draft.task_code,
                    f"实施编码已属于目录中的事项 {other.id}（{other.path}），基本编码却是 {draft.code}",
                    "请核对基本编码与实施编码",
                )
            )
            continue
        rel = existing.path if existing else f"matters/{draft.code}.yaml"
        if existing is None:
            dept = depts.of(draft)
            record = _new_record(draft, dept, manifest or {}, report)
            depts.remap(record, draft.code)
            # without --skip-bad-rows the validation of the whole catalogue names these too
            issues = schemas.check("matter", record) if skip_bad_rows else []
            if issues:
                _issues(draft, issues, report)
                continue
            _create(tx, rel, record, fresh, records)
            report.new.append(Entry(draft.code, str(record.get("name", "")), rel, where))
            continue
        before = existing.data
        provided = {
            k: v for k, v in draft.data.items() if k in draft.provided and k != "implementing_body"
        }
        if "implementing_body" in draft.data and "nature" in draft.data["implementing_body"]:
            provided["implementing_body"] = {"nature": draft.data["implementing_body"]["nature"]}
        if draft.dept_name or draft.dept_code:
            dept = depts.of(draft)
            if dept:
                provided.setdefault("implementing_body", {})["department"] = dept
        section = (draft.data.get("implementing_body") or {}).get("section")
        if section:
            provided.setdefault("implementing_body", {})["section"] = section
        view = dict(provided)
        view["implementing_body"] = _merge(
            before.get("implementing_body") or {}, provided.get("implementing_body") or {}
        )
        depts.remap(view, draft.code)
        if "implementing_body" in provided:
            provided["implementing_body"] = view["implementing_body"]
        if draft.task_code:
            provided["implementation_code"] = draft.task_code
        after = _merge(before, provided)
        changes = diff(before, after)
        entry = Entry(draft.code, str(after.get("name", "")), rel, where, changes)
        if not changes:
            report.unchanged.append(entry)
            continue
        issues = schemas.check("matter", after)
        if issues:
            _issues(draft, issues, report)
            continue
        doc = tx.doc(rel)
        _apply(doc, before, after, "")
        report.changed.append(entry)
    for code, rec in sorted(matters.items()):
        if code not in seen and code not in rejected_codes:
            report.missing.append(Entry(code, str(rec.data.get("name", "")), rec.path))
    if report.rejected and not skip_bad_rows:
        report.refused = True


def _issues(draft: Draft, issues: list[Any], report: Report) -> None:
    for issue in issues:
        top = issue.pointer.strip("/").split("/")[0] if issue.pointer else ""
        origin: Origin | None = draft.origin.get(top) or draft.first
        report.rejected.append(
            Rejection(
                origin.file if origin else "",
                origin.sheet if origin else "",
                origin.row if origin else 0,
                "",
                _title(issue.pointer) if issue.pointer else "事项",
                draft.code,
                f"{issue.rule} {issue.message}",
                issue.hint,
            )
        )
    report.skipped.append(draft.code)


def _rows_to_codes(assembly: Assembly) -> set[str]:
    """The matters a rejected row belongs to: under --skip-bad-rows the whole matter is left out
    (a matter without one of its rows would be imported incomplete)."""
    out: set[str] = set(assembly.bad_codes)
    for rej in assembly.rejections:
        for draft in assembly.drafts.values():
            if (
                draft.first
                and draft.first.file == rej.file
                and draft.first.sheet == rej.sheet
                and draft.first.row == rej.row
            ):
                out.add(draft.code)
    return out
