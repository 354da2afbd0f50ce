"""The IAM policy in docs/aws-permissions.md is exactly the allowlist's operations as IAM
actions, so the documented permissions and what srmap calls cannot drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

from botocore.session import Session as BotocoreSession

from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS
from srmap.sources.aws.permissions import iam_actions, iam_policy

DOC = Path(__file__).parent.parent.parent.parent / "docs" / "aws-permissions.md"


def _documented_policy() -> object:
    [block] = re.findall(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return json.loads(block)


def test_the_documented_policy_is_the_allowlist() -> None:
    """Regenerate the block (command in the doc) whenever the allowlist changes."""
    assert _documented_policy() == iam_policy()


def test_every_allowlisted_operation_has_an_action_of_its_service() -> None:
    """The IAM prefix of each action is the service's signing name in botocore's model."""
    loader = BotocoreSession()
    prefixes = {action.split(":")[0] for action in iam_actions()}
    for entry in sorted(ALLOWED_OPERATIONS):
        service = entry.split(":")[0]
        signing = loader.get_service_model(service).signing_name
        assert signing in prefixes, entry


def test_renamed_actions_are_the_ones_iam_authorizes() -> None:
    """Operations whose IAM action has another name are translated, never listed as is."""
    actions = set(iam_actions())
    assert {"s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock", "apigateway:GET"} <= actions
    assert "s3:ListBuckets" not in actions
    assert "elbv2:DescribeLoadBalancers" not in actions
