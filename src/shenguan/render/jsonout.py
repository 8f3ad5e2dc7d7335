"""JSON for machines: one stable document (DESIGN.md §7) holding only public fields.

Shape of `export public`::

    {"schema_version": 1, "command": "export public", "status": "ok",
     "region": {"name", "code", "parent"}, "as_of": "YYYY-MM-DD" or "",
     "fields": {pointer: Chinese title, ...},          # the allow-list the items were read through
     "departments": [{"id", "name", "short_name", "uscc", "role", "level", "sections"}, ...],
     "items": [{matter record, public fields only, keys in schema order}, ...]}
"""

from __future__ import annotations

import json
from typing import Any

from shenguan.export.public import PublicList

SCHEMA_VERSION = 1


def document(command: str, payload: dict[str, Any], status: str = "ok") -> dict[str, Any]:
    return {"schema_version": SCHEMA_VERSION, "command": command, "status": status, **payload}


def dumps(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(pl: PublicList) -> bytes:
    return dumps(
        document(
            "export public",
            {
                "region": pl.region,
                "as_of": pl.as_of,
                "fields": pl.allow.titles,
                "departments": pl.departments,
                "items": pl.views(),
            },
        )
    )
