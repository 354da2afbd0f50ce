"""Live containers: ECS task definitions and services, EKS clusters and Elastic Beanstalk
environments read from moto."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError
from live_collection import collected_as_declared

from srmap.model import UNKNOWN
from srmap.sources.aws.api import Api
from srmap.sources.aws.collector import Gaps
from srmap.sources.aws.collectors.containers import (
    collect_clusters,
    collect_environments,
    collect_services,
    collect_task_definitions,
)

REGION = "eu-west-1"
SECRET = "s3cr3t-value"


def _register_task_definition() -> str:
    ecs = boto3.client("ecs", region_name=REGION)
    container = {
        "name": "web",
        "image": "nginx:1.27",
        "privileged": True,
        "user": "0",
        "environment": [{"name": "DB_PASSWORD", "value": SECRET}],
        "logConfiguration": {"logDriver": "awslogs"},
    }
    registered = ecs.register_task_definition(
        family="shop",
        networkMode="awsvpc",
        requiresCompatibilities=["FARGATE"],
        executionRoleArn="arn:aws:iam::123456789012:role/exec",
        containerDefinitions=[container],
        cpu="256",
        memory="512",
    )
    return str(registered["taskDefinition"]["taskDefinitionArn"])


def test_task_definition_keeps_environment_names_only(api: Api) -> None:
    """A task definition's containers in the IaC shape; the variable's value is never kept."""
    definition_arn = _register_task_definition()
    [definition] = collected_as_declared(collect_task_definitions, api)
    assert (definition.id, definition.name) == (definition_arn, "shop")
    assert definition.attributes["network_mode"] == "awsvpc"
    assert definition.attributes["requires_compatibilities"] == ["FARGATE"]
    assert definition.attributes["task_role_arn"] is None
    assert definition.attributes["containers"] == [
        {
            "name": "web",
            "image": "nginx:1.27",
            "privileged": True,
            "readonly_root_filesystem": False,
            "user": "0",
            "log_driver": "awslogs",
            "environment_names": ["DB_PASSWORD"],
        }
    ]
    assert SECRET not in repr(definition)


def test_fargate_service_in_a_cluster(api: Api) -> None:
    """A service's launch type, public IP and groups come from its network configuration."""
    definition_arn = _register_task_definition()
    ecs = boto3.client("ecs", region_name=REGION)
    ecs.create_cluster(clusterName="shop")
    ec2 = boto3.client("ec2", region_name=REGION)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    network = {"subnets": [subnet], "securityGroups": [group], "assignPublicIp": "ENABLED"}
    ecs.create_service(
        cluster="shop",
        serviceName="web",
        taskDefinition=definition_arn,
        desiredCount=1,
        launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": network},
    )
    [service] = collected_as_declared(collect_services, api)
    assert service.name == "web"
    assert service.attributes["launch_type"] == "FARGATE"
    assert service.attributes["capacity_providers"] == []
    assert service.attributes["assign_public_ip"] is True
    assert service.attributes["security_group_ids"] == [group]
    assert service.attributes["task_definition"] == definition_arn


def _create_cluster(**settings: Any) -> None:
    eks = boto3.client("eks", region_name=REGION)
    eks.create_cluster(
        name="platform",
        version="1.30",
        roleArn="arn:aws:iam::123456789012:role/eks",
        resourcesVpcConfig={"subnetIds": ["subnet-1"], **settings},
        encryptionConfig=[
            {"resources": ["secrets"], "provider": {"keyArn": "arn:aws:kms:eu-west-1:1:key/k"}}
        ],
        logging={"clusterLogging": [{"types": ["audit", "api"], "enabled": True}]},
    )


def test_eks_cluster_endpoint_encryption_and_logs(api: Api) -> None:
    """Public endpoint CIDRs, the secrets key and enabled log types in the catalog's order."""
    _create_cluster(endpointPublicAccess=True, publicAccessCidrs=["203.0.113.0/24"])
    [cluster] = collected_as_declared(collect_clusters, api)
    assert cluster.name == "platform"
    assert cluster.attributes["version"] == "1.30"
    assert cluster.attributes["endpoint_public_access"] is True
    assert cluster.attributes["public_access_cidrs"] == ["203.0.113.0/24"]
    assert cluster.attributes["secrets_kms_key_id"] == "arn:aws:kms:eu-west-1:1:key/k"
    assert cluster.attributes["log_types"] == ["api", "audit"]


def test_denied_describe_cluster_reports_no_cluster(api: Api, aws: boto3.Session) -> None:
    """A denied DescribeCluster hides the cluster and names the permission."""
    _create_cluster()

    def deny(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "x")

    aws.events.register("before-call.eks.DescribeCluster", deny)
    gaps = Gaps()
    assert collected_as_declared(collect_clusters, api, gaps) == []
    assert ("eks:DescribeCluster", REGION) in gaps.denied


def _create_environment() -> str:
    """An environment; returns the platform the API reports (moto's reads "None")."""
    beanstalk = boto3.client("elasticbeanstalk", region_name=REGION)
    beanstalk.create_application(ApplicationName="shop")
    beanstalk.create_environment(
        ApplicationName="shop",
        EnvironmentName="shop-prod",
        SolutionStackName="64bit Amazon Linux 2023 v4.3.0 running Python 3.12",
    )
    [described] = beanstalk.describe_environments()["Environments"]
    return str(described["SolutionStackName"])


def test_beanstalk_environment_from_its_option_settings(api: Api, aws: boto3.Session) -> None:
    """Managed updates, health and log streaming read from the option settings."""
    platform = _create_environment()
    settings = [
        ("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled", "true"),
        ("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel", "minor"),
        ("aws:elasticbeanstalk:healthreporting:system", "SystemType", "enhanced"),
        ("aws:elasticbeanstalk:cloudwatch:logs", "StreamLogs", "false"),
    ]
    options = [{"Namespace": n, "OptionName": o, "Value": v} for n, o, v in settings]

    # moto does not implement DescribeConfigurationSettings: answer it as AWS would.
    def answer(**_: Any) -> tuple[AWSResponse, Any]:
        response = {"ConfigurationSettings": [{"OptionSettings": options}]}
        return AWSResponse("https://stub", 200, {}, None), response  # type: ignore[arg-type]

    aws.events.register("before-call.elastic-beanstalk.DescribeConfigurationSettings", answer)
    [environment] = collected_as_declared(collect_environments, api)
    assert environment.name == "shop-prod"
    assert environment.attributes == {
        "platform": platform,
        "managed_actions_enabled": True,
        "managed_update_level": "minor",
        "enhanced_health_reporting": True,
        "log_streaming_enabled": False,
    }


def test_denied_option_settings_leave_them_unknown(api: Api, aws: boto3.Session) -> None:
    """Denied option settings: every setting-derived attribute is unknown, the platform known."""
    platform = _create_environment()

    def deny(**_: object) -> None:
        raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "x")

    aws.events.register("before-call.elastic-beanstalk.DescribeConfigurationSettings", deny)
    [environment] = collected_as_declared(collect_environments, api)
    assert environment.attributes["managed_actions_enabled"] is UNKNOWN
    assert environment.attributes["enhanced_health_reporting"] is UNKNOWN
    assert environment.attributes["platform"] == platform
