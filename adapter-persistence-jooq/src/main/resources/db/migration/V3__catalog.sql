-- Catalog: each tenant's category tree and products, and the old slugs that storefront URLs redirect from.
-- The rules of V1 hold for every table here (tenant_id NOT NULL, an index leading with it, ENABLE + FORCE, a policy
-- with NULLIF and (SELECT ...) in USING and WITH CHECK), checked at startup by RlsSelfCheck.
--
-- References between catalog rows never cross tenants, by construction: every referencing table points at
-- (tenant_id, id) of the referenced one, and writes its own tenant_id, which the policy pins to the bound tenant.
-- A plain foreign key on id alone would not do: foreign-key checks bypass row-level security, so tenant A could
-- attach its product to a (guessed) category id of tenant B.

CREATE TABLE categories (
    id         uuid        NOT NULL,
    tenant_id  uuid        NOT NULL,
    parent_id  uuid,
    name       text        NOT NULL,
    slug       text        NOT NULL,
    position   integer     NOT NULL DEFAULT 0,
    -- Optimistic concurrency (the HTTP ETag): every change is one UPDATE ... WHERE version = ? that stores version + 1.
    version    bigint      NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT categories_pkey PRIMARY KEY (id),
    -- Target of the composite foreign keys (parent, products, redirects).
    CONSTRAINT categories_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT categories_tenant_id_slug_key UNIQUE (tenant_id, slug),
    CONSTRAINT categories_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    -- NO ACTION: a category with children cannot be deleted; CatalogRepository.detachFrom moves them to its parent
    -- first. Not RESTRICT: deleting a tenant cascades to all of its categories in one statement, and NO ACTION is
    -- checked at the end of that statement, when parent and children are gone alike.
    CONSTRAINT categories_parent_fkey FOREIGN KEY (tenant_id, parent_id) REFERENCES categories (tenant_id, id),
    CONSTRAINT categories_not_own_parent_check CHECK (parent_id <> id),
    CONSTRAINT categories_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT categories_slug_check CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(slug) <= 63),
    CONSTRAINT categories_position_check CHECK (position >= 0),
    CONSTRAINT categories_version_check CHECK (version >= 1)
);

-- Serves the parent foreign key (children of a category) and CatalogRepository.countChildren.
CREATE INDEX categories_tenant_id_parent_id_idx ON categories (tenant_id, parent_id);

ALTER TABLE categories ENABLE ROW LEVEL SECURITY;
ALTER TABLE categories FORCE ROW LEVEL SECURITY;
CREATE POLICY categories_tenant_isolation ON categories
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- A category may not become its own ancestor. The check runs when parent_id changes, after a per-tenant transaction
-- lock: without it two concurrent moves (A under B, B under A) would each pass against the other's old tree. The
-- second mover waits for the first to commit, and its check (a statement of a volatile function: a new snapshot in
-- READ COMMITTED) then sees the first move. Runs as the caller, so row-level security limits the walk to the bound
-- tenant, whose rows are the only ones a parent can be (composite foreign key). The error names a constraint that
-- does not exist as such, categories_acyclic_check, for the adapter to recognise (SQLState 23514, check_violation).
CREATE FUNCTION categories_refuse_cycle() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended('categories-tree:' || NEW.tenant_id::text, 0));
    IF EXISTS (
        WITH RECURSIVE ancestors (id, parent_id) AS (
            SELECT c.id, c.parent_id FROM categories c WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.parent_id
            UNION
            SELECT c.id, c.parent_id
            FROM categories c JOIN ancestors a ON c.tenant_id = NEW.tenant_id AND c.id = a.parent_id
        )
        SELECT 1 FROM ancestors WHERE id = NEW.id
    ) THEN
        RAISE EXCEPTION 'category % cannot be moved under its own descendant %', NEW.id, NEW.parent_id
            USING ERRCODE = 'check_violation', CONSTRAINT = 'categories_acyclic_check', TABLE = 'categories';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER categories_refuse_cycle
    BEFORE UPDATE OF parent_id ON categories
    FOR EACH ROW
    WHEN (NEW.parent_id IS NOT NULL AND NEW.parent_id IS DISTINCT FROM OLD.parent_id)
    EXECUTE FUNCTION categories_refuse_cycle();

