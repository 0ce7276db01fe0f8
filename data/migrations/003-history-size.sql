-- tether store, schema version 3: the size of each history entry, so that
-- the history is bounded by its bytes as well as by its count, and trimmed
-- from an index without reading the entries themselves.

ALTER TABLE history ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
UPDATE history SET bytes = length(url) + coalesce(length(request_headers), 0)
    + coalesce(length(request_body), 0) + coalesce(length(response_headers), 0)
    + coalesce(length(response_body), 0) + coalesce(length(error), 0);
CREATE INDEX history_by_size ON history (at, id, bytes);
