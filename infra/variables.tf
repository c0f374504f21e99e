# --- Naming and placement ------------------------------------------------------------------------------------------

variable "project" {
  description = "Short project name; with environment it prefixes every resource name (e.g. saas-platform-production)."
  type        = string
  default     = "saas-platform"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.project))
    error_message = "project must be 2-21 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (production, staging, ...). Part of every resource name; APP_ENV is always production in AWS."
  type        = string
  default     = "production"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,11}$", var.environment))
    error_message = "environment must be 2-12 lowercase letters or digits, starting with a letter."
  }
}

variable "aws_region" {
  description = "Region for everything except the CloudFront-scoped WAF web ACL (always us-east-1)."
  type        = string
  default     = "eu-west-1"
}

variable "tags" {
  description = "Extra tags applied to every resource (merged over Project/Environment/ManagedBy)."
  type        = map(string)
  default     = {}
}

# --- Network -------------------------------------------------------------------------------------------------------

variable "vpc_cidr" {
  description = "CIDR of the VPC. Two public /24 and two private /20 subnets are carved out of it."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway shared by both AZs (cheaper; egress stops if that AZ fails) instead of one per AZ."
  type        = bool
  default     = true
}

# --- Container service ---------------------------------------------------------------------------------------------

variable "image_tag" {
  description = "Tag of the application image in the project's ECR repository to deploy (e.g. the git commit SHA). Tags are immutable."
  type        = string
}

variable "migrate_image_tag" {
  description = "Image tag for the one-off migrate task (db_admin_task_enabled); null = image_tag. Set it to the next release to run its migrations before the service rolls out."
  type        = string
  default     = null
}

variable "container_image" {
  description = "Full image reference overriding the ECR repository + image_tag (e.g. an image from another registry). null = use ECR."
  type        = string
  default     = null
}

variable "cpu_architecture" {
  description = "Fargate CPU architecture, X86_64 or ARM64. The image must be built for it (docker buildx --platform)."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "task_cpu" {
  description = "Fargate task CPU units (1024 = 1 vCPU)."
  type        = number
  default     = 1024
}

variable "task_memory" {
  description = "Fargate task memory in MiB. The JVM heap is 75% of it (-XX:MaxRAMPercentage=75 in the image)."
  type        = number
  default     = 2048
}

variable "desired_count" {
  description = "Initial number of tasks. Afterwards autoscaling owns the count (between autoscaling_min and autoscaling_max)."
  type        = number
  default     = 2
}

variable "autoscaling_min" {
  description = "Minimum number of running tasks (>= 2 keeps one task per AZ)."
  type        = number
  default     = 2
}

variable "autoscaling_max" {
  description = "Maximum number of running tasks. Keep autoscaling_max x db_pool_size below the database's max_connections."
  type        = number
  default     = 6
}

variable "autoscaling_cpu_target" {
  description = "Average CPU utilisation (percent) the service scales to hold."
  type        = number
  default     = 60
}

variable "worker_desired_count" {
  description = "Number of background worker tasks (APP_ROLE=worker): outbox delivery and bulk AI jobs. 0 stops background work (it waits in the database)."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_desired_count >= 0
    error_message = "worker_desired_count must not be negative."
  }
}

variable "worker_task_cpu" {
  description = "Fargate CPU units of a worker task."
  type        = number
  default     = 512
}

variable "worker_task_memory" {
  description = "Fargate memory (MiB) of a worker task."
  type        = number
  default     = 1024
}

variable "worker_threads" {
  description = "Executions a worker task runs at once (WORKER_THREADS)."
  type        = number
  default     = 10
}

variable "worker_stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL for a worker task (Fargate max 120); running jobs drain for 10 s less."
  type        = number
  default     = 60

  validation {
    condition     = var.worker_stop_timeout_seconds >= 10 && var.worker_stop_timeout_seconds <= 120
    error_message = "worker_stop_timeout_seconds must be between 10 and 120."
  }
}

variable "ses_max_send_rate" {
  description = "Emails per second one worker sends at most (SES_MAX_SEND_RATE); the SES sandbox allows 14/s per account."
  type        = number
  default     = 14
}

variable "stop_timeout_seconds" {
  description = "Seconds between SIGTERM and SIGKILL for a stopping task (Fargate max 120). The platform drains in-flight requests in this window."
  type        = number
  default     = 30
}

variable "enable_execute_command" {
  description = "Allow `aws ecs execute-command` into running tasks (adds SSM permissions to the task role)."
  type        = bool
  default     = false
}

variable "readonly_root_filesystem" {
  description = "Run the container with a read-only root filesystem and a task-scoped /tmp volume (Security Hub ECS.5). Test in staging first: the JVM and Jetty write temporary files."
  type        = bool
  default     = false
}

