"""Terraform EC2 instances, launch templates and configurations, Auto Scaling groups, Lambda
functions and WorkSpaces. User data and environment values are never read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.ebs import ebs_encrypted
from srmap.sources.normalize.permissions import function_policy, permission_statement
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured, configured_within
from srmap.sources.normalize.values import (
    as_bool,
    as_int,
    as_list,
    aws_managed_key,
    block,
    blocks,
    dig,
    none_if_empty,
    or_default,
)
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _device(raw: RawResource, key: str, device: Mapping[str, Any], name: Any) -> dict[str, Any]:
    """One block device; an unset flag is left to the AMI's or the source snapshot's
    encryption and the account's EBS encryption by default, as for a volume."""

    def setting(field: str) -> Any:
        return configured_within(raw, key, device.get(field))

    return {
        "device_name": name,
        "encrypted": ebs_encrypted(setting("encrypted"), setting("kms_key_id")),
        "kms_key_id": none_if_empty(setting("kms_key_id")),
        "volume_size_gib": as_int(setting("volume_size")),
        "delete_on_termination": as_bool(setting("delete_on_termination"), True),
    }


def _instance_devices(raw: RawResource) -> list[Any] | Unknown:
    """root_block_device (its name comes from the AMI) and every ebs_block_device."""
    devices: list[Any] = []
    for key in ("root_block_device", "ebs_block_device"):
        found = blocks({key: configured(raw, key)}, key)
        if isinstance(found, Unknown):
            return UNKNOWN
        for device in found:
            if isinstance(device, Unknown):
                devices.append(UNKNOWN)
                continue
            name = device.get("device_name", UNKNOWN)
            devices.append(_device(raw, key, device, name))
    return devices


def _metadata(raw: RawResource, field: str) -> Any:
    options = block({"m": configured(raw, "metadata_options")}, "m")
    return configured_within(raw, "metadata_options", dig(options, field))


def _security_groups(raw: RawResource, *keys: str) -> list[Any] | Unknown | None:
    """Every group the keys name; None when none of them is set."""
    found: list[Any] = []
    named = False
    for key in keys:
        value = configured(raw, key)
        if isinstance(value, Unknown):
            return UNKNOWN
        items = as_list(value)
        if isinstance(items, Unknown):
            return UNKNOWN
        named = named or value is not None
        found += items
    return found if named else None


def _unless_template(value: Any, uses_template: bool, default: Any) -> Any:
    """An unset instance setting: the launch template's if one is used, else the default."""
    if value is not None:
        return value
    return UNKNOWN if uses_template else default


