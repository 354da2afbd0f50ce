"""Live storage: EBS, AMIs, EFS and AWS Backup seeded in moto normalize like the IaC sources."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
from botocore.exceptions import ClientError
from live_collection import collected

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps, LiveContext
from srmap.sources.aws.collectors import storage

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGION = "eu-west-1"


class _Answer:
    """The HTTP side of a stubbed answer: botocore only looks at the status."""

    status_code = 200


def stub(session: boto3.Session, service: str, operation: str, parsed: dict[str, Any]) -> None:
    """Answer one operation moto does not implement, as the real API would."""

    def answer(**_: object) -> tuple[_Answer, dict[str, Any]]:
        return _Answer(), parsed

    session.events.register(f"before-call.{service}.{operation}", answer)


def deny(session: boto3.Session, service: str, operation: str) -> None:
    """Make one operation fail with AccessDenied before it is sent."""

    def refuse(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, operation)

    session.events.register(f"before-call.{service}.{operation}", refuse)


def expected(case: str) -> dict[str, Any]:
    [resource] = json.loads((PARITY / case / "expected.json").read_text())["resources"].values()
    return dict(resource)


def test_live_volume_matches_the_iac_parity_case(api: Api) -> None:
    """The parity volume, seeded live, has the same attributes as from plan, HCL and template."""
    ec2 = boto3.client("ec2", region_name=REGION)
    tags = [{"Key": "Name", "Value": "parity-data"}, {"Key": "Environment", "Value": "parity"}]
    ec2.create_volume(
        AvailabilityZone="eu-west-1a",
        VolumeType="gp3",
        Size=50,
        Iops=3000,
        Throughput=125,
        Encrypted=True,
        KmsKeyId=KEY,
        TagSpecifications=[{"ResourceType": "volume", "Tags": tags}],
    )
    [volume] = collected(storage.collect_ebs_volumes, api)
    assert to_jsonable(volume.attributes) == expected("ec2_volume")["attributes"]
    assert volume.id.startswith("arn:aws:ec2:eu-west-1:123456789012:volume/vol-")
    assert (volume.name, volume.region, volume.tags["Environment"]) == (
        "parity-data",
        REGION,
        "parity",
    )


def test_attached_volume_lists_its_instance(api: Api) -> None:
    """An attachment shows up as the instance id; the managed default key stays null."""
    ec2 = boto3.client("ec2", region_name=REGION)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]
    volume = ec2.create_volume(AvailabilityZone=instance["Placement"]["AvailabilityZone"], Size=8)
    ec2.attach_volume(
        VolumeId=volume["VolumeId"], InstanceId=instance["InstanceId"], Device="/dev/sdf"
    )
    found = {v.id.rsplit("/", 1)[-1]: v for v in collected(storage.collect_ebs_volumes, api)}
    attributes = found[volume["VolumeId"]].attributes
    assert attributes["attached_instance_ids"] == [instance["InstanceId"]]
    assert (attributes["encrypted"], attributes["kms_key_id"]) == (False, None)


def _snapshot(public: bool, accounts: list[str]) -> str:
    ec2 = boto3.client("ec2", region_name=REGION)
    volume = ec2.create_volume(AvailabilityZone="eu-west-1a", Size=8)["VolumeId"]
    snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    # moto reads the UserIds/GroupNames form of the permission change.
    if accounts or public:
        ec2.modify_snapshot_attribute(
            SnapshotId=snapshot,
            Attribute="createVolumePermission",
            OperationType="add",
            UserIds=accounts,
            GroupNames=["all"] if public else [],
        )
    return snapshot


def test_snapshots_report_public_and_shared_accounts(api: Api) -> None:
    """Create-volume permissions become public and the other account ids."""
    shared = _snapshot(public=False, accounts=["210987654321"])
    public = _snapshot(public=True, accounts=[])
    found = {s.name: s.attributes for s in collected(storage.collect_ebs_snapshots, api)}
    assert (found[shared]["public"], found[shared]["shared_account_ids"]) == (
        False,
        ["210987654321"],
    )
    assert (found[public]["public"], found[public]["shared_account_ids"]) == (True, [])
    assert found[public]["volume_id"].startswith("vol-")


def test_only_own_snapshots_and_images_are_read(api: Api) -> None:
    """moto's public catalogue of AMIs and snapshots is not the account's."""
    assert collected(storage.collect_ebs_snapshots, api) == []
    assert collected(storage.collect_images, api) == []
    assert api.calls["ec2:DescribeImages"] == 1


def test_image_with_launch_permission_for_another_account(api: Api) -> None:
    """An AMI shared with one account is not public and names that account."""
    ec2 = boto3.client("ec2", region_name=REGION)
    source = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=source, MinCount=1, MaxCount=1)["Instances"][0]
    image = ec2.create_image(InstanceId=instance["InstanceId"], Name="golden")["ImageId"]
    ec2.modify_image_attribute(
        ImageId=image,
        Attribute="launchPermission",
        OperationType="add",
        LaunchPermission={"Add": [{"UserId": "210987654321"}]},
    )
    [ami] = collected(storage.collect_images, api)
    assert (ami.id, ami.name) == (f"arn:aws:ec2:{REGION}::image/{image}", "golden")
    assert (ami.attributes["public"], ami.attributes["shared_account_ids"]) == (
        False,
        ["210987654321"],
    )
    assert isinstance(ami.attributes["block_devices"], list)


def test_live_file_system_matches_the_iac_parity_case(api: Api, aws: boto3.Session) -> None:
    """The parity file system, seeded live, has the same attributes as from the IaC sources."""
    efs = boto3.client("efs", region_name=REGION)
    efs.create_file_system(
        CreationToken="parity-shared",
        Encrypted=True,
        KmsKeyId=KEY,
        PerformanceMode="generalPurpose",
        ThroughputMode="elastic",
        Backup=True,
        Tags=[{"Key": "Name", "Value": "parity-shared"}, {"Key": "Environment", "Value": "parity"}],
    )
    # moto does not implement DescribeReplicationConfigurations; AWS answers ReplicationNotFound.
    not_found = {"Error": {"Code": "ReplicationNotFound", "Message": "none"}}

    def no_replication(**_: object) -> None:
        raise ClientError(not_found, "DescribeReplicationConfigurations")

    aws.events.register("before-call.efs.DescribeReplicationConfigurations", no_replication)
    [file_system] = collected(storage.collect_efs_file_systems, api)
    assert to_jsonable(file_system.attributes) == expected("efs_file_system")["attributes"]
    assert file_system.name == "parity-shared"


def test_file_system_replication_and_policy(api: Api, aws: boto3.Session) -> None:
    """Replication destinations come from one regional call; the policy is parsed."""
    efs = boto3.client("efs", region_name=REGION)
    file_system = efs.create_file_system(CreationToken="replicated")["FileSystemId"]
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*"}]}
    efs.put_file_system_policy(
        FileSystemId=file_system, Policy=json.dumps(policy), BypassPolicyLockoutSafetyCheck=True
    )
    replication = {
        "SourceFileSystemId": file_system,
        "Destinations": [{"Region": "eu-central-1", "FileSystemId": "fs-1", "Status": "ENABLED"}],
    }
    stub(aws, "efs", "DescribeReplicationConfigurations", {"Replications": [replication]})
    plain = efs.create_file_system(CreationToken="plain")["FileSystemId"]
    found = {f.name: f.attributes for f in collected(storage.collect_efs_file_systems, api)}
    assert found[file_system]["replication_regions"] == ["eu-central-1"]
    assert found[plain]["replication_regions"] == []
    assert api.calls["efs:DescribeReplicationConfigurations"] == 1
    assert found[file_system]["policy"] == policy
    assert (found[plain]["policy"], found[plain]["encrypted"]) == (None, False)
    assert found[file_system]["automatic_backups"] is False


def test_backup_vault_lock_and_policy(api: Api, aws: boto3.Session) -> None:
    """Vault Lock's minimum retention and the access policy are read."""
    backup = boto3.client("backup", region_name=REGION)
    backup.create_backup_vault(BackupVaultName="vault", EncryptionKeyArn=KEY)
    backup.put_backup_vault_lock_configuration(BackupVaultName="vault", MinRetentionDays=30)
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "backup:*"}]}
    # moto does not implement GetBackupVaultAccessPolicy.
    stub(aws, "backup", "GetBackupVaultAccessPolicy", {"Policy": json.dumps(policy)})
    [vault] = collected(storage.collect_backup_vaults, api)
    assert (vault.name, vault.attributes) == (
        "vault",
        {"kms_key_id": KEY, "policy": policy, "locked": True, "lock_min_retention_days": 30},
    )


