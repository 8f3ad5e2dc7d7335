"""Findings: the one result type every validation layer returns and every renderer shares."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place; `file` is relative to the catalogue root, line/column 1-based."""

    file: str
    line: int
    column: int
    rule: str
    severity: Severity = field(compare=False)
    pointer: str = ""  # two findings of one rule at one place differ by what they say
    message: str = ""
    hint: str = field(compare=False, default="")

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return {
            k: data[k]
            for k in ("rule", "severity", "file", "line", "column", "pointer", "message", "hint")
        }


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
