"""The estate bench/live_vs_prowler.py seeds into moto_server: a few hundred resources of seven
services in three regions, each setting on for some resources and off for others."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Client = Callable[[str, str | None], Any]

REGIONS = ("eu-west-1", "eu-central-1", "us-east-1")
_ANYWHERE = "0.0.0.0/0"
_INSTANCES, _VOLUMES, _GROUPS, _BUCKETS = 6, 8, 8, 14
_KEYS, _DATABASES, _TABLES, _QUEUES = 5, 3, 8, 10
_USERS, _ROLES, _POLICIES = 15, 10, 8


@dataclass(frozen=True)
class Estate:
    """What was seeded: counts by kind (``s3.bucket``, ``ec2.instance``, ...)."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        """Every resource seeded, root volumes of instances included."""
        return sum(self.counts.values())


def seed_estate(client: Client, regions: Sequence[str] = REGIONS) -> Estate:
    """Seed the whole estate; ``client(service, region)`` makes boto3 clients for the server."""
    counts: Counter[str] = Counter()
    for region in regions:
        keys = _seed_keys(client("kms", region), region, counts)
        _seed_buckets(client("s3", region), region, keys, counts)
        _seed_compute(client("ec2", region), region, counts)
        _seed_databases(client("rds", region), region, counts)
        _seed_tables(client("dynamodb", region), region, keys, counts)
        _seed_queues(client("sqs", region), region, keys, counts)
    _seed_identity(client("iam", None), counts)
    return Estate(dict(sorted(counts.items())))


def _seed_keys(kms: Any, region: str, counts: Counter[str]) -> list[str]:
    keys = []
    for n in range(_KEYS):
        # ARNs, as AWS echoes them back; moto echoes a bare key id as given, which Prowler's
        # DynamoDB check cannot split.
        key = kms.create_key(Description=f"bench key {n}")["KeyMetadata"]["Arn"]
        if n % 2 == 0:
            kms.enable_key_rotation(KeyId=key)
        kms.create_alias(AliasName=f"alias/bench-{region}-{n}", TargetKeyId=key)
        keys.append(key)
    counts["kms.key"] += _KEYS
    return keys


def _seed_buckets(s3: Any, region: str, keys: list[str], counts: Counter[str]) -> None:
    location = (
        {}
        if region == "us-east-1"
        else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    )
    for n in range(_BUCKETS):
        name = f"bench-{region}-{n:02d}"
        s3.create_bucket(Bucket=name, **location)
        if n % 3 == 1:
            _encrypt_bucket(s3, name, {"SSEAlgorithm": "AES256"})
        elif n % 3 == 2:
            _encrypt_bucket(
                s3, name, {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": keys[n % _KEYS]}
            )
        if n % 2 == 0:
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if n % 4 != 3:
            flags = (
                "BlockPublicAcls",
                "IgnorePublicAcls",
                "BlockPublicPolicy",
                "RestrictPublicBuckets",
            )
            s3.put_public_access_block(
                Bucket=name, PublicAccessBlockConfiguration=dict.fromkeys(flags, True)
            )
    counts["s3.bucket"] += _BUCKETS


def _encrypt_bucket(s3: Any, name: str, default: dict[str, str]) -> None:
    rule = {"ApplyServerSideEncryptionByDefault": default}
    s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})


def _seed_compute(ec2: Any, region: str, counts: Counter[str]) -> None:
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24", AvailabilityZone=f"{region}a")
    groups = [_security_group(ec2, vpc, n) for n in range(_GROUPS)]
    image = ec2.register_image(
        Name=f"bench-{region}", RootDeviceName="/dev/xvda", Architecture="x86_64",
        VirtualizationType="hvm",
    )["ImageId"]  # fmt: skip  # the server has no AMI catalogue (live_measure.MOTO_SETTINGS)
    for n in range(_INSTANCES):
        ec2.run_instances(
            ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1,
            SubnetId=subnet["Subnet"]["SubnetId"], SecurityGroupIds=[groups[n % _GROUPS]],
            MetadataOptions={"HttpTokens": "required" if n % 2 else "optional"},
            TagSpecifications=_name_tag("instance", f"bench-{n}"),
        )  # fmt: skip
    for n in range(_VOLUMES):
        ec2.create_volume(
            AvailabilityZone=f"{region}a", Size=8, Encrypted=n % 2 == 1,
            TagSpecifications=_name_tag("volume", f"bench-{n}"),
        )  # fmt: skip
    _seed_snapshots(ec2, region, counts)
    counts["ec2.ami"] += 1
    counts["ec2.snapshot"] += 1  # the AMI's own
    counts["ec2.vpc"] += 1
    counts["ec2.subnet"] += 1
    counts["ec2.security_group"] += _GROUPS
    counts["ec2.instance"] += _INSTANCES
    counts["ec2.volume"] += _VOLUMES + _INSTANCES  # each instance has its root volume


def _seed_snapshots(ec2: Any, region: str, counts: Counter[str]) -> None:
    """An unencrypted snapshot shared with everyone and an encrypted private one."""
    for encrypted in (False, True):
        volume = ec2.create_volume(AvailabilityZone=f"{region}a", Size=8, Encrypted=encrypted)
        snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"], Description="bench")
        if not encrypted:
            ec2.modify_snapshot_attribute(
                SnapshotId=snapshot["SnapshotId"], Attribute="createVolumePermission",
                OperationType="add", GroupNames=["all"],
            )  # fmt: skip
    counts["ec2.volume"] += 2
    counts["ec2.snapshot"] += 2


def _security_group(ec2: Any, vpc: str, n: int) -> str:
    """Every other group opens SSH to the internet; one in four opens 443; the rest 10/8 only."""
    group = ec2.create_security_group(GroupName=f"bench-{n}", Description=f"bench {n}", VpcId=vpc)
    port, cidr = (
        (22, _ANYWHERE) if n % 2 == 0 else (443, _ANYWHERE) if n % 4 == 1 else (22, "10.0.0.0/8")
    )
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"],
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}]}
        ],
    )
    return str(group["GroupId"])


def _name_tag(kind: str, name: str) -> list[dict[str, Any]]:
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def _seed_databases(rds: Any, region: str, counts: Counter[str]) -> None:
    for n in range(_DATABASES):
        rds.create_db_instance(
            DBInstanceIdentifier=f"bench-{region}-{n}", Engine="postgres", EngineVersion="16.3",
            DBInstanceClass="db.t4g.micro", AllocatedStorage=20, MasterUsername="bench",
            MasterUserPassword="bench-password-1", StorageEncrypted=n % 2 == 0,
            BackupRetentionPeriod=7 if n % 2 == 0 else 1, DeletionProtection=n == 0,
            PubliclyAccessible=n == 2, AutoMinorVersionUpgrade=n != 1,
        )  # fmt: skip
    snapshot = f"bench-{region}-manual"
    rds.create_db_snapshot(DBSnapshotIdentifier=snapshot, DBInstanceIdentifier=f"bench-{region}-1")
    rds.modify_db_snapshot_attribute(
        DBSnapshotIdentifier=snapshot, AttributeName="restore", ValuesToAdd=["all"]
    )
    counts["rds.db_instance"] += _DATABASES
    counts["rds.db_snapshot"] += 1


def _seed_tables(dynamodb: Any, region: str, keys: list[str], counts: Counter[str]) -> None:
    for n in range(_TABLES):
        name = f"bench-{region}-{n}"
        sse = (
            {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": keys[n % _KEYS]}
            if n % 3 == 0
            else {}
        )
        dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            **({"SSESpecification": sse} if sse else {}),
        )  # fmt: skip
        if n % 2 == 0:
            dynamodb.update_continuous_backups(
                TableName=name,
                PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
            )
    counts["dynamodb.table"] += _TABLES


def _seed_queues(sqs: Any, region: str, keys: list[str], counts: Counter[str]) -> None:
    for n in range(_QUEUES):
        attributes = (
            {"KmsMasterKeyId": keys[n % _KEYS]} if n % 3 == 0
            else {"SqsManagedSseEnabled": "true"} if n % 3 == 1
            else {"SqsManagedSseEnabled": "false"}
        )  # fmt: skip
        sqs.create_queue(QueueName=f"bench-{region}-{n}", Attributes=attributes)
    counts["sqs.queue"] += _QUEUES


def _seed_identity(iam: Any, counts: Counter[str]) -> None:
    """Policies first (one in four allows everything), then users and roles that use them."""
    arns = []
    for n in range(_POLICIES):
        document = _document("Allow", None, "*" if n % 4 == 0 else "s3:GetObject", resource="*")
        created = iam.create_policy(PolicyName=f"bench-policy-{n:02d}", PolicyDocument=document)
        arns.append(created["Policy"]["Arn"])
    for n in range(_USERS):
        user = f"bench-user-{n:02d}"
        iam.create_user(UserName=user)
        if n % 3 == 0:
            iam.create_access_key(UserName=user)
        if n % 5 == 0:  # a console password and no MFA
            iam.create_login_profile(UserName=user, Password="Bench-console-1!")
        if n % 4 == 0:
            iam.attach_user_policy(UserName=user, PolicyArn=arns[1])
    trust = _document("Allow", {"Service": "ec2.amazonaws.com"}, "sts:AssumeRole")
    for n in range(_ROLES):
        iam.create_role(RoleName=f"bench-role-{n:02d}", AssumeRolePolicyDocument=trust)
        if n % 5 == 0:
            iam.attach_role_policy(RoleName=f"bench-role-{n:02d}", PolicyArn=arns[0])
    counts.update({"iam.user": _USERS, "iam.role": _ROLES, "iam.policy": _POLICIES})


def _document(effect: str, principal: Any, action: str, resource: str | None = None) -> str:
    statement: dict[str, Any] = {"Effect": effect, "Action": action}
    if principal is not None:
        statement["Principal"] = principal
    if resource is not None:
        statement["Resource"] = resource
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})