def test_backup_plan_rules_and_selections(api: Api, aws: boto3.Session) -> None:
    """Rules come sorted with copy regions; selections keep ARNs and tag conditions."""
    backup = boto3.client("backup", region_name=REGION)
    copy = {"DestinationBackupVaultArn": "arn:aws:backup:us-east-1:123456789012:backup-vault:dr"}
    rules = [
        {"RuleName": "weekly", "TargetBackupVaultName": "vault", "CopyActions": [copy]},
        {"RuleName": "daily", "TargetBackupVaultName": "vault",
         "Lifecycle": {"DeleteAfterDays": 35}, "ScheduleExpression": "cron(0 5 ? * * *)"},
    ]  # fmt: skip
    plan = backup.create_backup_plan(BackupPlan={"BackupPlanName": "plan", "Rules": rules})
    selection = {
        "SelectionName": "tagged",
        "IamRoleArn": "arn:aws:iam::123456789012:role/backup",
        "Resources": ["arn:aws:ec2:*:*:volume/*"],
        "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "Backup",
                        "ConditionValue": "yes"}],
    }  # fmt: skip
    # moto does not implement the selection operations.
    stub(aws, "backup", "ListBackupSelections", {"BackupSelectionsList": [{"SelectionId": "s1"}]})
    stub(aws, "backup", "GetBackupSelection", {"BackupSelection": selection})
    [found] = collected(storage.collect_backup_plans, api)
    assert found.id == plan["BackupPlanArn"]
    assert [r["name"] for r in found.attributes["rules"]] == ["daily", "weekly"]
    assert found.attributes["rules"][0] == {
        "name": "daily",
        "target_vault_name": "vault",
        "schedule": "cron(0 5 ? * * *)",
        "delete_after_days": 35,
        "copy_regions": [],
    }
    assert found.attributes["replication_regions"] == ["us-east-1"]
    assert found.attributes["selections"] == [
        {
            "name": "tagged",
            "resource_arns": ["arn:aws:ec2:*:*:volume/*"],
            "not_resource_arns": [],
            "tag_conditions": [{"key": "Backup", "value": "yes"}],
        }
    ]


