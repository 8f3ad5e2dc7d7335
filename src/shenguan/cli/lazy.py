"""Command groups that turn a subcommand's typer registration into a click command only when it is used.

Building the click parameters of every command costs more than the rest of `shenguan --help`, which needs only
each command's name and one-line help; a command is built when it runs or shows its own help.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator, Mapping
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import (
    get_command_from_info,
    get_command_name,
    get_group_from_info,
    solve_typer_info_defaults,
)
from typer.models import CommandInfo, TyperInfo


class LazyCommands(Mapping[str, Any]):
    """Name → click command for what is registered on a typer app, in typer's order (commands, then groups)."""

    def __init__(self, source: typer.Typer, settings: dict[str, Any]) -> None:
        self._settings = settings
        self._infos: dict[str, CommandInfo | TyperInfo] = {}
        for command in source.registered_commands:
            self._infos[command.name or get_command_name(command.callback.__name__)] = command  # type: ignore[union-attr]
        for group in source.registered_groups:
            name = solve_typer_info_defaults(group).name
            if not name:
                raise ValueError("子命令组须有名称（add_typer(..., name=...)）")
            self._infos[name] = group
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._build(self._infos[name])
        return self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def summary(self, name: str) -> Any:
        """The command if built, else a stand-in without parameters carrying what the parent's help lists."""
        if name in self._built:
            return self._built[name]
        info = self._infos[name]
        if isinstance(info, TyperInfo):
            info = solve_typer_info_defaults(info)
            text = info.help
        else:
            text = (
                inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
            )
        return TyperCommand(
            name,
            help=text,
            short_help=info.short_help,
            hidden=info.hidden,
            deprecated=info.deprecated,
        )

    def _build(self, info: CommandInfo | TyperInfo) -> Any:
        if isinstance(info, CommandInfo):
            return get_command_from_info(
                info,
                pretty_exceptions_short=self._settings["pretty_exceptions_short"],
                rich_markup_mode=self._settings["rich_markup_mode"],
            )
        # The group itself from a copy without children; its children stay lazy.
        shell = copy.copy(info.typer_instance)
        shell.registered_commands, shell.registered_groups = [], []  # type: ignore[union-attr]
        bare = copy.copy(info)
        bare.typer_instance, bare.cls = shell, LazyGroup
        group = get_group_from_info(bare, **self._settings)
        group.commands = LazyCommands(info.typer_instance, self._settings)  # type: ignore[arg-type,assignment]
        return group


class _Listing:
    """Stands in for a LazyGroup where TyperGroup reads its subcommands: names, and stand-ins for the commands."""

    def __init__(self, commands: LazyCommands) -> None:
        self._lazy = commands
        self.commands = dict.fromkeys(commands)

    def list_commands(self, ctx: Any) -> list[str]:
        return TyperGroup.list_commands(self, ctx)  # type: ignore[arg-type]  # in typer's order

    def get_command(self, ctx: Any, name: str) -> Any:
        return self._lazy.summary(name)


class LazyGroup(TyperGroup):
    commands: LazyCommands  # type: ignore[assignment]

    def list_commands(self, ctx: Any) -> list[str]:
        return _Listing(self.commands).list_commands(ctx)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        TyperGroup.format_commands(_Listing(self.commands), ctx, formatter)  # type: ignore[arg-type]


def lazy_root(source: typer.Typer, pretty_exceptions_short: bool = True) -> type[LazyGroup]:
    """The group class (typer.Typer(cls=...)) of an app whose subcommands are those registered on `source`."""

    class Root(LazyGroup):
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            settings = {
                "pretty_exceptions_short": pretty_exceptions_short,
                "rich_markup_mode": self.rich_markup_mode,
            }
            if hasattr(self, "suggest_commands"):  # newer typer only
                settings["suggest_commands"] = self.suggest_commands
            self.commands = LazyCommands(source, settings)

    return Root
