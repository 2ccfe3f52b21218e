-- Conversation and user state (botbuilder Storage items), one row per key. `version` is the eTag:
-- a write names the version it read and fails if the row moved on (optimistic concurrency).
CREATE TABLE bot_state (
  key        text PRIMARY KEY,
  version    bigint NOT NULL,
  data       jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- the hourly sweep deletes conversations not touched for CONVERSATION_TTL_DAYS
CREATE INDEX bot_state_updated_at ON bot_state (updated_at);
