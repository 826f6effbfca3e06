-- One job model for every gated or long KiwiVM call: confirmations, approvals, and long operations
-- run at once. One executor runs them; a compare-and-set on status makes each run at most once, and
-- a lease its runner renews tells a crashed run (outcome unknown) from a slow one.
--
-- Carried over: every approval, with its id, votes and sealed secret parameters (their AAD names
-- the id and hash, both kept). An approval that an older version left `approved` never started, so
-- it becomes `expired`; one left `running` becomes `unknown`. Confirmations are not carried over:
-- they lived 15 minutes and older versions kept no message to edit. Job ids start above every id
-- either old table ever gave out, so an old Confirm button can never name a new job.

CREATE TABLE jobs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL CHECK (kind IN ('confirm', 'approve', 'run')),
    server_id       INTEGER NOT NULL REFERENCES servers (id) ON DELETE CASCADE,
    path            TEXT NOT NULL,
    -- The public form parameters as a JSON object of strings; secret ones are sealed below.
    params          TEXT NOT NULL,
    -- SHA-256 of path, params and secret parameter names: what the approvers saw is what runs.
    hash            TEXT NOT NULL,
    -- What will happen, as the reviewers were shown it (JSON, never a secret).
    preview         TEXT NOT NULL DEFAULT '{"kind":"plain"}',
    requester       TEXT NOT NULL,
    -- The roles the requester held when asking (JSON array of ids), for the re-check at quorum.
    requester_roles TEXT NOT NULL DEFAULT '[]',
    -- The requester's language: their answers and direct messages are in it.
    locale          TEXT NOT NULL DEFAULT 'en',
    status          TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'running', 'done',
                        'failed', 'denied', 'cancelled', 'expired', 'unknown')),
    quorum          INTEGER NOT NULL CHECK (quorum >= 1),
    expires_at      INTEGER NOT NULL,
    -- Secret parameters (a root password), sealed; unsealed only while running, wiped at the end.
    secret_sealed   BLOB,
    secret_nonce    BLOB CHECK (secret_nonce IS NULL OR length(secret_nonce) = 24),
    secret_key_id   TEXT,
    -- A secret result (a new root password) its requester could not be sent: sealed until it is
    -- revealed once or reveal_until passes.
    result_sealed   BLOB,
    result_nonce    BLOB CHECK (result_nonce IS NULL OR length(result_nonce) = 24),
    result_key_id   TEXT,
    reveal_until    INTEGER,
    -- The channel it was asked in, and the message that shows it (the card, or the progress).
    origin_channel  TEXT,
    channel_id      TEXT,
    message_id      TEXT,
    -- Who denied, cancelled or overrode it, and why.
    closed_by       TEXT,
    overridden      INTEGER NOT NULL DEFAULT 0 CHECK (overridden IN (0, 1)),
    reason          TEXT,
    -- What running it did, for people (JSON, never a secret).
    result          TEXT,
    -- The process running it (or following its progress) and until when it holds the job.
    runner          TEXT,
    lease_until     INTEGER,
    -- Following KiwiVM's lock after the call: until when, and what was seen last (JSON).
    follow_until    INTEGER,
    follow          TEXT,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

CREATE INDEX jobs_by_status ON jobs (status, expires_at);

CREATE TABLE job_votes (
    job_id   INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    approver TEXT NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (job_id, approver)
) STRICT;

INSERT INTO jobs (id, kind, server_id, path, params, hash, requester, status, quorum, expires_at,
                  secret_sealed, secret_nonce, secret_key_id, channel_id, message_id, reason,
                  created_at, updated_at)
SELECT id, 'approve', server_id, path, params, hash, requester,
       CASE status WHEN 'approved' THEN 'expired' WHEN 'running' THEN 'unknown' ELSE status END,
       quorum, expires_at,
       CASE WHEN status = 'pending' THEN secret_sealed END,
       CASE WHEN status = 'pending' THEN secret_nonce END,
       CASE WHEN status = 'pending' THEN secret_key_id END,
       channel_id, message_id, reason, created_at, updated_at
FROM approvals;

INSERT INTO job_votes (job_id, approver, at) SELECT approval_id, approver, at FROM approval_votes;

INSERT INTO sqlite_sequence (name, seq)
SELECT 'jobs', 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs');

UPDATE sqlite_sequence
SET seq = max(seq,
              coalesce((SELECT max(id) FROM approvals), 0),
              coalesce((SELECT max(id) FROM confirmations), 0),
              coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'approvals'), 0),
              coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'confirmations'), 0))
WHERE name = 'jobs';

DROP TABLE approval_votes;
DROP TABLE approvals;
DROP TABLE confirmations;
