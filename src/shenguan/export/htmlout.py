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
from markupsafe import Markup

_HTTP = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.I)


def http_url(value: Any) -> str:
    """The address when it is http(s); empty otherwise (`javascript:` survives autoescape)."""
    text = str(value or "").strip()
    return text if _HTTP.match(text) else ""


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("shenguan", "data/templates/export"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
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
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def render(template: str, script: str | None = None, **context: Any) -> bytes:
    """One self-contained page: `template` with the shared stylesheet and an optional script."""
    css = _asset("page.css")
    js = _asset(script) if script else ""
    scripts = _hash(js) if js else "'none'"
    csp = (f"default-src 'none'; style-src {_hash(css)}; script-src {scripts}; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    page = environment().get_template(template).render(
        css=Markup(css), js=Markup(js), csp=csp, **context)
    return page.encode("utf-8")
