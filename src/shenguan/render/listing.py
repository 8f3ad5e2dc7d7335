"""The read-only commands' results: tables on a terminal (every cell Text, never markup) or one
JSON document; the rule list; `standard check`'s findings; an undertaking suggestion."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rich.table import Column, Table

from shenguan.findings import SEVERITY_ZH, Finding, has_errors
from shenguan.i18n import t
from shenguan.render.console import err, line, out
from shenguan.render.envelope import emit_envelope
from shenguan.render.registry import renderer

Row = tuple[Any, ...]


@dataclass
class Listing:
    """What a listing command shows: its JSON payload, and the same as tables for a terminal."""

    command: str
    payload: dict[str, Any]
    tables: list[tuple[list[str], list[Row]]] = field(default_factory=list)
    note: str = ""  # a closing remark, on stderr


def table(headers: list[str], rows: Iterable[Row]) -> None:
    grid = Table(*(Column(h, overflow="fold") for h in headers))
    for row in rows:
        grid.add_row(*(line("" if v is None else str(v)) for v in row))
    out().print(grid)


@renderer("table", "text")
def listing_text(listing: Listing) -> None:
    for headers, rows in listing.tables:
        table(headers, rows)
    if listing.note:
        err().print(line(listing.note))


@renderer("table", "json")
def listing_json(listing: Listing) -> None:
    emit_envelope(listing.command, "ok", listing.payload)


@renderer("rules", "text")
def rules_text(rules: Iterable[Any]) -> None:
    # Titles and clauses wrap instead of being cut: the clause is where a rule comes from.
    grid = Table(
        Column(t("代码", "Code"), no_wrap=True),
        Column(t("级别", "Severity"), no_wrap=True),
        Column(t("规则", "Rule"), overflow="fold", ratio=1),
        Column(t("依据", "Clause"), overflow="fold", ratio=1),
    )
    for r in rules:
        grid.add_row(
            *(
                line(v)
                for v in (
                    r.code,
                    t(SEVERITY_ZH[r.severity], r.severity.value),
                    t(r.title, r.title_en),
                    r.clause,
                )
            )
        )
    out().print(grid)


@renderer("rules", "json")
def rules_json(rules: Iterable[Any]) -> None:
    items = [
        {
            "rule": r.code,
            "severity": r.severity.value,
            "layer": r.layer,
            "title": r.title,
            "title_en": r.title_en,
            "clause": r.clause,
        }
        for r in rules
    ]
    emit_envelope("rules", "ok", {"rules": items})


@renderer("standard check", "text")
def check_text(sid: str, path: str, findings: list[Finding]) -> None:
    if not findings:
        err().print(line(f"✓ {path} 可以发布。"))
        return
    console = out()
    console.print(line((path, "bold")))
    for f in findings:
        where = (f"{f.line}:{f.column}", "cyan")
        rule = (f.rule, "magenta")
        console.print(line("  ", where, "  ", SEVERITY_ZH[f.severity], "  ", rule, "  ", f.message))
        console.print(line("      → ", (f.hint, "dim")))


@renderer("standard check", "json")
def check_json(sid: str, path: str, findings: list[Finding]) -> None:
    status = "findings" if has_errors(findings) else "ok"
    payload = {"id": sid, "file": path, "findings": [f.to_json() for f in findings]}
    emit_envelope("standard check", status, payload)


@renderer("suggestion", "text")
def suggestion_text(s: Any) -> None:
    console = out()
    verdict = (
        f"建议由{s.department_name}（{s.department}）承接" if s.department else "不适用二（二）"
    )
    console.print(line((f"{s.code} {s.name}", "bold"), "：", (verdict, "bold")))
    for reason in s.reasons:
        console.print(line("  · ", reason))
    for i, step in enumerate(s.steps, 1):
        console.print(line(f"  {i}. ", step))


@renderer("suggestion", "json")
def suggestion_json(s: Any) -> None:
    emit_envelope("transfer suggest", "ok", asdict(s))
