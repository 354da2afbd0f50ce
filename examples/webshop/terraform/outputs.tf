output "alb_dns_name" {
  description = "Public name of the shop."
  value       = aws_lb.web.dns_name
}

output "orders_db_endpoint" {
  description = "Where the web tier reaches PostgreSQL."
  value       = aws_db_instance.orders.endpoint
}

output "orders_topic_arn" {
  description = "Topic the shop publishes order events to."
  value       = aws_sns_topic.orders.arn
}