def test_denied_calls_are_unknown_and_recorded(api: Api, aws: boto3.Session) -> None:
    """Denied selection listing and snapshot attribute read leave those attributes UNKNOWN."""
    backup = boto3.client("backup", region_name=REGION)
    backup.create_backup_plan(BackupPlan={"BackupPlanName": "plan", "Rules": []})
    _snapshot(public=True, accounts=[])
    deny(aws, "backup", "ListBackupSelections")
    deny(aws, "ec2", "DescribeSnapshotAttribute")
    gaps = Gaps()
    [plan] = collected(storage.collect_backup_plans, api, gaps)
    [snapshot] = collected(storage.collect_ebs_snapshots, api, gaps)
    assert plan.attributes["selections"] is UNKNOWN
    assert plan.attributes["rules"] == []
    assert snapshot.attributes["public"] is UNKNOWN
    assert snapshot.attributes["shared_account_ids"] is UNKNOWN
    assert snapshot.attributes["encrypted"] is False
    assert {("backup:ListBackupSelections", REGION), ("ec2:DescribeSnapshotAttribute", REGION)} <= (
        gaps.denied
    )


def test_customer_key_tells_managed_keys_from_customer_keys(api: Api) -> None:
    """aws/* aliases and AWS managed keys are null; customer keys and other accounts' keys stay."""
    kms = boto3.client("kms", region_name=REGION)
    mine = kms.create_key()["KeyMetadata"]["Arn"]
    context = LiveContext(api, REGION, Gaps())
    assert storage.customer_key(context, "alias/aws/ebs") is None
    assert storage.customer_key(context, KEY) == KEY
    assert storage.customer_key(context, mine) == mine
    assert storage.customer_key(context, None) is None
    assert storage.customer_key(context, UNKNOWN) is UNKNOWN


def test_customer_key_nulls_an_aws_managed_key_by_arn(api: Api, aws: boto3.Session) -> None:
    """A key of the account whose KeyManager is AWS (aws/ebs by ARN) is null."""
    managed = "arn:aws:kms:eu-west-1:123456789012:key/0000aaaa-00aa-00aa-00aa-000000aaaaaa"
    stub(aws, "kms", "DescribeKey", {"KeyMetadata": {"KeyId": "k", "KeyManager": "AWS"}})
    assert storage.customer_key(LiveContext(api, REGION, Gaps()), managed) is None
