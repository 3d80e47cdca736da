-- Nothing lost across restarts and failures.

-- Which run of the engine follows a job (a random id per start): a job of an earlier run
-- that is still 'queued' or 'running' was orphaned by a restart and is recovered, and the
-- per-user cap counts only jobs some live run follows.
ALTER TABLE jobs ADD COLUMN owner TEXT;
-- The Celery task id, so that a restarted bot collects a result the worker finished meanwhile.
ALTER TABLE jobs ADD COLUMN task_id TEXT;
-- When the platform confirmed the answer (the picture, or the one-line failure): a job
-- that ended but was never delivered is delivered again at the next start.
ALTER TABLE jobs ADD COLUMN delivered_at TEXT;
UPDATE jobs SET delivered_at = COALESCE(finished_at, queued_at) WHERE status IN ('done', 'failed');
-- Jobs that ended before this migration but never finished are lost to their old run.
CREATE INDEX jobs_undelivered ON jobs (id) WHERE delivered_at IS NULL;

-- A platform update is stored before it is handled and marked handled after, so a crash in
-- between replays it at the next start instead of losing it (the platform already
-- considers it delivered). Rows from before this migration were handled.
ALTER TABLE processed_updates ADD COLUMN payload TEXT;
ALTER TABLE processed_updates ADD COLUMN handled_at TEXT;
UPDATE processed_updates SET handled_at = created_at;
CREATE INDEX processed_updates_pending ON processed_updates (platform) WHERE handled_at IS NULL;
