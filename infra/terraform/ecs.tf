resource "aws_ecr_repository" "app" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

locals {
  # The app's non-secret configuration (.env.example). The secrets are in secrets.tf.
  app_environment = [
    { name = "NODE_ENV", value = "production" },
    { name = "PORT", value = "3000" },
    { name = "LOG_LEVEL", value = "info" },
    { name = "DATA_DIR", value = "/app/.data" },
    { name = "DATABASE_POOL_MAX", value = tostring(var.database_pool_max) },
    { name = "NEXTAUTH_URL", value = "https://${var.domain_name}" },
    { name = "FRONTEND_URL", value = "https://${var.domain_name}" },
    { name = "SUPER_ADMIN_EMAIL", value = var.super_admin_email },
    # The ALB appends the client's address to X-Forwarded-For: one trusted hop.
    { name = "TRUSTED_PROXY_COUNT", value = "1" },
    # The Upstash-compatible proxy sidecar of the same task (shared network namespace).
    { name = "UPSTASH_REDIS_REST_URL", value = "http://127.0.0.1:80" },
    { name = "LLM_BASE_URL", value = var.llm_base_url },
    { name = "LLM_MODEL", value = var.llm_model },
    { name = "AI_INDEX_MEMORY_MB", value = "1024" },
    { name = "MAIL_FROM", value = var.mail_from },
    { name = "AWS_REGION", value = var.aws_region },
    { name = "S3_BUCKET_UPLOADS", value = aws_s3_bucket.uploads.id },
  ]

  log_options = {
    awslogs-group         = aws_cloudwatch_log_group.app.name
    awslogs-region        = var.aws_region
    awslogs-stream-prefix = "neuroops"
  }

  app_container = {
    name         = "app"
    image        = var.app_image
    essential    = true
    portMappings = [{ containerPort = 3000, protocol = "tcp" }]
    environment  = concat(local.app_environment, [for name, value in var.stripe_prices : { name = name, value = value }])
    secrets      = [for name in keys(local.app_secrets) : { name = name, valueFrom = aws_secretsmanager_secret.app[name].arn }]
    healthCheck = {
      command     = ["CMD", "node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    dependsOn        = [{ containerName = "redis-http", condition = "START" }]
    stopTimeout      = 30
    logConfiguration = { logDriver = "awslogs", options = local.log_options }
  }

  redis_http_container = {
    name      = "redis-http"
    image     = var.redis_http_image
    essential = true
    environment = [
      { name = "SRH_MODE", value = "env" },
    ]
    secrets = [
      { name = "SRH_TOKEN", valueFrom = aws_secretsmanager_secret.app["UPSTASH_REDIS_REST_TOKEN"].arn },
      { name = "SRH_CONNECTION_STRING", valueFrom = aws_secretsmanager_secret.app["REDIS_CONNECTION_STRING"].arn },
    ]
    logConfiguration = { logDriver = "awslogs", options = merge(local.log_options, { awslogs-stream-prefix = "redis-http" }) }
  }
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.app_cpu
  memory                   = var.app_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  container_definitions    = jsonencode([local.app_container, local.redis_http_container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
}

resource "aws_ecs_service" "app" {
  name                               = "app"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.app.arn
  desired_count                      = var.app_count
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.app.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = "app"
    container_port   = 3000
  }

  depends_on = [aws_lb_listener.https]
}
