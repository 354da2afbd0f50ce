"""Command line: wiring only."""

import click


@click.group()
def main() -> None:
    """srmap."""
