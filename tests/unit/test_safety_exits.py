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


def test_a_309_digit_time_limit_set_by_matter_adjust_is_refused_not_a_crash(
    cli, base: Path
) -> None:
    matter = base / "matters" / "000172013000.yaml"
    before = matter.read_bytes()
    r = cli(
        "matter", "adjust", "000172013000", "-C", base,
        "--set", "time_limit.promised.value=" + "9" * 309,
        "--kind", "要素变更", "--basis", "示审改办发〔2026〕8号",
    )  # fmt: skip
    assert r.code == 1, r.err
    assert "Traceback" not in r.err and "S006" in r.err
    # the findings are listed one per line, not as one line of escaped newlines
    assert "\\u{a}" not in r.err and "\n  matters/000172013000.yaml:" in r.err
    assert matter.read_bytes() == before
