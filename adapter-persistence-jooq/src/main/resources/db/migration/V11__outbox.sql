-- Transactional outbox for email: one row per message, written in the same transaction as the business change that
-- sends it (an invitation), delivered by the worker through the Mailer port (ADR 0009).
--
-- TENANT-OWNED: the message is the tenant's data (its member's address, its name, a live invitation token), so the
-- rules of V1 hold: tenant_id leads the keys, ENABLE + FORCE row-level security, the NULLIF policy. The body is sealed
-- with AES-GCM under a key derived from SECRET_KEY (it carries the invitation token, of which only a hash is stored
-- elsewhere) and erased once the message is delivered. Rows are never deleted undelivered: a message that cannot be
-- delivered becomes 'dead' with its reason (docs/playbooks/outbox-dead-messages.md).
CREATE TABLE outbox_messages (
    tenant_id           uuid        NOT NULL,
    id                  uuid        NOT NULL,
    kind                text        NOT NULL,
    status              text        NOT NULL DEFAULT 'pending',
    sealed_body         bytea,
    attempts            integer     NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL,
    last_attempt_at     timestamptz,
    next_attempt_at     timestamptz,
    last_error          text,
    provider_message_id text,
    delivered_at        timestamptz,
    dead_at             timestamptz,
    CONSTRAINT outbox_messages_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT outbox_messages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT outbox_messages_kind_check CHECK (kind IN ('email')),
    CONSTRAINT outbox_messages_status_check CHECK (status IN ('pending', 'delivered', 'dead')),
    CONSTRAINT outbox_messages_attempts_check CHECK (attempts >= 0),
    CONSTRAINT outbox_messages_last_error_check CHECK (length(last_error) <= 2000),
    CONSTRAINT outbox_messages_provider_message_id_check CHECK (length(provider_message_id) <= 500),
    -- pending keeps its body; delivered has erased it
    CONSTRAINT outbox_messages_body_check CHECK (
        (status = 'pending' AND sealed_body IS NOT NULL) OR (status = 'delivered' AND sealed_body IS NULL)
        OR status = 'dead')
);

-- The dead-letter listing of the playbook, per tenant.
CREATE INDEX outbox_messages_tenant_id_status_idx ON outbox_messages (tenant_id, status, created_at);

ALTER TABLE outbox_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_messages FORCE ROW LEVEL SECURITY;
CREATE POLICY outbox_messages_tenant_isolation ON outbox_messages
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
