-- Storefront visits that arrived through a tagged link (utm_source, utm_medium, utm_campaign). TENANT-OWNED under
-- forced row-level security. Deliberately no personal data: no IP address, no cookie, no user agent, and of the
-- referrer only its host. Written in batches off the request path (VisitService); read as daily counts.
CREATE TABLE visits (
    tenant_id     uuid        NOT NULL,
    id            bigint      GENERATED ALWAYS AS IDENTITY,
    day           date        NOT NULL,
    source        text,
    medium        text,
    campaign      text,
    landing_path  text        NOT NULL,
    referrer_host text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT visits_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT visits_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    -- The application cuts every value to 100 characters; the database holds it to that.
    CONSTRAINT visits_source_check CHECK (char_length(source) BETWEEN 1 AND 100),
    CONSTRAINT visits_medium_check CHECK (char_length(medium) BETWEEN 1 AND 100),
    CONSTRAINT visits_campaign_check CHECK (char_length(campaign) BETWEEN 1 AND 100),
    CONSTRAINT visits_landing_path_check CHECK (char_length(landing_path) BETWEEN 1 AND 100),
    CONSTRAINT visits_referrer_host_check CHECK (char_length(referrer_host) BETWEEN 1 AND 100),
    CONSTRAINT visits_tagged_check CHECK (source IS NOT NULL OR medium IS NOT NULL OR campaign IS NOT NULL)
);

-- Daily counts of a date range read one range of this index; the included columns make it an index-only scan.
CREATE INDEX visits_tenant_id_day_idx ON visits (tenant_id, day) INCLUDE (source, medium, campaign);

ALTER TABLE visits ENABLE ROW LEVEL SECURITY;
ALTER TABLE visits FORCE ROW LEVEL SECURITY;
CREATE POLICY visits_tenant_isolation ON visits
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
