"""The demo: the examples/webshop workload, with its deliberate gaps, built in an in-process
AWS emulator (moto) and read back through the real live scan path."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import boto3

from srmap import api
from srmap.errors import UsageError
from srmap.scan import ScanReport
from srmap.sources.aws.target import LiveOptions, LiveTarget, Progress

__all__ = ["DEMO_POLICY", "DEMO_REGIONS", "SECRETS", "run_demo", "seed_webshop"]

DEMO_REGIONS = ("eu-central-1", "us-east-1")
# The example's policy (examples/webshop/srmap.yaml): EU data, a week of backups, fail on high.
DEMO_POLICY = """\
residency:
  allowed_jurisdictions: [EU]
backups:
  min_retention_days: 7
fail_on: high
"""
# Values seeded that no report may ever show.
SECRETS = ("Sup3rS3cret!",)

Client = Callable[[str, str], Any]
_ANYWHERE = "0.0.0.0/0"
_AWS_ENVIRONMENT = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE")


def _trust(service: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@dataclass(frozen=True)
class _Network:
    vpc: str
    public: list[str]
    private: list[str]
    alb_group: str
    web_group: str
    db_group: str


def _seed_network(ec2: Any, region: str) -> _Network:
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    zones = [f"{region}a", f"{region}b"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{n}.0/24", AvailabilityZone=zones[n % 10])
        for n in (0, 1, 10, 11)
    ]
    ids = [s["Subnet"]["SubnetId"] for s in subnets]
    groups = [
        ec2.create_security_group(GroupName=f"webshop-{n}", Description=n, VpcId=vpc)["GroupId"]
        for n in ("alb", "web", "db")
    ]
    alb, web, db = groups

    def allow(group: str, port: int, **source: Any) -> None:
        ec2.authorize_security_group_ingress(
            GroupId=group,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **source}],
        )

    for port in (80, 443):
        allow(alb, port, IpRanges=[{"CidrIp": _ANYWHERE}])
    allow(web, 80, UserIdGroupPairs=[{"GroupId": alb}])
    allow(web, 22, IpRanges=[{"CidrIp": _ANYWHERE, "Description": "SSH"}])  # gap 1
    allow(db, 5432, UserIdGroupPairs=[{"GroupId": web}])
    return _Network(vpc, ids[:2], ids[2:], alb, web, db)


def _seed_buckets(client: Client, region: str, replica: str) -> None:
    for name, where, blocked in (
        ("webshop-assets-prod-eu", region, False),  # gap 6: no public access block
        ("webshop-logs-prod-eu", region, True),
        ("webshop-assets-prod-us", replica, True),  # gap 12: outside the EU
    ):
        s3 = client("s3", where)
        location = {} if where == "us-east-1" else {"LocationConstraint": where}
        s3.create_bucket(Bucket=name, CreateBucketConfiguration=location)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        rule = {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": [rule]})
        if blocked:
            flags = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy")
            settings = dict.fromkeys((*flags, "RestrictPublicBuckets"), True)
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=settings)


def _seed_data(client: Client, region: str, replica: str, network: _Network) -> str:
    kms = client("kms", region)
    key = kms.create_key(Description="Webshop data key")["KeyMetadata"]["Arn"]  # gap 9
    kms.create_alias(AliasName="alias/webshop", TargetKeyId=key)
    rds = client("rds", region)
    rds.create_db_subnet_group(
        DBSubnetGroupName="webshop-orders", DBSubnetGroupDescription="orders",
        SubnetIds=network.private,
    )  # fmt: skip
    rds.create_db_instance(
        DBInstanceIdentifier="webshop-orders", Engine="postgres", EngineVersion="17.6",
        DBInstanceClass="db.t4g.medium", AllocatedStorage=50, StorageType="gp3",
        StorageEncrypted=False, DBName="orders", MasterUsername="shop",
        MasterUserPassword=SECRETS[0], DBSubnetGroupName="webshop-orders",
        VpcSecurityGroupIds=[network.db_group], PubliclyAccessible=False, MultiAZ=True,
        BackupRetentionPeriod=1, DeletionProtection=False,
    )  # fmt: skip  # gaps 2, 3, 4 and 5
    for name, where, table_key in (
        ("webshop-sessions", region, key),
        ("webshop-sessions-us", replica, None),  # gap 12: outside the EU
    ):
        dynamodb = client("dynamodb", where)
        sse = {
            "Enabled": True,
            **({"SSEType": "KMS", "KMSMasterKeyId": table_key} if table_key else {}),
        }
        dynamodb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST", SSESpecification=sse,
            AttributeDefinitions=[{"AttributeName": "session_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "session_id", "KeyType": "HASH"}],
        )  # fmt: skip
        dynamodb.update_continuous_backups(
            TableName=name,
            PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True},
        )
    return str(key)


def _seed_identity(client: Client, region: str) -> tuple[str, str]:
    iam = client("iam", region)
    web = iam.create_role(
        RoleName="webshop-web", AssumeRolePolicyDocument=_trust("ec2.amazonaws.com")
    )
    iam.create_instance_profile(InstanceProfileName="webshop-web")
    iam.add_role_to_instance_profile(InstanceProfileName="webshop-web", RoleName="webshop-web")
    processor = iam.create_role(
        RoleName="webshop-order-processor",
        AssumeRolePolicyDocument=_trust("lambda.amazonaws.com"),
    )
    profile = iam.get_instance_profile(InstanceProfileName="webshop-web")
    del web
    return str(profile["InstanceProfile"]["Arn"]), str(processor["Role"]["Arn"])


def _seed_web_tier(client: Client, region: str, network: _Network, profile: str) -> None:
    ec2 = client("ec2", region)
    ec2.create_launch_template(
        LaunchTemplateName="webshop-web",
        LaunchTemplateData={
            "ImageId": "ami-0c1b2a3d4e5f60718", "InstanceType": "t3.small",
            "IamInstanceProfile": {"Arn": profile},
            "SecurityGroupIds": [network.web_group],
            "MetadataOptions": {"HttpEndpoint": "enabled", "HttpTokens": "optional"},  # gap 8
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {
                "VolumeSize": 20, "VolumeType": "gp3", "Encrypted": True,
                "DeleteOnTermination": True}}],
        },
    )  # fmt: skip
    elb = client("elbv2", region)
    balancer = elb.create_load_balancer(
        Name="webshop-alb", Subnets=network.public, SecurityGroups=[network.alb_group]
    )["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(
        Name="webshop-web", Protocol="HTTP", Port=80, VpcId=network.vpc
    )["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": group}]
    certificate = client("acm", region).request_certificate(DomainName="shop.example.com")
    elb.create_listener(
        LoadBalancerArn=balancer, Protocol="HTTPS", Port=443, DefaultActions=forward,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
        Certificates=[{"CertificateArn": certificate["CertificateArn"]}],
    )  # fmt: skip
    # gap 10: plain HTTP is forwarded instead of redirected to HTTPS
    elb.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=80, DefaultActions=forward)


def _seed_messaging(client: Client, region: str, key: str, processor_role: str) -> None:
    sns, sqs = client("sns", region), client("sqs", region)
    for topic in ("webshop-orders", "webshop-alerts"):
        sns.create_topic(Name=topic, Attributes={"KmsMasterKeyId": key})
    for queue in ("webshop-orders-dlq", "webshop-orders"):
        sqs.create_queue(QueueName=queue, Attributes={"KmsMasterKeyId": key})
    logs = client("logs", region)
    group = "/aws/lambda/webshop-order-processor"
    logs.create_log_group(logGroupName=group, kmsKeyId=key)
    logs.put_retention_policy(logGroupName=group, retentionInDays=30)
    client("lambda", region).create_function(
        FunctionName="webshop-order-processor", Runtime="python3.8",  # gap 7
        Role=processor_role, Handler="orders.handler", MemorySize=256, Timeout=60,
        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18},
        Environment={"Variables": {"ORDERS_DB_HOST": "orders.internal"}},
    )  # fmt: skip


def _seed_trail(client: Client, region: str, key: str) -> None:
    trail = client("cloudtrail", region)
    trail.create_trail(
        Name="webshop-trail", S3BucketName="webshop-logs-prod-eu", S3KeyPrefix="cloudtrail",
        IsMultiRegionTrail=True, IncludeGlobalServiceEvents=True,
        EnableLogFileValidation=False, KmsKeyId=key,
    )  # fmt: skip  # gap 11
    trail.start_logging(Name="webshop-trail")


def seed_webshop(
    client: Client, region: str = DEMO_REGIONS[0], replica: str = DEMO_REGIONS[1]
) -> None:
    """Build the webshop with its twelve deliberate gaps; ``client(service, region)`` makes
    the boto3 clients (in-process moto, or a moto server through its endpoint)."""
    network = _seed_network(client("ec2", region), region)
    _seed_buckets(client, region, replica)
    key = _seed_data(client, region, replica, network)
    profile, processor_role = _seed_identity(client, region)
    _seed_web_tier(client, region, network, profile)
    _seed_messaging(client, region, key, processor_role)
    _seed_trail(client, region, key)


@contextmanager
def _emulated_aws() -> Iterator[None]:
    """moto in-process, with fake credentials and none of the user's AWS settings."""
    try:
        from moto import mock_aws  # noqa: PLC0415 - an optional extra, loaded on demand
    except ImportError:
        raise UsageError("srmap demo needs moto: pip install 'srmap[demo]'") from None
    fake = {
        "AWS_ACCESS_KEY_ID": "demo",
        "AWS_SECRET_ACCESS_KEY": "demo",
        "AWS_DEFAULT_REGION": DEMO_REGIONS[0],
    }
    kept = {name: value for name, value in os.environ.items() if name not in _AWS_ENVIRONMENT}
    with mock.patch.dict(os.environ, {**kept, **fake}, clear=True), mock_aws():
        yield


def run_demo(
    policy_path: Path | None = None,
    options: LiveOptions | None = None,
    progress: Progress | None = None,
) -> ScanReport:
    """Seed the webshop in the emulator and scan it as a live account, under the example's
    policy unless another is given."""
    with _emulated_aws(), tempfile.TemporaryDirectory(prefix="srmap-demo-") as scratch:
        seed_webshop(lambda service, region: boto3.client(service, region_name=region))
        if policy_path is None:
            policy_path = Path(scratch) / "srmap.yaml"
            policy_path.write_text(DEMO_POLICY, encoding="utf-8")
        target = LiveTarget(regions=DEMO_REGIONS)
        return api.scan([], policy_path=policy_path, live=[target], live_options=options,
                        progress=progress)  # fmt: skip
