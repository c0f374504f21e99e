# A Secrets Manager secret whose value Terraform generates but never stores: the random part comes from an
# ephemeral resource and is written through the write-only secret_string_wo, so neither plan nor state holds it.
# A new value is written only when `revision` changes.
#
# read_back = true reads the stored value back into the state (sensitive) for resources that need it as a plain
# argument (ElastiCache auth_token, CloudFront/ALB origin header); leave it false wherever possible.

terraform {
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0, >= 5.100.0"
    }
  }
}

ephemeral "aws_secretsmanager_random_password" "this" {
  password_length = var.length
  # Letters and digits only: the value is embedded in URLs and HTTP headers without escaping.
  exclude_punctuation = true
  include_space       = false
}

resource "aws_secretsmanager_secret" "this" {
  name                    = var.name
  description             = var.description
  recovery_window_in_days = var.recovery_window_in_days
}

resource "aws_secretsmanager_secret_version" "this" {
  secret_id                = aws_secretsmanager_secret.this.id
  secret_string_wo         = format(var.value_format, ephemeral.aws_secretsmanager_random_password.this.random_password)
  secret_string_wo_version = var.revision
}

data "aws_secretsmanager_secret_version" "this" {
  count = var.read_back ? 1 : 0

  secret_id  = aws_secretsmanager_secret.this.id
  version_id = aws_secretsmanager_secret_version.this.version_id
}
