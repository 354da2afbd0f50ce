"""Live compute: instances, launch templates and configurations, Auto Scaling groups and
Lambda functions read from moto, with the instance and function parity cases."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from live_collection import collected_as_declared

from srmap.model import UNKNOWN
from srmap.report.jsonable import to_jsonable
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors.compute import (
    collect_autoscaling_groups,
    collect_functions,
    collect_instances,
    collect_launch_configurations,
    collect_launch_templates,
    collect_workspaces,
    patch_compliance,
)

PARITY = Path(__file__).parent.parent.parent / "fixtures" / "parity"
KEY = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
REGION = "eu-west-1"


def respond(aws: boto3.Session, operation: str, answer: Callable[[], Any]) -> None:
    """Answer one operation in-process: moto does not implement every read srmap makes."""

    def handler(**_: Any) -> tuple[AWSResponse, Any]:
        return AWSResponse("https://stub", 200, {}, None), answer()  # type: ignore[arg-type]

    aws.events.register(f"before-call.{operation}", handler)


def deny(aws: boto3.Session, operation: str) -> None:
    """Make one operation fail as AccessDenied."""

    def handler(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "x")

    aws.events.register(f"before-call.{operation}", handler)


def expected(case: str, address: str) -> dict[str, Any]:
    data = json.loads((PARITY / case / "expected.json").read_text())
    attributes: dict[str, Any] = data["resources"][address]["attributes"]
    return attributes


def _seed_parity_instance() -> tuple[str, str, str]:
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="app", Description="app", VpcId=vpc)["GroupId"]
    device = {"VolumeSize": 20, "Encrypted": True, "KmsKeyId": KEY, "DeleteOnTermination": True}
    launched = ec2.run_instances(
        ImageId="ami-0abcdef1234567890",
        InstanceType="t3.micro",
        MinCount=1,
        MaxCount=1,
        SubnetId=subnet,
        SecurityGroupIds=[group],
        Monitoring={"Enabled": True},
        MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"},
        BlockDeviceMappings=[{"DeviceName": "/dev/sdf", "Ebs": {**device, "VolumeType": "gp3"}}],
        TagSpecifications=[
            {"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "parity-app"}]}
        ],
    )
    return launched["Instances"][0]["InstanceId"], subnet, group


def _ssm(aws: boto3.Session, managed: list[str], states: list[dict[str, Any]]) -> None:
    respond(
        aws,
        "ssm.DescribeInstanceInformation",
        lambda: {"InstanceInformationList": [{"InstanceId": i} for i in managed]},
    )
    respond(
        aws,
        "ssm.DescribeInstancePatchStates",
        lambda: {"InstancePatchStates": states},
    )


def test_live_instance_matches_the_iac_parity_case(api: Api, aws: boto3.Session) -> None:
    """Same instance, same attributes as the plan, HCL and template, and the live facts."""
    instance_id, subnet, group = _seed_parity_instance()
    _ssm(aws, [instance_id], [{"InstanceId": instance_id, "MissingCount": 2}])
    [instance] = collected_as_declared(collect_instances, api)
    assert instance.id == f"arn:aws:ec2:eu-west-1:123456789012:instance/{instance_id}"
    assert (instance.name, instance.region) == ("parity-app", REGION)
    found = to_jsonable(instance.attributes)
    want = expected("ec2_instance", "aws_instance.app")
    # Ids are moto's own; what IaC cannot know (public IP, live facts) is known live.
    assert (found.pop("subnet_id"), found.pop("security_group_ids")) == (subnet, [group])
    assert found.pop("public_ip") is False
    assert found.pop("instance_state") == "running"
    assert found.pop("ssm_managed") is True
    assert found.pop("patch_compliance") == "non_compliant"
    assert found.pop("ami_created_at") is None  # moto knows no such AMI: not visible
    for name in ("subnet_id", "security_group_ids", "public_ip", "instance_state"):
        want.pop(name)
    for name in ("ssm_managed", "patch_compliance", "ami_created_at"):
        want.pop(name)
    assert found == want


def test_unmanaged_instance_and_a_visible_ami(api: Api, aws: boto3.Session) -> None:
    """An instance SSM does not manage has no patch state; a visible AMI gives its date."""
    ec2 = boto3.client("ec2", region_name=REGION)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]
    ec2.run_instances(ImageId=image["ImageId"], MinCount=1, MaxCount=1)
    _ssm(aws, [], [])
    [instance] = collected_as_declared(collect_instances, api)
    assert instance.attributes["ssm_managed"] is False
    assert instance.attributes["patch_compliance"] is None
    assert instance.attributes["ami_created_at"] == image["CreationDate"]
    assert instance.attributes["imds_http_tokens"] == "optional"


def test_denied_volume_and_ssm_reads_leave_their_facts_unknown(
    api: Api, aws: boto3.Session
) -> None:
    """Denied DescribeVolumes and DescribeInstanceInformation: unknown, recorded, rest read."""
    _seed_parity_instance()
    deny(aws, "ec2.DescribeVolumes")
    deny(aws, "ssm.DescribeInstanceInformation")
    gaps = Gaps()
    [instance] = collected_as_declared(collect_instances, api, gaps)
    [device] = instance.attributes["block_devices"]
    assert device["encrypted"] is UNKNOWN and device["volume_size_gib"] is UNKNOWN
    assert device["delete_on_termination"] is True
    assert instance.attributes["ssm_managed"] is UNKNOWN
    assert instance.attributes["patch_compliance"] is UNKNOWN
    assert instance.attributes["imds_http_tokens"] == "required"
    assert {op for op, _ in gaps.denied} == {
        "ec2:DescribeVolumes",
        "ssm:DescribeInstanceInformation",
    }


def test_patch_compliance_counts() -> None:
    """Any missing, failed, rejected or pending-reboot patch is non-compliance."""
    assert patch_compliance({"InstalledCount": 40, "MissingCount": 0}) == "compliant"
    for count in ("MissingCount", "FailedCount", "InstalledPendingRebootCount"):
        assert patch_compliance({count: 1}) == "non_compliant"


def test_aws_managed_key_reads_as_null(api: Api) -> None:
    """A volume under the account's aws/ebs key has no customer key, as the IaC sources say."""
    kms = boto3.client("kms", region_name=REGION)
    own = kms.create_key()["KeyMetadata"]["Arn"]
    ec2 = boto3.client("ec2", region_name=REGION)
    ec2.create_launch_template(
        LaunchTemplateName="web",
        LaunchTemplateData={
            "ImageId": "ami-1",
            "MetadataOptions": {"HttpTokens": "required"},
            "NetworkInterfaces": [
                {"DeviceIndex": 0, "AssociatePublicIpAddress": True, "Groups": ["sg-1"]}
            ],
            "IamInstanceProfile": {"Name": "web"},
            "BlockDeviceMappings": [
                {"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": True, "KmsKeyId": own}},
                {"DeviceName": "/dev/sdb", "VirtualName": "ephemeral0"},
            ],
        },
    )
    [template] = collected_as_declared(collect_launch_templates, api)
    assert template.name == "web"
    assert template.attributes == {
        "ami_id": "ami-1",
        "imds_http_tokens": "required",
        "imds_http_endpoint": None,
        "public_ip": True,
        "security_group_ids": ["sg-1"],
        "iam_instance_profile": "web",
        "block_devices": [
            {
                "device_name": "/dev/xvda",
                "encrypted": True,
                "kms_key_id": own,
                "volume_size_gib": None,
                "delete_on_termination": True,
            }
        ],
    }


