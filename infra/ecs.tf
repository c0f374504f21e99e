# The application: ECR repository, ECS Fargate cluster, task definitions, service, IAM roles and logs.

resource "aws_ecr_repository" "app" {
  name                 = local.name
  image_tag_mutability = "IMMUTABLE" # a tag names one build forever: rollbacks redeploy exactly what ran before

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "app" {
  repository = aws_ecr_repository.app.name

  policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Drop untagged layers after a week"
        selection    = { tagStatus = "untagged", countType = "sinceImagePushed", countUnit = "days", countNumber = 7 }
        action       = { type = "expire" }
      },
      {
        rulePriority = 2
        description  = "Keep the last 50 images (rollback targets)"
        selection    = { tagStatus = "any", countType = "imageCountMoreThan", countNumber = 50 }
        action       = { type = "expire" }
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "main" {
  name = local.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

# --- IAM -----------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${data.aws_partition.current.partition}:ecs:${var.aws_region}:${data.aws_caller_identity.current.account_id}:*"]
    }
  }
}

# Execution role: used by the ECS agent to pull the image, write logs and resolve `secrets` before start.
resource "aws_iam_role" "execution" {
  name               = "${local.name}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "execution_secrets" {
  statement {
    sid       = "ReadContainerSecrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat(values(local.app_secret_arns), aws_secretsmanager_secret.database_admin_url[*].arn)
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  name   = "container-secrets"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution_secrets.json
}

# Task role: what the application code itself may call.
resource "aws_iam_role" "task" {
  name               = "${local.name}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

data "aws_iam_policy_document" "task" {
  statement {
    sid = "MediaObjects"
    # Get: completion heads and reads the first bytes; Put: presigned uploads are signed with this role; Delete: the
    # worker removes deleted and rejected images.
    actions   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
    resources = ["${aws_s3_bucket.media.arn}/*"]
  }

  statement {
    sid       = "SendMailFromConfiguredAddress"
    actions   = ["ses:SendEmail", "ses:SendRawEmail"]
    resources = ["*"]

    condition {
      test     = "StringEquals"
      variable = "ses:FromAddress"
      values   = [var.ses_from_email]
    }
  }

  dynamic "statement" {
    for_each = var.enable_execute_command ? [1] : []

    content {
      sid = "EcsExec"
      actions = [
        "ssmmessages:CreateControlChannel",
        "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel",
        "ssmmessages:OpenDataChannel",
      ]
      resources = ["*"]
    }
  }
}

resource "aws_iam_role_policy" "task" {
  name   = "application"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# --- Task definitions ----------------------------------------------------------------------------------------------

locals {
  app_secret_arns = {
    DATABASE_URL = module.database_url.arn
    SECRET_KEY   = module.secret_key.arn
    REDIS_URL    = aws_secretsmanager_secret.redis_url.arn
    AI_API_KEY   = aws_secretsmanager_secret.ai_api_key.arn
  }

  app_environment = merge(
    {
      APP_ENV       = "production"
      HOST          = "0.0.0.0"
      PORT          = tostring(local.container_port)
      DB_OWNER_ROLE = var.db_owner_role
      DB_POOL_SIZE  = tostring(var.db_pool_size)
      AWS_REGION    = var.aws_region
      S3_BUCKET     = aws_s3_bucket.media.id
      # Public image URLs through CloudFront (origin access control; the bucket itself is private).
      MEDIA_PUBLIC_BASE_URL = "https://${length(var.cloudfront_aliases) > 0 ? var.cloudfront_aliases[0] : aws_cloudfront_distribution.main.domain_name}/media"
      SES_FROM_EMAIL        = var.ses_from_email
      AUTH_MODE             = var.auth_mode
      COGNITO_USER_POOL_ID  = var.cognito_user_pool_id
      COGNITO_CLIENT_ID     = var.cognito_client_id
      MAX_BODY_BYTES        = tostring(var.max_body_bytes)
      # Rate limits count the viewer, not the proxy: CloudFront appends the viewer to X-Forwarded-For and the ALB
      # appends the CloudFront edge, so the client is the second entry from the end. Entries before it are the
      # client's own and could be forged (docs/playbooks/security-model.md).
      TRUSTED_PROXY_HOPS    = "2"
      CLIENT_ADDRESS_HEADER = var.client_address_header
      # The API service never polls for background work; the worker service does (below).
      APP_ROLE = "api"
    },
    var.extra_environment,
  )

  app_container = {
    name      = local.container_name
    image     = local.image
    essential = true

    portMappings = [{ containerPort = local.container_port, protocol = "tcp" }]

    environment = [for k in sort(keys(local.app_environment)) : { name = k, value = local.app_environment[k] }]
    secrets     = [for k in sort(keys(local.app_secret_arns)) : { name = k, valueFrom = local.app_secret_arns[k] }]

    # Liveness, as in the image's HEALTHCHECK; the ALB decides routing on /health/ready.
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS -o /dev/null http://127.0.0.1:${local.container_port}/health/live || exit 1"]
      interval    = 15
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    # SIGTERM (the image's STOPSIGNAL) -> drain in-flight requests -> exit; SIGKILL after this many seconds.
    stopTimeout = var.stop_timeout_seconds

    readonlyRootFilesystem = var.readonly_root_filesystem
    mountPoints            = var.readonly_root_filesystem ? [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }] : []

    ulimits = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = "app"
        mode                  = "non-blocking" # a slow log pipeline must not stall request threads
        max-buffer-size       = "4m"
      }
    }
  }
}

