-- Tenant directory, users and memberships.
--
-- Rules every tenant-owned table (one with tenant_id) follows, checked at startup by RlsSelfCheck:
--   * tenant_id uuid NOT NULL and an index (the primary key counts) leading with tenant_id;
--   * ENABLE and FORCE ROW LEVEL SECURITY: FORCE because the owner role runs migrations and owners skip policies;
--   * a policy whose USING and WITH CHECK both read
--       tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid)
--     NULLIF: a pooled connection that once ran set_config(..., true) reads '' (not NULL), and ''::uuid raises.
--     (SELECT ...): evaluated once per statement as an InitPlan, so the tenant_id index stays usable.
-- Grants need no statement here: the provisioner's ALTER DEFAULT PRIVILEGES gives the serving role DML on every
-- table this owner creates.

CREATE TABLE tenants (
    id               uuid        NOT NULL,
    slug             text        NOT NULL,
    name             text        NOT NULL,
    default_currency char(3)     NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_pkey PRIMARY KEY (id),
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_slug_check CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(slug) <= 63),
    CONSTRAINT tenants_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT tenants_default_currency_check CHECK (default_currency ~ '^[A-Z]{3}$')
);

-- The directory is readable by every tenant (slug lookups at sign-in) and anyone may open a new tenant, but a tenant
-- can only change or remove itself: defence in depth should application code ever update the wrong row.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_select ON tenants FOR SELECT USING (true);
CREATE POLICY tenants_insert ON tenants FOR INSERT WITH CHECK (true);
CREATE POLICY tenants_update ON tenants FOR UPDATE
    USING (id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
CREATE POLICY tenants_delete ON tenants FOR DELETE
    USING (id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- Users exist independently of tenants: global, no row-level security.
CREATE TABLE users (
    id         uuid        NOT NULL,
    email      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    -- Stored lowercased so that the unique constraint identifies one person per address.
    CONSTRAINT users_email_lowercase_check CHECK (email = lower(email))
);

CREATE TABLE memberships (
    tenant_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL,
    role       text        NOT NULL,
    -- clock_timestamp, not now(): members added in one transaction still list in the order they were added.
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT memberships_pkey PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT memberships_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT memberships_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT memberships_role_check CHECK (role IN ('owner', 'admin', 'staff'))
);

-- Serves the user foreign key (deleting a user) without a sequential scan.
CREATE INDEX memberships_user_id_idx ON memberships (user_id);

ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_tenant_isolation ON memberships
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
