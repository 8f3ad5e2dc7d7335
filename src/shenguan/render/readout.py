"""Readable changes (diff/readable.py) as text lines and Markdown, shared by `diff`, the review
packet, `review status` and the archive copy. Catalogue text is data: control characters are made
visible, Markdown is escaped; no JSON, no English key, no pointer is ever shown."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from shenguan.diff.groups import REVIEW_GROUP, Groups
from shenguan.diff.model import ChangeEntry, Line, Row
from shenguan.diff.readable import ADD, MODIFY, REMOVE
from shenguan.render.safe import visible

Part = tuple[str, str] | str
ABSENT = "（无）"
REVIEW_MARK = "【须审查】"
INDENT = "    "
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~<>])")


def plain(value: object) -> str:
    """One line of catalogue text, safe on a terminal."""
    return visible(str(value).replace("\r\n", "\n").replace("\n", " ⏎ "))


def md(value: object) -> str:
    """Catalogue text made inert in Markdown: no HTML, no markup, no @mentions, one line."""
    text = html.escape(plain(value), quote=False).replace("@", "&#64;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def heading(entry: ChangeEntry) -> str:
    """What an entry's first line says before its own lines."""
    if entry.action == ADD:
        return f"{entry.label}：{ABSENT} → （新增，见下）"
    if entry.action == REMOVE:
        return f"{entry.label}：（删除，原内容见下） → {ABSENT}"
    return f"{entry.label}（{entry.action}）："


def _arrow(line: Line) -> str:
    if line.before is None and line.after is not None:
        return line.after
    if line.after is None and line.before is not None:
        return line.before
    return f"{line.before if line.before is not None else ABSENT} → {line.after or ABSENT}"


# --- text -----------------------------------------------------------------------------------------


def entry_text(entry: ChangeEntry, mark: str = "", indent: str = INDENT) -> list[list[Part]]:
    first: list[Part] = [indent]
    if mark:
        first.append((mark, "bold magenta"))
    if entry.simple:
        only = entry.lines[0]
        before, after = only.before or ABSENT, only.after or ABSENT
        return [
            [
                *first,
                (plain(entry.label), "cyan"),
                "：",
                plain(before),
                (" → ", "dim"),
                plain(after),
            ]
        ]
    out = [[*first, (plain(heading(entry)), "cyan")]]
    for line in entry.lines:
        pad = indent + INDENT + "  " * line.depth
        text = _arrow(line) if line.before is not None or line.after is not None else ""
        out.append([pad, plain(line.label), "：" if line.label and text else "", plain(text)])
    return out


def groups_text(groups: Groups, indent: str = INDENT) -> list[list[Part]]:
    out: list[list[Part]] = []
    for name, found in groups:
        if not found:
            continue
        if name != REVIEW_GROUP:
            out.append([indent, (f"{name}：", "dim")])
        mark = REVIEW_MARK if name == REVIEW_GROUP else ""
        for entry in found:
            out += entry_text(entry, mark, indent)
    return out


def rows_text(rows: Iterable[Row], indent: str = INDENT) -> list[list[Part]]:
    return [
        [indent + "  " * r.depth, (plain(r.label), "cyan"), "：" if r.text else "", plain(r.text)]
        for r in rows
    ]


# --- markdown -------------------------------------------------------------------------------------


def entry_markdown(entry: ChangeEntry) -> list[str]:
    if entry.simple:
        only = entry.lines[0]
        return [f"| {md(entry.label)} | {md(only.before or ABSENT)} | {md(only.after or ABSENT)} |"]
    out = [f"| **{md(entry.label)}**（{entry.action}） | | |"]
    for line in entry.lines:
        label = "　" * (line.depth + 1) + md(line.label)
        if entry.action == MODIFY and line.before is None and line.after is None:
            out.append(f"| {label} | | |")
            continue
        before = "" if entry.action == ADD else md(line.before if line.before is not None else "")
        after = "" if entry.action == REMOVE else md(line.after if line.after is not None else "")
        if entry.action not in (ADD, REMOVE):
            before, after = md(line.before or ABSENT), md(line.after or ABSENT)
        out.append(f"| {label} | {before} | {after} |")
    return out


def groups_markdown(groups: Groups) -> str:
    """One table per group under its name, reviewed fields first, contact-only edits last."""
    out = []
    for name, found in groups:
        if not found:
            continue
        title = f"\n**{name}**\n"
        body = [line for e in found for line in entry_markdown(e)]
        out.append(title + "\n| 字段 | 原值 | 新值 |\n|---|---|---|\n" + "\n".join(body) + "\n")
    return "".join(out)


def rows_markdown(rows: Iterable[Row]) -> str:
    body = [
        f"| {'　' * r.depth}{'**' + md(r.label) + '**' if not r.text else md(r.label)} | {md(r.text)} |"
        for r in rows
    ]
    return "\n| 字段 | 内容 |\n|---|---|\n" + "\n".join(body) + "\n"
