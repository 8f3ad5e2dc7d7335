"""Markdown: escaping that keeps catalogue text literal, and the public list as tables per department.

Markdown renderers pass raw HTML through, so `<` and `>` are escaped along with the characters that
build links, emphasis and tables; links are written only for http(s) addresses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import groupby

from shenguan.export.public import PublicList
from shenguan.render.registry import renderer

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~!{}])")
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+(?=[.)](?:\s|$)))")
_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_COLON = re.compile(r"^(\s*)(?=:)")  # `\:` shows a colon; it keeps `::` off the line start
_URL = re.compile(r"^https?://[^\s<>\"'()\\]+$")


def esc(text: object) -> str:
    """Literal inline text: nothing in it can become markup, HTML or a link, break the line, or
    start a line with `::` (a GitHub workflow command when printed in CI)."""
    one = _BREAKS.sub(" ", str(text))
    return _COLON.sub(r"\1\\", _SPECIAL.sub(r"\\\1", one))


def cell(text: object) -> str:
    """Literal text inside a table cell: one line."""
    return esc(" ".join(str(text).split()))


def _line(text: str) -> str:
    """One literal line at the start of a Markdown line: it cannot open a heading or a list either."""
    found = _LINE_START.match(text)
    if found is None:
        return esc(text)
    if found.group(
        2
    ).isdigit():  # `1.` / `1)` would start an ordered list: escape the mark after it
        cut = found.end()
        return esc(text[:cut]) + "\\" + esc(text[cut:])
    return found.group(1) + "\\" + esc(text[found.end(1) :])


def block(text: object) -> str:
    """Multi-line literal text: each line escaped, kept as hard line breaks."""
    return "  \n".join(_line(line) for line in str(text).splitlines())


def link(label: str, url: object) -> str:
    """`[label](url)` for an http(s) address; the bare escaped text for anything else."""
    value = str(url or "")
    return f"[{cell(label)}]({value})" if _URL.match(value) else cell(value)


def table(headers: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A table of plain headers and already-rendered Markdown cells."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


@renderer("public list", "md")
def render(pl: PublicList) -> bytes:
    region = str(pl.region.get("name", ""))
    lines = [f"# {esc(region)}政务服务事项清单", ""]
    if pl.as_of:
        lines += [f"数据截至 {esc(pl.as_of)}，共 {len(pl.rows)} 项。", ""]
    else:
        lines += [f"共 {len(pl.rows)} 项。", ""]
    dept, url = pl.column("department"), pl.column("online_url")
    shown = [i for i, c in enumerate(pl.columns) if c.brief and i not in (dept, url)]
    for name, group in groupby(pl.rows, key=lambda r: r[dept] if dept is not None else ""):
        rows = list(group)
        lines += [f"## {esc(name or '未注明部门')}（{len(rows)} 项）", ""]
        lines += table(
            [pl.columns[i].title for i in shown] + (["网办地址"] if url is not None else []),
            (
                [cell(r[i]) for i in shown]
                + ([link("在线办理", r[url])] if url is not None else [])
                for r in rows
            ),
        )
        lines.append("")
    return ("\n".join(lines)).encode("utf-8")
