variable "aws_region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
}

variable "environment" {
  description = "Name of this deployment (production, staging…); prefixes resource names."
  type        = string
  default     = "production"
}

variable "vpc_cidr" {
  description = "Address range of the VPC; split into 2 public and 2 private /20 subnets."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per AZ: cheaper, but an AZ outage cuts the other AZ's egress (Stripe, LLM, Inngest)."
  type        = bool
  default     = false
}

variable "domain_name" {
  description = "Public host name of the app (NEXTAUTH_URL is https://<domain_name>)."
  type        = string
  default     = "app.example.com"
}

variable "certificate_arn" {
  description = "ACM certificate for domain_name, in aws_region (the HTTPS listener's)."
  type        = string
  default     = "arn:aws:acm:eu-west-1:000000000000:certificate/REPLACE-ME"
}

variable "app_image" {
  description = "The image built from the repository's Dockerfile, pushed to ECR (tag or digest)."
  type        = string
  default     = "000000000000.dkr.ecr.eu-west-1.amazonaws.com/neuroops:REPLACE-ME"
}

variable "redis_http_image" {
  description = "Upstash-compatible HTTP proxy in front of ElastiCache (a sidecar of each task)."
  type        = string
  default     = "hiett/serverless-redis-http:latest"
}

variable "app_count" {
  description = "Number of app tasks (at least 2, one per AZ)."
  type        = number
  default     = 2

  validation {
    condition     = var.app_count >= 2
    error_message = "Run at least 2 tasks so that one AZ or one deployment never takes the app down."
  }
}

variable "app_cpu" {
  description = "CPU units of a task (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "app_memory" {
  description = "Memory of a task in MiB (the embedding model and the vector indexes live in process)."
  type        = number
  default     = 3072
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB (grows automatically up to db_max_allocated_storage)."
  type        = number
  default     = 50
}

variable "db_max_allocated_storage" {
  description = "Ceiling of RDS storage autoscaling in GiB."
  type        = number
  default     = 500
}

variable "db_backup_retention_days" {
  description = "Days of automated backups and point-in-time recovery."
  type        = number
  default     = 14
}

variable "database_pool_max" {
  description = "DATABASE_POOL_MAX per task; app_count × this must stay under Postgres' max_connections."
  type        = number
  default     = 10
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_transit_encryption" {
  description = "TLS between the proxy sidecar and ElastiCache (rediss://). README.md: check the proxy connects in staging."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "CloudWatch log retention of the app's logs."
  type        = number
  default     = 30
}

variable "super_admin_email" {
  description = "SUPER_ADMIN_EMAIL: the platform's super admin (README, Configuration)."
  type        = string
  default     = ""
}

variable "mail_from" {
  description = "MAIL_FROM of the app's emails."
  type        = string
  default     = "NeuroOps <no-reply@example.com>"
}

variable "llm_base_url" {
  description = "LLM_BASE_URL (an OpenAI-compatible endpoint); empty = the provider's default."
  type        = string
  default     = ""
}

variable "llm_model" {
  description = "LLM_MODEL; empty = extractive answers only."
  type        = string
  default     = ""
}

variable "stripe_prices" {
  description = "STRIPE_PRICE_* ids (not secret)."
  type        = map(string)
  default = {
    STRIPE_PRICE_PRO_MONTHLY      = ""
    STRIPE_PRICE_PRO_YEARLY       = ""
    STRIPE_PRICE_BUSINESS_MONTHLY = ""
    STRIPE_PRICE_BUSINESS_YEARLY  = ""
  }
}
