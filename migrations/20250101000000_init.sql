-- kiwiops store, first schema.
-- Times are unix seconds (INTEGER). Every u64 id (Discord snowflakes, KiwiVM veids) is decimal TEXT:
-- SQLite integers are signed 64-bit and a snowflake need not fit; TEXT keeps them exact and readable.

-- Small key/value facts about the database itself: the sealed master-key check lives here.
CREATE TABLE meta (
    name       TEXT PRIMARY KEY NOT NULL,
    key_id     TEXT NOT NULL,
    nonce      BLOB NOT NULL CHECK (length(nonce) = 24),
    sealed     BLOB NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE servers (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    alias         TEXT NOT NULL UNIQUE,
    veid          TEXT NOT NULL,
    -- The API key, sealed with XChaCha20-Poly1305 under the master key named by key_id;
    -- the AAD binds it to (alias, veid), so a blob copied to another row does not open.
    sealed_key    BLOB NOT NULL,
    nonce         BLOB NOT NULL CHECK (length(nonce) = 24),
    key_id        TEXT NOT NULL,
    alert_channel TEXT,
    added_by      TEXT NOT NULL,
    added_at      INTEGER NOT NULL
) STRICT;

CREATE TABLE grants (
    server_id    INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('user', 'role')),
    subject_id   TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('viewer', 'operator', 'admin')),
    expires_at   INTEGER,
    granted_by   TEXT NOT NULL,
    granted_at   INTEGER NOT NULL,
    PRIMARY KEY (server_id, subject_kind, subject_id)
) STRICT;

CREATE INDEX grants_by_subject ON grants (subject_kind, subject_id);

CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id     INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    -- The public form parameters as a JSON object of strings; secret ones are sealed below.
    params        TEXT NOT NULL,
    -- SHA-256 of path and params: what the approvers saw is what runs.
    hash          TEXT NOT NULL,
    requester     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN
                      ('pending', 'approved', 'denied', 'cancelled', 'expired', 'running', 'done', 'failed')),
    quorum        INTEGER NOT NULL CHECK (quorum >= 1),
    expires_at    INTEGER NOT NULL,
    -- Secret parameters (a root password), sealed like API keys and wiped when the approval ends.
    secret_sealed BLOB,
    secret_nonce  BLOB CHECK (secret_nonce IS NULL OR length(secret_nonce) = 24),
    secret_key_id TEXT,
    channel_id    TEXT,
    message_id    TEXT,
    reason        TEXT,
    result        TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX approvals_by_status ON approvals (status, expires_at);

CREATE TABLE approval_votes (
    approval_id INTEGER NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
    approver    TEXT NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (approval_id, approver)
) STRICT;

CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key  TEXT NOT NULL UNIQUE,
    server_id  INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'acked', 'resolved')),
    summary    TEXT NOT NULL,
    first_seen INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    acked_by   TEXT,
    channel_id TEXT,
    message_id TEXT
) STRICT;

CREATE INDEX alerts_by_state ON alerts (state, server_id);

CREATE TABLE alert_mutes (
    server_id INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    until     INTEGER NOT NULL,
    muted_by  TEXT NOT NULL,
    PRIMARY KEY (server_id, kind)
) STRICT;

-- The audit trail outlives servers: it names the alias as text, not by foreign key.
CREATE TABLE audit (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    server  TEXT,
    command TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail  TEXT
) STRICT;

CREATE INDEX audit_by_server ON audit (server, id);
CREATE INDEX audit_by_actor ON audit (actor, id);
