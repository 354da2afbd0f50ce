"""Terraform ECS task definitions and services, EKS clusters and Elastic Beanstalk
environments. Environment and secret values are never read, only variable names."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from srmap.model import UNKNOWN, Unknown
from srmap.sources.normalize.beanstalk import beanstalk_attributes
from srmap.sources.normalize.registry import Parts, normalizer
from srmap.sources.normalize.terraform._planned import configured, configured_within
from srmap.sources.normalize.values import as_bool, as_list, block, blocks, dig, none_if_empty
from srmap.sources.raw import Dialect, RawResource

__all__ = ["NORMALIZERS"]


def _container(definition: Any) -> Any:
    if not isinstance(definition, dict):
        return UNKNOWN
    environment = definition.get("environment")
    items = environment if isinstance(environment, list) else []
    names = [item.get("name") for item in items if isinstance(item, dict)]
    return {
        "name": definition.get("name", UNKNOWN),
        "image": definition.get("image", UNKNOWN),
        "privileged": as_bool(definition.get("privileged"), False),
        "readonly_root_filesystem": as_bool(definition.get("readonlyRootFilesystem"), False),
        "user": none_if_empty(definition.get("user")),
        "log_driver": dig(definition, "logConfiguration", "logDriver"),
        "environment_names": names,
    }


def _containers(value: Any) -> list[Any] | Unknown:
    """container_definitions: a JSON string (jsonencode output) or an already decoded list."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return UNKNOWN
    if not isinstance(value, list):
        return UNKNOWN
    return [_container(definition) for definition in value]


@normalizer("ecs.task_definition", Dialect.TERRAFORM, name="family", identity=("arn", "family"))
def normalize_task_definition(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ecs_task_definition."""
    values = raw.values
    return {
        "network_mode": none_if_empty(configured(raw, "network_mode")),
        "requires_compatibilities": as_list(configured(raw, "requires_compatibilities")),
        "task_role_arn": none_if_empty(values.get("task_role_arn")),
        "execution_role_arn": none_if_empty(values.get("execution_role_arn")),
        "containers": _containers(values.get("container_definitions", UNKNOWN)),
        "pid_mode": none_if_empty(values.get("pid_mode")),
    }


def _capacity_providers(raw: RawResource) -> list[Any] | Unknown:
    strategy = blocks({"s": configured(raw, "capacity_provider_strategy")}, "s")
    if isinstance(strategy, Unknown):
        return UNKNOWN
    return [dig(item, "capacity_provider") for item in strategy]


@normalizer("ecs.service", Dialect.TERRAFORM, name="name", identity=("id", "name"))
def normalize_service(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_ecs_service."""
    providers = _capacity_providers(raw)
    launch_type = configured(raw, "launch_type")
    if launch_type is None and providers == []:
        launch_type = UNKNOWN  # the cluster's default capacity provider strategy decides
    network = block(raw.values, "network_configuration")
    platform = none_if_empty(configured(raw, "platform_version"))
    fargate = launch_type == "FARGATE" or (
        not isinstance(providers, Unknown)
        and any(isinstance(p, str) and p.startswith("FARGATE") for p in providers)
    )
    return {
        "launch_type": launch_type,
        "capacity_providers": providers,
        "platform_version": "LATEST" if platform is None and fargate else platform,
        "assign_public_ip": as_bool(dig(network, "assign_public_ip"), False),
        "security_group_ids": as_list(dig(network, "security_groups")),
        "task_definition": raw.values.get("task_definition", UNKNOWN),
    }


def _secrets_key(raw: RawResource) -> Any:
    configs = blocks(raw.values, "encryption_config")
    if isinstance(configs, Unknown):
        return UNKNOWN
    for config in configs:
        resources = as_list(dig(config, "resources"))
        if isinstance(resources, Unknown):
            return UNKNOWN
        if "secrets" in resources:
            return dig(config, "provider", 0, "key_arn")
    return None


@normalizer("eks.cluster", Dialect.TERRAFORM, name="name", identity=("name", "id", "arn"))
def normalize_eks_cluster(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_eks_cluster."""
    vpc = block(raw.values, "vpc_config")
    public = as_bool(configured_within(raw, "vpc_config", dig(vpc, "endpoint_public_access")), True)
    cidrs = configured_within(raw, "vpc_config", dig(vpc, "public_access_cidrs"))
    if public is False:
        cidrs = []
    return {
        # Left out, EKS picks its default version when the cluster is created.
        "version": raw.values.get("version", UNKNOWN),
        "endpoint_public_access": public,
        "public_access_cidrs": ["0.0.0.0/0"] if cidrs is None else as_list(cidrs),
        "endpoint_private_access": as_bool(
            configured_within(raw, "vpc_config", dig(vpc, "endpoint_private_access")), False
        ),
        "secrets_kms_key_id": _secrets_key(raw),
        "log_types": as_list(configured(raw, "enabled_cluster_log_types")),
    }


@normalizer("elasticbeanstalk.environment", Dialect.TERRAFORM, name="name", identity=("name", "id"))
def normalize_beanstalk_environment(raw: RawResource, parts: Parts) -> Mapping[str, Any]:
    """aws_elastic_beanstalk_environment, read from its settings."""
    values = raw.values
    stack = none_if_empty(configured(raw, "solution_stack_name"))
    platform = stack if stack is not None else none_if_empty(configured(raw, "platform_arn"))
    settings = blocks(values, "setting")
    return beanstalk_attributes(settings, UNKNOWN if platform is None else platform)


NORMALIZERS = [
    normalize_task_definition,
    normalize_service,
    normalize_eks_cluster,
    normalize_beanstalk_environment,
]
