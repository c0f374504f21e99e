-- Idempotency-Key (issue 12): the first response to a POST that creates or spends, kept 24 h so that a retry with
-- the same key and body gets it again without the use case running twice (no second product, email or AI charge).
--
-- A key is scoped to the tenant of the access token; where no tenant applies (POST /tenants) to the user. Hence two
-- tables: a tenant's keys are the tenant's data (they hold its responses) and follow the rules of V1; a user's keys
-- live in a platform table keyed by user, outside row-level security like refresh_families (V2), reached only with
-- the user id of a verified access token.
--
-- A row is 'running' from the claim until the response is stored ('done'); locked_until bounds how long a claim of a
-- crashed node blocks the key. Expired rows (expires_at passed) are ignored by lookups, replaced by a new claim of the
-- same key and purged on write (see JooqIdempotencyStore).
CREATE TABLE idempotency_keys (
    tenant_id       uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    fingerprint     bytea       NOT NULL,
    state           text        NOT NULL,
    locked_until    timestamptz NOT NULL,
    response_status integer,
    response_headers text[],    -- name, value, name, value, …
    response_body   bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (tenant_id, idempotency_key),
    CONSTRAINT idempotency_keys_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT idempotency_keys_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_state_check CHECK (state IN ('running', 'done')),
    CONSTRAINT idempotency_keys_response_check CHECK (
        (state = 'running' AND response_status IS NULL) OR (state = 'done' AND response_status IS NOT NULL))
);

-- Purging a tenant's expired keys on write.
CREATE INDEX idempotency_keys_tenant_id_expires_at_idx ON idempotency_keys (tenant_id, expires_at);

ALTER TABLE idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_keys_tenant_isolation ON idempotency_keys
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

CREATE TABLE user_idempotency_keys (
    user_id         uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    fingerprint     bytea       NOT NULL,
    state           text        NOT NULL,
    locked_until    timestamptz NOT NULL,
    response_status integer,
    response_headers text[],    -- name, value, name, value, …
    response_body   bytea,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    CONSTRAINT user_idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key),
    CONSTRAINT user_idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT user_idempotency_keys_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT user_idempotency_keys_state_check CHECK (state IN ('running', 'done')),
    CONSTRAINT user_idempotency_keys_response_check CHECK (
        (state = 'running' AND response_status IS NULL) OR (state = 'done' AND response_status IS NOT NULL))
);

CREATE INDEX user_idempotency_keys_user_id_expires_at_idx ON user_idempotency_keys (user_id, expires_at);
