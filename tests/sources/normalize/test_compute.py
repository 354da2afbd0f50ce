"""EC2 instances, launch templates and configurations, Auto Scaling groups and Lambda functions."""

from __future__ import annotations

from typing import Any

from raw_resources import cfn, declared_attributes, tf

from srmap.model import UNKNOWN
from srmap.sources.raw import RawResource

KEY = "arn:aws:kms:eu-west-1:111122223333:key/k"


def device(name: Any, size: int | None = 20) -> dict[str, Any]:
    return {
        "device_name": name,
        "encrypted": True,
        "kms_key_id": KEY,
        "volume_size_gib": size,
        "delete_on_termination": True,
    }


def test_planned_instance_with_unset_settings_takes_aws_defaults() -> None:
    """Unset metadata options mean IMDSv1 allowed; unset groups and public IP stay UNKNOWN."""
    raw = tf(
        "aws_instance.app",
        {
            "id": UNKNOWN,
            "ami": "ami-1",
            "instance_type": "t3.micro",
            "launch_template": [],
            "metadata_options": UNKNOWN,
            "subnet_id": UNKNOWN,
            "vpc_security_group_ids": UNKNOWN,
            "security_groups": UNKNOWN,
            "associate_public_ip_address": UNKNOWN,
            "iam_instance_profile": UNKNOWN,
            "monitoring": UNKNOWN,
            "root_block_device": UNKNOWN,
            "ebs_block_device": UNKNOWN,
            "user_data": "c2VjcmV0",
        },
    )
    found = declared_attributes(raw, of="aws_instance.app")
    assert found["imds_http_tokens"] == "optional"
    assert found["imds_http_endpoint"] == "enabled"
    assert found["public_ip"] is UNKNOWN
    assert found["security_group_ids"] is UNKNOWN
    assert found["subnet_id"] is None
    assert found["iam_instance_profile"] is None
    assert found["detailed_monitoring"] is False
    assert found["block_devices"] == []
    assert "c2VjcmV0" not in repr(found)


def test_live_only_instance_facts_are_unknown_from_iac() -> None:
    """State, SSM management, patch compliance and AMI age exist only in a live account."""
    live_only = ("instance_state", "ssm_managed", "patch_compliance", "ami_created_at")
    planned = declared_attributes(tf("aws_instance.app", {"ami": "ami-1"}), of="aws_instance.app")
    template = declared_attributes(cfn("App", "AWS::EC2::Instance", {"ImageId": "ami-1"}), of="App")
    for found in (planned, template):
        assert all(found[name] is UNKNOWN for name in live_only)


def test_instance_devices_and_imdsv2_in_both_dialects() -> None:
    """Root and EBS devices, IMDSv2 and a public IP read alike from Terraform and CloudFormation."""
    raw = tf(
        "aws_instance.app",
        {
            "ami": "ami-1",
            "instance_type": "t3.micro",
            "associate_public_ip_address": True,
            "metadata_options": [{"http_tokens": "required"}],
            "vpc_security_group_ids": ["sg-1"],
            "root_block_device": [{"encrypted": True, "kms_key_id": KEY, "volume_size": 20}],
            "ebs_block_device": [
                {"device_name": "/dev/sdf", "encrypted": True, "kms_key_id": KEY, "volume_size": 20}
            ],
        },
    )
    found = declared_attributes(raw, of="aws_instance.app")
    assert found["block_devices"] == [device(UNKNOWN), device("/dev/sdf")]
    assert found["imds_http_tokens"] == "required"
    assert found["public_ip"] is True
    template = cfn(
        "App",
        "AWS::EC2::Instance",
        {
            "ImageId": "ami-1",
            "InstanceType": "t3.micro",
            "MetadataOptions": {"HttpTokens": "required"},
            "NetworkInterfaces": [
                {
                    "DeviceIndex": "0",
                    "AssociatePublicIpAddress": "true",
                    "GroupSet": ["sg-1"],
                    "SubnetId": "subnet-1",
                }
            ],
            "BlockDeviceMappings": [
                {
                    "DeviceName": "/dev/sdf",
                    "Ebs": {"Encrypted": True, "KmsKeyId": KEY, "VolumeSize": 20},
                },
                {"DeviceName": "/dev/sdg", "VirtualName": "ephemeral0"},
            ],
            "UserData": "c2VjcmV0",
        },
    )
    from_template = declared_attributes(template, of="App")
    assert from_template["block_devices"] == [device("/dev/sdf")]
    assert from_template["public_ip"] is True
    assert from_template["security_group_ids"] == ["sg-1"]
    assert from_template["subnet_id"] == "subnet-1"
    assert "c2VjcmV0" not in repr(from_template)


