-- The watcher. An alert keeps what it says (its facts, as JSON), how urgent it is and how far it has
-- escalated, so its message can be rewritten when it changes or resolves, after a restart too.
ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'warning'
    CHECK (severity IN ('info', 'warning', 'critical'));
ALTER TABLE alerts ADD COLUMN stage INTEGER NOT NULL DEFAULT 0 CHECK (stage >= 0);
ALTER TABLE alerts ADD COLUMN facts TEXT;

CREATE INDEX alerts_undelivered ON alerts (state, message_id);

-- Per server: the newest entry of KiwiVM's own audit log the watcher has seen, so entries older
-- than it are not news after a restart.
CREATE TABLE watch_marks (
    server_id  INTEGER PRIMARY KEY REFERENCES servers (id) ON DELETE CASCADE,
    panel_mark INTEGER NOT NULL
) STRICT;

-- When each alerts channel last got its daily digest, so a restart does not post it twice.
CREATE TABLE digests (
    channel_id TEXT PRIMARY KEY NOT NULL,
    sent_at    INTEGER NOT NULL
) STRICT;
