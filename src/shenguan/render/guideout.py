"""Service guides as Markdown or HTML, one matter or every matter with an index page."""

from __future__ import annotations

from pathlib import Path

from shenguan.catalog import Catalog
from shenguan.export.allow import MetaSource
from shenguan.export.guide import Guide, Sources, build, find
from shenguan.export.public import IN_USE, Tick
from shenguan.render import htmlout, mdout
from shenguan.render.registry import get, renderer

SUFFIX = {"html": ".html", "md": ".md"}


@renderer("guide", "md")
def markdown(g: Guide) -> bytes:
    lines = [
        f"# {mdout.esc(g.name)} 办事指南",
        "",
        f"基本编码 {mdout.esc(g.code)} · {mdout.esc(g.region)}",
        "",
    ]
    for s in g.sections:
        lines += [f"## {mdout.esc(s.title)}", ""]
        lines += [f"- **{mdout.esc(k)}**：{mdout.cell(v)}" for k, v in s.pairs]
        lines += [f"- **{mdout.esc(label)}**：{mdout.link(url, url)}" for label, url in s.links]
        if s.pairs or s.links:
            lines.append("")
        if s.text:
            lines += [mdout.block(s.text), ""]
        if s.rows:
            lines += mdout.table(s.head, ([mdout.cell(v) for v in row] for row in s.rows))
            lines.append("")
    return "\n".join(lines).encode("utf-8")


@renderer("guide", "html")
def html(g: Guide) -> bytes:
    return htmlout.page("guide.html.j2", guide=g)


def one(catalog: Catalog, code: str, fmt: str, meta: MetaSource | None = None) -> bytes:
    data: bytes = get("guide", fmt)(build(Sources(catalog, meta), find(catalog, code)))
    return data


def every(
    catalog: Catalog, fmt: str, tick: Tick | None = None, meta: MetaSource | None = None
) -> dict[str, bytes]:
    """File name -> bytes for each matter in use, plus an index; built before anything is written."""
    src = Sources(catalog, meta)
    matters = sorted(
        (r.data for r in catalog.of("matter") if r.data.get("status") in IN_USE),
        key=lambda d: str(d.get("id", "")),
    )
    files: dict[str, bytes] = {}
    guides = []
    for i, data in enumerate(matters, start=1):
        g = build(src, data)
        guides.append(g)
        files[Path(g.code).name + SUFFIX[fmt]] = get("guide", fmt)(g)
        if tick:
            tick(i, len(matters))
    files[("index" if fmt == "html" else "README") + SUFFIX[fmt]] = _index(guides, src.region, fmt)
    return files


def _index(guides: list[Guide], region: str, fmt: str) -> bytes:
    if fmt == "html":
        return htmlout.page("guide_index.html.j2", guides=guides, region=region)
    lines = [f"# {mdout.esc(region)}办事指南目录", "", f"共 {len(guides)} 项。", ""]
    lines += mdout.table(
        ["基本编码", "事项名称"],
        ([mdout.cell(g.code), f"[{mdout.cell(g.name)}]({Path(g.code).name}.md)"] for g in guides),
    )
    return ("\n".join(lines) + "\n").encode("utf-8")