def test_instance_settings_left_to_a_launch_template_are_unknown() -> None:
    """With a launch template, what the instance leaves out is the template's, so UNKNOWN."""
    raw = tf("aws_instance.app", {"launch_template": [{"id": "lt-1"}]})
    template = cfn("App", "AWS::EC2::Instance", {"LaunchTemplate": {"LaunchTemplateId": "lt-1"}})
    for found in (
        declared_attributes(raw, of="aws_instance.app"),
        declared_attributes(template, of="App"),
    ):
        for key in (
            "ami_id",
            "imds_http_tokens",
            "subnet_id",
            "iam_instance_profile",
            "detailed_monitoring",
        ):
            assert found[key] is UNKNOWN, key


def test_launch_template_reads_alike_in_both_dialects() -> None:
    """Metadata options, interfaces, profile and EBS mappings of a launch template."""
    raw = tf(
        "aws_launch_template.web",
        {
            "name": "web",
            "image_id": "ami-1",
            "metadata_options": [{"http_tokens": "required", "http_endpoint": "enabled"}],
            "network_interfaces": [
                {"associate_public_ip_address": "false", "security_groups": ["sg-1"]}
            ],
            "iam_instance_profile": [{"name": "web"}],
            "block_device_mappings": [
                {
                    "device_name": "/dev/xvda",
                    "ebs": [{"encrypted": "true", "kms_key_id": KEY, "volume_size": 20}],
                }
            ],
            "user_data": "c2VjcmV0",
        },
    )
    template = cfn(
        "Web",
        "AWS::EC2::LaunchTemplate",
        {
            "LaunchTemplateName": "web",
            "LaunchTemplateData": {
                "ImageId": "ami-1",
                "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"},
                "NetworkInterfaces": [{"AssociatePublicIpAddress": False, "Groups": ["sg-1"]}],
                "IamInstanceProfile": {"Name": "web"},
                "BlockDeviceMappings": [
                    {
                        "DeviceName": "/dev/xvda",
                        "Ebs": {"Encrypted": True, "KmsKeyId": KEY, "VolumeSize": 20},
                    }
                ],
                "UserData": "c2VjcmV0",
            },
        },
    )
    expected = {
        "ami_id": "ami-1",
        "imds_http_tokens": "required",
        "imds_http_endpoint": "enabled",
        "public_ip": False,
        "security_group_ids": ["sg-1"],
        "iam_instance_profile": "web",
        "block_devices": [device("/dev/xvda")],
    }
    assert declared_attributes(raw, of="aws_launch_template.web") == expected
    assert declared_attributes(template, of="Web") == expected


def test_unset_launch_template_options_are_null() -> None:
    """A template that leaves metadata and public IP out says so with null."""
    raw = tf("aws_launch_template.t", {"name": "t"})
    found = declared_attributes(raw, of="aws_launch_template.t")
    assert found["imds_http_tokens"] is None
    assert found["public_ip"] is None
    assert found["security_group_ids"] == []


def test_launch_configuration_in_both_dialects() -> None:
    """Launch configurations read metadata options, groups and devices alike."""
    raw = tf(
        "aws_launch_configuration.lc",
        {
            "name": "lc",
            "image_id": "ami-1",
            "security_groups": ["sg-1"],
            "associate_public_ip_address": True,
            "metadata_options": [{"http_tokens": "optional"}],
        },
    )
    template = cfn(
        "Lc",
        "AWS::AutoScaling::LaunchConfiguration",
        {
            "ImageId": "ami-1",
            "SecurityGroups": ["sg-1"],
            "AssociatePublicIpAddress": True,
            "MetadataOptions": {"HttpTokens": "optional"},
        },
    )
    from_template = declared_attributes(template, of="Lc")
    assert declared_attributes(raw, of="aws_launch_configuration.lc") == from_template
    assert from_template["imds_http_endpoint"] is None


