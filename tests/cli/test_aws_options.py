"""srmap scan's live options: wrong combinations are usage errors (exit 2) before any call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PLAN = Path(__file__).parent.parent / "fixtures" / "terraform" / "modules_aliases" / "plan.json"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((str(PLAN), "--accounts", "111111111111"), "apply to live targets"),
        (("aws://", "--accounts", "1111,222222222222"), "not a 12-digit account id: 1111"),
        (("aws://", "--accounts", "111111111111", "--organization"), "exclude each other"),
        (("aws://", "--role-name", "Audit"), "--role-name needs --accounts or --organization"),
    ],
)
def test_wrong_live_options_exit_2_with_the_reason(
    srmap: Any, args: tuple[str, ...], message: str
) -> None:
    """Each mistake is named on stderr and nothing is scanned."""
    run = srmap("scan", *args, "--quiet")
    assert run.code == 2, run.stderr
    assert message in run.stderr
    assert run.stdout == ""
