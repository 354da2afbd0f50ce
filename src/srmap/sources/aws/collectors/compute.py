"""EC2 instances, launch templates and configurations, Auto Scaling groups, Lambda functions
and WorkSpaces, live. User data and environment values are never read into a resource."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from botocore.exceptions import ClientError

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.api import ApiDenied
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.aws.collectors.network import arn, name_tag, tags_of
from srmap.sources.normalize.ebs import ebs_encrypted
from srmap.sources.normalize.values import dig, none_if_empty, parse_policy

__all__ = ["COLLECTORS", "patch_compliance"]

_GONE = "terminated"  # kept listed for an hour after termination, configuring nothing
_BATCH = 50  # DescribeInstancePatchStates takes at most 50 instance ids


def _paged(context: LiveContext, service: str, operation: str, key: str, **params: Any) -> Any:
    """A whole listing, or UNKNOWN (and a gap) when denied: an empty list would claim none.
    Other errors of these supplementary reads leave what they would show UNKNOWN as well,
    so that the instances themselves are still reported."""
    try:
        return context.api.paginate(service, operation, context.region, key, **params)
    except ApiDenied as error:
        context.gaps.add(error)
        return UNKNOWN
    except (ClientError, NotImplementedError):
        # NotImplementedError: an in-process emulator (moto, as the demo runs) lacking the
        # call, e.g. SSM's DescribeInstanceInformation; AWS itself never raises it.
        return UNKNOWN


@collector("ec2.instance", service="ec2")
def collect_instances(context: LiveContext) -> Iterator[Resource]:
    """Instances with their volumes' encryption, SSM management, patch state and AMI age."""
    reservations = context.listing("ec2", "DescribeInstances", "Reservations")
    instances = [
        instance
        for reservation in reservations
        for instance in reservation.get("Instances", [])
        if dig(instance, "State", "Name") != _GONE
    ]
    if not instances:
        return
    volumes = _volumes(context)
    managed = _ssm_managed(context)
    patches = _patch_states(context, managed, [i["InstanceId"] for i in instances])
    images = _image_dates(context, sorted({i.get("ImageId", "") for i in instances} - {""}))
    for instance in instances:
        instance_id = instance["InstanceId"]
        yield context.resource(
            arn=arn(context, "ec2", f"instance/{instance_id}"),
            name=name_tag(instance),
            tags=tags_of(instance),
            attributes={
                **_instance_configuration(context, instance, volumes),
                "instance_state": dig(instance, "State", "Name"),
                "ssm_managed": UNKNOWN if isinstance(managed, Unknown) else instance_id in managed,
                "patch_compliance": _lookup(patches, instance_id),
                "ami_created_at": _lookup(images, instance.get("ImageId")),
            },
            api="ec2:DescribeInstances",
        )


def _lookup(found: dict[str, Any] | Unknown, key: Any) -> Any:
    return UNKNOWN if isinstance(found, Unknown) else found.get(key)


def _instance_configuration(
    context: LiveContext, instance: Mapping[str, Any], volumes: dict[str, Any] | Unknown
) -> dict[str, Any]:
    interfaces = instance.get("NetworkInterfaces") or []
    public = instance.get("PublicIpAddress") or any(
        dig(interface, "Association", "PublicIp") for interface in interfaces
    )
    return {
        "ami_id": instance.get("ImageId"),
        "instance_type": instance.get("InstanceType"),
        "imds_http_tokens": dig(instance, "MetadataOptions", "HttpTokens"),
        "imds_http_endpoint": dig(instance, "MetadataOptions", "HttpEndpoint"),
        # A stopped instance holds no public address; one started later gets it back.
        "public_ip": bool(public),
        "subnet_id": none_if_empty(instance.get("SubnetId")),
        "security_group_ids": [g["GroupId"] for g in instance.get("SecurityGroups", [])],
        "iam_instance_profile": dig(instance, "IamInstanceProfile", "Arn"),
        "block_devices": [
            _attached_device(context, mapping, volumes)
            for mapping in instance.get("BlockDeviceMappings", [])
            if "Ebs" in mapping
        ],
        "detailed_monitoring": dig(instance, "Monitoring", "State") in ("enabled", "pending"),
    }


