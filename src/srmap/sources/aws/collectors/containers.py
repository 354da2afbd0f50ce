"""ECS task definitions and services, EKS clusters and Elastic Beanstalk environments, live.
Only environment variable names are kept, never their values."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from srmap.model import UNKNOWN, Resource, Unknown
from srmap.sources.aws.collector import LiveContext, collector
from srmap.sources.normalize.beanstalk import beanstalk_attributes
from srmap.sources.normalize.values import dig, none_if_empty

__all__ = ["COLLECTORS"]

_DESCRIBE_SERVICES_BATCH = 10  # DescribeServices takes at most 10 services per call
_CLUSTER_LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")


@collector("ecs.task_definition", service="ecs")
def collect_task_definitions(context: LiveContext) -> Iterator[Resource]:
    """Every active task definition revision (a service may run any of them)."""
    listed = context.listing("ecs", "ListTaskDefinitions", "taskDefinitionArns", status="ACTIVE")
    for definition_arn in listed:
        described = context.attempt("ecs", "DescribeTaskDefinition", taskDefinition=definition_arn)
        if isinstance(described, Unknown) or described is None:
            continue  # the denial is recorded; nothing of the definition is known
        definition = described["taskDefinition"]
        yield context.resource(
            arn=definition_arn,
            name=definition.get("family"),
            attributes={
                "network_mode": none_if_empty(definition.get("networkMode")),
                "requires_compatibilities": list(definition.get("requiresCompatibilities", [])),
                "task_role_arn": none_if_empty(definition.get("taskRoleArn")),
                "execution_role_arn": none_if_empty(definition.get("executionRoleArn")),
                "containers": [_container(c) for c in definition.get("containerDefinitions", [])],
                "pid_mode": none_if_empty(definition.get("pidMode")),
            },
            api="ecs:DescribeTaskDefinition",
        )


def _container(definition: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": definition.get("name"),
        "image": definition.get("image"),
        "privileged": bool(definition.get("privileged", False)),
        "readonly_root_filesystem": bool(definition.get("readonlyRootFilesystem", False)),
        "user": none_if_empty(definition.get("user")),
        "log_driver": dig(definition, "logConfiguration", "logDriver"),
        "environment_names": [item.get("name") for item in definition.get("environment", [])],
    }


@collector("ecs.service", service="ecs")
def collect_services(context: LiveContext) -> Iterator[Resource]:
    """Every service of every cluster."""
    for cluster in context.listing("ecs", "ListClusters", "clusterArns"):
        arns = context.listing("ecs", "ListServices", "serviceArns", cluster=cluster)
        for start in range(0, len(arns), _DESCRIBE_SERVICES_BATCH):
            batch = arns[start : start + _DESCRIBE_SERVICES_BATCH]
            described = context.attempt("ecs", "DescribeServices", cluster=cluster, services=batch)
            if isinstance(described, Unknown) or described is None:
                continue
            for service in described.get("services", []):
                yield _service(context, service)


def _service(context: LiveContext, service: Mapping[str, Any]) -> Resource:
    providers = [
        item.get("capacityProvider") for item in service.get("capacityProviderStrategy", [])
    ]
    network = dig(service, "networkConfiguration", "awsvpcConfiguration") or {}
    return context.resource(
        arn=service["serviceArn"],
        name=service.get("serviceName"),
        attributes={
            "launch_type": none_if_empty(service.get("launchType")),
            "capacity_providers": providers,
            "platform_version": none_if_empty(service.get("platformVersion")),
            "assign_public_ip": network.get("assignPublicIp") == "ENABLED",
            "security_group_ids": list(network.get("securityGroups", [])),
            "task_definition": service.get("taskDefinition"),
        },
        api="ecs:DescribeServices",
    )


@collector("eks.cluster", service="eks")
def collect_clusters(context: LiveContext) -> Iterator[Resource]:
    """Every EKS cluster's control plane settings."""
    for name in context.listing("eks", "ListClusters", "clusters"):
        described = context.attempt("eks", "DescribeCluster", name=name)
        if isinstance(described, Unknown) or described is None:
            continue
        cluster = described["cluster"]
        vpc = cluster.get("resourcesVpcConfig", {})
        public = bool(vpc.get("endpointPublicAccess", True))
        yield context.resource(
            arn=cluster["arn"],
            name=name,
            attributes={
                "version": cluster.get("version"),
                "endpoint_public_access": public,
                "public_access_cidrs": list(vpc.get("publicAccessCidrs", [])) if public else [],
                "endpoint_private_access": bool(vpc.get("endpointPrivateAccess", False)),
                "secrets_kms_key_id": _secrets_key(cluster),
                "log_types": _log_types(cluster),
            },
            api="eks:DescribeCluster",
        )


def _secrets_key(cluster: Mapping[str, Any]) -> Any:
    for config in cluster.get("encryptionConfig", []):
        if "secrets" in config.get("resources", []):
            return dig(config, "provider", "keyArn")
    return None


def _log_types(cluster: Mapping[str, Any]) -> list[str]:
    enabled = {
        kind
        for setting in dig(cluster, "logging", "clusterLogging") or []
        if setting.get("enabled")
        for kind in setting.get("types", [])
    }
    return [kind for kind in _CLUSTER_LOG_TYPES if kind in enabled]


@collector("elasticbeanstalk.environment", service="elasticbeanstalk")
def collect_environments(context: LiveContext) -> Iterator[Resource]:
    """Every live environment, its attributes read from its option settings."""
    listed = context.listing(
        "elasticbeanstalk", "DescribeEnvironments", "Environments", IncludeDeleted=False
    )
    for environment in listed:
        if environment.get("Status") in ("Terminating", "Terminated"):
            continue
        name = environment["EnvironmentName"]
        platform = environment.get("SolutionStackName") or environment.get("PlatformArn")
        yield context.resource(
            arn=environment["EnvironmentArn"],
            name=name,
            attributes=beanstalk_attributes(_option_settings(context, environment), platform),
            api="elasticbeanstalk:DescribeConfigurationSettings",
        )


def _option_settings(context: LiveContext, environment: Mapping[str, Any]) -> list[Any] | Unknown:
    """Option settings as the IaC sources hold them: {namespace, name, value}."""
    described = context.attempt(
        "elasticbeanstalk",
        "DescribeConfigurationSettings",
        ApplicationName=environment["ApplicationName"],
        EnvironmentName=environment["EnvironmentName"],
    )
    if isinstance(described, Unknown) or described is None:
        return UNKNOWN
    options = dig(described, "ConfigurationSettings", 0, "OptionSettings") or []
    return [
        {"namespace": o.get("Namespace"), "name": o.get("OptionName"), "value": o.get("Value")}
        for o in options
    ]


COLLECTORS = [collect_task_definitions, collect_services, collect_clusters, collect_environments]
