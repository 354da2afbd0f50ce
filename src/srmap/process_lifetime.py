"""What the srmap process holds until it ends, so that it is never freed object by object.

Freeing the tens of millions of small objects a large input decodes into costs time the
process never needs to spend: the operating system takes its memory back at once when it
ends. While srmap is the process (``srmap.cli.process_exit.run`` says so), code at any level
can hand such objects over here instead of dropping them; used as a library, srmap holds
nothing and everything is freed as usual.
"""

from __future__ import annotations

__all__ = ["hold_until_exit", "start_holding"]

_held: list[object] | None = None  # a list only while srmap is the process


def start_holding() -> None:
    """Called once by the process entry point: from now on ``hold_until_exit`` holds."""
    global _held  # noqa: PLW0603 - the one switch between process and library use
    _held = []


def hold_until_exit(value: object) -> None:
    """Keep ``value`` alive until the process ends (in library use, nothing)."""
    if _held is not None:
        _held.append(value)