@normalizer("ec2.instance", Dialect.TERRAFORM, name=None, identity=("id", "arn"))
def normalize_instance(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_instance or aws_spot_instance_request."""
    values = raw.values
    template = as_list(configured(raw, "launch_template"))
    uses_template = isinstance(template, Unknown) or len(template) > 0
    groups = _security_groups(raw, "vpc_security_group_ids", "security_groups")
    public_ip = as_bool(configured(raw, "associate_public_ip_address"))
    return {
        "ami_id": values.get("ami", UNKNOWN),
        "instance_type": values.get("instance_type", UNKNOWN),
        # RunInstances defaults to IMDSv1 allowed unless the AMI or account says otherwise.
        "imds_http_tokens": _unless_template(
            _metadata(raw, "http_tokens"), uses_template, "optional"
        ),
        "imds_http_endpoint": _unless_template(
            _metadata(raw, "http_endpoint"), uses_template, "enabled"
        ),
        # Unset, the subnet's map_public_ip_on_launch decides.
        "public_ip": UNKNOWN if public_ip is None else public_ip,
        "subnet_id": _unless_template(
            none_if_empty(configured(raw, "subnet_id")), uses_template, None
        ),
        # Unset, the VPC's default group applies, whose id the configuration does not hold.
        "security_group_ids": UNKNOWN if groups is None else groups,
        "iam_instance_profile": _unless_template(
            none_if_empty(configured(raw, "iam_instance_profile")), uses_template, None
        ),
        "block_devices": _instance_devices(raw),
        "detailed_monitoring": _unless_template(
            as_bool(configured(raw, "monitoring")), uses_template, False
        ),
        # What runs on the instance is known only to a live scan.
        **dict.fromkeys(
            ("instance_state", "ssm_managed", "patch_compliance", "ami_created_at"), UNKNOWN
        ),
    }


def _template_devices(raw: RawResource) -> list[Any] | Unknown:
    mappings = blocks(raw.values, "block_device_mappings")
    if isinstance(mappings, Unknown):
        return UNKNOWN
    devices: list[Any] = []
    for mapping in mappings:
        ebs = block(mapping, "ebs") if isinstance(mapping, dict) else UNKNOWN
        if isinstance(ebs, Unknown) or isinstance(mapping, Unknown):
            devices.append(UNKNOWN)
        elif ebs is not None:  # instance-store (virtual_name) mappings are not EBS volumes
            name = mapping.get("device_name", UNKNOWN)
            devices.append(_device(raw, "block_device_mappings", ebs, name))
    return devices


def _template_public_ip(interfaces: list[Any] | Unknown) -> bool | Unknown | None:
    if isinstance(interfaces, Unknown):
        return UNKNOWN
    found = [as_bool(dig(interface, "associate_public_ip_address")) for interface in interfaces]
    if any(value is True for value in found):
        return True
    if any(isinstance(value, Unknown) for value in found):
        return UNKNOWN
    return False if any(value is False for value in found) else None


def _template_groups(raw: RawResource, interfaces: list[Any] | Unknown) -> list[Any] | Unknown:
    groups = _security_groups(raw, "vpc_security_group_ids", "security_group_names")
    if isinstance(groups, Unknown) or isinstance(interfaces, Unknown):
        return UNKNOWN
    for interface in interfaces:
        names = as_list(dig(interface, "security_groups"))
        if isinstance(names, Unknown):
            return UNKNOWN
        groups = [*(groups or []), *names]
    return list(dict.fromkeys(groups or []))


@normalizer("ec2.launch_template", Dialect.TERRAFORM, name="name", identity=("id", "name"))
def normalize_launch_template(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_launch_template (the version the configuration describes)."""
    interfaces = blocks(raw.values, "network_interfaces")
    profile = block(raw.values, "iam_instance_profile")
    return {
        "ami_id": none_if_empty(raw.values.get("image_id")),
        "imds_http_tokens": none_if_empty(_metadata(raw, "http_tokens")),
        "imds_http_endpoint": none_if_empty(_metadata(raw, "http_endpoint")),
        "public_ip": _template_public_ip(interfaces),
        "security_group_ids": _template_groups(raw, interfaces),
        "iam_instance_profile": none_if_empty(
            or_default(dig(profile, "arn"), dig(profile, "name"))
        ),
        "block_devices": _template_devices(raw),
    }


@normalizer(
    "autoscaling.launch_configuration",
    Dialect.TERRAFORM,
    name="name",
    identity=("id", "name", "arn"),
)
def normalize_launch_configuration(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_launch_configuration."""
    groups = _security_groups(raw, "security_groups")
    return {
        "ami_id": raw.values.get("image_id", UNKNOWN),
        "imds_http_tokens": none_if_empty(_metadata(raw, "http_tokens")),
        "imds_http_endpoint": none_if_empty(_metadata(raw, "http_endpoint")),
        "public_ip": as_bool(configured(raw, "associate_public_ip_address")),
        "security_group_ids": [] if groups is None else groups,
        "iam_instance_profile": none_if_empty(configured(raw, "iam_instance_profile")),
        "block_devices": _instance_devices(raw),
    }


def _group_template(raw: RawResource) -> Any:
    if configured(raw, "mixed_instances_policy") not in (None, []):
        return None
    template = block({"t": configured(raw, "launch_template")}, "t")
    chosen = none_if_empty(configured_within(raw, "launch_template", dig(template, "id")))
    return none_if_empty(dig(template, "name")) if chosen is None else chosen


@normalizer("autoscaling.group", Dialect.TERRAFORM, name="name", identity=("id", "name", "arn"))
def normalize_autoscaling_group(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_autoscaling_group."""
    subnets = as_list(configured(raw, "vpc_zone_identifier"))
    zones = configured(raw, "availability_zones")
    if zones is None:  # derived from the subnets when only those are given
        zones = [] if subnets == [] else UNKNOWN
    health_check = configured(raw, "health_check_type")
    return {
        "launch_template_id": _group_template(raw),
        "launch_configuration_name": none_if_empty(configured(raw, "launch_configuration")),
        "subnet_ids": subnets,
        "availability_zones": as_list(zones),
        "health_check_type": "EC2" if health_check is None else health_check,
        "min_size": as_int(raw.values.get("min_size", UNKNOWN)),
    }


def _permission(function: RawResource, part: RawResource) -> dict[str, Any]:
    values = part.values
    names = ("source_arn", "source_account", "principal_org_id", "event_source_token")
    conditions = {name: configured(part, name) for name in names}
    if values.get("action") == "lambda:InvokeFunctionUrl":
        conditions["function_url_auth_type"] = configured(part, "function_url_auth_type")
    return permission_statement(
        values.get("action", UNKNOWN),
        values.get("principal", UNKNOWN),
        function.values.get("arn", UNKNOWN),
        **conditions,
    )


def _lambda_policy(raw: RawResource, parts: Parts) -> dict[str, Any] | None:
    statements = [_permission(raw, part) for part in parts.of("aws_lambda_permission")]
    return function_policy(statements)


@normalizer(
    "lambda.function",
    Dialect.TERRAFORM,
    name="function_name",
    identity=("function_name", "arn", "id"),
    parts={"aws_lambda_permission": "function_name", "aws_lambda_function_url": "function_name"},
)
def normalize_lambda_function(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_lambda_function plus its permissions and function URL; environment never read."""
    values = raw.values
    url = parts.first("aws_lambda_function_url")
    tracing = configured_within(raw, "tracing_config", dig(block(values, "tracing_config"), "mode"))
    package_type = configured(raw, "package_type")
    return {
        "runtime": none_if_empty(values.get("runtime")),
        "package_type": "Zip" if package_type is None else package_type,
        "role_arn": values.get("role", UNKNOWN),
        "kms_key_id": none_if_empty(configured(raw, "kms_key_arn")),
        "vpc_subnet_ids": as_list(dig(block(values, "vpc_config"), "subnet_ids")),
        "policy": _lambda_policy(raw, parts),
        "function_url_auth_type": url.values.get("authorization_type", UNKNOWN) if url else None,
        "tracing_mode": "PassThrough" if tracing is None else tracing,
    }


@normalizer("workspaces.workspace", Dialect.TERRAFORM, name="user_name", identity=("id",))
def normalize_workspace(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_workspaces_workspace: both volumes are unencrypted unless asked for at launch."""
    values = raw.values
    key = configured(raw, "volume_encryption_key")
    return {
        "root_volume_encrypted": as_bool(values.get("root_volume_encryption_enabled"), False),
        "user_volume_encrypted": as_bool(values.get("user_volume_encryption_enabled"), False),
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
