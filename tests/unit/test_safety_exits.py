"""Crashes that were exit 4 and are now the contract's codes (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path

from tests.support.files import edit


def test_a_garbage_pinned_date_is_a_usage_error(cli, monkeypatch, base: Path) -> None:
    monkeypatch.setenv("SHENGUAN_TODAY", "garbage")
    r = cli("validate", "-C", base)
    assert r.code == 2 and "SHENGUAN_TODAY" in r.err and "YYYY-MM-DD" in r.err


def test_a_309_digit_time_limit_is_a_finding_not_a_crash(cli, base: Path) -> None:
    matter = base / "matters" / "000172013000.yaml"
    edit(matter, "    value: 20\n", "    value: " + "9" * 309 + "\n")
    r = cli("validate", "-C", base, "-f", "json")
    assert r.code == 1, r.err
    assert "Traceback" not in r.err and "/time_limit/" in r.out
