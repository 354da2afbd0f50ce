# Disaster recovery copies in us-east-1.
# GAP: this region is outside the EU; the shop's policy (srmap.yaml) allows EU jurisdictions only.

resource "aws_s3_bucket" "assets_replica" {
  provider = aws.us_east
  bucket   = "${local.name}-assets-${var.environment}-us"
}

resource "aws_s3_bucket_versioning" "assets_replica" {
  provider = aws.us_east
  bucket   = aws_s3_bucket.assets_replica.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "assets_replica" {
  provider = aws.us_east
  bucket   = aws_s3_bucket.assets_replica.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "assets_replica" {
  provider                = aws.us_east
  bucket                  = aws_s3_bucket.assets_replica.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_dynamodb_table" "sessions_us" {
  provider     = aws.us_east
  name         = "${local.name}-sessions-us"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "session_id"

  attribute {
    name = "session_id"
    type = "S"
  }

  server_side_encryption {
    enabled = true
  }

  point_in_time_recovery {
    enabled = true
  }
}
