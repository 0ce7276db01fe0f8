-- tether store, schema version 9: HTTP Digest as an authentication method,
-- a TLS client certificate per integration, and RFC 8705 tls_client_auth
-- as an OAuth client authentication style.
--
-- client_cert and client_key are paths to PEM files; the key's passphrase
-- is a secret ("client_key_pass" row of the secrets table). Widening the
-- CHECKs on auth and oauth_client_auth needs a new integrations table
-- (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of
-- Table Schema Changes"): tether runs this step with foreign keys off and
-- checks them before it commits, so no child row is lost.

CREATE TABLE integrations_new (
    id                  INTEGER PRIMARY KEY,
    uid                 TEXT NOT NULL UNIQUE,      -- bound into ciphertexts
    name                TEXT NOT NULL,
    name_key            TEXT NOT NULL UNIQUE,      -- trimmed, case-folded
    description         TEXT,
    is_default          INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    base_url            TEXT NOT NULL,
    test_path           TEXT,
    auth                TEXT NOT NULL
                        CHECK (auth IN ('none', 'api-key', 'basic', 'digest',
                                        'oauth2')),
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
                        CHECK (oauth_client_auth IN ('basic', 'body', 'tls')),
    oauth_pkce          INTEGER NOT NULL DEFAULT 1 CHECK (oauth_pkce IN (0, 1)),
    oauth_redirect_port INTEGER NOT NULL DEFAULT 8765,
    connect_timeout_ms  INTEGER NOT NULL DEFAULT 10000,
    timeout_ms          INTEGER NOT NULL DEFAULT 30000,
    insecure            INTEGER NOT NULL DEFAULT 0 CHECK (insecure IN (0, 1)),
    ca_bundle           TEXT,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- 002
    token_type          TEXT,
    token_scope         TEXT,
    token_expires_at    INTEGER NOT NULL DEFAULT 0,
    token_obtained_at   INTEGER NOT NULL DEFAULT 0,
    token_needs_auth    INTEGER NOT NULL DEFAULT 0,
    token_needs_auth_reason TEXT,
    test_at             INTEGER NOT NULL DEFAULT 0,
    test_status         INTEGER NOT NULL DEFAULT 0,
    test_pass           INTEGER NOT NULL DEFAULT 0,
    test_time_ms        INTEGER NOT NULL DEFAULT 0,
    test_reason         TEXT,
    -- 004
    oauth_issuer        TEXT,
    oauth_revocation_url TEXT,
    oauth_iss_required  INTEGER NOT NULL DEFAULT 0,
    -- 006
    test_method         TEXT,
    test_body           TEXT,
    test_statuses       TEXT,
    test_expect_pointer TEXT,
    test_expect_value   TEXT,
    test_expect_text    TEXT,
    oauth_secret_required INTEGER NOT NULL
                        DEFAULT 0 CHECK (oauth_secret_required IN (0, 1)),
    -- 007
    follow_redirects    INTEGER NOT NULL DEFAULT 1
                        CHECK (follow_redirects IN (0, 1)),
    proxy               TEXT,
    no_proxy            INTEGER NOT NULL DEFAULT 0 CHECK (no_proxy IN (0, 1)),
    proxy_user          TEXT,
    -- 008
    tags                TEXT,
    -- 009
    client_cert         TEXT,                      -- PEM file path
    client_key          TEXT                       -- PEM file path
);

INSERT INTO integrations_new (
    id, uid, name, name_key, description, is_default, base_url, test_path,
    auth, key_header, key_prefix, key_placement, basic_username, oauth_grant,
    oauth_client_id, oauth_auth_url, oauth_token_url, oauth_device_url,
    oauth_scope, oauth_client_auth, oauth_pkce, oauth_redirect_port,
    connect_timeout_ms, timeout_ms, insecure, ca_bundle, created_at,
    updated_at, token_type, token_scope, token_expires_at, token_obtained_at,
    token_needs_auth, token_needs_auth_reason, test_at, test_status,
    test_pass, test_time_ms, test_reason, oauth_issuer, oauth_revocation_url,
    oauth_iss_required, test_method, test_body, test_statuses,
    test_expect_pointer, test_expect_value, test_expect_text,
    oauth_secret_required, follow_redirects, proxy, no_proxy, proxy_user, tags)
SELECT
    id, uid, name, name_key, description, is_default, base_url, test_path,
    auth, key_header, key_prefix, key_placement, basic_username, oauth_grant,
    oauth_client_id, oauth_auth_url, oauth_token_url, oauth_device_url,
    oauth_scope, oauth_client_auth, oauth_pkce, oauth_redirect_port,
    connect_timeout_ms, timeout_ms, insecure, ca_bundle, created_at,
    updated_at, token_type, token_scope, token_expires_at, token_obtained_at,
    token_needs_auth, token_needs_auth_reason, test_at, test_status,
    test_pass, test_time_ms, test_reason, oauth_issuer, oauth_revocation_url,
    oauth_iss_required, test_method, test_body, test_statuses,
    test_expect_pointer, test_expect_value, test_expect_text,
    oauth_secret_required, follow_redirects, proxy, no_proxy, proxy_user, tags
FROM integrations;

DROP TABLE integrations;
ALTER TABLE integrations_new RENAME TO integrations;

-- At most one default integration (as in schema 1).
CREATE UNIQUE INDEX integrations_one_default
    ON integrations (is_default) WHERE is_default = 1;
