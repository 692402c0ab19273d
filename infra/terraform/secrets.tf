# Every secret the app reads (src/server/platform/env.ts) lives in Secrets Manager and reaches
# the task as an ECS `secrets` entry, never as plain environment, never in the image.
#   generated: made here (random_password) and written by Terraform;
#   operator:  created with a placeholder that Terraform never overwrites afterwards: put the
#              real value with `aws secretsmanager put-secret-value` BEFORE the first deploy, or
#              delete the line if you do not use that integration (README.md, "Secrets").
# infra/infra.test.ts checks this map covers every secret variable of env.ts.
locals {
  app_secrets = {
    DATABASE_URL             = "generated"
    NEXTAUTH_SECRET          = "generated"
    UPSTASH_REDIS_REST_TOKEN = "generated"
    METRICS_TOKEN            = "generated"
    STRIPE_SECRET_KEY        = "operator"
    STRIPE_WEBHOOK_SECRET    = "operator"
    LLM_API_KEY              = "operator"
    INNGEST_EVENT_KEY        = "operator"
    INNGEST_SIGNING_KEY      = "operator"
    SMTP_URL                 = "operator"
  }

  # Read by the Redis proxy sidecar only (its SRH_CONNECTION_STRING, with the AUTH token).
  sidecar_secrets = {
    REDIS_CONNECTION_STRING = "generated"
  }

  all_secrets = merge(local.app_secrets, local.sidecar_secrets)

  redis_scheme = var.redis_transit_encryption ? "rediss://:${random_password.redis_auth.result}@" : "redis://"

  generated_secret_values = {
    # The owner login: runs the migrations; the app's connections switch to neuroops_app.
    DATABASE_URL             = "postgres://${aws_db_instance.main.username}:${random_password.db.result}@${aws_db_instance.main.address}:${aws_db_instance.main.port}/${aws_db_instance.main.db_name}?sslmode=require"
    NEXTAUTH_SECRET          = random_password.nextauth.result
    UPSTASH_REDIS_REST_TOKEN = random_password.redis_http_token.result
    METRICS_TOKEN            = random_password.metrics_token.result
    REDIS_CONNECTION_STRING  = "${local.redis_scheme}${aws_elasticache_replication_group.main.primary_endpoint_address}:6379"
  }
}

resource "random_password" "nextauth" {
  length  = 48
  special = false
}

resource "random_password" "redis_http_token" {
  length  = 48
  special = false
}

resource "random_password" "metrics_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret" "app" {
  for_each                = local.all_secrets
  name                    = "${local.name}/${each.key}"
  description             = "NeuroOps ${each.key} (${each.value})"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "generated" {
  for_each      = { for name, source in local.all_secrets : name => source if source == "generated" }
  secret_id     = aws_secretsmanager_secret.app[each.key].id
  secret_string = local.generated_secret_values[each.key]
}

resource "aws_secretsmanager_secret_version" "operator" {
  for_each      = { for name, source in local.all_secrets : name => source if source == "operator" }
  secret_id     = aws_secretsmanager_secret.app[each.key].id
  secret_string = "REPLACE-ME"

  lifecycle {
    # The real value is put by hand (or by a rotation); a later apply must not reset it.
    ignore_changes = [secret_string]
  }
}
