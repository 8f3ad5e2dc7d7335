"""Identity rules: kinds, ids, codes and dates (GB/T 39554.1-2020, GB 32100-2015)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from shenguan import codes
from shenguan.catalog import MANIFEST, Record, expected_id
from shenguan.catalog.index import Context
from shenguan.clock import parse_date
from shenguan.validation import schemas
from shenguan.validation.rules.issue import Issue

DATE_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def kind_and_id(ctx: Context) -> Iterator[Issue]:
    if not any(r.kind == "manifest" for r in ctx.others):
        yield Issue(
            "R109",
            MANIFEST,
            "",
            f"目录根部没有可用的 {MANIFEST}",
            "请用 shenguan init 生成，或恢复该文件",
        )
    for r in ctx.others:
        yield from record_kind_and_id(ctx, r)


def record_kind_and_id(ctx: Context, r: Record) -> Iterator[Issue]:
    if r.data.get("kind") not in (None, r.kind):
        yield Issue(
            "R101",
            r.path,
            "/kind",
            f"kind 为 {r.data.get('kind')}，但文件位于 {r.kind} 的文件夹",
            f"请改为 kind: {r.kind}，或把文件移到对应文件夹",
        )
    want = expected_id(r.path)
    if r.kind != "manifest" and isinstance(r.data.get("id"), str) and r.data["id"] != want:
        yield Issue(
            "R102",
            r.path,
            "/id",
            f"id {r.data['id']} 与文件名 {want} 不一致",
            f"请把 id 改为 {want}，或把文件改名",
        )


def matter_codes(ctx: Context, m: Record) -> Iterator[Issue]:
    d = m.data
    if isinstance(d.get("type"), str) and codes.basic_type(m.id) != d["type"]:
        yield Issue(
            "R103",
            m.path,
            "/type",
            f"基本编码 {m.id} 的第 3-4 位为 {codes.basic_type(m.id)}，与事项类型 {d['type']} 不一致",
            "请核对基本编码或事项类型",
        )
    dept = ctx.departments.get(d.get("implementing_body", {}).get("department", ""))
    if dept and isinstance(dept.data.get("uscc"), str) and isinstance(d.get("level"), str):
        want = codes.implementation_code(dept.data["uscc"], d["level"], m.id)
        if d.get("implementation_code") != want:
            yield Issue(
                "R105",
                m.path,
                "/implementation_code",
                f"实施编码应为 {want}（实施主体信用代码 + 行使层级 + 基本编码）",
                "划转后实施主体改变，实施编码随之改变，请更新",
            )
    nos = [h.get("no") for h in d.get("handle_items", [])]
    for i, no in enumerate(nos):
        if no in nos[:i]:
            yield Issue(
                "R107",
                m.path,
                f"/handle_items/{i}/no",
                f"业务办理项序号 {no} 重复",
                "请为每个办理项编不同的两位序号",
            )


def uscc(ctx: Context) -> Iterator[Issue]:
    for r in ctx.others:
        yield from record_uscc(ctx, r)


def record_uscc(ctx: Context, r: Record) -> Iterator[Issue]:
    for pointer, value in _uscc_fields(r.kind, r.data):
        if isinstance(value, str) and len(value) == 18 and not codes.uscc_valid(value):
            try:
                want = f"，按前 17 位应为 {codes.uscc_check_char(value[:17])}"
            except ValueError:
                want = ""
            yield Issue(
                "R104",
                r.path,
                pointer,
                f"统一社会信用代码 {value} 校验位不正确{want}",
                "请核对代码（GB 32100-2015）",
            )


def _uscc_fields(kind: str, data: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if kind == "department":
        yield "/uscc", data.get("uscc")
    if kind == "matter":
        yield "/entrusting_body/uscc", data.get("entrusting_body", {}).get("uscc")


def sections(ctx: Context) -> Iterator[Issue]:
    seen: dict[str, str] = {}
    for dept in ctx.departments.values():
        for i, s in enumerate(dept.data.get("sections", [])):
            sid = s.get("id", "")
            if sid in seen:
                yield Issue(
                    "R106",
                    dept.path,
                    f"/sections/{i}/id",
                    f"科室标识 {sid} 与 {seen[sid]} 中的重复",
                    "科室标识须全目录唯一",
                )
            elif not sid.startswith(dept.id + "-"):
                yield Issue(
                    "R106",
                    dept.path,
                    f"/sections/{i}/id",
                    f"科室标识 {sid} 应以部门标识 {dept.id}- 开头",
                    f"例如 {dept.id}-{sid}",
                )
            seen.setdefault(sid, dept.path)


def dates(ctx: Context) -> Iterator[Issue]:
    for r in ctx.others:
        yield from record_dates(ctx, r)


def record_dates(ctx: Context, r: Record) -> Iterator[Issue]:
    for pointer, value in expand(r.data, date_pointers(r.kind)):
        # A malformed date is S005's finding; this rule is for well-formed ones like 2021-02-30.
        if isinstance(value, str) and re.match(DATE_PATTERN, value) and parse_date(value) is None:
            yield Issue(
                "R108", r.path, pointer, f"{value} 不是真实的日期", "请核对年月日，例如 2021-02-28"
            )


@cache
def date_pointers(kind: str) -> tuple[str, ...]:
    """The pointer patterns of every date field, read from the schema (fields with the date pattern)."""
    return tuple(
        p for p, sub in schemas.walk_properties(kind) if sub.get("pattern") == DATE_PATTERN
    )


def expand(data: Any, patterns: tuple[str, ...]) -> Iterator[tuple[str, Any]]:
    """(pointer, value) for each pattern, `*` standing for every index of a list."""
    for pattern in patterns:
        yield from _expand(data, pattern.strip("/").split("/"), "")


def _expand(node: Any, parts: list[str], prefix: str) -> Iterator[tuple[str, Any]]:
    if not parts:
        yield prefix, node
        return
    head, rest = parts[0], parts[1:]
    if head == "*" and isinstance(node, list):
        for i, item in enumerate(node):
            yield from _expand(item, rest, f"{prefix}/{i}")
    elif isinstance(node, dict) and head in node:
        yield from _expand(node[head], rest, f"{prefix}/{head}")


MATTER_CHECKS = [record_kind_and_id, matter_codes, record_uscc, record_dates]
CHECKS = [kind_and_id, uscc, sections, dates]
