# Webshop: an online shop on EC2 behind an ALB, with PostgreSQL, DynamoDB sessions, S3 assets,
# and a Lambda order processor fed by SNS and SQS. Primary region eu-central-1; a disaster
# recovery copy of the assets lives in us-east-1.
#
# This configuration contains deliberate security gaps on the customer's side of the shared
# responsibility model; examples/webshop/README.md lists every one.
terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

# The skip_* settings let the example plan without an AWS account; credentials come from the
# environment (scripts/make_plans.sh sets fake ones).
provider "aws" {
  region                      = "eu-central-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias                       = "us_east"
  region                      = "us-east-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true

  default_tags {
    tags = local.tags
  }
}

locals {
  name = "webshop"
  tags = {
    Application = "webshop"
    Environment = var.environment
    Owner       = "platform-team"
  }
}
