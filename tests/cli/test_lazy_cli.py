"""The command tree is built lazily: help lists every command without building it, and what is built is what
typer builds from the same registrations."""

from __future__ import annotations

import importlib

import pytest
import typer

from shenguan.cli import lazy
from shenguan.cli.main import COMMAND_MODULES, app

GROUPS = ["review", "standard", "transfer", "matter", "liaison", "export"]


def _eager() -> typer.main.TyperGroup:
    every = typer.Typer()
    for name in COMMAND_MODULES:
        importlib.import_module(f"shenguan.cli.{name}").register(every)
    return typer.main.get_command(every)  # type: ignore[return-value]


def _shape(cmd) -> list:
    if hasattr(cmd, "commands"):
        return [(name, _shape(sub)) for name, sub in cmd.commands.items()]
    return [
        cmd.help,
        [(p.name, p.opts, p.secondary_opts, p.required, p.default) for p in cmd.params],
    ]


def test_lazy_tree_is_the_tree_typer_builds_from_every_command_module() -> None:
    root = typer.main.get_command(app)
    assert list(root.commands) == list(_eager().commands)
    assert _shape(root) == _shape(_eager())


@pytest.mark.parametrize("path", [[], *([g] for g in GROUPS)])
def test_help_lists_every_command_as_the_built_commands_would(path: list[str]) -> None:
    group = typer.main.get_command(app)
    ctx = typer.Context(group, info_name="shenguan")
    for name in path:
        group = group.commands[name]
        ctx = typer.Context(group, info_name=name, parent=ctx)
    listed = group.get_help(ctx)
    assert all(f"  {name} " in listed for name in group.commands)
    dict(group.commands.items())  # builds every subcommand
    assert group.get_help(ctx) == listed


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    names: list[str] = []
    real = lazy.get_command_from_info

    def counting(info, **settings):
        names.append(info.name)
        return real(info, **settings)

    monkeypatch.setattr(lazy, "get_command_from_info", counting)
    return names


@pytest.mark.parametrize("path", [[], *([g] for g in GROUPS)])
def test_group_help_builds_no_command(cli, built: list[str], path: list[str]) -> None:
    r = cli(*path, "--help")
    assert r.code == 0 and "Commands:" in r.out
    assert built == []


def test_a_command_builds_only_itself(cli, built: list[str]) -> None:
    r = cli("review", "status", "--help")
    assert r.code == 0 and "示例" in r.out
    assert built == ["status"]


def test_unknown_command_still_suggests_the_nearest(cli) -> None:
    r = cli("review", "statu")
    assert r.code == 2 and "没有命令 statu，是否想用 status？" in r.err