def _volumes(context: LiveContext) -> dict[str, Any] | Unknown:
    """The region's volumes by id (the same listing the volume collector reads)."""
    listed = _paged(context, "ec2", "DescribeVolumes", "Volumes")
    if isinstance(listed, Unknown):
        return UNKNOWN
    return {volume["VolumeId"]: volume for volume in listed}


def _attached_device(
    context: LiveContext, mapping: Mapping[str, Any], volumes: dict[str, Any] | Unknown
) -> dict[str, Any]:
    ebs = mapping["Ebs"]
    volume = _lookup(volumes, ebs.get("VolumeId"))
    if volume is None:
        volume = UNKNOWN  # created after the volume listing was read
    encrypted = dig(volume, "Encrypted")
    key = dig(volume, "KmsKeyId") if encrypted is True else None
    return {
        "device_name": mapping.get("DeviceName"),
        "encrypted": encrypted,
        "kms_key_id": None if key is None else customer_key(context, key),
        "volume_size_gib": dig(volume, "Size"),
        "delete_on_termination": bool(ebs.get("DeleteOnTermination", True)),
    }


def customer_key(context: LiveContext, key_id: Any) -> Any:
    """``key_id`` when it is a customer managed key, None for an AWS managed key (aws/ebs):
    the API names the managed key's ARN too, while the catalog keeps null for it."""
    if isinstance(key_id, Unknown) or not key_id:
        return key_id or None
    described = context.attempt("kms", "DescribeKey", absent=("NotFoundException",), KeyId=key_id)
    if described is None:
        return key_id  # not in this account: AWS managed keys always are, so it is a customer's
    if isinstance(described, Unknown):
        return UNKNOWN
    return key_id if dig(described, "KeyMetadata", "KeyManager") == "CUSTOMER" else None


def _ssm_managed(context: LiveContext) -> set[str] | Unknown:
    """Ids of the region's instances registered with Systems Manager."""
    listed = _paged(context, "ssm", "DescribeInstanceInformation", "InstanceInformationList")
    if isinstance(listed, Unknown):
        return UNKNOWN
    return {str(node.get("InstanceId")) for node in listed}


def _patch_states(
    context: LiveContext, managed: set[str] | Unknown, instance_ids: list[str]
) -> dict[str, Any] | Unknown:
    """Patch compliance of the managed instances; Patch Manager reports on no other."""
    if isinstance(managed, Unknown):
        return UNKNOWN
    wanted = sorted(set(instance_ids) & managed)
    states: dict[str, Any] = {}
    for start in range(0, len(wanted), _BATCH):
        batch = wanted[start : start + _BATCH]
        listed = _paged(
            context, "ssm", "DescribeInstancePatchStates", "InstancePatchStates", InstanceIds=batch
        )
        if isinstance(listed, Unknown):
            return UNKNOWN
        states.update({state["InstanceId"]: patch_compliance(state) for state in listed})
    return states


_NON_COMPLIANT_COUNTS = (
    "MissingCount",
    "FailedCount",
    "InstalledRejectedCount",
    "InstalledPendingRebootCount",
    "SecurityNonCompliantCount",
    "CriticalNonCompliantCount",
    "OtherNonCompliantCount",
)


def patch_compliance(state: Mapping[str, Any]) -> str:
    """ "non_compliant" when any patch is missing, failed, rejected or awaits a reboot."""
    failing = any(int(state.get(count) or 0) > 0 for count in _NON_COMPLIANT_COUNTS)
    return "non_compliant" if failing else "compliant"


def _image_dates(context: LiveContext, image_ids: list[str]) -> dict[str, Any] | Unknown:
    """Creation time of each AMI still visible; a filter, not ImageIds, so that a
    deregistered AMI is simply absent instead of failing the whole call."""
    if not image_ids:
        return {}
    found = context.attempt(
        "ec2", "DescribeImages", Filters=[{"Name": "image-id", "Values": image_ids}]
    )
    if isinstance(found, Unknown):
        return UNKNOWN
    return {image["ImageId"]: image.get("CreationDate") for image in found.get("Images", [])}


