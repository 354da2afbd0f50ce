# One workload unit of the scale benches (bench/iac_scale.py): 15 resources of the kinds a
# real estate holds, split S3 parts and security-group rules among them. Its plan.json is real
# `terraform show -json` output (scripts/make_plans.sh bench/unit); the benches copy it once
# per unit, writing the unit's number where this file says "unitnum", so a generated plan of
# 20,000 resources carries every attribute Terraform writes for each of them.
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}
provider "aws" {
  region                      = "eu-west-1"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
resource "aws_s3_bucket" "data_unitnum" {
  bucket        = "bench-data-unitnum"
  force_destroy = false
  tags          = { team = "team-unitnum" }
}
resource "aws_s3_bucket_versioning" "data_unitnum" {
  bucket = aws_s3_bucket.data_unitnum.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "data_unitnum" {
  bucket = aws_s3_bucket.data_unitnum.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.key_unitnum.arn
    }
    bucket_key_enabled = true
  }
}
resource "aws_s3_bucket_public_access_block" "data_unitnum" {
  bucket                  = aws_s3_bucket.data_unitnum.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_security_group" "app_unitnum" {
  name        = "app-unitnum"
  description = "app tier"
  vpc_id      = "vpc-0123456789abcdef0"
}
resource "aws_security_group_rule" "app_unitnum_https" {
  security_group_id = aws_security_group.app_unitnum.id
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8"]
  description       = "https from the vpc"
}
resource "aws_security_group_rule" "app_unitnum_out" {
  security_group_id = aws_security_group.app_unitnum.id
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
}
resource "aws_instance" "app_unitnum" {
  ami                    = "ami-0abcdef1234567890"
  instance_type          = "t3.micro"
  monitoring             = false
  vpc_security_group_ids = [aws_security_group.app_unitnum.id]
  metadata_options {
    http_tokens   = "required"
    http_endpoint = "enabled"
  }
  root_block_device {
    encrypted   = true
    volume_size = 20
    volume_type = "gp3"
  }
  tags = { Name = "app-unitnum" }
}
resource "aws_kms_key" "key_unitnum" {
  description             = "key unitnum"
  enable_key_rotation     = true
  deletion_window_in_days = 30
}
resource "aws_ebs_volume" "data_unitnum" {
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.key_unitnum.arn
}
resource "aws_db_instance" "db_unitnum" {
  identifier                  = "db-unitnum"
  engine                      = "postgres"
  engine_version              = "15.4"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.key_unitnum.arn
  backup_retention_period     = 7
  publicly_accessible         = false
  multi_az                    = true
  deletion_protection         = true
  username                    = "app"
  manage_master_user_password = true
}
resource "aws_dynamodb_table" "table_unitnum" {
  name         = "table-unitnum"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  attribute {
    name = "pk"
    type = "S"
  }
  point_in_time_recovery { enabled = true }
  server_side_encryption { enabled = true }
}
resource "aws_iam_role" "app_unitnum" {
  name                 = "app-unitnum"
  path                 = "/"
  max_session_duration = 3600
  assume_role_policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_sqs_queue" "jobs_unitnum" {
  name                      = "jobs-unitnum"
  sqs_managed_sse_enabled   = true
  message_retention_seconds = 345600
}
resource "aws_cloudwatch_log_group" "app_unitnum" {
  name              = "/app/unitnum"
  retention_in_days = 90
  kms_key_id        = aws_kms_key.key_unitnum.arn
}
