"""The change announcement as Markdown (ready to publish), HTML, or JSON."""

from __future__ import annotations

from shenguan.export.changes import GROUPS, Announcement, Item
from shenguan.render import htmlout, mdout
from shenguan.render.envelope import encoded, envelope
from shenguan.render.registry import renderer

NUMERALS = ("一", "二", "三")
HEAD = ["序号", "基本编码", "事项名称", "实施主体", "调整类型", "调整日期", "依据文件"]


def versions(a: Announcement) -> str:
    def label(side: dict[str, object]) -> str:
        rev, commit = side.get("rev") or "", side.get("commit") or ""
        if rev == "worktree" or not commit:
            return "工作区"
        return f"{rev}（{str(commit)[:12]}）" if rev != commit else str(commit)[:12]

    return f"{label(a.base)} → {label(a.head)}"


def intro(a: Announcement) -> str:
    s = a.summary
    if not a.items:
        return "两个版本之间，政务服务事项目录没有变化。"
    return (
        f"本次共调整政务服务事项 {len(a.items)} 项，其中新增 {s['新增']} 项、取消 {s['取消']} 项、"
        f"调整 {s['调整']} 项。具体如下："
    )


def _row(n: int, i: Item) -> list[str]:
    return [
        str(n),
        mdout.cell(i.code),
        mdout.cell(i.name),
        mdout.cell(i.department),
        mdout.cell(i.classification),
        mdout.cell("、".join(i.dates)),
        mdout.cell("；".join(i.basis)),
    ]


@renderer("changes", "md")
def markdown(a: Announcement) -> bytes:
    lines = [
        f"# {mdout.esc(a.region)}政务服务事项目录调整公告",
        "",
        f"版本：{mdout.esc(versions(a))}",
        "",
        intro(a),
        "",
    ]
    for numeral, name in zip(NUMERALS, GROUPS):
        items = a.group(name)
        if not items:
            continue
        lines += [f"## {numeral}、{name}事项（{len(items)} 项）", ""]
        lines += mdout.table(HEAD, (_row(n, i) for n, i in enumerate(items, start=1)))
        lines.append("")
        for i in items:
            lines += _details(i)
    return "\n".join(lines).encode("utf-8")


def _details(i: Item) -> list[str]:
    if not i.fields and not i.notes:
        return []
    lines = [f"**{mdout.esc(i.name)}（{mdout.esc(i.code)}）**", ""]
    lines += [f"- {mdout.esc(n)}" for n in i.notes]
    lines += [
        f"- {mdout.esc(f.label)}：由“{mdout.cell(f.before or '无')}”调整为“{mdout.cell(f.after or '无')}”"
        for f in i.fields
    ]
    return lines + [""]


@renderer("changes", "html")
def html(a: Announcement) -> bytes:
    groups = [
        (f"{numeral}、{name}事项", a.group(name))
        for numeral, name in zip(NUMERALS, GROUPS)
        if a.group(name)
    ]
    return htmlout.page(
        "changes.html.j2", a=a, groups=groups, versions=versions(a), intro=intro(a), head=HEAD
    )


@renderer("changes", "json")
def json_doc(a: Announcement) -> bytes:
    return encoded(
        envelope(
            "export changes",
            "changes" if a.items else "ok",
            {
                "region": a.region,
                "base": a.base,
                "head": a.head,
                "summary": a.summary,
                "items": [
                    {
                        "group": i.group,
                        "classification": i.classification,
                        "id": i.code,
                        "name": i.name,
                        "department": i.department,
                        "dates": i.dates,
                        "basis": i.basis,
                        "notes": i.notes,
                        "fields": [
                            {
                                "pointer": f.pointer,
                                "label": f.label,
                                "before": f.before,
                                "after": f.after,
                            }
                            for f in i.fields
                        ],
                    }
                    for i in a.items
                ],
            },
        )
    )
