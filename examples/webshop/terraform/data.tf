# Data stores: the customer data the shop keeps, and the key that protects most of it.

# GAP: automatic key rotation is off.
resource "aws_kms_key" "main" {
  description             = "Webshop data key"
  enable_key_rotation     = false
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "main" {
  name          = "alias/${local.name}"
  target_key_id = aws_kms_key.main.key_id
}

# Product images and static files. GAP: no public access block.
resource "aws_s3_bucket" "assets" {
  bucket = "${local.name}-assets-${var.environment}-eu"
}

resource "aws_s3_bucket_versioning" "assets" {
  bucket = aws_s3_bucket.assets.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets" {
  bucket = aws_s3_bucket.assets.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

# Access logs of the load balancer and the CloudTrail trail.
resource "aws_s3_bucket" "logs" {
  bucket = "${local.name}-logs-${var.environment}-eu"
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs_bucket.json
}

resource "aws_db_subnet_group" "orders" {
  name       = "${local.name}-orders"
  subnet_ids = aws_subnet.private[*].id
}

# GAPS: storage not encrypted, one day of backups, no deletion protection, and the master
# password written into the configuration.
resource "aws_db_instance" "orders" {
  identifier              = "${local.name}-orders"
  engine                  = "postgres"
  engine_version          = "17.6"
  instance_class          = "db.t4g.medium"
  allocated_storage       = 50
  storage_type            = "gp3"
  storage_encrypted       = false
  db_name                 = "orders"
  username                = var.db_username
  password                = "Sup3rS3cret!"
  db_subnet_group_name    = aws_db_subnet_group.orders.name
  vpc_security_group_ids  = [aws_security_group.db.id]
  publicly_accessible     = false
  multi_az                = true
  backup_retention_period = 1
  deletion_protection     = false
  skip_final_snapshot     = true
}

resource "aws_dynamodb_table" "sessions" {
  name         = "${local.name}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.main.arn
  }

  point_in_time_recovery {
    enabled = true
  }
}
