-- tether store, schema version 5: saved requests and variables, per
-- integration.
--
-- A part of a saved request (query parameter, header, body) and a
-- variable hold either a plain `value` or, when secret, an
-- XChaCha20-Poly1305 `ciphertext` (associated data
-- "<integration uid>:req:<request name key>:<kind>:<pos>" for a part,
-- "<integration uid>:var:<name>" for a variable); never both.

CREATE TABLE saved_requests (
    id             INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL
                   REFERENCES integrations (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,              -- trimmed, case-folded
    method         TEXT NOT NULL,
    path           TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (integration_id, name_key)
);

-- Query parameters and headers in order, and the body (one part, pos 0).
CREATE TABLE saved_request_parts (
    request_id INTEGER NOT NULL
               REFERENCES saved_requests (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('query', 'header', 'body')),
    pos        INTEGER NOT NULL,
    key        TEXT NOT NULL,                  -- '' for the body
    value      BLOB,
    nonce      BLOB CHECK (nonce IS NULL OR length(nonce) = 24),
    ciphertext BLOB,
    CHECK ((value IS NULL) <> (ciphertext IS NULL)),
    PRIMARY KEY (request_id, kind, pos)
);

CREATE TABLE variables (
    integration_id INTEGER NOT NULL
                   REFERENCES integrations (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    value          TEXT,
    nonce          BLOB CHECK (nonce IS NULL OR length(nonce) = 24),
    ciphertext     BLOB,
    CHECK ((value IS NULL) <> (ciphertext IS NULL)),
    PRIMARY KEY (integration_id, name)
);
