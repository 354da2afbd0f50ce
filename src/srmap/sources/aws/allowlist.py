"""Every AWS operation srmap may call: read-only, metadata only. Nothing that writes, and
nothing that returns customer data (objects, items, messages, secret values, log events).

Kept as code, reviewed line by line, and checked by tests: each entry must be an operation
botocore knows whose name starts with a read-only verb, and none may be a data read.
"""

from __future__ import annotations

__all__ = ["ALLOWED_OPERATIONS", "DATA_READS", "IDENTITY_OPERATIONS"]

# Not reads, but they change nothing in an account: how srmap reads other accounts.
IDENTITY_OPERATIONS = frozenset({"sts:AssumeRole"})

# Operations whose names look read-only but return customer data; never allowed.
DATA_READS = frozenset(
    {
        "s3:GetObject",
        "s3:GetObjectAttributes",
        "s3:SelectObjectContent",
        "s3:GetObjectTorrent",
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:Scan",
        "dynamodb:ExecuteStatement",
        "sqs:ReceiveMessage",
        "secretsmanager:GetSecretValue",
        "secretsmanager:BatchGetSecretValue",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "lambda:Invoke",
        "lambda:GetFunction",  # returns a pre-signed URL to the code package
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
        "logs:StartQuery",
        "kinesis:GetRecords",
        "ec2:GetPasswordData",
        "ec2:GetConsoleOutput",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "ecr:GetAuthorizationToken",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
        "rds:DownloadDBLogFilePortion",
    }
)

_BY_SERVICE: dict[str, tuple[str, ...]] = {
    "sts": ("GetCallerIdentity",),
    "organizations": ("ListAccounts", "DescribeOrganization"),
    "account": ("ListRegions",),
    "ec2": (
        "DescribeRegions", "DescribeInstances", "DescribeVolumes", "DescribeSnapshots",
        "DescribeSnapshotAttribute", "DescribeImages", "DescribeSecurityGroups",
        "DescribeSecurityGroupRules", "DescribeVpcs", "DescribeSubnets", "DescribeNetworkAcls",
        "DescribeFlowLogs", "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions",
        "GetEbsEncryptionByDefault", "GetEbsDefaultKmsKeyId", "DescribeAddresses",
        "DescribeInstanceAttribute", "DescribeImageAttribute",
    ),
    "s3": (
        "ListBuckets", "GetBucketLocation", "GetBucketEncryption", "GetBucketVersioning",
        "GetBucketPolicy", "GetBucketPolicyStatus", "GetBucketAcl", "GetPublicAccessBlock",
        "GetBucketOwnershipControls", "GetBucketLogging", "GetBucketLifecycleConfiguration",
        "GetBucketReplication", "GetObjectLockConfiguration", "GetBucketTagging",
    ),
    "s3control": ("GetPublicAccessBlock",),
    "iam": (
        "ListUsers", "ListRoles", "ListGroups", "ListPolicies", "GetPolicyVersion",
        "ListAttachedUserPolicies", "ListAttachedRolePolicies", "ListAttachedGroupPolicies",
        "ListUserPolicies", "ListRolePolicies", "ListGroupPolicies", "GetUserPolicy",
        "GetRolePolicy", "GetGroupPolicy", "ListMFADevices", "ListAccessKeys",
        "GetAccountSummary", "GetAccountPasswordPolicy", "GenerateCredentialReport",
        "GetCredentialReport", "ListGroupsForUser", "GetLoginProfile",
        "GetAccountAuthorizationDetails",
    ),
    "rds": (
        "DescribeDBInstances", "DescribeDBClusters", "DescribeDBSnapshots",
        "DescribeDBSnapshotAttributes", "DescribeDBClusterSnapshots", "DescribeDBParameters",
        "DescribeDBClusterParameters", "DescribeDBClusterSnapshotAttributes",
        "DescribeGlobalClusters",
    ),
    "dynamodb": (
        "ListTables", "DescribeTable", "DescribeContinuousBackups", "ListTagsOfResource",
        "GetResourcePolicy",
    ),
    "kms": ("ListKeys", "DescribeKey", "GetKeyRotationStatus", "GetKeyPolicy", "ListAliases"),
    "lambda": ("ListFunctions", "GetPolicy", "GetFunctionUrlConfig", "ListFunctionUrlConfigs"),
    "sqs": ("ListQueues", "GetQueueAttributes", "ListQueueTags"),
    "sns": ("ListTopics", "GetTopicAttributes"),
    "efs": ("DescribeFileSystems", "DescribeFileSystemPolicy", "DescribeBackupPolicy",
            "DescribeReplicationConfigurations"),
    "elbv2": (
        "DescribeLoadBalancers", "DescribeListeners", "DescribeLoadBalancerAttributes",
        "DescribeListenerCertificates",
    ),
    "elb": ("DescribeLoadBalancers", "DescribeLoadBalancerAttributes",
            "DescribeLoadBalancerPolicies"),
    "cloudtrail": ("DescribeTrails", "GetTrailStatus", "GetEventSelectors"),
    "cloudfront": ("ListDistributions", "GetDistributionConfig"),
    "elasticache": ("DescribeReplicationGroups", "DescribeCacheClusters"),
    "redshift": ("DescribeClusters", "DescribeLoggingStatus"),
    "opensearch": ("ListDomainNames", "DescribeDomains", "DescribeDomain"),
    "ecr": ("DescribeRepositories", "GetRepositoryPolicy", "GetLifecyclePolicy"),
    "secretsmanager": ("ListSecrets", "DescribeSecret", "GetResourcePolicy"),
    "backup": (
        "ListBackupPlans", "GetBackupPlan", "ListBackupSelections", "GetBackupSelection",
        "ListBackupVaults", "GetBackupVaultAccessPolicy",
    ),
    "eks": ("ListClusters", "DescribeCluster"),
    "ecs": ("ListTaskDefinitions", "DescribeTaskDefinition", "ListClusters", "ListServices",
            "DescribeServices"),
    "logs": ("DescribeLogGroups",),
    "kinesis": ("ListStreams", "DescribeStreamSummary"),
    "docdb": ("DescribeDBClusters",),
    "neptune": ("DescribeDBClusters",),
    "dms": ("DescribeReplicationInstances",),
    "apigateway": ("GetRestApis", "GetStages"),
    "apigatewayv2": ("GetApis", "GetStages"),
    "config": ("DescribeConfigurationRecorders", "DescribeConfigurationRecorderStatus",
               "DescribeDeliveryChannels"),
    "guardduty": ("ListDetectors", "GetDetector"),
    "elasticbeanstalk": ("DescribeEnvironments", "DescribeConfigurationSettings"),
    "autoscaling": ("DescribeAutoScalingGroups", "DescribeLaunchConfigurations"),
    "ssm": ("DescribeInstanceInformation", "DescribeInstancePatchStates",
            "ListComplianceSummaries", "DescribeParameters"),
    "dax": ("DescribeClusters",),
    "kafka": ("ListClusters",),
    "workspaces": ("DescribeWorkspaces",),
}  # fmt: skip

ALLOWED_OPERATIONS = IDENTITY_OPERATIONS | frozenset(
    f"{service}:{operation}"
    for service, operations in _BY_SERVICE.items()
    for operation in operations
)