def test_launch_configuration_and_group(api: Api) -> None:
    """A launch configuration and the group that uses it read like the IaC ones."""
    autoscaling = boto3.client("autoscaling", region_name=REGION)
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.8.1.0/24", AvailabilityZone="eu-west-1a")
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    autoscaling.create_launch_configuration(
        LaunchConfigurationName="legacy",
        ImageId="ami-1",
        InstanceType="t3.micro",
        AssociatePublicIpAddress=False,
        SecurityGroups=[group],
        BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 8}}],
    )
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="web",
        LaunchConfigurationName="legacy",
        MinSize=2,
        MaxSize=4,
        VPCZoneIdentifier=subnet["Subnet"]["SubnetId"],
    )
    [configuration] = collected_as_declared(collect_launch_configurations, api)
    assert configuration.attributes["public_ip"] is False
    assert configuration.attributes["security_group_ids"] == [group]
    # No Encrypted in the mapping: the snapshot or the account's EBS default decides.
    assert configuration.attributes["block_devices"][0]["encrypted"] is UNKNOWN
    assert configuration.attributes["block_devices"][0]["volume_size_gib"] == 8
    [group] = collected_as_declared(collect_autoscaling_groups, api)
    assert group.name == "web"
    assert group.attributes["launch_configuration_name"] == "legacy"
    assert group.attributes["launch_template_id"] is None
    assert group.attributes["subnet_ids"] == [subnet["Subnet"]["SubnetId"]]
    assert (group.attributes["min_size"], group.attributes["health_check_type"]) == (2, "EC2")


