"""Live KMS keys and Secrets Manager secrets normalize to the IaC parity cases; no secret value
is read."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.allowlist import ALLOWED_OPERATIONS, DATA_READS
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors.keys import (
    collect_kms_keys,
    collect_secrets,
    collect_ssm_parameters,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def _expected(case: str, address: str) -> dict[str, Any]:
    resources = json.loads((PARITY / case / "expected.json").read_text())["resources"]
    return resources[address]  # type: ignore[no-any-return]


def _seed_parity_key() -> str:
    kms = boto3.client("kms", region_name="eu-west-1")
    key = kms.create_key(
        Description="Parity data key", KeyUsage="ENCRYPT_DECRYPT", KeySpec="SYMMETRIC_DEFAULT"
    )["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=key)
    kms.create_alias(AliasName="alias/parity-data", TargetKeyId=key)
    return str(key)


def test_live_key_matches_the_iac_parity_case(api: Api) -> None:
    """Manager, rotation, spec, usage and KMS's default key policy as from the plan.

    The plan cannot know the account id in the default policy (UNKNOWN there); live knows it.
    Live, the key is named by its alias, which the plan joins to nothing."""
    key_id = _seed_parity_key()
    [key] = collected(collect_kms_keys, api)
    expected = _expected("kms_key", "aws_kms_key.data")["attributes"]
    principal = expected["policy"]["Statement"][0]["Principal"]
    principal["AWS"] = "arn:aws:iam::123456789012:root"
    assert key.id == f"arn:aws:kms:eu-west-1:123456789012:key/{key_id}"
    assert key.name == "alias/parity-data"
    assert to_jsonable(key.attributes) == expected


def test_asymmetric_keys_do_not_rotate_and_no_rotation_call_is_made(api: Api) -> None:
    """Rotation is false for keys that cannot rotate, without asking KMS."""
    kms = boto3.client("kms", region_name="eu-west-1")
    kms.create_key(KeyUsage="SIGN_VERIFY", KeySpec="RSA_2048")
    [key] = collected(collect_kms_keys, api)
    assert (key.attributes["key_spec"], key.attributes["rotation_enabled"]) == ("RSA_2048", False)
    assert api.calls["kms:GetKeyRotationStatus"] == 0


def test_denied_key_policy_is_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """A denied GetKeyPolicy hides the policy only."""
    _seed_parity_key()

    def deny(model: object, **_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "Get")

    aws.events.register("before-call.kms.GetKeyPolicy", deny)
    gaps = Gaps()
    [key] = collected(collect_kms_keys, api, gaps)
    assert key.attributes["policy"] is UNKNOWN
    assert key.attributes["rotation_enabled"] is True
    assert ("kms:GetKeyPolicy", "eu-west-1") in gaps.denied


def _rotation_function() -> str:
    """moto wants the rotation function to exist (it is never invoked here)."""
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = boto3.client("iam").create_role(
        RoleName="rotate", AssumeRolePolicyDocument=json.dumps(trust)
    )["Role"]["Arn"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    function = boto3.client("lambda", region_name="eu-west-1").create_function(
        FunctionName="parity-rotate-db",
        Runtime="python3.12",
        Role=role,
        Handler="index.handler",
        Code={"ZipFile": buffer.getvalue()},
    )
    return str(function["FunctionArn"])


def test_live_secret_matches_the_iac_parity_case(api: Api) -> None:
    """Key, 30-day rotation, no policy, no replicas; the value is never requested."""
    client = boto3.client("secretsmanager", region_name="eu-west-1")
    arn = client.create_secret(
        Name="parity/db-credentials", KmsKeyId=KEY, SecretString="Sup3rS3cret!"
    )["ARN"]
    client.rotate_secret(
        SecretId=arn,
        RotationLambdaARN=_rotation_function(),
        RotationRules={"AutomaticallyAfterDays": 30},
        RotateImmediately=False,
    )
    [secret] = collected(collect_secrets, api)
    expected = _expected("secretsmanager_secret", "aws_secretsmanager_secret.db")
    assert (secret.id, secret.name) == (arn, "parity/db-credentials")
    assert to_jsonable(secret.attributes) == expected["attributes"]
    assert "Sup3rS3cret!" not in json.dumps(to_jsonable(secret.attributes))
    assert api.calls["secretsmanager:GetSecretValue"] == 0


def test_secret_policy_and_replicas_are_read(api: Api) -> None:
    """A resource policy is parsed; rotation off gives no interval."""
    client = boto3.client("secretsmanager", region_name="eu-west-1")
    arn = client.create_secret(Name="plain", SecretString="x")["ARN"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}],
    }
    client.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(policy))
    [secret] = collected(collect_secrets, api)
    assert secret.attributes["policy"] == policy
    assert (secret.attributes["rotation_enabled"], secret.attributes["rotation_days"]) == (
        False,
        None,
    )
    assert secret.attributes["kms_key_id"] is None


def test_ssm_parameters_are_read_without_their_values(api: Api, aws: boto3.Session) -> None:
    """DescribeParameters gives type, key and tier; no GetParameter* call is ever made."""
    ssm = boto3.client("ssm", region_name="eu-west-1")
    ssm.put_parameter(Name="/app/db-password", Value="hunter2", Type="SecureString")
    ssm.put_parameter(Name="/app/api-key", Value="hunter3", Type="SecureString", KeyId=KEY)
    ssm.put_parameter(Name="region", Value="hunter4", Type="String", Tier="Advanced")
    calls: list[str] = []
    for operation in ("GetParameter", "GetParameters", "GetParametersByPath"):
        aws.events.register(
            f"before-call.ssm.{operation}", lambda event_name, **_: calls.append(event_name)
        )
    found = {p.name: p for p in collected(collect_ssm_parameters, api)}
    assert calls == []
    assert not any(secret in repr(found) for secret in ("hunter2", "hunter3", "hunter4"))
    assert found["region"].id == "arn:aws:ssm:eu-west-1:123456789012:parameter/region"
    assert {name: p.attributes for name, p in found.items()} == {
        "/app/db-password": {
            "parameter_type": "SecureString",
            "encrypted": True,
            "kms_key_id": None,
            "tier": "Standard",
        },
        "/app/api-key": {
            "parameter_type": "SecureString",
            "encrypted": True,
            "kms_key_id": KEY,
            "tier": "Standard",
        },
        "region": {
            "parameter_type": "String",
            "encrypted": False,
            "kms_key_id": None,
            "tier": "Advanced",
        },
    }


def test_ssm_reads_are_metadata_only() -> None:
    """The allowlist holds DescribeParameters and refuses every call that returns a value."""
    assert "ssm:DescribeParameters" in ALLOWED_OPERATIONS
    values = {"ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"}
    assert values <= DATA_READS
    assert not values & ALLOWED_OPERATIONS


def test_live_key_with_a_written_policy_declares_it(api: Api) -> None:
    """A key policy other than KMS's default counts as written; the default does not."""
    kms = boto3.client("kms", region_name="eu-west-1")
    own = {"Version": "2012-10-17", "Statement": [{
        "Sid": "Admins", "Effect": "Allow", "Action": "kms:*", "Resource": "*",
        "Principal": {"AWS": "arn:aws:iam::123456789012:role/key-admin"}}]}  # fmt: skip
    written = kms.create_key(Policy=json.dumps(own))["KeyMetadata"]["KeyId"]
    kms.create_key()
    found = {key.id.rsplit("/", 1)[-1]: key for key in collected(collect_kms_keys, api)}
    declared = {key_id: key.attributes["policy_declared"] for key_id, key in found.items()}
    assert declared.pop(written) is True
    assert list(declared.values()) == [False]
