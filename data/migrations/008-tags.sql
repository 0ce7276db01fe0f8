-- tether store, schema version 8: tags on integrations, to test a group
-- (`tether test --tag customer-a`). One TEXT column, "a,b": sorted,
-- unique, lower-case tags; NULL when there are none.

ALTER TABLE integrations ADD COLUMN tags TEXT;