resource "aws_ecs_task_definition" "app" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.app_container])

  dynamic "volume" {
    for_each = var.readonly_root_filesystem ? ["tmp"] : []

    content {
      name = volume.value
    }
  }

  lifecycle {
    precondition {
      condition     = var.auth_mode != "cognito" || (var.cognito_user_pool_id != "" && var.cognito_client_id != "")
      error_message = "auth_mode = cognito needs cognito_user_pool_id and cognito_client_id."
    }
  }
}

check "auth_mode" {
  assert {
    condition     = var.auth_mode == "cognito"
    error_message = "AUTH_MODE=mock trusts caller-asserted identities: acceptable only for a throwaway environment."
  }
}

# One-off task: same image and settings plus DATABASE_ADMIN_URL (RDS master user), with which the platform creates
# the owner and serving roles if missing, grants privileges and runs Flyway as the owner before it starts serving.
# Started by hand with `aws ecs run-task` (output migrate_run_task_command); not behind the ALB.
resource "aws_ecs_task_definition" "migrate" {
  count = var.db_admin_task_enabled ? 1 : 0

  family                   = "${local.name}-migrate"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([merge(local.app_container, {
    image = local.migrate_image
    secrets = concat(local.app_container.secrets, [
      { name = "DATABASE_ADMIN_URL", valueFrom = aws_secretsmanager_secret.database_admin_url[0].arn },
    ])
    logConfiguration = merge(local.app_container.logConfiguration, {
      options = merge(local.app_container.logConfiguration.options, { awslogs-stream-prefix = "migrate" })
    })
  })])

  dynamic "volume" {
    for_each = var.readonly_root_filesystem ? ["tmp"] : []

    content {
      name = volume.value
    }
  }

  depends_on = [aws_secretsmanager_secret_version.database_admin_url]
}

# Worker: the same image as a background node (APP_ROLE=worker): polls the scheduled_tasks table (db-scheduler, FOR
# UPDATE SKIP LOCKED), delivers the email outbox through SES and runs bulk AI jobs. It serves only /health/* and sits
# behind no load balancer. Its drain window (WORKER_DRAIN_SECONDS) stays below the stop timeout, so SIGTERM lets
# running jobs finish before SIGKILL; anything cut off is retried by another worker, never lost.
locals {
  worker_environment = merge(local.app_environment, {
    APP_ROLE             = "worker"
    WORKER_THREADS       = tostring(var.worker_threads)
    WORKER_DRAIN_SECONDS = tostring(max(var.worker_stop_timeout_seconds - 10, 0))
    SES_MAX_SEND_RATE    = tostring(var.ses_max_send_rate)
  })

  worker_container = merge(local.app_container, {
    name         = "${local.container_name}-worker"
    portMappings = []
    environment  = [for k in sort(keys(local.worker_environment)) : { name = k, value = local.worker_environment[k] }]
    stopTimeout  = var.worker_stop_timeout_seconds
    logConfiguration = merge(local.app_container.logConfiguration, {
      options = merge(local.app_container.logConfiguration.options, { awslogs-stream-prefix = "worker" })
    })
  })
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "${local.name}-worker"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.worker_task_cpu
  memory                   = var.worker_task_memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([local.worker_container])

  dynamic "volume" {
    for_each = var.readonly_root_filesystem ? ["tmp"] : []

    content {
      name = volume.value
    }
  }
}

# --- Service -------------------------------------------------------------------------------------------------------

resource "aws_ecs_service" "app" {
  name             = local.name
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.app.arn
  desired_count    = var.desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.app.arn
    container_name   = local.container_name
    container_port   = local.container_port
  }

  # The JVM starts, connects to PostgreSQL/Redis and runs the RLS self-check before /health/ready turns green.
  health_check_grace_period_seconds = 90

  # Rolling deployment: new tasks join before old ones leave; a release that never gets healthy rolls back.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  # Autoscaling owns the task count after creation.
  lifecycle {
    ignore_changes = [desired_count]
  }

  # The target group must be attached to the load balancer (through the listener rule) before the service uses it.
  depends_on = [aws_lb_listener_rule.from_cloudfront, aws_iam_role_policy.execution_secrets]
}

# Background workers: their own desired count, no load balancer. Any number may run: each execution is picked by one
# node at a time, and a node that dies is replaced by the others after missed heartbeats.
resource "aws_ecs_service" "worker" {
  name             = "${local.name}-worker"
  cluster          = aws_ecs_cluster.main.id
  task_definition  = aws_ecs_task_definition.worker.arn
  desired_count    = var.worker_desired_count
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }

  # Workers may all restart at once: the work waits in PostgreSQL, not in them.
  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  enable_execute_command = var.enable_execute_command
  propagate_tags         = "SERVICE"

  depends_on = [aws_iam_role_policy.execution_secrets]
}

resource "aws_appautoscaling_target" "app" {
  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.app.name}"
  min_capacity       = var.autoscaling_min
  max_capacity       = var.autoscaling_max
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "${local.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.app.service_namespace
  scalable_dimension = aws_appautoscaling_target.app.scalable_dimension
  resource_id        = aws_appautoscaling_target.app.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.autoscaling_cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
