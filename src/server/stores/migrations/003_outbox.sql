-- The submission outbox when instances share PostgreSQL: one row per application. A worker claims a due
-- row with FOR UPDATE SKIP LOCKED and holds it for a lease (locked_until); a worker that dies mid-try
-- (kill -9) leaves the lease to run out, and another claims the row again. The retry is safe because the
-- backend keys each submission by the application id (Idempotency-Key). `body` is sealed with
-- DATA_ENCRYPTION_KEY and dropped once delivered.
CREATE TABLE outbox_jobs (
  id              text PRIMARY KEY,
  bundle          text NOT NULL,
  state           text NOT NULL DEFAULT 'queued',
  body            text,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  locked_by       text,
  locked_until    timestamptz,
  case_no         text,
  last_error      text,
  rejection       jsonb,
  enqueued_at     timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (next_attempt_at) WHERE state = 'queued';
CREATE INDEX outbox_jobs_delivered ON outbox_jobs (delivered_at) WHERE state = 'delivered';