def test_autoscaling_group_in_both_dialects() -> None:
    """Template, subnets, zones derived from subnets and the EC2 health check default."""
    raw = tf(
        "aws_autoscaling_group.web",
        {
            "name": "web",
            "launch_template": [{"id": "lt-1"}],
            "vpc_zone_identifier": ["subnet-1"],
            "min_size": 1,
        },
    )
    template = cfn(
        "Web",
        "AWS::AutoScaling::AutoScalingGroup",
        {
            "LaunchTemplate": {"LaunchTemplateId": "lt-1"},
            "VPCZoneIdentifier": ["subnet-1"],
            "MinSize": "1",
        },
    )
    expected = {
        "launch_template_id": "lt-1",
        "launch_configuration_name": None,
        "subnet_ids": ["subnet-1"],
        "availability_zones": UNKNOWN,
        "health_check_type": "EC2",
        "min_size": 1,
    }
    assert declared_attributes(raw, of="aws_autoscaling_group.web") == expected
    assert declared_attributes(template, of="Web") == expected


def test_lambda_permissions_and_url_join_by_reference_and_by_name() -> None:
    """Permissions become policy statements; the URL's auth type is read; env values are not."""
    function = tf(
        "aws_lambda_function.fn",
        {
            "function_name": "fn",
            "arn": "arn:aws:lambda:eu-west-1:1:function:fn",
            "runtime": "python3.12",
            "role": "arn:aws:iam::1:role/fn",
            "environment": [{"variables": {"DB_PASSWORD": "hunter2"}}],
        },
    )
    by_reference = tf(
        "aws_lambda_permission.public",
        {"function_name": UNKNOWN, "action": "lambda:InvokeFunction", "principal": "*"},
        function_name=("aws_lambda_function.fn",),
    )
    by_name = tf(
        "aws_lambda_function_url.url", {"function_name": "fn", "authorization_type": "NONE"}
    )
    found = declared_attributes(function, by_reference, by_name, of="aws_lambda_function.fn")
    assert found["policy"] == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "lambda:InvokeFunction",
                "Resource": "arn:aws:lambda:eu-west-1:1:function:fn",
            }
        ],
    }
    assert found["function_url_auth_type"] == "NONE"
    assert found["tracing_mode"] == "PassThrough"
    assert found["package_type"] == "Zip"
    assert found["vpc_subnet_ids"] == []
    assert "hunter2" not in repr(found)


def test_lambda_without_permissions_has_no_policy() -> None:
    """No permission and no URL: null policy and null URL auth type."""
    found = declared_attributes(
        tf("aws_lambda_function.fn", {"function_name": "fn"}), of="aws_lambda_function.fn"
    )
    assert found["policy"] is None
    assert found["function_url_auth_type"] is None
    assert found["role_arn"] is UNKNOWN


def test_sam_function_events_url_and_tracing() -> None:
    """A SAM function's push events and public URL add statements; Tracing sets the mode."""
    function = cfn(
        "Fn",
        "AWS::Serverless::Function",
        {
            "Runtime": "nodejs20.x",
            "Tracing": "Active",
            "FunctionUrlConfig": {"AuthType": "NONE"},
            "Events": {"Upload": {"Type": "S3"}, "Queue": {"Type": "SQS"}},
            "VpcConfig": {"SubnetIds": ["subnet-1"]},
            "Environment": {"Variables": {"TOKEN": "hunter2"}},
        },
    )
    found = declared_attributes(function, of="Fn")
    statements = found["policy"]["Statement"]
    assert [s["Principal"] for s in statements] == [{"Service": "s3.amazonaws.com"}, "*"]
    assert statements[1]["Condition"] == {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}
    assert found["function_url_auth_type"] == "NONE"
    assert found["tracing_mode"] == "Active"
    assert found["role_arn"] is UNKNOWN
    assert found["vpc_subnet_ids"] == ["subnet-1"]
    assert "hunter2" not in repr(found)


def test_cloudformation_permission_conditions() -> None:
    """A Lambda permission's source ARN and account become its statement's condition."""
    function = cfn("Fn", "AWS::Lambda::Function", {"FunctionName": "fn", "PackageType": "Image"})
    permission = cfn(
        "FnPermission",
        "AWS::Lambda::Permission",
        {
            "FunctionName": "fn",
            "Action": "lambda:InvokeFunction",
            "Principal": "111122223333",
            "SourceAccount": "111122223333",
        },
    )
    found = declared_attributes(function, permission, of="Fn")
    statement = found["policy"]["Statement"][0]
    assert statement["Principal"] == {"AWS": "111122223333"}
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceAccount": "111122223333"}}
    assert found["runtime"] is None
    assert found["package_type"] == "Image"


