# Secrets the application container reads through ECS `secrets` (injected as environment variables at start).
#
#   DATABASE_URL   generated here: saas_app's password inside a postgres:// URL (the role itself is created by
#                  the one-off migrate task or by hand, docs/playbooks/rds-roles.md)
#   SECRET_KEY     generated here: HS256 access-token key (48 letters/digits, decoded as base64 = 36 bytes >= 32)
#   REDIS_URL      rediss://:<AUTH token>@<primary endpoint>:6379, token generated here
#                  (rediss-cluster://:<AUTH token>@<configuration endpoint>:6379 with redis_cluster_mode)
#   AI_API_KEY     an external credential: created empty, the operator puts the value (README.md, step 2)
#
# Generated values are written write-only (module generated-secret) and never appear in plan or state, except
# the Redis AUTH token and the origin header, which their resources need as plain arguments (state: sensitive).

locals {
  secret_prefix = "${var.project}/${var.environment}"
}

module "database_url" {
  source = "./modules/generated-secret"

  name                    = "${local.secret_prefix}/database-url"
  description             = "DATABASE_URL: serving role ${var.db_app_role} (NOSUPERUSER NOBYPASSRLS) on ${aws_db_instance.main.identifier}"
  length                  = 40
  value_format            = "postgres://${var.db_app_role}:%s@${aws_db_instance.main.address}:${aws_db_instance.main.port}/${var.db_name}?sslmode=require"
  revision                = var.secret_revisions.database_url
  recovery_window_in_days = var.secret_recovery_window_days
}

module "secret_key" {
  source = "./modules/generated-secret"

  name                    = "${local.secret_prefix}/secret-key"
  description             = "SECRET_KEY: HS256 access-token signing key"
  length                  = 48
  revision                = var.secret_revisions.secret_key
  recovery_window_in_days = var.secret_recovery_window_days
}

module "redis_auth_token" {
  source = "./modules/generated-secret"

  name                    = "${local.secret_prefix}/redis-auth-token"
  description             = "ElastiCache AUTH token (source of REDIS_URL)"
  length                  = 64
  revision                = var.secret_revisions.redis_auth_token
  read_back               = true
  recovery_window_in_days = var.secret_recovery_window_days
}

module "origin_verify" {
  source = "./modules/generated-secret"

  name                    = "${local.secret_prefix}/origin-verify"
  description             = "X-Origin-Verify header value CloudFront adds and the ALB requires"
  length                  = 48
  revision                = var.secret_revisions.origin_verify
  read_back               = true
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret" "redis_url" {
  name                    = "${local.secret_prefix}/redis-url"
  description             = "REDIS_URL: TLS + AUTH URL of the ElastiCache primary (or, in cluster mode, configuration) endpoint"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id = aws_secretsmanager_secret.redis_url.id
  secret_string = (var.redis_cluster_mode
    ? "rediss-cluster://:${module.redis_auth_token.value}@${aws_elasticache_replication_group.main.configuration_endpoint_address}:${aws_elasticache_replication_group.main.port}"
    : "rediss://:${module.redis_auth_token.value}@${aws_elasticache_replication_group.main.primary_endpoint_address}:${aws_elasticache_replication_group.main.port}"
  )
}

resource "aws_secretsmanager_secret" "ai_api_key" {
  name                    = "${local.secret_prefix}/ai-api-key"
  description             = "AI_API_KEY: AI provider credential (value set outside Terraform)"
  recovery_window_in_days = var.secret_recovery_window_days
}

# --- One-off: DATABASE_ADMIN_URL for the migrate task (db_admin_task_enabled) ----------------------------------------
# Built from the RDS-managed master secret at apply time (read ephemerally, written write-only). RDS rotates the
# master password (every 7 days by default), so enable, run the task and disable in one sitting; re-enabling
# writes a fresh copy.

ephemeral "aws_secretsmanager_secret_version" "db_master" {
  count = var.db_admin_task_enabled ? 1 : 0

  secret_id = aws_db_instance.main.master_user_secret[0].secret_arn
}

resource "aws_secretsmanager_secret" "database_admin_url" {
  count = var.db_admin_task_enabled ? 1 : 0

  name                    = "${local.secret_prefix}/database-admin-url"
  description             = "DATABASE_ADMIN_URL for the one-off migrate task (RDS master user). Delete after use."
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "database_admin_url" {
  count = var.db_admin_task_enabled ? 1 : 0

  secret_id = aws_secretsmanager_secret.database_admin_url[0].id
  secret_string_wo = format(
    "postgres://%s:%s@%s:%d/%s?sslmode=require",
    urlencode(jsondecode(ephemeral.aws_secretsmanager_secret_version.db_master[0].secret_string).username),
    urlencode(jsondecode(ephemeral.aws_secretsmanager_secret_version.db_master[0].secret_string).password),
    aws_db_instance.main.address,
    aws_db_instance.main.port,
    var.db_name,
  )
  secret_string_wo_version = 1
}
