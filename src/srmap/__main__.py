"""``python -m srmap``."""

from srmap.cli import main

main()
