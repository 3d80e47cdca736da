-- The content filter (core/safety.py).

-- A chat's own filter level, set by an admin's /safety; it overrides the global setting.
-- Keyed by the chat, not the conversation: the level outlives /reset, and a forum topic
-- or a Discord thread follows the chat it belongs to.
CREATE TABLE chat_settings (
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    safety TEXT CHECK (safety IN ('strict', 'relaxed', 'off')),
    updated_by TEXT,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (platform, chat_id)
);

-- The filter's score of a job's result (NULL: not checked), and the blob (sha256) of a
-- result it refused: kept for the operator, never an image of the conversation, so it gets
-- no #N and cannot be sent, edited or re-delivered.
ALTER TABLE jobs ADD COLUMN safety_score REAL;
ALTER TABLE jobs ADD COLUMN withheld_blob TEXT;
