"""HTML through Jinja2 (its one importer): autoescaped templates from the package, http(s) links only.

Pages are single files: the stylesheet and script are inlined from the package and pinned by
their hashes in a Content-Security-Policy, so no other script can run even if markup slipped in.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from shenguan.codes import TYPE_ZH
from shenguan.export.public import PublicList
from shenguan.render.registry import renderer

# Columns whose values (codes, phones) read badly when wrapped.
NOWRAP = ("basic_code", "implementation_code", "consult_phone", "complaint_phone", "site_visits")
_HTTP = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


def http_url(value: Any) -> str:
    """The address when it is http(s); empty otherwise (`javascript:` survives autoescape)."""
    text = str(value or "").strip()
    return text if _HTTP.match(text) else ""


def _one_line(value: Any) -> Any:
    """Every value a template prints, escaped and with its line breaks as character references:
    a page written to stdout in CI then has no line that data starts (`::error …` is a command)."""
    if isinstance(value, Markup):  # the package's own stylesheet and script
        return value
    text = escape(value)
    return text.replace("\r", Markup("&#13;")).replace("\n", Markup("&#10;"))


@cache
def environment(folder: str = "export") -> jinja2.Environment:
    """The one way templates are loaded: from `data/templates/<folder>` in the package only,
    autoescaped, undefined names an error."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("shenguan", f"data/templates/{folder}"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_one_line,
    )
    env.filters["http_url"] = http_url
    return env


def _asset(name: str) -> str:
    """A static stylesheet or script shipped with the templates (never data)."""
    env = environment()
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source


def _hash(text: str) -> str:
    return (
        "'sha256-"
        + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
        + "'"
    )


def page(template: str, script: str | None = None, **context: Any) -> bytes:
    """One self-contained page: `template` with the shared stylesheet and an optional script."""
    css = _asset("page.css")
    js = _asset(script) if script else ""
    scripts = _hash(js) if js else "'none'"
    csp = (
        f"default-src 'none'; style-src {_hash(css)}; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    html = (
        environment()
        .get_template(template)
        .render(css=Markup(css), js=Markup(js), csp=csp, **context)
    )
    return html.encode("utf-8")


# The public list page.

SITE_KEYS = ("hall_name", "address", "hours", "consult_phone", "complaint_phone", "website")


def site_facts(site: dict[str, Any]) -> dict[str, str]:
    """Every key present, so templates never test a missing one."""
    return {k: str(site.get(k, "") or "") for k in SITE_KEYS}


def _cells(pl: PublicList, row: list[str], brief: bool) -> list[dict[str, Any]]:
    cells = []
    for c, value in zip(pl.columns, row):
        if c.brief == brief:
            url = http_url(value) if c.key == "online_url" else ""
            cells.append({"title": c.title, "value": value, "url": url, "nowrap": c.key in NOWRAP})
    return cells


def _types(present: set[str]) -> list[str]:
    """In the order of the national code list, then any local ones."""
    known = [name for name in TYPE_ZH.values() if name in present]
    return known + sorted(present - set(known))


@renderer("public list", "html")
def render(pl: PublicList) -> bytes:
    """The public list as one page: search box, department and type filters, cards on a phone."""
    dept, kind = pl.column("department"), pl.column("type")
    rows = [
        {
            "dept": r[dept] if dept is not None else "",
            "type": r[kind] if kind is not None else "",
            "brief": _cells(pl, r, True),
            "more": _cells(pl, r, False),
        }
        for r in pl.rows
    ]
    return page(
        "public.html.j2",
        script="list.js",
        region=str(pl.region.get("name", "")),
        as_of=pl.as_of,
        site=site_facts(pl.site),
        headers=[c.title for c in pl.columns if c.brief],
        rows=rows,
        departments=list(dict.fromkeys(r["dept"] for r in rows if r["dept"])),
        types=_types({str(r["type"]) for r in rows if r["type"]}),
    )
