"""The published document of an approval standard, as Markdown or as one self-contained HTML page.

HTML goes through the one Jinja2 environment (render/htmlout.py): autoescape on, the template from the package only; the page
carries no script and a Content-Security-Policy that allows only its own stylesheet. Markdown
reuses the export's escaping, so standard text can never turn into links or raw HTML.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from shenguan.catalog import Record
from shenguan.catalog.index import Context
from shenguan.codes import FIVE_STAGES
from shenguan.export import texts
from shenguan.render import htmlout
from shenguan.render.mdout import cell, esc, table
from shenguan.render.registry import renderer


@dataclass
class Document:
    """What the document shows, as plain text; both formats render this."""

    title: str
    department: str
    status: str
    matters: list[tuple[str, str]]
    stages: list[dict[str, Any]] = field(default_factory=list)
    consultation: str = ""
    bases: list[str] = field(default_factory=list)


def document(ctx: Context, rec: Record) -> Document:
    d = rec.data
    dept = ctx.departments.get(d.get("department", ""))
    if d.get("status") == "已发布":
        status = f"第 {d.get('version')} 版，{d.get('effective_date')} 起施行（{d.get('published_date')} 发布）"
    else:
        status = f"{d.get('status')}（未发布）"
    matters = [
        (c, str(ctx.matters[c].data.get("name")) if c in ctx.matters else "")
        for c in d.get("matters", [])
    ]
    out = Document(
        str(d.get("title")),
        str(dept.data.get("name")) if dept else str(d.get("department")),
        status,
        matters,
    )
    stages = d.get("stages", {})
    for name in [*FIVE_STAGES, *(s for s in stages if s not in FIVE_STAGES)]:
        if name in stages:
            st = stages[name]
            meta = "；".join(
                x
                for x in (
                    f"时限：{texts.time_limit(st.get('time_limit'))}"
                    if st.get("time_limit")
                    else "",
                    f"责任岗位：{st['responsible']}" if st.get("responsible") else "",
                )
                if x
            )
            out.stages.append(
                {"name": name, "meta": meta, "requirements": list(st.get("requirements", []))}
            )
    cons = d.get("consultation", {})
    if cons.get("required"):
        who = ctx.departments.get(cons.get("with_department", ""))
        out.consultation = f"须与{who.data.get('name') if who else cons.get('with_department')}会商：{cons.get('when', '')}".rstrip(
            "："
        )
    out.bases = [texts.basis(b) for b in d.get("legal_basis", [])]
    return out


@renderer("standard document", "md")
def markdown(doc: Document) -> str:
    lines = [
        f"# {esc(doc.title)}",
        "",
        f"{esc(doc.department)} · {esc(doc.status)}",
        "",
        "## 适用事项",
        "",
    ]
    lines += table(["基本编码", "事项名称"], ([cell(c), cell(n)] for c, n in doc.matters))
    for i, stage in enumerate(doc.stages, 1):
        lines += ["", f"## {i}. {esc(stage['name'])}", ""]
        if stage["meta"]:
            lines += [esc(stage["meta"]), ""]
        lines += [
            f"{n}. {esc(' '.join(str(r).split()))}" for n, r in enumerate(stage["requirements"], 1)
        ]
    if doc.consultation:
        lines += ["", "## 会商安排", "", esc(doc.consultation)]
    if doc.bases:
        lines += ["", "## 制定依据", ""] + [f"- {esc(b)}" for b in doc.bases]
    return "\n".join(lines) + "\n"


@renderer("standard document", "html")
def html(doc: Document) -> str:
    env = htmlout.environment("standard")
    assert env.loader is not None
    css = env.loader.get_source(env, "standard.css")[0]
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    csp = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    return env.get_template("standard.html.j2").render(s=doc, css=Markup(css), csp=csp)
