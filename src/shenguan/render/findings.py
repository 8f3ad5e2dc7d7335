"""Renderers for a validation report: text (rich, grouped by file), json, github annotations."""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import Path
from typing import Any

from shenguan.findings import SEVERITY_ZH, Severity
from shenguan.i18n import t
from shenguan.render.console import line, out
from shenguan.render.envelope import emit, envelope
from shenguan.render.registry import renderer
from shenguan.render.safe import annotation, annotation_property
from shenguan.validation.rules.registry import RULES
from shenguan.validation.validate import Report

STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def to_json(report: Report, command: str = "validate") -> dict[str, Any]:
    return envelope(
        command,
        "findings" if report.errors else "ok",
        {
            "catalog": report.catalog.source.label,
            "summary": {**report.summary, "errors": report.errors, "warnings": report.warnings},
            "findings": [f.to_json() for f in report.findings],
        },
    )


@renderer("findings", "json")
def render_json(report: Report) -> None:
    emit(to_json(report))


@renderer("findings", "github")
def render_github(report: Report) -> None:
    root = Path(report.catalog.source.label)
    for f in report.findings:
        path = os.path.relpath(root / f.file)
        level = "error" if f.severity is Severity.ERROR else "warning"
        print(
            f"::{level} file={annotation_property(path)},line={f.line},col={f.column},title={f.rule}::"
            f"{annotation(f.message)}（{annotation(f.hint)}）"
        )
    print(annotation(_tally(report)))


@renderer("findings", "text")
def render_text(report: Report) -> None:
    console = out()
    for file, group in groupby(report.findings, key=lambda f: f.file):
        console.print(line((file, "bold")))
        for f in group:
            sev = t(SEVERITY_ZH[f.severity], f.severity.value)
            rule = RULES.get(f.rule)
            message = t(f.message, f"{rule.title_en if rule else f.rule} — {f.message}")
            console.print(
                line(
                    "  ",
                    (f"{f.line}:{f.column}", "cyan"),
                    "  ",
                    (sev, STYLE[f.severity]),
                    "  ",
                    (f.rule, "magenta"),
                    "  ",
                    message,
                )
            )
            if f.hint:
                console.print(line("      → ", (f.hint, "dim")))
    console.print(line(_summary(report)))
    console.print(line((_tally(report), "bold red" if report.errors else "bold green")))


def _summary(report: Report) -> str:
    s = report.summary
    types = "、".join(f"{k} {v}" for k, v in s.get("by_type", {}).items())
    status = "、".join(f"{k} {v}" for k, v in s.get("by_status", {}).items())
    return t(
        f"目录 {report.catalog.source.label}：部门 {s['departments']} 个，事项 {s['matters']} 项（{status}）；"
        f"在用事项按类型：{types}；由审批局审批、原部门监管（划转、委托、承接）{s['transferred']} 项；已发布审批标准 {s['standards_published']} 项；"
        f"划转记录 {s['transfers']} 份；推送约定 {s['agreements']} 份；在任联络员 {s['liaisons']} 名。",
        f"Catalogue {report.catalog.source.label}: {s['departments']} departments, {s['matters']} matters "
        f"({s['in_use']} in use), {s['transferred']} transferred, {s['standards_published']} published standards, "
        f"{s['transfers']} transfer records, {s['agreements']} push agreements, {s['liaisons']} active liaisons.",
    )


def _tally(report: Report) -> str:
    if not report.findings:
        return t("✓ 校验通过：未发现问题。", "✓ Valid: no findings.")
    return t(
        f"共发现 {report.errors} 个错误、{report.warnings} 个警告。",
        f"{report.errors} errors, {report.warnings} warnings.",
    )
