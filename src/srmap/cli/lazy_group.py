"""A command group that imports a command's module only when that command runs."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click

__all__ = ["LazyCommand", "LazyGroup"]


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """Where a command lives (module and attribute) and the summary ``--help`` lists for it."""

    module: str
    attribute: str
    summary: str  # the first sentence of the command's docstring; a test keeps them equal


class LazyGroup(click.Group):
    """A click group over a table of lazy commands: running one imports only its module, and
    the group's ``--help`` lists every command from the table without importing any."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, LazyCommand], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted as click lists them."""
        return sorted(self.lazy_commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command, its module imported now; None for a name the table does not hold."""
        entry = self.lazy_commands.get(cmd_name)
        if entry is None:
            return None
        command = getattr(importlib.import_module(entry.module), entry.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{entry.module}.{entry.attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The Commands section, each summary shortened as click shortens a docstring."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names))
        rows = [(name, self.summary(name, limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def summary(self, name: str, limit: int) -> str:
        """One command's summary cut to ``limit`` characters, as click cuts a docstring."""
        return click.Command(name, help=self.lazy_commands[name].summary).get_short_help_str(limit)
