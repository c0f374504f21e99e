-- Media (product images uploaded through presigned URLs), the product-image links, and each shop's storefront
-- configuration. All three are TENANT-OWNED under the rules of V1: tenant_id leads every key and index, ENABLE + FORCE
-- row-level security, the NULLIF policy in USING and WITH CHECK; RlsSelfCheck covers them like every table with a
-- tenant_id column. References never cross tenants: each points at (tenant_id, id) of its target (see V3).
--
-- The bytes live in object storage under tenants/{tenant_id}/media/{id} (never the client's filename); a row says what
-- the platform knows about them: pending (URL handed out), ready (checked: size, magic number, dimensions) or
-- rejected (the bytes were not what was declared; the object is deleted, the row kept as a record).
CREATE TABLE media_assets (
    tenant_id         uuid        NOT NULL,
    id                uuid        NOT NULL,
    status            text        NOT NULL DEFAULT 'pending',
    -- Sanitised (no path separators, control or bidi characters), for Content-Disposition only; never a path.
    filename          text        NOT NULL,
    content_type      text        NOT NULL,
    byte_size         bigint      NOT NULL,
    width             integer,
    height            integer,
    created_by        uuid        NOT NULL,
    created_at        timestamptz NOT NULL,
    upload_expires_at timestamptz NOT NULL,
    completed_at      timestamptz,
    CONSTRAINT media_assets_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT media_assets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    CONSTRAINT media_assets_status_check CHECK (status IN ('pending', 'ready', 'rejected')),
    CONSTRAINT media_assets_filename_check CHECK (length(filename) BETWEEN 1 AND 255),
    CONSTRAINT media_assets_content_type_check
        CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/avif')),
    CONSTRAINT media_assets_byte_size_check CHECK (byte_size >= 1),
    CONSTRAINT media_assets_dimensions_check CHECK (
        (status = 'ready' AND width >= 1 AND height >= 1) OR (status <> 'ready' AND width IS NULL AND height IS NULL))
);

-- Listing, newest first, keyset on (created_at, id).
CREATE INDEX media_assets_tenant_id_created_at_id_idx ON media_assets (tenant_id, created_at DESC, id DESC);
-- The pending-upload cap per tenant and the 24 h purge of abandoned uploads.
CREATE INDEX media_assets_tenant_id_status_created_at_idx ON media_assets (tenant_id, status, created_at);

ALTER TABLE media_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE media_assets FORCE ROW LEVEL SECURITY;
CREATE POLICY media_assets_tenant_isolation ON media_assets
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- A product's images, in order (at most 12). Deleting the product removes its links; an attached asset cannot be
-- deleted (NO ACTION) until it is detached, which the service does on DELETE ?detach=true.
CREATE TABLE product_images (
    tenant_id  uuid     NOT NULL,
    product_id uuid     NOT NULL,
    position   smallint NOT NULL,
    media_id   uuid     NOT NULL,
    alt        text,
    CONSTRAINT product_images_pkey PRIMARY KEY (tenant_id, product_id, position),
    CONSTRAINT product_images_tenant_id_product_id_media_id_key UNIQUE (tenant_id, product_id, media_id),
    CONSTRAINT product_images_product_fkey FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT product_images_media_fkey FOREIGN KEY (tenant_id, media_id) REFERENCES media_assets (tenant_id, id),
    CONSTRAINT product_images_position_check CHECK (position BETWEEN 0 AND 11),
    CONSTRAINT product_images_alt_check CHECK (length(alt) <= 250)
);

-- Serves the media foreign key and "is this asset attached anywhere?".
CREATE INDEX product_images_tenant_id_media_id_idx ON product_images (tenant_id, media_id);

ALTER TABLE product_images ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_images FORCE ROW LEVEL SECURITY;
CREATE POLICY product_images_tenant_isolation ON product_images
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- A shop's face on its storefront: one row per tenant, absent until the first PUT (the defaults are then served:
-- the tenant's name as title, no logo). The links are two parallel arrays (label i goes with url i), https only and
-- at most 5 (the service checks the URLs; the database the shape and sizes).
CREATE TABLE storefront_config (
    tenant_id       uuid        NOT NULL,
    title           text        NOT NULL,
    tagline         text        NOT NULL DEFAULT '',
    logo_media_id   uuid,
    accent_color    text,
    seo_description text        NOT NULL DEFAULT '',
    link_labels     text[]      NOT NULL DEFAULT '{}',
    link_urls       text[]      NOT NULL DEFAULT '{}',
    version         bigint      NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL,
    CONSTRAINT storefront_config_pkey PRIMARY KEY (tenant_id),
    CONSTRAINT storefront_config_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    -- Deleting the logo's asset leaves the shop without a logo rather than failing.
    CONSTRAINT storefront_config_logo_fkey FOREIGN KEY (tenant_id, logo_media_id)
        REFERENCES media_assets (tenant_id, id) ON DELETE SET NULL (logo_media_id),
    CONSTRAINT storefront_config_title_check CHECK (length(title) BETWEEN 1 AND 80),
    CONSTRAINT storefront_config_tagline_check CHECK (length(tagline) <= 160),
    CONSTRAINT storefront_config_accent_color_check CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
    CONSTRAINT storefront_config_seo_description_check CHECK (length(seo_description) <= 300),
    CONSTRAINT storefront_config_links_check CHECK (
        cardinality(link_labels) = cardinality(link_urls) AND cardinality(link_labels) <= 5
        AND array_position(link_labels, NULL) IS NULL AND array_position(link_urls, NULL) IS NULL),
    CONSTRAINT storefront_config_version_check CHECK (version >= 1)
);

ALTER TABLE storefront_config ENABLE ROW LEVEL SECURITY;
ALTER TABLE storefront_config FORCE ROW LEVEL SECURITY;
CREATE POLICY storefront_config_tenant_isolation ON storefront_config
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
