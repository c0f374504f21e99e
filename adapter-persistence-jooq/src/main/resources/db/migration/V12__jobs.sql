-- Tracked background jobs (bulk AI descriptions) and their items. Both TENANT-OWNED under forced row-level security:
-- a job names the tenant's products and carries its tone; another tenant must not even learn that it exists (404).
CREATE TABLE jobs (
    tenant_id   uuid        NOT NULL,
    id          uuid        NOT NULL,
    kind        text        NOT NULL,
    status      text        NOT NULL,
    tone        text,
    apply       boolean     NOT NULL,
    total       integer     NOT NULL,
    succeeded   integer     NOT NULL DEFAULT 0,
    failed      integer     NOT NULL DEFAULT 0,
    created_by  uuid        NOT NULL,
    created_at  timestamptz NOT NULL,
    finished_at timestamptz,
    CONSTRAINT jobs_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT jobs_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT jobs_kind_check CHECK (kind IN ('ai-descriptions')),
    CONSTRAINT jobs_status_check CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'partially_succeeded',
                                                   'cancelled', 'quota_exhausted')),
    CONSTRAINT jobs_tone_check CHECK (length(tone) <= 40),
    CONSTRAINT jobs_counts_check CHECK (total >= 0 AND succeeded >= 0 AND failed >= 0
                                        AND succeeded + failed <= total)
);

-- Listing, newest first, keyset on (created_at, id).
CREATE INDEX jobs_tenant_id_created_at_id_idx ON jobs (tenant_id, created_at DESC, id DESC);

CREATE TABLE job_items (
    tenant_id  uuid    NOT NULL,
    job_id     uuid    NOT NULL,
    position   integer NOT NULL,
    product_id uuid    NOT NULL,
    state      text    NOT NULL DEFAULT 'queued',
    problem    text,
    CONSTRAINT job_items_pkey PRIMARY KEY (tenant_id, job_id, position),
    CONSTRAINT job_items_job_fkey FOREIGN KEY (tenant_id, job_id) REFERENCES jobs (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT job_items_state_check CHECK (state IN ('queued', 'succeeded', 'failed')),
    CONSTRAINT job_items_problem_check CHECK (length(problem) <= 500)
);

-- The next queued items of a job, in order, and its first failures.
CREATE INDEX job_items_tenant_id_job_id_state_idx ON job_items (tenant_id, job_id, state, position);

ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY jobs_tenant_isolation ON jobs
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

ALTER TABLE job_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE job_items FORCE ROW LEVEL SECURITY;
CREATE POLICY job_items_tenant_isolation ON job_items
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
