"""CloudFormation EC2 instances, launch templates and configurations, Auto Scaling groups, Lambda
functions (SAM included) and WorkSpaces. User data and environment values are never read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.ebs import ebs_encrypted
from srmap.sources.normalize.permissions import (
    function_policy,
    permission_statement,
    sam_event_statements,
)
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    blocks,
    dig,
    none_if_empty,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _devices(holder: Any) -> list[Any] | Unknown:
    """EBS block device mappings; instance-store and suppressed (NoDevice) ones left out."""
    mappings = blocks(holder, "BlockDeviceMappings")
    if isinstance(mappings, Unknown):
        return UNKNOWN
    devices: list[Any] = []
    for mapping in mappings:
        ebs = dig(mapping, "Ebs")
        if isinstance(ebs, Unknown):
            devices.append(UNKNOWN)
        elif isinstance(ebs, dict):
            devices.append(
                {
                    "device_name": mapping.get("DeviceName", UNKNOWN),
                    "encrypted": ebs_encrypted(ebs.get("Encrypted"), ebs.get("KmsKeyId")),
                    "kms_key_id": none_if_empty(ebs.get("KmsKeyId")),
                    "volume_size_gib": as_int(ebs.get("VolumeSize")),
                    "delete_on_termination": as_bool(ebs.get("DeleteOnTermination"), True),
                }
            )
    return devices


def _groups(holder: Any, *keys: str) -> list[Any] | Unknown | None:
    """Every group the keys name; None when none of them is set."""
    found: list[Any] = []
    named = False
    for key in keys:
        value = dig(holder, key)
        items = as_list(value)
        if isinstance(items, Unknown):
            return UNKNOWN
        named = named or value is not None
        found += items
    return list(dict.fromkeys(found)) if named else None


def _primary_interface(values: Mapping[str, Any]) -> Any:
    interfaces = blocks(values, "NetworkInterfaces")
    if isinstance(interfaces, Unknown):
        return UNKNOWN
    for interface in interfaces:
        if str(dig(interface, "DeviceIndex")) == "0":
            return interface
    return None


def _unless_template(value: Any, uses_template: bool, default: Any) -> Any:
    """An unset instance setting: the launch template's if one is used, else the default."""
    if value is not None:
        return value
    return UNKNOWN if uses_template else default


