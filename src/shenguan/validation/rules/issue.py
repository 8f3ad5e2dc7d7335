"""What a rule reports before it is placed in a file: the rule code, the record and the pointer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    rule: str
    path: str
    pointer: str
    message: str
    hint: str = ""
    key: str | None = None
