"""The facts of a matter: the few fields the catalogue checks and the run summary read.

Catalogue checks run on every matter on every run; holding facts instead of whole matters keeps
that fast and small (100 k matters). A catalogue check must read nothing of a matter but these —
tests compare every golden case checked from facts with the same case checked from whole records.
"""

from __future__ import annotations

from typing import Any

TOP = ("id", "status", "type")
CUSTODY = (
    "approving_department",
    "supervising_department",
    "approving_section",
    "supervising_section",
)


def facts(data: dict[str, Any]) -> dict[str, Any]:
    out = {k: data[k] for k in TOP if k in data}
    custody = data.get("custody")
    if isinstance(custody, dict):
        out["custody"] = {k: custody[k] for k in CUSTODY if k in custody}
    adjustments = data.get("adjustments")
    if isinstance(adjustments, list) and any(
        isinstance(a, dict) and "related" in a for a in adjustments
    ):
        out["adjustments"] = [
            {"related": a["related"]} if isinstance(a, dict) and "related" in a else {}
            for a in adjustments
        ]
    return out
