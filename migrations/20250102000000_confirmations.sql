-- Disruptive requests waiting for their requester's click. A row, not memory, so a button pressed
-- after a restart still works; a compare-and-set on status makes the call run at most once.
CREATE TABLE confirmations (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    server_id  INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    -- The form parameters as a JSON object of strings. Disruptive paths take no secrets.
    params     TEXT NOT NULL,
    requester  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'cancelled')),
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
