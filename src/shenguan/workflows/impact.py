"""Policy impact (通知三（一）政策信息传递): which matters and standards cite a law.

When a law or regulation is amended, the supervising department passes the change on to the
approval bureau; this lists what the amendment touches. The law matches by substring (with or
without 《》), the article by number in either form: `35`, `第35条` and `第三十五条` are the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from shenguan.catalog.index import Context
from shenguan.errors import UsageError

DIGITS = "零一二三四五六七八九"
MATTER_PLACES = (
    ("/legal_basis/setting", "设定依据"),
    ("/legal_basis/implementing", "实施依据"),
    ("/fee/basis", "收费依据"),
)


def zh_number(n: int) -> str:
    """35 -> 三十五, 101 -> 一百零一, 110 -> 一百一十: how articles are numbered in Chinese law."""
    if n <= 0:
        return DIGITS[0]
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if gap else "") + DIGITS[digit] + unit
            gap = False
        elif out:
            gap = True
    if n:
        out += ("零" if gap else "") + DIGITS[n]
    return out[1:] if out.startswith("一十") else out


def article_key(text: str) -> str:
    """The article as it is written in the bases: 第…条 with Chinese numerals."""
    core = re.sub(r"\d+", lambda m: zh_number(int(m.group())), text.strip())
    core = core.removeprefix("第").split("条")[0]
    if not core:
        raise UsageError(f"条款号 {text} 无法识别", "请写成 35、第35条 或 第三十五条")
    return f"第{core}条"


def _law(text: str) -> str:
    return text.replace("《", "").replace("》", "").strip().casefold()


def impact(ctx: Context, law: str, article: str | None = None) -> list[dict[str, Any]]:
    """Every citation of the law (and article): one row per matter or standard file and place."""
    want = _law(law)
    if not want:
        raise UsageError("请写明法律法规名称", "例如 --law 食品安全法")
    art = article_key(article) if article else None
    rows = []
    for rec in sorted(ctx.catalog.records, key=lambda r: r.path):
        if rec.kind not in ("matter", "standard"):
            continue
        for where, basis in _citations(rec.kind, rec.data):
            if want in _law(str(basis.get("law", ""))) and (
                art is None or art in str(basis.get("article", ""))
            ):
                rows.append(_row(ctx, rec.kind, rec.path, rec.data, where, basis))
    return rows


def _citations(kind: str, data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    if kind == "standard":
        for basis in data.get("legal_basis", []):
            yield "标准依据", basis
        return
    for pointer, label in MATTER_PLACES:
        node: Any = data
        for part in pointer.strip("/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        for basis in node if isinstance(node, list) else []:
            yield label, basis
    for material in data.get("materials", []):
        for basis in material.get("basis", []):
            yield f"材料依据（{material.get('name')}）", basis


def _row(
    ctx: Context, kind: str, path: str, data: dict[str, Any], where: str, basis: dict[str, Any]
) -> dict[str, Any]:
    custody = data.get("custody", {})
    version = data.get("version")
    return {
        "kind": "事项" if kind == "matter" else "审批标准",
        "id": data.get("id"),
        "path": path,
        "name": data.get("name") or data.get("title"),
        "status": data.get("status")
        if version is None or data.get("status") != "已发布"
        else f"已发布 第{version}版",
        "department": custody.get("supervising_department") or data.get("department"),
        "approving": custody.get("approving_department"),
        "where": where,
        "law": basis.get("law"),
        "article": basis.get("article"),
    }
