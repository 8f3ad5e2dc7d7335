"""Plain-text forms of public values shared by every format: time limits, legal bases, yes/no."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shenguan.codes import LEVEL_ZH, TYPE_ZH

NATURE_ZH = {"1": "法定机关", "2": "授权组织", "3": "受委托组织"}


def join(values: Iterable[Any], sep: str = "、") -> str:
    return sep.join(str(v) for v in values if v not in (None, ""))


def yes_no(value: Any) -> str:
    return {True: "是", False: "否"}.get(value, "") if isinstance(value, bool) else ""


def type_name(code: Any) -> str:
    return TYPE_ZH.get(str(code), str(code)) if code not in (None, "") else ""


def level_name(code: Any) -> str:
    return LEVEL_ZH.get(str(code), str(code)) if code not in (None, "") else ""


def nature_name(code: Any) -> str:
    return NATURE_ZH.get(str(code), str(code)) if code not in (None, "") else ""


def time_limit(limit: Any) -> str:
    """`20 个工作日`, `即办` for zero, with the note in brackets."""
    if not isinstance(limit, dict) or "value" not in limit:
        return ""
    value, unit = limit.get("value"), limit.get("unit", "")
    text = "即办" if value == 0 else f"{value} 个{unit}" if unit else str(value)
    note = limit.get("note")
    return f"{text}（{note}）" if note else text


def law_name(name: Any) -> str:
    text = str(name or "")
    return text if not text or text.startswith("《") else f"《{text}》"


def basis(entry: dict[str, Any], with_content: bool = False) -> str:
    """One legal basis: 《法律》（文号）第 N 条：内容."""
    text = law_name(entry.get("law"))
    if entry.get("doc_no"):
        text += f"（{entry['doc_no']}）"
    text += str(entry.get("article", ""))
    if with_content and entry.get("content"):
        text += f"：{entry['content']}"
    return text


def bases(entries: Iterable[dict[str, Any]], sep: str = "；") -> str:
    return join((basis(e) for e in entries), sep)