@normalizer("ec2.instance", Dialect.CLOUDFORMATION, name=None, identity=())
def normalize_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::Instance."""
    values = raw.values
    uses_template = values.get("LaunchTemplate") is not None
    interface = _primary_interface(values)
    groups = _groups(values, "SecurityGroupIds", "SecurityGroups")
    if groups is None:
        groups = _groups(interface, "GroupSet")
    public_ip = as_bool(dig(interface, "AssociatePublicIpAddress"))
    subnet = values.get("SubnetId", dig(interface, "SubnetId"))
    return {
        "ami_id": values.get("ImageId", UNKNOWN),
        "instance_type": _unless_template(values.get("InstanceType"), uses_template, "m1.small"),
        # RunInstances defaults to IMDSv1 allowed unless the AMI or account says otherwise.
        "imds_http_tokens": _unless_template(
            dig(values, "MetadataOptions", "HttpTokens"), uses_template, "optional"
        ),
        "imds_http_endpoint": _unless_template(
            dig(values, "MetadataOptions", "HttpEndpoint"), uses_template, "enabled"
        ),
        # Unset, the subnet's map_public_ip_on_launch decides.
        "public_ip": UNKNOWN if public_ip is None else public_ip,
        "subnet_id": _unless_template(none_if_empty(subnet), uses_template, None),
        # Unset, the VPC's default group applies, whose id the template does not hold.
        "security_group_ids": UNKNOWN if groups is None else groups,
        "iam_instance_profile": _unless_template(
            none_if_empty(values.get("IamInstanceProfile")), uses_template, None
        ),
        "block_devices": _devices(values),
        "detailed_monitoring": _unless_template(
            as_bool(values.get("Monitoring")), uses_template, False
        ),
        # What runs on the instance is known only to a live scan.
        **dict.fromkeys(
            ("instance_state", "ssm_managed", "patch_compliance", "ami_created_at"), UNKNOWN
        ),
    }


def _template_public_ip(interfaces: list[Any] | Unknown) -> bool | Unknown | None:
    if isinstance(interfaces, Unknown):
        return UNKNOWN
    found = [as_bool(dig(interface, "AssociatePublicIpAddress")) for interface in interfaces]
    if any(value is True for value in found):
        return True
    if any(isinstance(value, Unknown) for value in found):
        return UNKNOWN
    return False if any(value is False for value in found) else None


def _template_groups(data: Any, interfaces: list[Any] | Unknown) -> list[Any] | Unknown:
    groups = _groups(data, "SecurityGroupIds", "SecurityGroups")
    if isinstance(groups, Unknown) or isinstance(interfaces, Unknown):
        return UNKNOWN
    found = list(groups or [])
    for interface in interfaces:
        names = as_list(dig(interface, "Groups"))
        if isinstance(names, Unknown):
            return UNKNOWN
        found += names
    return list(dict.fromkeys(found))


@normalizer(
    "ec2.launch_template",
    Dialect.CLOUDFORMATION,
    name="LaunchTemplateName",
    identity=("LaunchTemplateName",),
)
def normalize_launch_template(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EC2::LaunchTemplate (the version the template describes)."""
    data = raw.values.get("LaunchTemplateData", UNKNOWN)
    interfaces = blocks(data, "NetworkInterfaces")
    profile = dig(data, "IamInstanceProfile")
    arn = dig(profile, "Arn")
    return {
        "ami_id": none_if_empty(dig(data, "ImageId")),
        "imds_http_tokens": none_if_empty(dig(data, "MetadataOptions", "HttpTokens")),
        "imds_http_endpoint": none_if_empty(dig(data, "MetadataOptions", "HttpEndpoint")),
        "public_ip": _template_public_ip(interfaces),
        "security_group_ids": _template_groups(data, interfaces),
        "iam_instance_profile": none_if_empty(dig(profile, "Name") if arn is None else arn),
        "block_devices": _devices(data),
    }