def _mapped_device(context: LiveContext, mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A block device mapping of a template or configuration; an unset flag is left to the
    snapshot and the account's EBS encryption by default, as the IaC sources read it."""
    ebs = mapping["Ebs"]
    return {
        "device_name": mapping.get("DeviceName"),
        "encrypted": ebs_encrypted(ebs.get("Encrypted"), ebs.get("KmsKeyId")),
        "kms_key_id": customer_key(context, ebs.get("KmsKeyId")),
        "volume_size_gib": ebs.get("VolumeSize"),
        "delete_on_termination": bool(ebs.get("DeleteOnTermination", True)),
    }


def _mapped_devices(context: LiveContext, holder: Any) -> list[dict[str, Any]]:
    mappings = dig(holder, "BlockDeviceMappings") or []
    return [_mapped_device(context, mapping) for mapping in mappings if mapping.get("Ebs")]


# What a denied version read hides: everything but the name.
_UNKNOWN_TEMPLATE = dict.fromkeys(
    ("ami_id", "imds_http_tokens", "imds_http_endpoint", "public_ip", "security_group_ids",
     "iam_instance_profile", "block_devices"),
    UNKNOWN,
)  # fmt: skip


@collector("ec2.launch_template", service="ec2")
def collect_launch_templates(context: LiveContext) -> Iterator[Resource]:
    """Each launch template as its latest version configures instances."""
    for template in context.listing("ec2", "DescribeLaunchTemplates", "LaunchTemplates"):
        template_id = template["LaunchTemplateId"]
        versions = context.attempt(
            "ec2", "DescribeLaunchTemplateVersions", LaunchTemplateId=template_id,
            Versions=["$Latest"],
        )  # fmt: skip
        data = dig(versions, "LaunchTemplateVersions", 0, "LaunchTemplateData")
        yield context.resource(
            arn=arn(context, "ec2", f"launch-template/{template_id}"),
            name=template.get("LaunchTemplateName"),
            tags=tags_of(template),
            attributes=_UNKNOWN_TEMPLATE if data is UNKNOWN else _template(context, data or {}),
            api="ec2:DescribeLaunchTemplateVersions",
        )


def _template(context: LiveContext, data: Mapping[str, Any]) -> dict[str, Any]:
    interfaces = data.get("NetworkInterfaces") or []
    public = [i.get("AssociatePublicIpAddress") for i in interfaces]
    groups = [*data.get("SecurityGroupIds", []), *data.get("SecurityGroups", [])]
    groups += [group for interface in interfaces for group in interface.get("Groups", [])]
    profile = data.get("IamInstanceProfile") or {}
    return {
        "ami_id": none_if_empty(data.get("ImageId")),
        "imds_http_tokens": dig(data, "MetadataOptions", "HttpTokens"),
        "imds_http_endpoint": dig(data, "MetadataOptions", "HttpEndpoint"),
        "public_ip": True if True in public else (False if False in public else None),
        "security_group_ids": list(dict.fromkeys(groups)),
        "iam_instance_profile": profile.get("Arn") or profile.get("Name"),
        "block_devices": _mapped_devices(context, data),
    }


@collector("autoscaling.launch_configuration", service="autoscaling")
def collect_launch_configurations(context: LiveContext) -> Iterator[Resource]:
    """Each legacy launch configuration."""
    listed = context.listing("autoscaling", "DescribeLaunchConfigurations", "LaunchConfigurations")
    for configuration in listed:
        yield context.resource(
            arn=configuration["LaunchConfigurationARN"],
            name=configuration.get("LaunchConfigurationName"),
            attributes={
                "ami_id": configuration.get("ImageId"),
                "imds_http_tokens": dig(configuration, "MetadataOptions", "HttpTokens"),
                "imds_http_endpoint": dig(configuration, "MetadataOptions", "HttpEndpoint"),
                "public_ip": configuration.get("AssociatePublicIpAddress"),
                "security_group_ids": list(configuration.get("SecurityGroups", [])),
                "iam_instance_profile": none_if_empty(configuration.get("IamInstanceProfile")),
                "block_devices": _mapped_devices(context, configuration),
            },
            api="autoscaling:DescribeLaunchConfigurations",
        )


@collector("autoscaling.group", service="autoscaling")
def collect_autoscaling_groups(context: LiveContext) -> Iterator[Resource]:
    """Each Auto Scaling group."""
    for group in context.listing("autoscaling", "DescribeAutoScalingGroups", "AutoScalingGroups"):
        template = None if group.get("MixedInstancesPolicy") else group.get("LaunchTemplate")
        subnets = str(group.get("VPCZoneIdentifier") or "")
        yield context.resource(
            arn=group["AutoScalingGroupARN"],
            name=group.get("AutoScalingGroupName"),
            tags=tags_of(group),
            attributes={
                "launch_template_id": dig(template, "LaunchTemplateId")
                or dig(template, "LaunchTemplateName"),
                "launch_configuration_name": none_if_empty(group.get("LaunchConfigurationName")),
                "subnet_ids": [subnet for subnet in subnets.split(",") if subnet],
                "availability_zones": list(group.get("AvailabilityZones", [])),
                "health_check_type": group.get("HealthCheckType", "EC2"),
                "min_size": group.get("MinSize"),
            },
            api="autoscaling:DescribeAutoScalingGroups",
        )


@collector("lambda.function", service="lambda")
def collect_functions(context: LiveContext) -> Iterator[Resource]:
    """Each function's configuration from ListFunctions (GetFunction would hand out a URL
    to the code), its resource policy and its URL; environment values are not kept."""
    for function in context.listing("lambda", "ListFunctions", "Functions"):
        name = function["FunctionName"]
        url = context.attempt(
            "lambda", "GetFunctionUrlConfig", absent=("ResourceNotFoundException",),
            FunctionName=name,
        )  # fmt: skip
        yield context.resource(
            arn=function["FunctionArn"],
            name=name,
            attributes={
                "runtime": none_if_empty(function.get("Runtime")),
                "package_type": function.get("PackageType", "Zip"),
                "role_arn": function.get("Role"),
                "kms_key_id": none_if_empty(function.get("KMSKeyArn")),
                "vpc_subnet_ids": list(dig(function, "VpcConfig", "SubnetIds") or []),
                "policy": _function_policy(context, name),
                "function_url_auth_type": dig(url, "AuthType"),
                "tracing_mode": dig(function, "TracingConfig", "Mode") or "PassThrough",
            },
            api="lambda:ListFunctions",
        )


def _function_policy(context: LiveContext, name: str) -> Any:
    """The resource policy as the IaC sources assemble it from permissions: statement ids
    (Sid) and the document id are names, not grants, and are left out."""
    found = context.attempt(
        "lambda", "GetPolicy", absent=("ResourceNotFoundException",), FunctionName=name
    )
    policy = parse_policy(dig(found, "Policy"))
    if not isinstance(policy, dict):
        return policy
    statements = policy.get("Statement", [])
    return {
        "Version": policy.get("Version", "2012-10-17"),
        "Statement": [
            {key: value for key, value in statement.items() if key != "Sid"}
            for statement in (statements if isinstance(statements, list) else [statements])
        ],
    }


@collector("workspaces.workspace", service="workspaces")
def collect_workspaces(context: LiveContext) -> Iterator[Resource]:
    """WorkSpaces and their volume encryption; nothing on the desktops is read."""
    for workspace in context.listing("workspaces", "DescribeWorkspaces", "Workspaces"):
        workspace_id = workspace["WorkspaceId"]
        yield context.resource(
            arn=arn(context, "workspaces", f"workspace/{workspace_id}"),
            name=workspace.get("UserName") or workspace_id,
            api="workspaces:DescribeWorkspaces",
            attributes={
                "root_volume_encrypted": bool(workspace.get("RootVolumeEncryptionEnabled")),
                "user_volume_encrypted": bool(workspace.get("UserVolumeEncryptionEnabled")),
                "kms_key_id": customer_key(context, workspace.get("VolumeEncryptionKey")),
            },
        )


COLLECTORS = [
    collect_instances,
    collect_launch_templates,
    collect_launch_configurations,
    collect_autoscaling_groups,
    collect_functions,
    collect_workspaces,
]
