-- Every resource the API answers with carries createdAt and updatedAt. Jobs and media assets change after they are
-- created (a job's status and counters as its items run; an upload becomes ready or rejected) but had no updated_at.
--
-- updated_at is kept current by the repository's UPDATE statements, not by a trigger, as tenants, categories and
-- products already are: the statement that changes a row says so where it is written and read (JooqJobRepository,
-- JooqMediaRepository), and nothing fires unseen. Each sets GREATEST(now(), updated_at), so the value never moves
-- backwards when the application's clock and the database's differ slightly.
--
-- Existing rows get their best known last change. Both tables force row-level security, which binds their owner (the
-- role that migrates) too: without a tenant bound, the backfill would see no rows. The owner lifts FORCE for the
-- backfill and puts it back in the same transaction (DDL is transactional in PostgreSQL; no other session ever sees
-- the table without it).
ALTER TABLE jobs ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE media_assets ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

/* [jooq ignore start] */
ALTER TABLE jobs NO FORCE ROW LEVEL SECURITY;
UPDATE jobs SET updated_at = COALESCE(finished_at, created_at);
ALTER TABLE jobs FORCE ROW LEVEL SECURITY;

ALTER TABLE media_assets NO FORCE ROW LEVEL SECURITY;
UPDATE media_assets SET updated_at = COALESCE(completed_at, created_at);
ALTER TABLE media_assets FORCE ROW LEVEL SECURITY;
/* [jooq ignore stop] */
