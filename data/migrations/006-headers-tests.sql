-- tether store: the extra headers and query parameters an integration
-- sends with every request, and what its connection test sends and
-- accepts.
--
-- A secret extra keeps no value here: it is a row of the secrets table
-- whose field is "header:NAME" or "query:NAME".

CREATE TABLE extras (
    integration_id INTEGER NOT NULL
                   REFERENCES integrations (id) ON DELETE CASCADE,
    pos            INTEGER NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('header', 'query')),
    name           TEXT NOT NULL,
    value          TEXT,                      -- NULL when secret
    secret         INTEGER NOT NULL DEFAULT 0 CHECK (secret IN (0, 1)),
    PRIMARY KEY (integration_id, pos)
);

ALTER TABLE integrations ADD COLUMN test_method TEXT;          -- NULL = GET
ALTER TABLE integrations ADD COLUMN test_body TEXT;
ALTER TABLE integrations ADD COLUMN test_statuses TEXT;        -- NULL = 200
ALTER TABLE integrations ADD COLUMN test_expect_pointer TEXT;  -- RFC 6901
ALTER TABLE integrations ADD COLUMN test_expect_value TEXT;    -- JSON text
ALTER TABLE integrations ADD COLUMN test_expect_text TEXT;

-- The provider needs the client secret whatever the grant (a preset says
-- so, e.g. GitHub's browser flow).
ALTER TABLE integrations ADD COLUMN oauth_secret_required INTEGER NOT NULL
    DEFAULT 0 CHECK (oauth_secret_required IN (0, 1));
