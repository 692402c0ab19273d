output "alb_dns_name" {
  description = "Point the DNS name of domain_name at this (CNAME or alias)."
  value       = aws_lb.main.dns_name
}

output "app_url" {
  value = "https://${var.domain_name}"
}

output "ecr_repository_url" {
  description = "Push the image built from the Dockerfile here, then set app_image."
  value       = aws_ecr_repository.app.repository_url
}

output "database_endpoint" {
  value = aws_db_instance.main.address
}

output "redis_primary_endpoint" {
  value = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "uploads_bucket" {
  description = "S3_BUCKET_UPLOADS"
  value       = aws_s3_bucket.uploads.id
}

output "log_group" {
  value = aws_cloudwatch_log_group.app.name
}

output "secret_arns" {
  description = "The Secrets Manager entries; put the operator ones' values before the first deploy."
  value       = { for name, secret in aws_secretsmanager_secret.app : name => secret.arn }
}

output "migrate_command" {
  description = "Runs the migrations as a one-off task of the app's task definition (before each deploy that brings new ones)."
  value       = "aws ecs run-task --cluster ${aws_ecs_cluster.main.name} --launch-type FARGATE --task-definition ${aws_ecs_task_definition.app.family} --network-configuration 'awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.app.id}],assignPublicIp=DISABLED}' --overrides '{\"containerOverrides\":[{\"name\":\"app\",\"command\":[\"node\",\"scripts/migrate.mjs\"]}]}'"
}
