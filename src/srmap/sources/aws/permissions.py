"""The IAM permissions srmap needs: the allowlist's API operations as IAM actions, as a policy
a user can attach (docs/aws-permissions.md holds it, and a test keeps the two equal)."""

from __future__ import annotations

from typing import Any

from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS

__all__ = ["iam_actions", "iam_policy"]

# boto3 client names whose IAM service prefix differs.
_IAM_PREFIX = {
    "apigatewayv2": "apigateway",
    "docdb": "rds",
    "efs": "elasticfilesystem",
    "elb": "elasticloadbalancing",
    "elbv2": "elasticloadbalancing",
    "neptune": "rds",
    "opensearch": "es",
    "s3control": "s3",
}
# API operations authorized by an IAM action of another name.
_IAM_ACTION = {
    "apigateway:GetRestApis": "apigateway:GET",
    "apigateway:GetStages": "apigateway:GET",
    "apigatewayv2:GetApis": "apigateway:GET",
    "apigatewayv2:GetStages": "apigateway:GET",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
    "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
}


def iam_actions() -> list[str]:
    """Every IAM action the allowlisted operations need, sorted, without repeats."""
    actions = set()
    for operation in ALLOWED_OPERATIONS:
        service, name = operation.split(":")
        actions.add(_IAM_ACTION.get(operation, f"{_IAM_PREFIX.get(service, service)}:{name}"))
    return sorted(actions)


def iam_policy() -> dict[str, Any]:
    """An identity policy granting exactly those actions."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SrmapReadOnlyMetadata",
                "Effect": "Allow",
                "Action": iam_actions(),
                "Resource": "*",
            }
        ],
    }
