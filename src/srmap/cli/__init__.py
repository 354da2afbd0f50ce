"""Command line: wiring only. Each command parses options, calls srmap.api, and renders."""

from srmap.cli.main import cli, main, run

__all__ = ["cli", "main", "run"]
