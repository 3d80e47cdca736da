-- The system of record: every turn, image, decision, job and reaction.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    platform_user_id TEXT NOT NULL,
    display_name TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (platform, platform_user_id)
);

-- /reset closes a conversation; the next message on the same key opens a new one.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    chat_id TEXT NOT NULL,
    thread_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    closed_at TEXT
);
CREATE UNIQUE INDEX conversations_open_key
    ON conversations (platform, chat_id, thread_id) WHERE closed_at IS NULL;

CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    user_id INTEGER REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
    text TEXT NOT NULL DEFAULT '',
    -- 'turn' messages form the dialogue the intent model sees; commands and notices do not.
    kind TEXT NOT NULL DEFAULT 'turn' CHECK (kind IN ('turn', 'command', 'notice')),
    platform_message_id TEXT,
    decision_id INTEGER REFERENCES decisions (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE INDEX messages_platform_id ON messages (platform_message_id);

CREATE TABLE images (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id),
    number INTEGER NOT NULL,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    sha256 TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL CHECK (origin IN ('upload', 'generated')),
    parent_image_id INTEGER REFERENCES images (id),
    skill TEXT,
    args_json TEXT,
    seed INTEGER,
    model TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (conversation_id, number)
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    skill TEXT NOT NULL,
    args_json TEXT NOT NULL,
    raw TEXT NOT NULL DEFAULT '',
    -- the model's other readings, best first: the source of "did you mean" and of pairs
    alternatives_json TEXT NOT NULL DEFAULT '[]',
    context_json TEXT NOT NULL DEFAULT '[]',
    model_version TEXT NOT NULL DEFAULT '',
    latency_ms REAL NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT 'model'
        CHECK (source IN ('model', 'button', 'alternative', 'correction')),
    valid INTEGER NOT NULL DEFAULT 1,
    problem TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    skill TEXT NOT NULL,
    args_json TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    result_image_id INTEGER REFERENCES images (id),
    queued_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    started_at TEXT,
    finished_at TEXT
);

CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages (id),
    decision_id INTEGER REFERENCES decisions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    emoji TEXT NOT NULL,
    polarity INTEGER NOT NULL CHECK (polarity IN (-1, 0, 1)),
    action TEXT NOT NULL CHECK (action IN ('added', 'removed')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX feedback_decision ON feedback (decision_id);

CREATE TABLE preference_pairs (
    id INTEGER PRIMARY KEY,
    context_json TEXT NOT NULL,
    chosen_json TEXT NOT NULL,
    rejected_json TEXT NOT NULL,
    source TEXT NOT NULL,
    weight REAL NOT NULL DEFAULT 1.0,
    decision_id INTEGER REFERENCES decisions (id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    base TEXT NOT NULL,
    adapter_path TEXT,
    parent_id INTEGER REFERENCES model_versions (id),
    data_json TEXT NOT NULL DEFAULT '{}',
    metrics_json TEXT NOT NULL DEFAULT '{}',
    active INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE UNIQUE INDEX model_versions_one_active ON model_versions (active) WHERE active = 1;
