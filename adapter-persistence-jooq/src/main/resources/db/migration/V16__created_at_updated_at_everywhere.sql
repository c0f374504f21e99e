-- Every resource the API answers with carries createdAt and updatedAt. Missing until now:
--   * jobs.updated_at: a job's status and counters change as its items run;
--   * media_assets.updated_at: an upload becomes ready or rejected;
--   * memberships.updated_at: a member's role changes (created_at is the join time);
--   * storefront_config.created_at: the first save (updated_at existed).
-- Invitations need no column: a pending invitation, the only kind the API shows, never changes (accepting or
-- revoking ends it), so its updatedAt is its createdAt.
--
-- updated_at is kept current by the repositories' UPDATE statements, not by a trigger, as tenants, categories and
-- products already are: the statement that changes a row says so where it is written and read (JooqJobRepository,
-- JooqMediaRepository, JooqMembershipRepository, JooqStorefrontConfigRepository), nothing fires unseen, and an
-- upsert that changes nothing (a membership saved with the role it has) leaves it alone. Statements that take the
-- time from the database set GREATEST(now(), updated_at), so the value never moves backwards when the
-- application's clock and the database's differ slightly.
--
-- Existing rows get their best known last change. These tables force row-level security, which binds their owner (the
-- role that migrates) too: without a tenant bound, a backfill would see no rows. The owner lifts FORCE for the
-- backfill and puts it back in the same transaction (DDL is transactional in PostgreSQL; no other session ever sees
-- a table without it).
ALTER TABLE jobs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE media_assets ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
-- NULL until the role first changes: a default would be a second clock_timestamp() call, microseconds after
-- created_at's, and a member who never changed would show an updatedAt after its createdAt. Read as
-- COALESCE(updated_at, created_at).
ALTER TABLE memberships ADD COLUMN updated_at timestamptz;
ALTER TABLE storefront_config ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

/* [jooq ignore start] */
ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY;
UPDATE jobs SET updated_at = COALESCE(finished_at, created_at);
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;

ALTER TABLE media_assets NO FORCE ROW LEVEL SECURITY;
UPDATE media_assets SET updated_at = COALESCE(completed_at, created_at);
ALTER TABLE media_assets FORCE ROW LEVEL SECURITY;

-- The first save's time is unknown; the last save's is the closest known.
ALTER TABLE storefront_config NO FORCE ROW LEVEL SECURITY;
UPDATE storefront_config SET created_at = updated_at;
ALTER TABLE storefront_config FORCE ROW LEVEL SECURITY;
/* [jooq ignore stop] */