variable "container_insights" {
  description = "Enable CloudWatch Container Insights on the ECS cluster (per-task metrics; billed as custom metrics)."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of the application log group, in days."
  type        = number
  default     = 30
}

# --- Application configuration (container environment) -------------------------------------------------------------

variable "db_pool_size" {
  description = "DB_POOL_SIZE: serving connection pool per task."
  type        = number
  default     = 10
}

variable "db_owner_role" {
  description = "DB_OWNER_ROLE: the role that owns the schema and runs Flyway migrations."
  type        = string
  default     = "saas_owner"
}

variable "db_app_role" {
  description = "The serving role named in DATABASE_URL (NOSUPERUSER NOBYPASSRLS, owns nothing)."
  type        = string
  default     = "saas_app"
}

variable "max_body_bytes" {
  description = "MAX_BODY_BYTES: largest accepted request body."
  type        = number
  default     = 1048576
}

variable "ses_from_email" {
  description = "SES_FROM_EMAIL: sender address. Its identity must be verified in SES in aws_region; the task role may send only from it."
  type        = string

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.ses_from_email))
    error_message = "ses_from_email must be an e-mail address."
  }
}

variable "auth_mode" {
  description = "AUTH_MODE: cognito (verify Cognito user pool tokens) or mock (trusts caller-asserted identities: never for real users)."
  type        = string
  default     = "cognito"

  validation {
    condition     = contains(["cognito", "mock"], var.auth_mode)
    error_message = "auth_mode must be cognito or mock."
  }
}

variable "cognito_user_pool_id" {
  description = "COGNITO_USER_POOL_ID (required when auth_mode = cognito). The user pool itself is managed outside this stack."
  type        = string
  default     = ""
}

variable "cognito_client_id" {
  description = "COGNITO_CLIENT_ID (required when auth_mode = cognito)."
  type        = string
  default     = ""
}

variable "extra_environment" {
  description = "Additional plain (non-secret) container environment variables, e.g. { JDK_JAVA_OPTIONS = \"-XX:+UseZGC\" }."
  type        = map(string)
  default     = {}
}

# --- Secrets -------------------------------------------------------------------------------------------------------

variable "secret_revisions" {
  description = <<-EOT
    Bump a number to generate a new value for that secret on the next apply (write-only: the values never enter the
    state). database_url: the saas_app password (then ALTER ROLE, see docs/playbooks/rds-roles.md); secret_key: the
    token signing key (invalidates issued access tokens); redis_auth_token: ElastiCache AUTH token; origin_verify: the
    CloudFront -> ALB shared header.
  EOT
  type = object({
    database_url     = optional(number, 1)
    secret_key       = optional(number, 1)
    redis_auth_token = optional(number, 1)
    origin_verify    = optional(number, 1)
  })
  default = {}
}

variable "secret_recovery_window_days" {
  description = "Days a deleted Secrets Manager secret stays recoverable (0 = delete immediately)."
  type        = number
  default     = 7
}

variable "db_admin_task_enabled" {
  description = "Create the one-off 'migrate' task definition that carries DATABASE_ADMIN_URL (built from the RDS master secret) to provision roles and run migrations. Turn on, run the task once, turn off."
  type        = bool
  default     = false
}

# --- PostgreSQL (RDS) ----------------------------------------------------------------------------------------------

variable "postgres_engine_version" {
  description = "RDS PostgreSQL engine version: a major (\"18\": RDS picks the default minor and upgrades minors) or major.minor. Use \"17\" where 18 is not offered yet."
  type        = string
  default     = "18"
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_allocated_storage" {
  description = "Initial gp3 storage in GiB."
  type        = number
  default     = 20
}

variable "db_max_allocated_storage" {
  description = "Storage autoscaling ceiling in GiB."
  type        = number
  default     = 200
}

variable "db_multi_az" {
  description = "Run a synchronous standby in the second AZ (automatic failover)."
  type        = bool
  default     = true
}

variable "db_name" {
  description = "Name of the application database."
  type        = string
  default     = "saas"
}

variable "db_master_username" {
  description = "RDS master user (rds_superuser, not a true superuser). Used only to provision roles; never the serving role."
  type        = string
  default     = "saas_master"
}

variable "db_backup_retention_days" {
  description = "Automated backup (point-in-time recovery) retention in days."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Deletion protection on the database and the ALB; the database also takes a final snapshot when destroyed."
  type        = bool
  default     = true
}

# --- Redis (ElastiCache) -------------------------------------------------------------------------------------------

variable "redis_engine_version" {
  description = "ElastiCache Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.t4g.small"
}

