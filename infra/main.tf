# SaaS Platform on AWS: one environment per state (see README.md).
#
#   network.tf  VPC, subnets, NAT, S3 gateway endpoint, security groups
#   data.tf     RDS PostgreSQL, ElastiCache Redis, S3 media bucket
#   secrets.tf  Secrets Manager entries the task reads (generated values never enter the state)
#   ecs.tf      ECR, ECS cluster/service/task definitions, IAM, logs, autoscaling
#   edge.tf     ALB, CloudFront, WAF

locals {
  name = "${var.project}-${var.environment}"

  tags = merge(
    {
      Project     = var.project
      Environment = var.environment
      ManagedBy   = "terraform"
    },
    var.tags,
  )

  azs = slice(data.aws_availability_zones.available.names, 0, 2)

  container_name = "app"
  container_port = 8080
  image          = coalesce(var.container_image, "${aws_ecr_repository.app.repository_url}:${var.image_tag}")
  # The migrate task may run the next release's image (its migrations) while the service still runs image_tag.
  migrate_image = var.migrate_image_tag == null ? local.image : "${aws_ecr_repository.app.repository_url}:${var.migrate_image_tag}"

  # CloudFront -> ALB: TLS when the ALB has a certificate (and a matching origin name), plain HTTP otherwise.
  origin_https = var.alb_certificate_arn != null
  origin_port  = local.origin_https ? 443 : 80
}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}
