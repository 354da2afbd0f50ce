"""``python -m srmap``."""

from srmap.cli import run

run()
