-- Sign-in support: a user reads their own memberships across tenants, invitations, refresh-token families.
-- The rules of V1 still hold for every table with tenant_id (checked at startup by RlsSelfCheck).

-- 1. A signed-in user with no tenant bound (UnitOfWork.asUser binds app.current_user, transaction-local, and no
--    tenant) may read their own memberships in every tenant, to choose one at sign-in.
--    Permissive policies are OR-ed per command, so this one is FOR SELECT only: INSERT, UPDATE and DELETE are still
--    governed by memberships_tenant_isolation alone (a policy without FOR clause is FOR ALL), which matches nothing
--    when no tenant is bound. Same NULLIF and (SELECT ...) reasons as for app.current_tenant.
CREATE POLICY memberships_own_rows_select ON memberships FOR SELECT
    USING (user_id = (SELECT NULLIF(current_setting('app.current_user', true), '')::uuid));

-- 2. Invitations to join a tenant. Tenant-owned: forced row-level security like memberships. Only the SHA-256 of the
--    emailed token is stored; a leaked table does not let anyone accept an invitation.
CREATE TABLE invitations (
    id          uuid        NOT NULL,
    tenant_id   uuid        NOT NULL,
    email       text        NOT NULL,
    role        text        NOT NULL,
    token_hash  bytea       NOT NULL,
    invited_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    accepted_by uuid,
    CONSTRAINT invitations_pkey PRIMARY KEY (id),
    CONSTRAINT invitations_token_hash_key UNIQUE (token_hash),
    CONSTRAINT invitations_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES users (id),
    CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES users (id),
    CONSTRAINT invitations_role_check CHECK (role IN ('owner', 'admin', 'staff')),
    CONSTRAINT invitations_email_lowercase_check CHECK (email = lower(email)),
    CONSTRAINT invitations_expires_after_created_check CHECK (expires_at > created_at),
    -- markAccepted sets accepted_at and accepted_by together, by one conditional UPDATE (single use).
    CONSTRAINT invitations_accepted_by_check CHECK (accepted_by IS NULL OR accepted_at IS NOT NULL)
);

-- Leads with tenant_id: listing a tenant's invitations and every policy-filtered scan use it.
CREATE INDEX invitations_tenant_id_created_at_idx ON invitations (tenant_id, created_at);

ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant_isolation ON invitations
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- 3. Refresh-token families (one per sign-in) and their rotating tokens.
--
--    Deliberately OUTSIDE row-level security: a family belongs to a user, not to a tenant, and the refresh endpoint
--    reaches it only through the SHA-256 of a 256-bit random token, before any tenant (or user) is known, so there is
--    no setting to bind yet. That is also why the tenant column is named selected_tenant_id and not tenant_id: it is
--    the tenant the session last switched to (a preference, NULL until chosen, cleared if the tenant is deleted), not
--    an owner, and RlsSelfCheck treats every tenant_id column as tenant-owned.
--
--    Accepted risk, on purpose: the serving role holds SELECT on both tables (default privileges), so SQL injection
--    or a compromised application could read them wholesale. What it would read is hashes (useless as tokens), user
--    ids and timestamps; the sealed successor is encrypted by the application (key not in the database) and is kept
--    only for the short grace window of a rotation.
CREATE TABLE refresh_families (
    id                  uuid        NOT NULL,
    user_id             uuid        NOT NULL,
    selected_tenant_id  uuid,
    created_at          timestamptz NOT NULL,
    absolute_expires_at timestamptz NOT NULL,
    last_used_at        timestamptz NOT NULL,
    revoked_at          timestamptz,
    CONSTRAINT refresh_families_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_families_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT refresh_families_selected_tenant_id_fkey FOREIGN KEY (selected_tenant_id) REFERENCES tenants (id)
        ON DELETE SET NULL,
    CONSTRAINT refresh_families_expiry_check CHECK (absolute_expires_at > created_at)
);

-- Serve the two foreign keys (revoking every session of a user; clearing a deleted tenant) without sequential scans.
CREATE INDEX refresh_families_user_id_idx ON refresh_families (user_id);
CREATE INDEX refresh_families_selected_tenant_id_idx ON refresh_families (selected_tenant_id)
    WHERE selected_tenant_id IS NOT NULL;

CREATE TABLE refresh_tokens (
    token_hash       bytea       NOT NULL,
    family_id        uuid        NOT NULL,
    issued_at        timestamptz NOT NULL,
    used_at          timestamptz,
    successor_hash   bytea,
    sealed_successor bytea,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (token_hash),
    CONSTRAINT refresh_tokens_family_id_fkey FOREIGN KEY (family_id) REFERENCES refresh_families (id)
        ON DELETE CASCADE,
    -- A token is rotated once: used_at and its successor's hash are recorded together.
    CONSTRAINT refresh_tokens_rotation_check CHECK ((used_at IS NULL) = (successor_hash IS NULL))
);

CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
