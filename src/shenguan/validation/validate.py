"""`validate`: the YAML, schema and rule layers over a whole catalogue, every finding at once.

The top of the loading path: a run goes down once, validate → checking (the incremental engine,
matters kept as facts) or records (whole records) → catalog.workers, and comes back with the
catalogue and the findings of the per-file layers; the catalogue checks (rules) then run here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from shenguan import catalog as cat
from shenguan import clock
from shenguan.catalog.index import Context
from shenguan.codes import TYPE_ZH
from shenguan.findings import Finding, Severity
from shenguan.nogc import paused
from shenguan.validation import rules
from shenguan.validation.records import load_records


@dataclass
class Report:
    catalog: cat.Catalog
    findings: list[Finding]
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def validate(
    source: cat.Source,
    paths: list[str] | None = None,
    workers: int | None = None,
    today: dt.date | None = None,
    cache: Any = None,
    progress: Any = None,
    project: bool = True,
) -> Report:
    """Every finding of the catalogue; with `paths`, only the findings in those files.

    `cache` (a shenguan.catalog.cache.Cache) lets unchanged files skip the YAML, schema and
    matter-rule layers; the catalogue checks always run on the whole catalogue. With `project` (the
    default) matters are kept as their facts only (see validation.checking); callers that go on to
    use the records pass False and get every record whole (validation.records)."""
    today = today or clock.today()
    with paused():
        try:
            if project:
                from shenguan.validation.checking import check_records

                catalog, findings = check_records(source, workers, cache, today, progress)
            else:
                catalog, findings = load_records(source, workers, cache=cache, progress=progress)
            ctx = Context(catalog, today)
            findings.extend(rules.run_catalogue(ctx) if project else rules.run(ctx))
            summary = summarize(ctx)
        finally:
            if cache is not None:
                cache.close()
    if paths:
        wanted = {p.rstrip("/") for p in paths}
        _check_paths(wanted, source)
        findings = [
            f
            for f in findings
            if f.file in wanted or any(f.file.startswith(w + "/") for w in wanted)
        ]
    return Report(catalog, sorted(set(findings)), summary)


def _check_paths(wanted: set[str], source: cat.Source) -> None:
    from shenguan.errors import UsageError

    known = set(source.files()) | {f.file for f in source.problems()}
    missing = sorted(
        w for w in wanted if w not in known and not any(k.startswith(w + "/") for k in known)
    )
    if missing:
        raise UsageError(
            f"目录中没有 {'、'.join(missing)}",
            "路径相对目录根（如 matters/000172013000.yaml）或当前文件夹",
        )


def summarize(ctx: Context) -> dict[str, Any]:
    """The headline figures of a catalogue, shown after a validation run."""
    matters = list(ctx.matters.values())
    in_use = [m for m in matters if ctx.in_use(m)]
    return {
        "departments": len(ctx.departments),
        "matters": len(matters),
        "in_use": len(in_use),
        "by_type": dict(
            sorted(Counter(TYPE_ZH.get(m.data.get("type", ""), "?") for m in in_use).items())
        ),
        "by_status": dict(sorted(Counter(str(m.data.get("status")) for m in matters).items())),
        "transferred": sum(ctx.is_transferred(m) for m in in_use),
        "standards_published": sum(
            1 for v in ctx.standards.values() if any(s.data.get("status") == "已发布" for s in v)
        ),
        "transfers": len(ctx.transfers),
        "agreements": len(ctx.agreements),
        "liaisons": sum(len(p) for p in ctx.active_liaisons().values()),
    }
