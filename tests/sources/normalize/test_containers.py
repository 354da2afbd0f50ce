"""ECS task definitions and services, EKS clusters and Elastic Beanstalk environments."""

from __future__ import annotations

import json

from raw_resources import cfn, declared_attributes, tf

from srmap.model import UNKNOWN


def test_task_definition_keeps_variable_names_never_values() -> None:
    """Containers read alike from JSON and from CloudFormation; only variable names are kept."""
    containers = [
        {
            "name": "app",
            "image": "app:1",
            "privileged": True,
            "user": "0",
            "logConfiguration": {"logDriver": "awslogs"},
            "environment": [{"name": "DB_PASSWORD", "value": "hunter2"}],
            "secrets": [{"name": "TOKEN", "valueFrom": "arn:secret"}],
        },
    ]
    raw = tf(
        "aws_ecs_task_definition.app",
        {
            "family": "app",
            "network_mode": "awsvpc",
            "requires_compatibilities": ["FARGATE"],
            "execution_role_arn": "arn:exec",
            "container_definitions": json.dumps(containers),
        },
    )
    template = cfn(
        "App",
        "AWS::ECS::TaskDefinition",
        {
            "Family": "app",
            "NetworkMode": "awsvpc",
            "RequiresCompatibilities": ["FARGATE"],
            "ExecutionRoleArn": "arn:exec",
            "ContainerDefinitions": [
                {
                    "Name": "app",
                    "Image": "app:1",
                    "Privileged": True,
                    "User": "0",
                    "LogConfiguration": {"LogDriver": "awslogs"},
                    "Environment": [{"Name": "DB_PASSWORD", "Value": "hunter2"}],
                    "Secrets": [{"Name": "TOKEN", "ValueFrom": "arn:secret"}],
                }
            ],
        },
    )
    found = declared_attributes(raw, of="aws_ecs_task_definition.app")
    assert declared_attributes(template, of="App") == found
    assert found["containers"] == [
        {
            "name": "app",
            "image": "app:1",
            "privileged": True,
            "readonly_root_filesystem": False,
            "user": "0",
            "log_driver": "awslogs",
            "environment_names": ["DB_PASSWORD"],
        },
    ]
    assert found["task_role_arn"] is None
    assert found["pid_mode"] is None
    assert "hunter2" not in repr(found) and "arn:secret" not in repr(found)


def test_unreadable_container_definitions_are_unknown() -> None:
    """Container definitions known only after apply, or not JSON, are UNKNOWN."""
    for value in (UNKNOWN, "{not json"):
        raw = tf("aws_ecs_task_definition.app", {"container_definitions": value})
        assert declared_attributes(raw, of="aws_ecs_task_definition.app")["containers"] is UNKNOWN


def test_fargate_service_in_both_dialects() -> None:
    """A Fargate service defaults its platform to LATEST and tasks to no public IP."""
    raw = tf(
        "aws_ecs_service.web",
        {
            "name": "web",
            "launch_type": "FARGATE",
            "task_definition": "app:3",
            "network_configuration": [{"security_groups": ["sg-1"], "subnets": ["subnet-1"]}],
        },
    )
    template = cfn(
        "Web",
        "AWS::ECS::Service",
        {
            "ServiceName": "web",
            "LaunchType": "FARGATE",
            "TaskDefinition": "app:3",
            "NetworkConfiguration": {
                "AwsvpcConfiguration": {"SecurityGroups": ["sg-1"], "Subnets": ["subnet-1"]}
            },
        },
    )
    expected = {
        "launch_type": "FARGATE",
        "capacity_providers": [],
        "platform_version": "LATEST",
        "assign_public_ip": False,
        "security_group_ids": ["sg-1"],
        "task_definition": "app:3",
    }
    assert declared_attributes(raw, of="aws_ecs_service.web") == expected
    assert declared_attributes(template, of="Web") == expected


