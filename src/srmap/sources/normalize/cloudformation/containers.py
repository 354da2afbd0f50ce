"""CloudFormation ECS task definitions and services, EKS clusters and Elastic Beanstalk
environments. Environment and secret values are never read, only variable names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.beanstalk import beanstalk_attributes
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.values import as_bool, as_list, blocks, dig, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _container(definition: Any) -> Any:
    if not isinstance(definition, dict):
        return UNKNOWN
    environment = blocks(definition, "Environment")
    return {
        "name": definition.get("Name", UNKNOWN),
        "image": definition.get("Image", UNKNOWN),
        "privileged": as_bool(definition.get("Privileged"), False),
        "readonly_root_filesystem": as_bool(definition.get("ReadonlyRootFilesystem"), False),
        "user": none_if_empty(definition.get("User")),
        "log_driver": dig(definition, "LogConfiguration", "LogDriver"),
        "environment_names": UNKNOWN
        if isinstance(environment, Unknown)
        else [dig(item, "Name") for item in environment],
    }


@normalizer("ecs.task_definition", Dialect.CLOUDFORMATION, name="Family", identity=("Family",))
def normalize_task_definition(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ECS::TaskDefinition."""
    values = raw.values
    definitions = blocks(values, "ContainerDefinitions")
    return {
        "network_mode": none_if_empty(values.get("NetworkMode")),
        "requires_compatibilities": as_list(values.get("RequiresCompatibilities")),
        "task_role_arn": none_if_empty(values.get("TaskRoleArn")),
        "execution_role_arn": none_if_empty(values.get("ExecutionRoleArn")),
        "containers": UNKNOWN
        if isinstance(definitions, Unknown)
        else [_container(definition) for definition in definitions],
        "pid_mode": none_if_empty(values.get("PidMode")),
    }


@normalizer("ecs.service", Dialect.CLOUDFORMATION, name="ServiceName", identity=("ServiceName",))
def normalize_service(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ECS::Service."""
    values = raw.values
    strategy = blocks(values, "CapacityProviderStrategy")
    providers = (
        UNKNOWN
        if isinstance(strategy, Unknown)
        else [dig(item, "CapacityProvider") for item in strategy]
    )
    launch_type = values.get("LaunchType")
    if launch_type is None and providers == []:
        launch_type = UNKNOWN  # the cluster's default capacity provider strategy decides
    network = dig(values, "NetworkConfiguration", "AwsvpcConfiguration")
    platform = none_if_empty(values.get("PlatformVersion"))
    fargate = launch_type == "FARGATE" or (
        not isinstance(providers, Unknown)
        and any(isinstance(p, str) and p.startswith("FARGATE") for p in providers)
    )
    assign = dig(network, "AssignPublicIp")
    return {
        "launch_type": launch_type,
        "capacity_providers": providers,
        "platform_version": "LATEST" if platform is None and fargate else platform,
        "assign_public_ip": UNKNOWN if isinstance(assign, Unknown) else assign == "ENABLED",
        "security_group_ids": as_list(dig(network, "SecurityGroups")),
        "task_definition": values.get("TaskDefinition", UNKNOWN),
    }


def _secrets_key(values: Mapping[str, Any]) -> Any:
    configs = blocks(values, "EncryptionConfig")
    if isinstance(configs, Unknown):
        return UNKNOWN
    for config in configs:
        resources = as_list(dig(config, "Resources"))
        if isinstance(resources, Unknown):
            return UNKNOWN
        if "secrets" in resources:
            return dig(config, "Provider", "KeyArn")
    return None


def _log_types(values: Mapping[str, Any]) -> list[Any] | Unknown:
    enabled = blocks(dig(values, "Logging", "ClusterLogging"), "EnabledTypes")
    if isinstance(enabled, Unknown):
        return UNKNOWN
    return [dig(item, "Type") for item in enabled]


@normalizer("eks.cluster", Dialect.CLOUDFORMATION, name="Name", identity=("Name",))
def normalize_eks_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::EKS::Cluster."""
    values = raw.values
    vpc = values.get("ResourcesVpcConfig", UNKNOWN)
    public = as_bool(dig(vpc, "EndpointPublicAccess"), True)
    cidrs = dig(vpc, "PublicAccessCidrs")
    if public is False:
        cidrs = []
    return {
        # Left out, EKS picks its default version when the cluster is created.
        "version": values.get("Version", UNKNOWN),
        "endpoint_public_access": public,
        "public_access_cidrs": ["0.0.0.0/0"] if cidrs is None else as_list(cidrs),
        "endpoint_private_access": as_bool(dig(vpc, "EndpointPrivateAccess"), False),
        "secrets_kms_key_id": _secrets_key(values),
        "log_types": _log_types(values),
    }


def _settings(values: Mapping[str, Any]) -> list[Any] | Unknown:
    """OptionSettings in the (namespace, name, value) shape both dialects share."""
    settings = blocks(values, "OptionSettings")
    if isinstance(settings, Unknown):
        return UNKNOWN
    return [
        {
            "namespace": dig(item, "Namespace"),
            "name": dig(item, "OptionName"),
            "value": dig(item, "Value"),
        }
        for item in settings
    ]


@normalizer(
    "elasticbeanstalk.environment",
    Dialect.CLOUDFORMATION,
    name="EnvironmentName",
    identity=("EnvironmentName",),
)
def normalize_beanstalk_environment(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """AWS::ElasticBeanstalk::Environment, read from its option settings."""
    values = raw.values
    stack = none_if_empty(values.get("SolutionStackName"))
    platform = stack if stack is not None else none_if_empty(values.get("PlatformArn"))
    return beanstalk_attributes(_settings(values), UNKNOWN if platform is None else platform)


NORMALIZERS = [
    normalize_task_definition,
    normalize_service,
    normalize_eks_cluster,
    normalize_beanstalk_environment,
]
