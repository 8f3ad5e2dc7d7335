"""Renderers for a semantic diff (text, markdown, json) and for one record's log (text, json)."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from shenguan.diff import CHANGE_ZH, KIND_ZH, DiffResult, RecordChange, Side
from shenguan.diff.groups import Groups
from shenguan.diff.log import LogEntry, RecordLog
from shenguan.diff.readable import from_fields
from shenguan.render import readout
from shenguan.render.console import err, line, out
from shenguan.render.envelope import SCHEMA_VERSION as JSON_SCHEMA_VERSION
from shenguan.render.registry import renderer
from shenguan.render.safe import visible
from shenguan.review.packet import significance

MARKDOWN_CAP = 60_000
SHOW_CAP = 160
STYLE = {"added": "green", "removed": "red", "modified": "yellow", "renamed": "cyan"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def show(value: Any, cap: int = SHOW_CAP) -> str:
    """A value as one readable line: （无） for absent, 是/否 for booleans, JSON for structures."""
    if value is None:
        text = "（无）"
    elif isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = visible(text.replace("\n", " ⏎ "))
    return text if len(text) <= cap else text[: cap - 1] + "…"


def side(s: Side) -> str:
    return f"{s.rev}（{s.commit[:12]}）" if s.commit else "工作区"


def headline(result: DiffResult) -> str:
    s = result.summary
    where = f"{side(result.base)} → {side(result.head)}"
    if not result.changes:
        if result.unreadable:
            return (
                f"比较 {where}：{len(result.unreadable)} 项记录无法解析（见下），其余记录没有变化。"
            )
        return f"比较 {where}：没有记录变化。"
    kinds = "、".join(f"{k} {v}" for k, v in s["by_classification"].items())
    return f"比较 {where}：共 {s['total']} 项记录变更（{kinds}）。"


def title(c: RecordChange) -> str:
    name = f" {c.name}" if c.name else ""
    renamed = f"（原 {c.old_id}）" if c.change == "renamed" else ""
    return f"{KIND_ZH.get(c.kind, c.kind)} {c.id}{renamed}{name}"


def _problems(result: DiffResult) -> None:
    for p in result.problems:
        err().print(
            line(
                ("警告：", "yellow"),
                f"{p.file}:{p.line}:{p.column} {p.rule} {p.message}（未参与比较）",
            )
        )


@renderer("diff", "text")
def render_text(result: DiffResult) -> None:
    console = out()
    _problems(result)
    console.print(line((headline(result), "bold")))
    for c in result.shown:
        console.print(
            line(
                (f"[{c.classification}]", f"bold {STYLE[c.change]}"),
                " ",
                title(c),
                "  ",
                (c.path, "dim"),
            )
        )
        for parts in change_text(result, c):
            console.print(line(*parts))


def change_text(result: DiffResult, c: RecordChange) -> list[list[readout.Part]]:
    """A record change's body: the reason it could not be read, the record in full, or its
    entries with the reviewed fields first and contact-only edits last."""
    if c.problem:
        return [["    ", ("无法解析：", "bold red"), readout.plain(c.problem)]]
    if c.rows:
        what = "新增记录全文" if c.change == "added" else "删除前的记录全文"
        return [["    ", (f"{what}：", "dim")], *readout.rows_text(c.rows, "      ")]
    return readout.groups_text(_groups(result, c))


def _groups(result: DiffResult, c: RecordChange) -> Groups:
    found = c.entries or tuple(from_fields(c.fields))
    return significance(result.manifest, c.kind, found)


def md_escape(value: Any) -> str:
    """Data made inert in a pull-request comment: no HTML, no markdown, no @mentions, one line."""
    text = html.escape(show(value, 300), quote=False).replace("@", "&#64;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_change(result: DiffResult, c: RecordChange) -> str:
    head = f"#### \\[{c.classification}\\] {md_escape(title(c))}\n\n{md_escape(c.path)}\n"
    if c.problem:
        return head + f"\n无法解析：{readout.md(c.problem)}\n"
    if c.rows:
        what = "新增记录全文" if c.change == "added" else "删除前的记录全文"
        return head + f"\n{what}：\n" + readout.rows_markdown(c.rows)
    return head + readout.groups_markdown(_groups(result, c))


def markdown(result: DiffResult, cap: int = MARKDOWN_CAP) -> str:
    """The pull-request comment, at most `cap` characters; what did not fit is named at the end."""
    text = f"### 目录变更\n\n{md_escape(headline(result))}\n"
    if result.problems:
        text += f"\n> 有 {len(result.problems)} 个文件无法解析，未参与比较：请运行 shenguan validate。\n"
    reserve = 400
    for i, c in enumerate(result.shown):
        chunk = "\n" + _md_change(result, c)
        if len(text) + len(chunk) > cap - reserve:
            rest = result.shown[i:]
            kinds = "、".join(f"{k} {n}" for k, n in _count(rest).items())
            text += (
                f"\n> 篇幅所限（上限 {cap:,} 字符），以下 {len(rest)} 项变更未列出（{kinds}）。"
                f"完整内容请运行 shenguan diff {_rev(result.base)} {_rev(result.head)} --format json。\n"
            )
            break
        text += chunk
    return text


def _rev(s: Side) -> str:
    return s.commit[:12] if s.commit else ""


def _count(changes: list[RecordChange]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for c in changes:
        counts[c.classification] = counts.get(c.classification, 0) + 1
    return counts


@renderer("diff", "markdown")
def render_markdown(result: DiffResult) -> None:
    _problems(result)
    print(markdown(result), end="")


@renderer("diff", "json")
def to_json(result: DiffResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "schema_version": JSON_SCHEMA_VERSION,
        "command": "diff",
        "status": result.status,
        "base": result.base.to_json(),
        "head": result.head.to_json(),
        "summary": result.summary,
        "changes": [c.to_json() for c in result.changes],
    }
    if result.problems:
        data["problems"] = [p.to_json() for p in result.problems]
    if result.unreadable:
        data["unreadable"] = [c.to_json() for c in result.unreadable]
    return data


@renderer("log", "json")
def log_to_json(log: RecordLog) -> dict[str, Any]:
    entries = [
        {
            "commit": e.commit,
            "date": e.date,
            "author": e.author,
            "subject": e.subject,
            "change": e.change.change if e.change else None,
            "classification": e.change.classification if e.change else None,
            "fields": [f.to_json() for f in e.change.fields] if e.change else [],
            "problem": e.problem or None,
        }
        for e in log.entries
    ]
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "command": "log",
        "status": "ok",
        "kind": log.kind,
        "id": log.id,
        "path": log.path,
        "head": log.head.to_json(),
        "entries": entries,
    }


@renderer("log", "text")
def render_log_text(log: RecordLog) -> None:
    console = out()
    name = next((e.change.name for e in log.entries if e.change and e.change.name), "")
    console.print(
        line(
            (f"{KIND_ZH.get(log.kind, log.kind)} {log.id} {name}".rstrip(), "bold"),
            f"（{log.path}，截至 {side(log.head)}）：共 {len(log.entries)} 次变更",
        )
    )
    if not log.entries:
        console.print(
            line(
                (
                    "该记录在这段历史中没有出现过；请检查编码，或用 git log 查看文件是否改过名。",
                    "dim",
                )
            )
        )
    for e in log.entries:
        kind = (
            f"[{e.change.classification}]"
            if e.change
            else "[无法解析]"
            if e.problem
            else "[无内容变化]"
        )
        console.print(
            line(
                (e.date[:10], "cyan"),
                "  ",
                (e.commit[:12], "yellow"),
                "  ",
                e.author,
                "  ",
                (kind, "bold"),
                "  ",
                _what(e),
            )
        )
        console.print(line("      ", (e.subject, "dim")))


def _what(e: LogEntry) -> str:
    if e.problem:
        return str(e.problem)
    if e.change is None:
        return "仅注释或格式变化"
    if e.change.change in ("added", "removed"):
        return f"{CHANGE_ZH[e.change.change]}记录"
    return show("、".join(dict.fromkeys(f.label for f in e.change.fields)))
