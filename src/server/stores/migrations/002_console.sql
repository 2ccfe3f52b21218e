-- The hotline console's records, shared by every instance: operators, their sessions, and 转人工 requests.
-- Sessions are keyed by the SHA-256 of the token (as in the file store), so the table alone lets nobody in.
CREATE TABLE console_users (
  name       text PRIMARY KEY,
  hash       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE console_sessions (
  digest     text PRIMARY KEY,
  user_name  text NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  stamp      text NOT NULL
);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- one row per request; `entry` is the HandoverEntry as the file store keeps it. At most one open request
-- per conversation (the partial unique index), so two instances adding at once cannot leave two.
CREATE TABLE handovers (
  id              bigserial PRIMARY KEY,
  channel         text NOT NULL,
  conversation_id text NOT NULL,
  status          text NOT NULL,
  at              timestamptz NOT NULL,
  closed_at       timestamptz,
  entry           jsonb NOT NULL
);
CREATE UNIQUE INDEX handovers_one_open ON handovers (conversation_id) WHERE status <> 'resolved';
CREATE INDEX handovers_conversation ON handovers (channel, conversation_id);