def test_a_block_device_from_a_snapshot_with_no_flag_is_unknown() -> None:
    """The snapshot decides the encryption of a device made from it; unset means unknown."""
    values = {
        "ami": "ami-1",
        "instance_type": "t3.micro",
        "ebs_block_device": [{"device_name": "/dev/sdf", "snapshot_id": "snap-1"}],
    }
    [device] = declared_attributes(tf("aws_instance.web", values), of="aws_instance.web")[
        "block_devices"
    ]
    assert device["encrypted"] is UNKNOWN


def test_workspace_volumes_are_unencrypted_unless_asked_for() -> None:
    """A WorkSpace without encryption settings has both volumes plain, in HCL and templates."""
    plain = {"root_volume_encrypted": False, "user_volume_encrypted": False, "kms_key_id": None}
    workspace = tf("aws_workspaces_workspace.w", {"user_name": "jdoe"})
    assert declared_attributes(workspace, of="aws_workspaces_workspace.w") == plain
    template = cfn("Desk", "AWS::WorkSpaces::Workspace", {"UserName": "jdoe"})
    assert declared_attributes(template, of="Desk") == plain


def test_workspace_encrypted_volumes_and_their_key() -> None:
    """Both flags and the customer key are read; the aws/workspaces alias names no key."""
    workspace = tf(
        "aws_workspaces_workspace.w",
        {
            "root_volume_encryption_enabled": True,
            "user_volume_encryption_enabled": True,
            "volume_encryption_key": KEY,
        },
    )
    template = cfn(
        "Desk",
        "AWS::WorkSpaces::Workspace",
        {
            "RootVolumeEncryptionEnabled": "true",
            "UserVolumeEncryptionEnabled": False,
            "VolumeEncryptionKey": "alias/aws/workspaces",
        },
    )
    assert declared_attributes(workspace, of="aws_workspaces_workspace.w") == {
        "root_volume_encrypted": True,
        "user_volume_encrypted": True,
        "kms_key_id": KEY,
    }
    assert declared_attributes(template, of="Desk") == {
        "root_volume_encrypted": True,
        "user_volume_encrypted": False,
        "kms_key_id": None,
    }


def _unset_devices() -> list[RawResource]:
    """One resource per type and dialect whose only device leaves encryption unset."""
    mapping = {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20}}
    image = {"ImageId": "ami-1", "BlockDeviceMappings": [mapping]}
    return [
        tf("aws_instance.a", {"ami": "ami-1", "root_block_device": [{"volume_size": 20}]}),
        tf(
            "aws_instance.b",
            {"ami": "ami-1", "ebs_block_device": [{"device_name": "/dev/sdf"}]},
        ),
        tf(
            "aws_launch_template.c",
            {"block_device_mappings": [{"device_name": "/dev/xvda", "ebs": [{}]}]},
        ),
        tf(
            "aws_launch_configuration.d",
            {"image_id": "ami-1", "root_block_device": [{"encrypted": None}]},
        ),
        cfn("E", "AWS::EC2::Instance", image),
        cfn("F", "AWS::EC2::LaunchTemplate", {"LaunchTemplateData": image}),
        cfn("G", "AWS::AutoScaling::LaunchConfiguration", image),
    ]


def test_an_unset_device_flag_is_unknown_as_for_a_volume() -> None:
    """An unset flag is the AMI's or snapshot's and the account default's: UNKNOWN, not False."""
    for raw in _unset_devices():
        [found] = declared_attributes(raw, of=raw.address)["block_devices"]
        assert found["encrypted"] is UNKNOWN, raw.address


def test_a_device_naming_a_key_is_encrypted_and_false_stays_false() -> None:
    """EC2 refuses a KMS key for an unencrypted device; an explicit false is kept."""
    keyed = tf("aws_instance.k", {"ami": "ami-1", "root_block_device": [{"kms_key_id": KEY}]})
    plain = cfn(
        "P",
        "AWS::EC2::Instance",
        {"BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"Encrypted": False}}]},
    )
    assert declared_attributes(keyed, of="aws_instance.k")["block_devices"][0]["encrypted"] is True
    assert declared_attributes(plain, of="P")["block_devices"][0]["encrypted"] is False
