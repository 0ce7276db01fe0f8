-- tether store, schema version 4: OAuth discovery.
--
-- The issuer an integration was configured from (RFC 8414 / OpenID
-- Connect discovery), the revocation endpoint (RFC 7009) found there or
-- entered, and whether the issuer advertised
-- authorization_response_iss_parameter_supported (RFC 9207): then every
-- authorization response must carry iss equal to the issuer.

ALTER TABLE integrations ADD COLUMN oauth_issuer TEXT;
ALTER TABLE integrations ADD COLUMN oauth_revocation_url TEXT;
ALTER TABLE integrations ADD COLUMN oauth_iss_required INTEGER NOT NULL DEFAULT 0;
