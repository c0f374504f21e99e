output "cloudfront_domain_name" {
  description = "Public entry point (point your DNS aliases here): https://<this>/health/ready."
  value       = aws_cloudfront_distribution.main.domain_name
}

output "cloudfront_distribution_id" {
  description = "For cache invalidations: aws cloudfront create-invalidation --distribution-id <this> --paths '/storefront/*'."
  value       = aws_cloudfront_distribution.main.id
}

output "alb_dns_name" {
  description = "ALB DNS name. Answers only CloudFront (403 otherwise); with alb_certificate_arn, origin_domain_name must resolve here."
  value       = aws_lb.main.dns_name
}

output "ecr_repository_url" {
  description = "Push application images here: docker push <this>:<tag>."
  value       = aws_ecr_repository.app.repository_url
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.main.name
}

output "ecs_service_name" {
  description = "ECS service name."
  value       = aws_ecs_service.app.name
}

output "log_group_name" {
  description = "CloudWatch log group of the application (and migrate) containers."
  value       = aws_cloudwatch_log_group.app.name
}

output "rds_endpoint" {
  description = "PostgreSQL endpoint, host:port."
  value       = aws_db_instance.main.endpoint
}

output "rds_master_secret_arn" {
  description = "Secrets Manager secret RDS keeps the master user's credentials in (JSON: username, password)."
  value       = aws_db_instance.main.master_user_secret[0].secret_arn
}

output "redis_endpoint" {
  description = "ElastiCache primary endpoint, or the configuration endpoint in cluster mode (TLS + AUTH; the full URL is in the redis-url secret)."
  value = (var.redis_cluster_mode
    ? aws_elasticache_replication_group.main.configuration_endpoint_address
  : aws_elasticache_replication_group.main.primary_endpoint_address)
}

output "media_bucket" {
  description = "S3 bucket for product media (S3_BUCKET)."
  value       = aws_s3_bucket.media.id
}

output "secret_arns" {
  description = "Secrets injected into the container, by environment variable."
  value       = local.app_secret_arns
}

output "private_subnet_ids" {
  description = "Private subnets (tasks, RDS, Redis)."
  value       = aws_subnet.private[*].id
}

output "task_security_group_id" {
  description = "Security group of the tasks (needed to run one-off tasks that reach RDS/Redis)."
  value       = aws_security_group.tasks.id
}

output "migrate_run_task_command" {
  description = "With db_admin_task_enabled: the command that starts the one-off provisioning/migration task."
  value = var.db_admin_task_enabled ? join(" ", [
    "aws ecs run-task",
    "--region ${var.aws_region}",
    "--cluster ${aws_ecs_cluster.main.name}",
    "--task-definition ${aws_ecs_task_definition.migrate[0].arn}",
    "--launch-type FARGATE",
    "--network-configuration 'awsvpcConfiguration={subnets=[${join(",", aws_subnet.private[*].id)}],securityGroups=[${aws_security_group.tasks.id}],assignPublicIp=DISABLED}'",
    "--query 'tasks[0].taskArn' --output text",
  ]) : null
}
