-- tether store, schema version 7: transfer options of each integration.
--
-- follow_redirects: follow up to 10 redirects (1) or report the 3xx (0).
-- proxy: the proxy URL without credentials; NULL uses the environment's
-- http_proxy/https_proxy. no_proxy: use no proxy at all, not even the
-- environment's. The proxy password is a secret ("proxy_password" row of
-- the secrets table); only the user name lives here.

ALTER TABLE integrations ADD COLUMN follow_redirects INTEGER NOT NULL DEFAULT 1
    CHECK (follow_redirects IN (0, 1));
ALTER TABLE integrations ADD COLUMN proxy TEXT;
ALTER TABLE integrations ADD COLUMN no_proxy INTEGER NOT NULL DEFAULT 0
    CHECK (no_proxy IN (0, 1));
ALTER TABLE integrations ADD COLUMN proxy_user TEXT;