@normalizer(
    "autoscaling.launch_configuration",
    Dialect.CLOUDFORMATION,
    name="LaunchConfigurationName",
    identity=("LaunchConfigurationName",),
)
def normalize_launch_configuration(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::AutoScaling::LaunchConfiguration."""
    values = raw.values
    groups = _groups(values, "SecurityGroups")
    return {
        "ami_id": values.get("ImageId", UNKNOWN),
        "imds_http_tokens": none_if_empty(dig(values, "MetadataOptions", "HttpTokens")),
        "imds_http_endpoint": none_if_empty(dig(values, "MetadataOptions", "HttpEndpoint")),
        "public_ip": as_bool(values.get("AssociatePublicIpAddress")),
        "security_group_ids": [] if groups is None else groups,
        "iam_instance_profile": none_if_empty(values.get("IamInstanceProfile")),
        "block_devices": _devices(values),
    }


def _group_template(values: Mapping[str, Any]) -> Any:
    if values.get("MixedInstancesPolicy") is not None:
        return None
    template = values.get("LaunchTemplate")
    chosen = none_if_empty(dig(template, "LaunchTemplateId"))
    return none_if_empty(dig(template, "LaunchTemplateName")) if chosen is None else chosen


@normalizer(
    "autoscaling.group",
    Dialect.CLOUDFORMATION,
    name="AutoScalingGroupName",
    identity=("AutoScalingGroupName",),
)
def normalize_autoscaling_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::AutoScaling::AutoScalingGroup."""
    values = raw.values
    subnets = as_list(values.get("VPCZoneIdentifier"))
    zones = values.get("AvailabilityZones")
    if zones is None:  # derived from the subnets when only those are given
        zones = [] if subnets == [] else UNKNOWN
    return {
        "launch_template_id": _group_template(values),
        "launch_configuration_name": none_if_empty(values.get("LaunchConfigurationName")),
        "subnet_ids": subnets,
        "availability_zones": as_list(zones),
        "health_check_type": values.get("HealthCheckType", "EC2"),
        "min_size": as_int(values.get("MinSize", UNKNOWN)),
    }


def _permission(part: RawResource) -> dict[str, Any]:
    values = part.values
    return permission_statement(
        values.get("Action", UNKNOWN),
        values.get("Principal", UNKNOWN),
        UNKNOWN,  # the function's ARN exists only once the stack is created
        source_arn=values.get("SourceArn"),
        source_account=values.get("SourceAccount"),
        principal_org_id=values.get("PrincipalOrgID"),
        function_url_auth_type=values.get("FunctionUrlAuthType"),
        event_source_token=values.get("EventSourceToken"),
    )


def _url_auth_type(raw: RawResource, parts: Parts) -> Any:
    url = parts.first("AWS::Lambda::Url")
    if url is not None:
        return url.values.get("AuthType", UNKNOWN)
    return dig(raw.values, "FunctionUrlConfig", "AuthType")


def _lambda_policy(raw: RawResource, parts: Parts) -> dict[str, Any] | Unknown | None:
    statements = [_permission(part) for part in parts.of("AWS::Lambda::Permission")]
    if raw.native_type == "AWS::Serverless::Function":
        events = sam_event_statements(raw.values.get("Events"), UNKNOWN)
        if isinstance(events, Unknown):
            return UNKNOWN
        statements += events
        if dig(raw.values, "FunctionUrlConfig", "AuthType") == "NONE":
            statements.append(
                permission_statement(
                    "lambda:InvokeFunctionUrl", "*", UNKNOWN, function_url_auth_type="NONE"
                )
            )
    return function_policy(statements)


def _tracing(raw: RawResource) -> Any:
    values = raw.values
    mode = dig(values, "TracingConfig", "Mode")
    if mode is None and raw.native_type == "AWS::Serverless::Function":
        mode = values.get("Tracing")
    return "PassThrough" if mode is None else mode


@normalizer(
    "lambda.function",
    Dialect.CLOUDFORMATION,
    name="FunctionName",
    identity=("FunctionName",),
    parts={"AWS::Lambda::Permission": "FunctionName", "AWS::Lambda::Url": "TargetFunctionArn"},
)
def normalize_lambda_function(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::Lambda::Function or AWS::Serverless::Function; environment never read."""
    values = raw.values
    return {
        "runtime": none_if_empty(values.get("Runtime")),
        "package_type": values.get("PackageType", "Zip"),
        # SAM creates an execution role when none is given.
        "role_arn": values.get("Role", UNKNOWN),
        "kms_key_id": none_if_empty(values.get("KmsKeyArn")),
        "vpc_subnet_ids": as_list(dig(values, "VpcConfig", "SubnetIds")),
        "policy": _lambda_policy(raw, parts),
        "function_url_auth_type": _url_auth_type(raw, parts),
        "tracing_mode": _tracing(raw),
    }


@normalizer("workspaces.workspace", Dialect.CLOUDFORMATION, name="UserName")
def normalize_workspace(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::WorkSpaces::Workspace: both volumes are unencrypted unless asked for at launch."""
    values = raw.values
    key = values.get("VolumeEncryptionKey")
    return {
        "root_volume_encrypted": as_bool(values.get("RootVolumeEncryptionEnabled"), False),
        "user_volume_encrypted": as_bool(values.get("UserVolumeEncryptionEnabled"), False),
        "kms_key_id": None if aws_managed_key(key) else none_if_empty(key),
    }


NORMALIZERS = [
    normalize_instance,
    normalize_launch_template,
    normalize_launch_configuration,
    normalize_autoscaling_group,
    normalize_lambda_function,
    normalize_workspace,
]