def _seed_parity_function() -> str:
    iam = boto3.client("iam", region_name=REGION)
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
    role = iam.create_role(RoleName="parity-processor", AssumeRolePolicyDocument=json.dumps(trust))
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return None\n")
    functions = boto3.client("lambda", region_name=REGION)
    functions.create_function(
        FunctionName="parity-processor",
        Role=role["Role"]["Arn"],
        Runtime="python3.12",
        Handler="app.handler",
        Code={"ZipFile": package.getvalue()},
        KMSKeyArn=KEY,
        TracingConfig={"Mode": "Active"},
        Environment={"Variables": {"TABLE_NAME": "parity-orders"}},
    )
    functions.add_permission(
        FunctionName="parity-processor",
        StatementId="AllowUploadsBucket",
        Action="lambda:InvokeFunction",
        Principal="s3.amazonaws.com",
        SourceArn="arn:aws:s3:::srmap-parity-uploads",
        SourceAccount="111122223333",
    )
    functions.create_function_url_config(FunctionName="parity-processor", AuthType="AWS_IAM")
    return str(role["Role"]["Arn"])


def test_live_function_matches_the_iac_parity_case(api: Api) -> None:
    """Same function, same attributes as the plan, HCL and template; no environment value."""
    role = _seed_parity_function()
    [function] = collected_as_declared(collect_functions, api)
    assert function.id == "arn:aws:lambda:eu-west-1:123456789012:function:parity-processor"
    assert function.name == "parity-processor"
    found = to_jsonable(function.attributes)
    want = expected("lambda_function", "aws_lambda_function.processor")
    # What IaC knows only after apply (the role and function ARNs) is known live.
    assert found.pop("role_arn") == role
    want.pop("role_arn")
    [statement] = found["policy"]["Statement"]
    assert statement.pop("Resource") == function.id
    want["policy"]["Statement"][0].pop("Resource")
    assert found == want
    assert "parity-orders" not in repr(function)


def test_function_without_policy_or_url_and_a_denied_policy(api: Api, aws: boto3.Session) -> None:
    """No permissions and no URL read as null; a denied GetPolicy as unknown."""
    _seed_parity_function()
    boto3.client("lambda", region_name=REGION).delete_function_url_config(
        FunctionName="parity-processor"
    )
    deny(aws, "lambda.GetPolicy")
    gaps = Gaps()
    [function] = collected_as_declared(collect_functions, api, gaps)
    assert function.attributes["function_url_auth_type"] is None
    assert function.attributes["policy"] is UNKNOWN
    assert ("lambda:GetPolicy", REGION) in gaps.denied


def _directory() -> str:
    """A registered WorkSpaces directory in a two-subnet VPC."""
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"{REGION}{z}")
        for i, z in ((1, "a"), (2, "b"))
    ]
    directory = boto3.client("ds", region_name=REGION).create_directory(
        Name="corp.example.com",
        Password="Passw0rd!",
        Size="Small",
        VpcSettings={"VpcId": vpc, "SubnetIds": [s["Subnet"]["SubnetId"] for s in subnets]},
    )["DirectoryId"]
    boto3.client("workspaces", region_name=REGION).register_workspace_directory(
        DirectoryId=directory
    )
    return str(directory)


def test_workspaces_volume_encryption(api: Api) -> None:
    """Both volume flags and the customer key are read; an unencrypted WorkSpace has neither."""
    directory = _directory()
    boto3.client("workspaces", region_name=REGION).create_workspaces(
        Workspaces=[
            {
                "DirectoryId": directory,
                "UserName": "jdoe",
                "BundleId": "wsb-123",
                "RootVolumeEncryptionEnabled": True,
                "UserVolumeEncryptionEnabled": True,
                "VolumeEncryptionKey": KEY,
            },
            {"DirectoryId": directory, "UserName": "plain", "BundleId": "wsb-123"},
        ]
    )
    found = {w.name: w for w in collected_as_declared(collect_workspaces, api)}
    assert found["jdoe"].id.startswith("arn:aws:workspaces:eu-west-1:123456789012:workspace/ws-")
    assert found["jdoe"].attributes == {
        "root_volume_encrypted": True,
        "user_volume_encrypted": True,
        "kms_key_id": KEY,
    }
    assert found["plain"].attributes == {
        "root_volume_encrypted": False,
        "user_volume_encrypted": False,
        "kms_key_id": None,
    }


def test_denied_workspaces_listing_is_a_gap(api: Api, aws: boto3.Session) -> None:
    """A denied DescribeWorkspaces reports nothing and records the gap."""
    deny(aws, "workspaces.DescribeWorkspaces")
    gaps = Gaps()
    assert collected_as_declared(collect_workspaces, api, gaps) == []
    assert {op for op, _ in gaps.denied} == {"workspaces:DescribeWorkspaces"}