CREATE TABLE products (
    id           uuid          NOT NULL,
    tenant_id    uuid          NOT NULL,
    category_id  uuid,
    name         text          NOT NULL,
    slug         text          NOT NULL,
    description  text,
    -- Exact: at most 3 decimals (KWD), never rounded; currency NULL = the tenant's default currency at read time.
    price        numeric(12,3) NOT NULL,
    -- The same amount in thousandths, kept by PostgreSQL. Price keysets and bounds compare this column because
    -- bigint comparison is LEAKPROOF and numeric comparison is not: under row-level security the planner may only
    -- use leakproof conditions as index conditions, so (price, id) > (?, ?) would scan the tenant's cheaper rows
    -- as a filter on every page, while (price_millis, id) > (?, ?) starts the index scan at the keyset.
    price_millis bigint        GENERATED ALWAYS AS ((price * 1000)::bigint) STORED NOT NULL,
    currency     char(3),
    status       text          NOT NULL,
    version      bigint        NOT NULL DEFAULT 1,
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL,
    CONSTRAINT products_pkey PRIMARY KEY (id),
    -- Target of the redirects' composite foreign key.
    CONSTRAINT products_tenant_id_id_key UNIQUE (tenant_id, id),
    CONSTRAINT products_tenant_id_slug_key UNIQUE (tenant_id, slug),
    CONSTRAINT products_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE,
    -- Deleting a category leaves its products without one (only category_id is cleared; tenant_id is NOT NULL).
    -- The service refuses to delete a category that still has products unless asked to detach them, so this only
    -- decides the race with a product added meanwhile: it is detached rather than failing the delete.
    CONSTRAINT products_category_fkey FOREIGN KEY (tenant_id, category_id) REFERENCES categories (tenant_id, id)
        ON DELETE SET NULL (category_id),
    CONSTRAINT products_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    CONSTRAINT products_slug_check CHECK (slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(slug) <= 63),
    CONSTRAINT products_description_check CHECK (length(description) BETWEEN 1 AND 10000),
    CONSTRAINT products_price_check CHECK (price >= 0),
    CONSTRAINT products_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT products_status_check CHECK (status IN ('draft', 'published', 'archived')),
    CONSTRAINT products_version_check CHECK (version >= 1)
);

-- One index per ProductSort, each leading with (tenant_id, status) so that a listing of one status reads exactly
-- one page of index entries from the keyset on, however deep the page (a listing of several statuses reads one page
-- per status and merges them). PRICE_DESC scans the price index backwards.
CREATE INDEX products_tenant_id_status_created_at_id_idx ON products (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX products_tenant_id_status_name_id_idx ON products (tenant_id, status, name, id);
CREATE INDEX products_tenant_id_status_price_millis_id_idx ON products (tenant_id, status, price_millis, id);
-- Serves the category foreign key (SET NULL on delete), countProductsIn and detachFrom.
CREATE INDEX products_tenant_id_category_id_idx ON products (tenant_id, category_id);

ALTER TABLE products ENABLE ROW LEVEL SECURITY;
ALTER TABLE products FORCE ROW LEVEL SECURITY;
CREATE POLICY products_tenant_isolation ON products
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

-- Old slugs of renamed categories and products, for the storefront's 308 redirects. A redirect names its target by
-- id, so renaming again needs no rewrite of older redirects: every old slug resolves to the current slug. Recording
-- an old slug again points it at the new target (primary key, upsert). Deleting the target deletes its redirects.
CREATE TABLE category_slug_redirects (
    tenant_id   uuid        NOT NULL,
    old_slug    text        NOT NULL,
    category_id uuid        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT category_slug_redirects_pkey PRIMARY KEY (tenant_id, old_slug),
    CONSTRAINT category_slug_redirects_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id)
        ON DELETE CASCADE,
    CONSTRAINT category_slug_redirects_category_fkey FOREIGN KEY (tenant_id, category_id)
        REFERENCES categories (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT category_slug_redirects_old_slug_check
        CHECK (old_slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(old_slug) <= 63)
);

-- Serves the cascade from categories.
CREATE INDEX category_slug_redirects_tenant_id_category_id_idx ON category_slug_redirects (tenant_id, category_id);

ALTER TABLE category_slug_redirects ENABLE ROW LEVEL SECURITY;
ALTER TABLE category_slug_redirects FORCE ROW LEVEL SECURITY;
CREATE POLICY category_slug_redirects_tenant_isolation ON category_slug_redirects
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));

CREATE TABLE product_slug_redirects (
    tenant_id   uuid        NOT NULL,
    old_slug    text        NOT NULL,
    product_id  uuid        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT product_slug_redirects_pkey PRIMARY KEY (tenant_id, old_slug),
    CONSTRAINT product_slug_redirects_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id)
        ON DELETE CASCADE,
    CONSTRAINT product_slug_redirects_product_fkey FOREIGN KEY (tenant_id, product_id)
        REFERENCES products (tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT product_slug_redirects_old_slug_check
        CHECK (old_slug ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' AND length(old_slug) <= 63)
);

-- Serves the cascade from products.
CREATE INDEX product_slug_redirects_tenant_id_product_id_idx ON product_slug_redirects (tenant_id, product_id);

ALTER TABLE product_slug_redirects ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_slug_redirects FORCE ROW LEVEL SECURITY;
CREATE POLICY product_slug_redirects_tenant_isolation ON product_slug_redirects
    USING (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid))
    WITH CHECK (tenant_id = (SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid));
