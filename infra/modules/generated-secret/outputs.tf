output "arn" {
  description = "ARN of the secret (for ECS `secrets` valueFrom and IAM policies)."
  value       = aws_secretsmanager_secret.this.arn
}

output "value" {
  description = "The stored value when read_back = true, else null."
  value       = var.read_back ? data.aws_secretsmanager_secret_version.this[0].secret_string : null
  sensitive   = true
}
