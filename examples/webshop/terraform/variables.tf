variable "environment" {
  description = "Deployment stage, used in names and tags."
  type        = string
  default     = "prod"
}

variable "vpc_cidr" {
  description = "Address range of the shop's VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Two availability zones of the primary region."
  type        = list(string)
  default     = ["eu-central-1a", "eu-central-1b"]
}

variable "ami_id" {
  description = "Amazon Linux 2023 image for the web tier."
  type        = string
  default     = "ami-0c1b2a3d4e5f60718"
}

variable "instance_type" {
  description = "Instance type of the web tier."
  type        = string
  default     = "t3.small"
}

variable "certificate_arn" {
  description = "ACM certificate served by the HTTPS listener."
  type        = string
  default     = "arn:aws:acm:eu-central-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9"
}

variable "db_username" {
  description = "Master user of the orders database."
  type        = string
  default     = "webshop"
}

variable "alert_email" {
  description = "Where order-processing alerts are sent."
  type        = string
  default     = "ops@example.com"
}
