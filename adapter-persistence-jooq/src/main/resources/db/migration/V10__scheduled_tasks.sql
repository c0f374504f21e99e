-- The background worker's queue: db-scheduler's own table (its PostgreSQL schema, unchanged, ADR 0009).
--
-- A PLATFORM table, not tenant-owned: it has no tenant_id and holds no tenant data. An execution names its work by
-- ids only, in task_instance ('<tenant id>/<message or job id>'); task_data stays NULL. The work itself reads and
-- writes tenant rows inside a unit of work bound to that tenant, as the serving role, so row-level security applies
-- to jobs exactly as it does to requests. Rows are inserted by the serving role in the same transaction as the work
-- they announce (the outbox row, the job), which is what makes the outbox transactional.
CREATE TABLE scheduled_tasks (
    task_name            text        NOT NULL,
    task_instance        text        NOT NULL,
    task_data            bytea,
    execution_time       timestamptz NOT NULL,
    picked               boolean     NOT NULL,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures integer,
    last_heartbeat       timestamptz,
    version              bigint      NOT NULL,
    priority             smallint,
    CONSTRAINT scheduled_tasks_pkey PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);