def test_service_without_launch_type_or_providers_is_unknown() -> None:
    """With neither set, the cluster's default strategy decides the launch type."""
    found = declared_attributes(tf("aws_ecs_service.s", {"name": "s"}), of="aws_ecs_service.s")
    assert found["launch_type"] is UNKNOWN
    with_providers = tf(
        "aws_ecs_service.p",
        {
            "capacity_provider_strategy": [{"capacity_provider": "FARGATE_SPOT", "weight": 1}],
            "network_configuration": [{"assign_public_ip": True}],
        },
    )
    found = declared_attributes(with_providers, of="aws_ecs_service.p")
    assert found["launch_type"] is None
    assert found["capacity_providers"] == ["FARGATE_SPOT"]
    assert found["platform_version"] == "LATEST"
    assert found["assign_public_ip"] is True


def test_eks_cluster_in_both_dialects() -> None:
    """Endpoint access, secrets encryption and control plane logs read alike."""
    raw = tf(
        "aws_eks_cluster.main",
        {
            "name": "main",
            "version": "1.30",
            "vpc_config": [{"endpoint_private_access": True, "subnet_ids": ["subnet-1"]}],
            "encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": "arn:kms"}]}],
            "enabled_cluster_log_types": ["api", "audit"],
        },
    )
    template = cfn(
        "Main",
        "AWS::EKS::Cluster",
        {
            "Name": "main",
            "Version": "1.30",
            "ResourcesVpcConfig": {"EndpointPrivateAccess": True, "SubnetIds": ["subnet-1"]},
            "EncryptionConfig": [{"Resources": ["secrets"], "Provider": {"KeyArn": "arn:kms"}}],
            "Logging": {"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}]}},
        },
    )
    expected = {
        "version": "1.30",
        "endpoint_public_access": True,
        "public_access_cidrs": ["0.0.0.0/0"],
        "endpoint_private_access": True,
        "secrets_kms_key_id": "arn:kms",
        "log_types": ["api", "audit"],
    }
    assert declared_attributes(raw, of="aws_eks_cluster.main") == expected
    assert declared_attributes(template, of="Main") == expected


def test_private_eks_endpoint_has_no_public_cidrs() -> None:
    """A cluster without a public endpoint allows no public CIDRs and no logs by default."""
    raw = tf("aws_eks_cluster.p", {"vpc_config": [{"endpoint_public_access": False}]})
    found = declared_attributes(raw, of="aws_eks_cluster.p")
    assert found["public_access_cidrs"] == []
    assert found["log_types"] == []
    assert found["secrets_kms_key_id"] is None
    assert found["version"] is UNKNOWN


def test_beanstalk_environment_in_both_dialects() -> None:
    """Option settings give managed updates, health reporting and log streaming."""
    options = [
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
        ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
        ("aws:elasticbeanstalk:application:environment", "SECRET", "hunter2"),
    ]
    raw = tf(
        "aws_elastic_beanstalk_environment.web",
        {
            "name": "web",
            "solution_stack_name": "64bit Amazon Linux 2023 running Python 3.11",
            "setting": [{"namespace": n, "name": o, "value": v} for n, o, v in options],
        },
    )
    template = cfn(
        "Web",
        "AWS::ElasticBeanstalk::Environment",
        {
            "SolutionStackName": "64bit Amazon Linux 2023 running Python 3.11",
            "OptionSettings": [
                {"Namespace": n, "OptionName": o, "Value": v} for n, o, v in options
            ],
        },
    )
    expected = {
        "platform": "64bit Amazon Linux 2023 running Python 3.11",
        "managed_actions_enabled": True,
        "managed_update_level": "minor",
        "enhanced_health_reporting": True,
        "log_streaming_enabled": False,
    }
    assert declared_attributes(raw, of="aws_elastic_beanstalk_environment.web") == expected
    assert declared_attributes(template, of="Web") == expected


def test_beanstalk_environment_defaults() -> None:
    """Without settings: no managed updates, basic health, no streaming."""
    raw = tf("aws_elastic_beanstalk_environment.e", {"platform_arn": "arn:platform"})
    found = declared_attributes(raw, of="aws_elastic_beanstalk_environment.e")
    assert found == {
        "platform": "arn:platform",
        "managed_actions_enabled": False,
        "managed_update_level": None,
        "enhanced_health_reporting": False,
        "log_streaming_enabled": False,
    }
