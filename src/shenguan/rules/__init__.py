"""Cross-record rules: each check reads the whole catalogue and yields issues at JSON pointers."""

from __future__ import annotations

from shenguan.rules.context import Context, Issue
from shenguan.rules.registry import RULES, Rule

__all__ = ["RULES", "Rule", "Context", "Issue", "run"]


def run(ctx: Context) -> list:  # list[Finding]
    from shenguan.findings import Finding
    from shenguan.rules import identity, law, mechanism, refs

    found = []
    for module in (identity, refs, law, mechanism):
        for check in module.CHECKS:
            for issue in check(ctx):
                rule = RULES[issue.rule]
                line, col = ctx.catalog.locate(issue.path, issue.pointer, issue.key)
                pointer = f"{issue.pointer}/{issue.key}" if issue.key else issue.pointer
                found.append(Finding(issue.path, line, col, issue.rule, rule.severity, pointer,
                                     issue.message, issue.hint or rule.title))
    return found
