# Order processing: the shop publishes order events to SNS; SQS buffers them for a Lambda.

resource "aws_sns_topic" "orders" {
  name              = "${local.name}-orders"
  kms_master_key_id = aws_kms_key.main.id
}

resource "aws_sns_topic_subscription" "orders_to_queue" {
  topic_arn = aws_sns_topic.orders.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.orders.arn
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name}-alerts"
  kms_master_key_id = aws_kms_key.main.id
}

resource "aws_sns_topic_subscription" "alerts_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_sqs_queue" "orders_dlq" {
  name                      = "${local.name}-orders-dlq"
  kms_master_key_id         = aws_kms_key.main.id
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "orders" {
  name                       = "${local.name}-orders"
  kms_master_key_id          = aws_kms_key.main.id
  visibility_timeout_seconds = 120
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_sqs_queue_policy" "orders" {
  queue_url = aws_sqs_queue.orders.id
  policy    = data.aws_iam_policy_document.orders_queue.json
}

resource "aws_cloudwatch_log_group" "order_processor" {
  name              = "/aws/lambda/${local.name}-order-processor"
  retention_in_days = 30
  kms_key_id        = aws_kms_key.main.arn
}

# GAP: python3.8 is a deprecated runtime that no longer receives security patches.
resource "aws_lambda_function" "order_processor" {
  function_name = "${local.name}-order-processor"
  role          = aws_iam_role.order_processor.arn
  runtime       = "python3.8"
  handler       = "orders.handler"
  s3_bucket     = "${local.name}-artifacts-${var.environment}-eu"
  s3_key        = "order-processor/1.4.2.zip"
  memory_size   = 256
  timeout       = 60

  environment {
    variables = {
      ORDERS_DB_HOST = aws_db_instance.orders.address
      SESSIONS_TABLE = aws_dynamodb_table.sessions.name
      ALERTS_TOPIC   = aws_sns_topic.alerts.arn
    }
  }

  tracing_config {
    mode = "Active"
  }

  depends_on = [aws_cloudwatch_log_group.order_processor]
}

resource "aws_lambda_event_source_mapping" "orders" {
  event_source_arn = aws_sqs_queue.orders.arn
  function_name    = aws_lambda_function.order_processor.arn
  batch_size       = 10
}
