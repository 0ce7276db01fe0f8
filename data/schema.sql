-- tether store, schema version 1: the base every store starts from.
--
-- A new store runs this file, then every data/migrations/NNN-*.sql in
-- order; each file runs in one transaction and the program then sets
-- PRAGMA user_version to the file's version (1 for this one, NNN for a
-- migration). Never edit a released file: add a migration instead.
-- Secret values never appear here in plaintext: the secrets table holds
-- XChaCha20-Poly1305 ciphertexts only.

PRAGMA application_id = 1414814802; -- 'TTHR'

-- Store-wide settings: the key check, the passphrase salt and KDF limits.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE integrations (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,      -- bound into ciphertexts
    name                TEXT NOT NULL,
    name_key            TEXT NOT NULL UNIQUE,      -- trimmed, case-folded
    description         TEXT,
    is_default          INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    base_url            TEXT NOT NULL,
    test_path           TEXT,
    auth                TEXT NOT NULL
                        CHECK (auth IN ('none', 'api-key', 'basic', 'oauth2')),
    key_header          TEXT,
    key_prefix          TEXT,
    key_placement       TEXT NOT NULL DEFAULT 'header'
                        CHECK (key_placement IN ('header', 'query')),
    basic_username      TEXT,
    oauth_grant         TEXT NOT NULL DEFAULT 'authorization_code'
                        CHECK (oauth_grant IN ('authorization_code',
                               'client_credentials', 'device_code')),
    oauth_client_id     TEXT,
    oauth_auth_url      TEXT,
    oauth_token_url     TEXT,
    oauth_device_url    TEXT,
    oauth_scope         TEXT,
    oauth_client_auth   TEXT NOT NULL DEFAULT 'basic'
                        CHECK (oauth_client_auth IN ('basic', 'body')),
    oauth_pkce          INTEGER NOT NULL DEFAULT 1 CHECK (oauth_pkce IN (0, 1)),
    oauth_redirect_port INTEGER NOT NULL DEFAULT 8765,
    connect_timeout_ms  INTEGER NOT NULL DEFAULT 10000,
    timeout_ms          INTEGER NOT NULL DEFAULT 30000,
    insecure            INTEGER NOT NULL DEFAULT 0 CHECK (insecure IN (0, 1)),
    ca_bundle           TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);

-- At most one default integration.
CREATE UNIQUE INDEX integrations_one_default
    ON integrations (is_default) WHERE is_default = 1;

-- Extra OAuth authorization parameters, in the order given.
CREATE TABLE oauth_params (
    integration_id INTEGER NOT NULL
                   REFERENCES integrations (id) ON DELETE CASCADE,
    pos            INTEGER NOT NULL,
    key            TEXT NOT NULL,
    value          TEXT NOT NULL,
    PRIMARY KEY (integration_id, pos)
);

-- One encrypted value per integration and field ("api_key", "password",
-- "client_secret", ...); associated data is "<uid>:<field>".
CREATE TABLE secrets (
    integration_id INTEGER NOT NULL
                   REFERENCES integrations (id) ON DELETE CASCADE,
    field          TEXT NOT NULL,
    nonce          BLOB NOT NULL CHECK (length(nonce) = 24),
    ciphertext     BLOB NOT NULL,
    PRIMARY KEY (integration_id, field)
);
