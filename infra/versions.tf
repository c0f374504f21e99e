terraform {
  # 1.11: write-only arguments (secret_string_wo) and ephemeral resources keep generated secrets out of the state.
  required_version = ">= 1.11.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Validated with 5.100.0, the last 5.x; earlier 5.x releases lack the ephemeral/write-only features used here.
      version = "~> 5.0, >= 5.100.0"
    }
  }

  # Remote state: S3 with native locking. Values come from a per-environment file at init time:
  #   terraform init -backend-config=backend.hcl      (see backend.hcl.example)
  # `terraform init -backend=false` (validate.sh) skips it.
  backend "s3" {}
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = local.tags
  }
}

# CloudFront-scoped WAF web ACLs (and ACM certificates for CloudFront aliases) live in us-east-1 only.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}
