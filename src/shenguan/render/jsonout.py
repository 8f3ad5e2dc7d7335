"""JSON for machines: one stable document (docs/architecture.md「命令行约定」) holding only public fields.

Shape of `export public`::

    {"schema_version": 1, "command": "export public", "status": "ok",
     "region": {"name", "code", "parent"}, "as_of": "YYYY-MM-DD" or "",
     "fields": {pointer: Chinese title, ...},          # the allow-list the items were read through
     "departments": [{"id", "name", "short_name", "uscc", "role", "level", "sections"}, ...],
     "items": [{matter record, public fields only, keys in schema order}, ...]}
"""

from __future__ import annotations

from shenguan.export.public import PublicList
from shenguan.render.envelope import SCHEMA_VERSION, encoded, envelope
from shenguan.render.registry import renderer

__all__ = ["SCHEMA_VERSION", "render"]


@renderer("public list", "json")
def render(pl: PublicList) -> bytes:
    return encoded(
        envelope(
            "export public",
            "ok",
            {
                "region": pl.region,
                "as_of": pl.as_of,
                "fields": pl.allow.titles,
                "departments": pl.departments,
                "items": pl.views(),
            },
        )
    )
