"""Rewrite the reporters' golden files: ``.venv/bin/python -m tests.report.regenerate``."""

from __future__ import annotations

from tests.report.conftest import GOLDEN, GOLDENS


def main() -> None:
    """Write every golden file listed in tests/report/conftest.py."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, render in GOLDENS.items():
        (GOLDEN / name).write_text(render(), encoding="utf-8", newline="")
        print(f"wrote {GOLDEN / name}")  # noqa: T201 - a developer command


if __name__ == "__main__":
    main()
