-- AI usage ledger: one row per settled AI call, the durable source of truth that quota counters are rebuilt from,
-- and the operator's per-tenant monthly limit overrides. Both tenant-owned: the rules of V1 hold.

CREATE TABLE ai_usage (
    tenant_id     uuid        NOT NULL,
    -- Idempotency key of the call: recording it again changes nothing. Unique per tenant, not globally, so that
    -- one tenant cannot learn (or block) another's request ids.
    request_id    text        NOT NULL,
    feature       text        NOT NULL,
    model         text        NOT NULL,
    provider      text        NOT NULL,
    input_tokens  bigint      NOT NULL,
    output_tokens bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT ai_usage_pkey PRIMARY KEY (tenant_id, request_id),
    CONSTRAINT ai_usage_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT ai_usage_request_id_check CHECK (length(request_id) BETWEEN 1 AND 200),
    CONSTRAINT ai_usage_feature_check CHECK (length(feature) BETWEEN 1 AND 100),
    CONSTRAINT ai_usage_model_check CHECK (length(model) BETWEEN 1 AND 200),
    CONSTRAINT ai_usage_provider_check CHECK (length(provider) BETWEEN 1 AND 100),
    CONSTRAINT ai_usage_tokens_check CHECK (input_tokens >= 0 AND output_tokens >= 0)
);

-- A month's totals read one range of this index; the included columns make it an index-only scan.
CREATE INDEX ai_usage_tenant_id_created_at_idx ON ai_usage (tenant_id, created_at)
    INCLUDE (feature, input_tokens, output_tokens);

ALTER TABLE ai_usage ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_usage FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_usage_tenant_isolation ON ai_usage
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- A tenant's own monthly token limit; no row = the platform default applies.
CREATE TABLE ai_quota_overrides (
    tenant_id           uuid        NOT NULL,
    monthly_token_limit bigint      NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT ai_quota_overrides_pkey PRIMARY KEY (tenant_id),
    CONSTRAINT ai_quota_overrides_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT ai_quota_overrides_monthly_token_limit_check CHECK (monthly_token_limit > 0)
);

ALTER TABLE ai_quota_overrides ENABLE ROW LEVEL SECURITY;
ALTER TABLE ai_quota_overrides FORCE ROW LEVEL SECURITY;
CREATE POLICY ai_quota_overrides_tenant_isolation ON ai_quota_overrides
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
