"""The report as Markdown, HTML (bar charts as inline SVG) or JSON."""

from __future__ import annotations

import unicodedata
from typing import Any

from shenguan.export.blocks import Block
from shenguan.export.reportview import blocks, title
from shenguan.render import htmlout, mdout
from shenguan.render.envelope import encoded, envelope
from shenguan.render.registry import renderer

# Bar charts as plain geometry for an inline SVG: no chart library, no script.
WIDTH = 640
BAR, GAP = 20, 8
CHAR_PX = 7  # a half-width character at 12 px; full-width ones count twice


def text_px(text: str) -> int:
    return CHAR_PX * sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def bars(rows: list[tuple[str, float, str]], maximum: float | None = None) -> dict[str, Any]:
    """Label, value and shown text per row -> the positions the template draws."""
    label_w = min(220, max((text_px(label) for label, _, _ in rows), default=0) + 10)
    value_w = min(200, max((text_px(shown) for _, _, shown in rows), default=0) + 10)
    top = maximum if maximum else max((v for _, v, _ in rows), default=0) or 1
    span = WIDTH - label_w - value_w
    items = []
    for i, (label, value, shown) in enumerate(rows):
        y = i * (BAR + GAP)
        w = round(max(0.0, min(value, top)) / top * span, 1)
        items.append(
            {
                "label": label,
                "shown": shown,
                "x": label_w,
                "y": y,
                "w": w,
                "h": BAR,
                "ty": y + BAR - 6,
                "tx": label_w + w + 4,
            }
        )
    return {
        "width": WIDTH,
        "height": max(1, len(rows) * (BAR + GAP)),
        "label_x": label_w - 6,
        "items": items,
    }


def _md_block(b: Block) -> list[str]:
    lines = [f"## {mdout.esc(b.title)}", ""]
    if b.note:
        lines += [mdout.block(b.note), ""]
    if b.pairs:
        lines += [f"- **{mdout.esc(k)}**：{mdout.cell(v)}" for k, v in b.pairs] + [""]
    if b.chart:
        lines += mdout.table(
            ["项目", "数值"],
            ([mdout.cell(label), mdout.cell(shown)] for label, _, shown in b.chart),
        )
        lines.append("")
    if b.rows:
        lines += mdout.table(b.head, ([mdout.cell(v) for v in row] for row in b.rows)) + [""]
    return lines


@renderer("report", "md")
def markdown(data: dict[str, Any]) -> bytes:
    lines = [f"# {mdout.esc(title(data))}", ""]
    for b in blocks(data):
        lines += _md_block(b)
    return "\n".join(lines).encode("utf-8")


@renderer("report", "html")
def html(data: dict[str, Any]) -> bytes:
    drawn = [(b, bars(b.chart, b.chart_max) if b.chart else None) for b in blocks(data)]
    return htmlout.page("report.html.j2", title=title(data), blocks=drawn)


@renderer("report", "json")
def json_doc(data: dict[str, Any]) -> bytes:
    return encoded(envelope("report", "ok", data))
