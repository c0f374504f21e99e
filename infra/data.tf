# Data stores: RDS PostgreSQL, ElastiCache Redis and the S3 media bucket. All private, all encrypted.

# --- PostgreSQL ----------------------------------------------------------------------------------------------------

locals {
  postgres_major = split(".", var.postgres_engine_version)[0]
}

resource "aws_db_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_db_parameter_group" "main" {
  name_prefix = "${local.name}-pg${local.postgres_major}-"
  family      = "postgres${local.postgres_major}"
  description = "${local.name} PostgreSQL ${local.postgres_major}"

  # TLS only (also the RDS default from PostgreSQL 15; stated so a changed default cannot turn it off).
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  # A major upgrade needs the new family's group in place before the old one goes.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "main" {
  identifier     = local.name
  engine         = "postgres"
  engine_version = var.postgres_engine_version
  instance_class = var.db_instance_class

  db_name  = var.db_name
  username = var.db_master_username
  # RDS generates the master password, keeps it in Secrets Manager and rotates it; it never passes through here.
  manage_master_user_password = true

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  db_subnet_group_name   = aws_db_subnet_group.main.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false
  multi_az               = var.db_multi_az
  parameter_group_name   = aws_db_parameter_group.main.name

  backup_retention_period    = var.db_backup_retention_days
  backup_window              = "02:00-03:00"
  maintenance_window         = "sun:03:30-sun:04:30"
  copy_tags_to_snapshot      = true
  auto_minor_version_upgrade = true
  # Major upgrades are a deliberate change of postgres_engine_version plus this flag for that one apply.
  allow_major_version_upgrade = false

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-final"
}

# --- Redis ---------------------------------------------------------------------------------------------------------

resource "aws_elasticache_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id = local.name
  description          = "${local.name} cache, rate limits and quotas"

  engine         = "redis"
  engine_version = var.redis_engine_version
  # Cluster mode needs the ".cluster.on" parameter group; the platform connects with redis-cluster:// then.
  parameter_group_name = "default.redis${split(".", var.redis_engine_version)[0]}${var.redis_cluster_mode ? ".cluster.on" : ""}"
  node_type            = var.redis_node_type
  port                 = 6379

  # Cluster mode disabled: one shard of redis_num_cache_clusters nodes. Enabled: redis_num_node_groups shards of
  # 1 + redis_replicas_per_node_group nodes; every key the platform writes is hash-tagged, so each Lua script stays
  # on one shard (ADR 0012).
  cluster_mode               = var.redis_cluster_mode ? "enabled" : "disabled"
  num_cache_clusters         = var.redis_cluster_mode ? null : var.redis_num_cache_clusters
  num_node_groups            = var.redis_cluster_mode ? var.redis_num_node_groups : null
  replicas_per_node_group    = var.redis_cluster_mode ? var.redis_replicas_per_node_group : null
  automatic_failover_enabled = var.redis_cluster_mode || var.redis_num_cache_clusters > 1
  multi_az_enabled           = var.redis_cluster_mode ? var.redis_replicas_per_node_group > 0 : var.redis_num_cache_clusters > 1

  subnet_group_name  = aws_elasticache_subnet_group.main.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true # clients must use rediss://
  auth_token                 = module.redis_auth_token.value
  # ROTATE keeps the old token valid next to the new one, so running tasks survive a token change.
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit = 1
  snapshot_window          = "01:00-02:00"
  maintenance_window       = "sun:04:30-sun:05:30"
}

# --- S3 media bucket -----------------------------------------------------------------------------------------------

resource "aws_s3_bucket" "media" {
  bucket_prefix = "${local.name}-media-"
}

resource "aws_s3_bucket_public_access_block" "media" {
  bucket = aws_s3_bucket.media.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "media" {
  bucket = aws_s3_bucket.media.id

  rule {
    object_ownership = "BucketOwnerEnforced" # ACLs off
  }
}

# SSE-S3: CloudFront's origin access control reads it without a KMS key policy. Switch to aws:kms with a
# customer-managed key only together with a key policy granting cloudfront.amazonaws.com kms:Decrypt.
resource "aws_s3_bucket_server_side_encryption_configuration" "media" {
  bucket = aws_s3_bucket.media.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "media" {
  bucket = aws_s3_bucket.media.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "media" {
  bucket = aws_s3_bucket.media.id

  rule {
    id     = "expire-old-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.media_noncurrent_version_expiration_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.media]
}

# Browsers upload straight to the bucket with the presigned PUT the API hands out (signed over Content-Type and
# Content-Length); reads go through CloudFront, never to the bucket, so PUT is the only method allowed cross-origin.
resource "aws_s3_bucket_cors_configuration" "media" {
  count = length(var.media_cors_allowed_origins) > 0 ? 1 : 0

  bucket = aws_s3_bucket.media.id

  cors_rule {
    allowed_methods = ["PUT"]
    allowed_origins = var.media_cors_allowed_origins
    allowed_headers = ["content-type"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3600
  }
}

data "aws_iam_policy_document" "media_bucket" {
  statement {
    sid       = "CloudFrontReadsMedia"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.media.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.main.arn]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.media.arn, "${aws_s3_bucket.media.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "media" {
  bucket = aws_s3_bucket.media.id
  policy = data.aws_iam_policy_document.media_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.media]
}
