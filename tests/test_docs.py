"""Every command has help with an example and an entry in the README; CI runs the README's test command."""

from __future__ import annotations

import re

import typer

from shenguan.cli.main import app
from tests.support.catalogs import REPO


def _commands(group, prefix: str = "shenguan"):
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, path)
        else:
            yield path, cmd


def test_every_command_has_help_with_an_example_and_a_readme_entry() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing_help, missing_readme = [], []
    for path, cmd in _commands(typer.main.get_command(app)):
        if "示例" not in (cmd.help or ""):
            missing_help.append(path)
        if f"`{path}" not in readme and f"\n{path}" not in readme and f"$ {path}" not in readme:
            missing_readme.append(path)
    assert missing_help == []
    assert missing_readme == []


def test_ci_runs_the_readme_test_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    # .ci/run keeps the test command in one variable and runs it as it stands.
    found = re.search(r'^TEST_COMMAND="([^"]+)"$', ci, re.MULTILINE)
    assert found and "\n$TEST_COMMAND\n" in ci
    command = found.group(1)
    assert command.startswith("python -m pytest") and "-n 2" in command
    assert f".venv/bin/{command}" in readme
    assert 'python3 -m venv .venv && .venv/bin/pip install -q ".[test]" && .venv/bin/' in readme


def test_readme_lists_every_rule() -> None:
    from shenguan.validation.rules.registry import RULES

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [code for code in RULES if f"| {code} |" not in readme] == []
