-- tether store, schema version 2: OAuth token state, the last connection
-- test of each integration, and the request history.
--
-- The tokens themselves are secrets ("access_token", "refresh_token" rows
-- of the secrets table); only their metadata lives here.

ALTER TABLE integrations ADD COLUMN token_type TEXT;
ALTER TABLE integrations ADD COLUMN token_scope TEXT;
ALTER TABLE integrations ADD COLUMN token_expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN token_obtained_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN token_needs_auth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN token_needs_auth_reason TEXT;

ALTER TABLE integrations ADD COLUMN test_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN test_status INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN test_pass INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN test_time_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE integrations ADD COLUMN test_reason TEXT;

-- Requests sent from the request pane, already redacted by the sender.
-- `integration` is the name at the time; `integration_key` its folded form
-- for filtering. No foreign key: history outlives a removed integration.
CREATE TABLE history (
    id                INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,           -- unix milliseconds
    integration       TEXT,
    integration_key   TEXT,
    method            TEXT NOT NULL,
    url               TEXT NOT NULL,
    status            INTEGER NOT NULL DEFAULT 0,
    error             TEXT,
    dns_ms            REAL NOT NULL DEFAULT 0,
    connect_ms        REAL NOT NULL DEFAULT 0,
    tls_ms            REAL NOT NULL DEFAULT 0,
    first_byte_ms     REAL NOT NULL DEFAULT 0,
    total_ms          REAL NOT NULL DEFAULT 0,
    request_headers   TEXT,
    request_body      BLOB,
    response_headers  TEXT,
    response_size     INTEGER NOT NULL DEFAULT 0,
    response_body     BLOB
);

CREATE INDEX history_by_time ON history (at);
CREATE INDEX history_by_integration ON history (integration_key, at);
