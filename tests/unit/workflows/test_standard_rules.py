"""`standard check`'s own rules come from the rule registry: C504 (consultation) and C505 (basis)."""

from __future__ import annotations

import shutil
from pathlib import Path

from shenguan import yamlio
from shenguan.findings import Severity
from shenguan.validation.rules.registry import RULES
from shenguan.workflows import standards
from shenguan.workflows.edit import apply, snapshot
from tests.support.catalogs import BASE

FLAGGED = "000118008000"  # a matter with consultation flags
SID = "flagged-std"
DRAFT = f"standards/{SID}/draft.yaml"


def _check(root: Path, drop: tuple[str, ...]) -> list[tuple[str, Severity, str]]:
    apply(root, lambda tx: standards.new(tx, [FLAGGED], SID))
    path = root / DRAFT
    data = yamlio.load_bytes(path.read_bytes())
    assert data.get("consultation") and data.get("legal_basis")  # what new() prefilled
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(_without(lines, drop)), encoding="utf-8")
    ctx = snapshot(root)
    found = standards.check(ctx, standards.draft(ctx, SID), path.read_bytes())
    return [(f.rule, f.severity, f.pointer) for f in found if f.rule in ("C504", "C505")]


def _without(lines: list[str], keys: tuple[str, ...]) -> list[str]:
    """The lines minus each top-level key in `keys` and its indented block."""
    out, skipping = [], False
    for line in lines:
        if not line.startswith((" ", "-", "#")):
            skipping = line.split(":", 1)[0] in keys
        if not skipping:
            out.append(line)
    return out


def test_a_flagged_matter_needs_the_consultation_and_a_standard_its_basis(tmp_path: Path) -> None:
    root = Path(shutil.copytree(BASE, tmp_path / "cat"))
    found = _check(root, ("consultation", "legal_basis"))
    assert ("C504", Severity.ERROR, "/consultation") in found
    assert ("C505", Severity.WARNING, "") in found
    assert RULES["C504"].severity is Severity.ERROR and RULES["C505"].severity is Severity.WARNING


def test_the_prefilled_draft_has_neither_finding(tmp_path: Path) -> None:
    root = Path(shutil.copytree(BASE, tmp_path / "cat"))
    assert _check(root, ()) == []


def test_every_standard_check_rule_is_registered_with_its_layer() -> None:
    own = sorted(code for code, rule in RULES.items() if rule.layer == "standard")
    assert own == ["C501", "C502", "C503", "C504", "C505"]
    assert all(RULES[c].title and RULES[c].clause and RULES[c].title_en for c in own)
