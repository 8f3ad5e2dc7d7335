"""The rule layer, in two parts so a run after a small change costs what changed:

- matter checks read one matter in full plus the rest of the catalogue except other matters (the
  "world": departments, standards, transfers, agreements, liaisons, the manifest and today); their
  findings can be reused while the matter's bytes and the world are unchanged;
- catalogue checks run on the whole catalogue every time, reading matters only through their facts
  (see rules.facts), so they need neither the matters' texts nor a parse of unchanged files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from shenguan.catalog.index import Context
from shenguan.findings import Finding
from shenguan.validation.rules.issue import Issue
from shenguan.validation.rules.registry import RULES, Rule

__all__ = ["RULES", "Rule", "Context", "Issue", "run", "check_matter", "run_catalogue"]
Locate = Callable[[str, str | None], tuple[int, int]]


@cache
def _modules() -> tuple[Any, ...]:
    from shenguan.validation.rules import identity, law, mechanism, quality, refs

    return identity, refs, law, mechanism, quality


@cache
def _matter_checks() -> tuple[Any, ...]:
    return tuple(check for module in _modules() for check in module.MATTER_CHECKS)


def run(ctx: Context) -> list[Finding]:
    """Every rule over a catalogue whose records are all loaded in full."""
    found: list[Finding] = []
    for m in ctx.matter_records:
        found.extend(check_matter(ctx, m, _locator(ctx, m.path)))
    found.extend(run_catalogue(ctx))
    return found


def _locator(ctx: Context, rel: str) -> Locate:
    return lambda pointer, key: ctx.catalog.locate(rel, pointer, key)


def check_matter(ctx: Context, matter: Any, locate: Locate) -> list[Finding]:
    """The matter checks for one matter (a Record with its full data)."""
    issues = [issue for check in _matter_checks() for issue in check(ctx, matter)]
    return _findings(issues, lambda issue: locate(issue.pointer, issue.key)) if issues else []


def run_catalogue(ctx: Context) -> list[Finding]:
    """The catalogue checks: every record but matters in full, matters by their facts."""
    return _findings(
        (issue for module in _modules() for check in module.CHECKS for issue in check(ctx)),
        lambda issue: ctx.catalog.locate(issue.path, issue.pointer, issue.key),
    )


def _findings(issues: Iterable[Issue], where: Callable[[Issue], tuple[int, int]]) -> list[Finding]:
    found = []
    for issue in issues:
        rule = RULES[issue.rule]
        line, col = where(issue)
        pointer = f"{issue.pointer}/{issue.key}" if issue.key else issue.pointer
        found.append(
            Finding(
                issue.path,
                line,
                col,
                issue.rule,
                rule.severity,
                pointer,
                issue.message,
                issue.hint or rule.title,
            )
        )
    return found
