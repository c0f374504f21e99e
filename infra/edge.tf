# Internet -> CloudFront (+ WAF) -> ALB -> tasks, and CloudFront -> S3 for product media.
#
# CloudFront is the only public entry point: the ALB accepts CloudFront's origin-facing addresses only
# (network.tf) and forwards only requests carrying the secret X-Origin-Verify header CloudFront adds; anything
# else gets a 403 from the listener's default action.
#
# Cache behaviours:
#   default          -> ALB, never cached (authenticated API), every header incl. Authorization forwarded
#   /storefront/*    -> ALB, cached exactly as long as the origin's Cache-Control allows (nothing without it)
#   /media/*         -> S3 through origin access control, cached (objects are immutable by key)

locals {
  origin_verify_header = "X-Origin-Verify"
  alb_origin_id        = "alb"
  media_origin_id      = "media"
}

# --- Application Load Balancer -------------------------------------------------------------------------------------

resource "aws_lb" "main" {
  name               = local.name
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.public[*].id
  security_groups    = [aws_security_group.alb.id]

  drop_invalid_header_fields = true
  idle_timeout               = 60
  enable_deletion_protection = var.deletion_protection
}

resource "aws_lb_target_group" "app" {
  name        = local.name
  port        = local.container_port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.main.id

  # ECS sends SIGTERM only after deregistration finishes; the platform then drains whatever is still in flight.
  deregistration_delay = 30

  health_check {
    path                = "/health/ready"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "origin" {
  load_balancer_arn = aws_lb.main.arn
  port              = local.origin_port
  protocol          = local.origin_https ? "HTTPS" : "HTTP"
  ssl_policy        = local.origin_https ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : null
  certificate_arn   = var.alb_certificate_arn

  default_action {
    type = "fixed-response"

    fixed_response {
      content_type = "text/plain"
      message_body = "Forbidden"
      status_code  = "403"
    }
  }

  lifecycle {
    precondition {
      condition     = var.alb_certificate_arn == null || var.origin_domain_name != null
      error_message = "alb_certificate_arn needs origin_domain_name: CloudFront checks the ALB certificate against the origin's name."
    }
  }
}

resource "aws_lb_listener_rule" "from_cloudfront" {
  listener_arn = aws_lb_listener.origin.arn
  priority     = 10

  condition {
    http_header {
      http_header_name = local.origin_verify_header
      values           = [module.origin_verify.value]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.app.arn
  }
}

# --- WAF (CloudFront scope: us-east-1) -----------------------------------------------------------------------------

resource "aws_wafv2_web_acl" "main" {
  provider = aws.us_east_1

  name        = local.name
  description = "${local.name}: per-IP rate limit and AWS managed rules"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  # First, so floods are dropped before the managed rule groups spend WCUs on them.
  rule {
    name     = "rate-limit-per-ip"
    priority = 0

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit                 = var.waf_rate_limit
        aggregate_key_type    = "IP"
        evaluation_window_sec = 300
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-common"
    priority = 1

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"

        # The rule blocks bodies over 8 KB; the API accepts up to MAX_BODY_BYTES (1 MiB) and enforces it itself.
        rule_action_override {
          name = "SizeRestrictions_BODY"

          action_to_use {
            count {}
          }
        }
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-aws-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "aws-known-bad-inputs"
    priority = 2

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name}-aws-known-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = local.name
    sampled_requests_enabled   = true
  }
}

# --- CloudFront ----------------------------------------------------------------------------------------------------

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_cache_policy" "caching_optimized" {
  name = "Managed-CachingOptimized"
}

# With caching disabled this forwards every viewer header, Authorization included, plus cookies and query strings.
# The Host header stays CloudFront's, which the ALB ignores and a TLS origin needs.
data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

data "aws_cloudfront_response_headers_policy" "security_headers" {
  name = "Managed-SecurityHeadersPolicy"
}

# Storefront: TTLs come from the origin's Cache-Control (max-age / s-maxage), bounded by max_ttl; a response
# without Cache-Control is not cached (default_ttl 0). The origin must mark anything personalised private/no-store.
# Cookies and Authorization are not part of the key, so they are not forwarded on this path.
resource "aws_cloudfront_cache_policy" "storefront" {
  name        = "${local.name}-storefront"
  comment     = "Honour origin Cache-Control; key = path + query string (+ storefront_cache_key_headers)"
  min_ttl     = 0
  default_ttl = 0
  max_ttl     = var.storefront_max_ttl_seconds

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = true
    enable_accept_encoding_brotli = true

    cookies_config {
      cookie_behavior = "none"
    }

    headers_config {
      header_behavior = length(var.storefront_cache_key_headers) > 0 ? "whitelist" : "none"

      dynamic "headers" {
        for_each = length(var.storefront_cache_key_headers) > 0 ? [1] : []

        content {
          items = var.storefront_cache_key_headers
        }
      }
    }

    query_strings_config {
      query_string_behavior = "all"
    }
  }
}

resource "aws_cloudfront_origin_access_control" "media" {
  name                              = "${local.name}-media"
  description                       = "CloudFront reads the media bucket with SigV4"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

# The platform keys media objects tenants/<tenant>/media/<id> (ids only); the public URL is
# https://<distribution>/media/tenants/... (MEDIA_PUBLIC_BASE_URL = https://<distribution>/media). This viewer-request
# function drops the /media prefix so that the S3 origin looks the key up as stored.
resource "aws_cloudfront_function" "media_key" {
  name    = "${local.name}-media-key"
  runtime = "cloudfront-js-2.0"
  comment = "Strip the /media prefix: S3 keys start at tenants/"
  publish = true
  code    = <<-EOT
    function handler(event) {
      var request = event.request;
      if (request.uri.indexOf('/media/') === 0) {
        request.uri = request.uri.substring('/media'.length);
      }
      return request;
    }
  EOT
}

resource "aws_cloudfront_distribution" "main" {
  enabled         = true
  comment         = local.name
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.cloudfront_price_class
  aliases         = var.cloudfront_aliases
  web_acl_id      = aws_wafv2_web_acl.main.arn

  origin {
    origin_id   = local.alb_origin_id
    domain_name = local.origin_https ? var.origin_domain_name : aws_lb.main.dns_name

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = local.origin_https ? "https-only" : "http-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = 60 # AI-backed endpoints can take a while; the ALB idle timeout is 60 s too
      origin_keepalive_timeout = 5
    }

    custom_header {
      name  = local.origin_verify_header
      value = module.origin_verify.value
    }
  }

  origin {
    origin_id                = local.media_origin_id
    domain_name              = aws_s3_bucket.media.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.media.id
  }

  default_cache_behavior {
    target_origin_id           = local.alb_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id
  }

  ordered_cache_behavior {
    path_pattern               = var.storefront_path_pattern
    target_origin_id           = local.alb_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = aws_cloudfront_cache_policy.storefront.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id
  }

  ordered_cache_behavior {
    path_pattern               = var.media_path_pattern
    target_origin_id           = local.media_origin_id
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.caching_optimized.id
    response_headers_policy_id = data.aws_cloudfront_response_headers_policy.security_headers.id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.media_key.arn
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = var.cloudfront_certificate_arn == null
    acm_certificate_arn            = var.cloudfront_certificate_arn
    ssl_support_method             = var.cloudfront_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.cloudfront_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  lifecycle {
    precondition {
      condition     = length(var.cloudfront_aliases) == 0 || var.cloudfront_certificate_arn != null
      error_message = "cloudfront_aliases need cloudfront_certificate_arn (an ACM certificate in us-east-1)."
    }
  }
}
