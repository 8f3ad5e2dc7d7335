"""The report on a terminal: key figures, tables and bar charts drawn with block characters."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text

from shenguan.export.blocks import Block
from shenguan.export.reportview import blocks, title
from shenguan.render.console import line, out
from shenguan.render.registry import renderer
from shenguan.render.safe import visible

BAR_WIDTH = 30


def _bar(value: float, top: float) -> str:
    cells = round(BAR_WIDTH * max(0.0, min(value, top)) / top) if top else 0
    return "█" * cells


def _table(head: list[str], rows: list[list[str]]) -> Table:
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for h in head:
        table.add_column(Text(visible(h)), overflow="fold")
    for row in rows:
        table.add_row(*(Text(visible(v)) for v in row))
    return table


def _chart(b: Block) -> Table:
    top = b.chart_max or max((v for _, v, _ in b.chart), default=0) or 1
    table = Table(show_header=False, show_edge=False, box=None, pad_edge=False)
    for _ in range(3):
        table.add_column()
    for label, value, shown in b.chart:
        table.add_row(
            Text(visible(label)), Text(_bar(value, top), style="blue"), Text(visible(shown))
        )
    return table


def _block(b: Block) -> None:
    console = out()
    console.print(line((b.title, "bold")))
    if b.note:
        console.print(line(("  " + b.note, "dim")))
    for k, v in b.pairs:
        console.print(line("  ", (k, "cyan"), "：", v))
    if b.chart:
        console.print(_chart(b))
    if b.rows:
        console.print(_table(b.head, b.rows))
    console.print()


@renderer("report", "text")
def render_text(data: dict[str, Any]) -> None:
    out().print(line((title(data), "bold underline")))
    out().print()
    for b in blocks(data):
        _block(b)