variable "redis_num_cache_clusters" {
  description = "Nodes in the replication group (1 primary + replicas). 2 or more enables Multi-AZ automatic failover."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_num_cache_clusters >= 1 && var.redis_num_cache_clusters <= 6
    error_message = "redis_num_cache_clusters must be between 1 and 6."
  }
}

variable "redis_cluster_mode" {
  description = "ElastiCache cluster mode (several shards): REDIS_URL becomes rediss-cluster://<configuration endpoint> and the platform uses Lettuce's cluster client. false = one shard (redis_num_cache_clusters)."
  type        = bool
  default     = false
}

variable "redis_num_node_groups" {
  description = "Shards when redis_cluster_mode is on."
  type        = number
  default     = 2

  validation {
    condition     = var.redis_num_node_groups >= 1 && var.redis_num_node_groups <= 90
    error_message = "redis_num_node_groups must be between 1 and 90."
  }
}

variable "redis_replicas_per_node_group" {
  description = "Replicas per shard when redis_cluster_mode is on; 1 or more enables Multi-AZ failover."
  type        = number
  default     = 1

  validation {
    condition     = var.redis_replicas_per_node_group >= 0 && var.redis_replicas_per_node_group <= 5
    error_message = "redis_replicas_per_node_group must be between 0 and 5."
  }
}

# --- Edge: ALB, CloudFront, WAF, media bucket ----------------------------------------------------------------------

variable "alb_certificate_arn" {
  description = "ACM certificate (aws_region) for an HTTPS ALB listener. With it CloudFront reaches the ALB over TLS at origin_domain_name; without it over HTTP on port 80."
  type        = string
  default     = null
}

variable "origin_domain_name" {
  description = "DNS name CloudFront uses for the ALB origin when alb_certificate_arn is set (must be covered by that certificate and point at the ALB, e.g. origin.example.com)."
  type        = string
  default     = null
}

variable "cloudfront_aliases" {
  description = "Custom domain names of the distribution (e.g. [\"api.example.com\"]). Needs cloudfront_certificate_arn."
  type        = list(string)
  default     = []
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 covering cloudfront_aliases. null = the *.cloudfront.net certificate."
  type        = string
  default     = null
}

variable "cloudfront_price_class" {
  description = "CloudFront price class (PriceClass_100: North America + Europe edges only)."
  type        = string
  default     = "PriceClass_100"
}

variable "storefront_path_pattern" {
  description = "Path pattern of the cacheable storefront API; CloudFront caches it for as long as the origin's Cache-Control allows."
  type        = string
  default     = "/storefront/*"
}

variable "storefront_cache_key_headers" {
  description = "Request headers that vary storefront responses and so belong in the cache key (query strings always do; cookies never)."
  type        = list(string)
  default     = []
}

variable "storefront_max_ttl_seconds" {
  description = "Upper bound on how long CloudFront keeps a storefront response, whatever Cache-Control says."
  type        = number
  default     = 86400
}

variable "media_path_pattern" {
  description = "Path pattern served from the media bucket through CloudFront; the media-key function strips its /media prefix (keys start at tenants/)."
  type        = string
  default     = "/media/*"
}

variable "media_cors_allowed_origins" {
  description = "The dashboard's browser origins, allowed to PUT presigned media uploads straight to the bucket (empty = no CORS rule)."
  type        = list(string)
  default     = []
}

variable "media_noncurrent_version_expiration_days" {
  description = "Days a replaced or deleted media object version is kept before it is expired."
  type        = number
  default     = 30
}

variable "waf_rate_limit" {
  description = "Requests per client IP per 5 minutes before the WAF blocks that IP."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 10
    error_message = "waf_rate_limit must be at least 10 (the WAFv2 minimum)."
  }
}

variable "alarm_actions" {
  description = "SNS topic ARNs notified when an alarm fires or recovers (empty: alarms only change state)."
  type        = list(string)
  default     = []
}

variable "alarm_5xx_percent" {
  description = "Alarm when more than this percentage of API responses over 5 minutes are 5xx."
  type        = number
  default     = 1
}

variable "alarm_p99_seconds" {
  description = "Alarm when the p99 target response time stays above this many seconds."
  type        = number
  default     = 1
}

variable "client_address_header" {
  description = "Header carrying the viewer's address:port, set by CloudFront when the origin request policy includes it (CloudFront-Viewer-Address). Empty: the platform takes the client from X-Forwarded-For with TRUSTED_PROXY_HOPS=2."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^[A-Za-z0-9-]{0,64}$", var.client_address_header))
    error_message = "client_address_header must be a header name such as CloudFront-Viewer-Address, or empty."
  }
}
